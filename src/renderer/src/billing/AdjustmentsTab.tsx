import { useId, useState, type FormEvent } from 'react';
import type { CustomerSummary, RingsideClient } from '../../../shared/api/contract';
import { formatDuration } from '../../../shared/units';
import { CustomerPicker } from '../customers/CustomerPicker';
import { Field } from '../forms/Field';
import { parseScaledDecimal } from '../forms/scaled-decimal';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { parseMoneyInput } from '../money/money-input';
import { money, todayIso } from './billing-format';
import type { BillingTabProps } from './tab-props';
import { RoleGate } from '../team/console-identity';

/** Manual credits and debits of time or money, and wallet top-ups (admin devices). */
export function AdjustmentsTab({ client, catalog }: BillingTabProps) {
  const currency = catalog.data?.rateCard.currency ?? 'USD';
  return (
    <div className="form-grid">
      <RoleGate capability="recordAdjustments" doing="record adjustments">
        <AdjustmentForm client={client} currency={currency} />
      </RoleGate>
      <RoleGate capability="creditWallets" doing="top up wallets">
        <TopUpForm client={client} currency={currency} />
      </RoleGate>
    </div>
  );
}

function AdjustmentForm({ client, currency }: { client: RingsideClient; currency: string }) {
  const id = useId();
  const [customer, setCustomer] = useState<CustomerSummary | null>(null);
  const [unit, setUnit] = useState<'seconds' | 'money'>('seconds');
  const [direction, setDirection] = useState<'credit' | 'debit'>('credit');
  const [hours, setHours] = useState('0');
  const [minutes, setMinutes] = useState('');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = useSubmit();

  function read(): number | null {
    const found: Record<string, string> = {};
    let value = 0;
    if (!customer) found.customer = 'is required';
    if (reason.trim() === '') found.reason = 'is required';
    if (unit === 'seconds') {
      const h = parseScaledDecimal(hours.trim() === '' ? '0' : hours, 0);
      const m = parseScaledDecimal(minutes.trim() === '' ? '0' : minutes, 0);
      if (!h.ok) found.hours = h.error;
      if (!m.ok) found.minutes = m.error;
      else if (m.value > 59) found.minutes = 'must be from 0 to 59';
      if (h.ok && m.ok) value = h.value * 3600 + m.value * 60;
      if (h.ok && m.ok && value === 0) found.minutes = 'must add up to more than 0';
    } else {
      const parsed = parseMoneyInput(amount);
      if (!parsed.ok) found.amount = amount.trim() === '' ? 'is required' : parsed.error;
      else if (parsed.value === 0) found.amount = 'must be more than 0';
      else value = parsed.value;
    }
    setErrors(found);
    return Object.keys(found).length === 0 ? (direction === 'credit' ? value : -value) : null;
  }

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    const signed = read();
    if (signed === null || !customer) return submit.fail('Some fields need attention.');
    const what = unit === 'seconds' ? formatDuration(Math.abs(signed)) : money(Math.abs(signed), currency);
    void submit.run(async () => {
      const { seq } = await client.invoke('billing.recordAdjustment', { customerId: customer.id, unit, amount: signed, reason: reason.trim() });
      return `${direction === 'credit' ? 'Credited' : 'Debited'} ${what} ${direction === 'credit' ? 'to' : 'from'} ${customer.name} (event #${seq}).`;
    });
  }

  return (
    <form className="panel form" onSubmit={onSubmit} noValidate aria-labelledby="adjustment-heading" data-testid="adjustment-form">
      <h2 id="adjustment-heading">Adjustment</h2>
      <p className="hint">Time changes this period&rsquo;s included hours; money changes the wallet. The reason and your device are recorded.</p>
      <CustomerPicker client={client} value={customer} onChange={setCustomer} error={errors.customer} />
      <fieldset className="fieldset fieldset--inline">
        <legend>Adjust</legend>
        <label className="check">
          <input type="radio" name={`${id}-unit`} checked={unit === 'seconds'} onChange={() => setUnit('seconds')} /> Included time
        </label>
        <label className="check">
          <input type="radio" name={`${id}-unit`} checked={unit === 'money'} onChange={() => setUnit('money')} /> Wallet money
        </label>
      </fieldset>
      <fieldset className="fieldset fieldset--inline">
        <legend>Direction</legend>
        <label className="check">
          <input type="radio" name={`${id}-direction`} checked={direction === 'credit'} onChange={() => setDirection('credit')} /> Credit (give)
        </label>
        <label className="check">
          <input type="radio" name={`${id}-direction`} checked={direction === 'debit'} onChange={() => setDirection('debit')} /> Debit (take)
        </label>
      </fieldset>
      {unit === 'seconds' ? (
        <div className="field-row">
          <Field label="Hours" error={errors.hours}>
            {(control) => <input {...control} className="input input--number" inputMode="numeric" value={hours} onChange={(event) => setHours(event.target.value)} />}
          </Field>
          <Field label="Minutes" error={errors.minutes}>
            {(control) => <input {...control} className="input input--number" inputMode="numeric" value={minutes} onChange={(event) => setMinutes(event.target.value)} />}
          </Field>
        </div>
      ) : (
        <Field label={`Amount (${currency})`} error={errors.amount}>
          {(control) => <input {...control} className="input input--money" inputMode="decimal" value={amount} placeholder="25.00" onChange={(event) => setAmount(event.target.value)} />}
        </Field>
      )}
      <Field label="Reason" error={errors.reason}>
        {(control) => <input {...control} className="input input--wide" value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submit.busy}>
          Record adjustment
        </button>
      </div>
      <SubmitStatus state={submit} testId="adjustment" />
    </form>
  );
}

const creditKinds = [
  { id: 'top_up', label: 'Top-up (paid by the customer)' },
  { id: 'top_up_invoice', label: 'Top-up: bill as an invoice (credit when paid)' },
  { id: 'grant', label: 'Grant (e.g. a monthly allowance)' },
  { id: 'bonus', label: 'Bonus' },
] as const;
type CreditKind = (typeof creditKinds)[number]['id'];

function TopUpForm({ client, currency }: { client: RingsideClient; currency: string }) {
  const [customer, setCustomer] = useState<CustomerSummary | null>(null);
  const [kind, setKind] = useState<CreditKind>('top_up');
  const [amount, setAmount] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = useSubmit();
  const isTopUp = kind === 'top_up' || kind === 'top_up_invoice';

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    const found: Record<string, string> = {};
    const parsed = parseMoneyInput(amount);
    if (!customer) found.customer = 'is required';
    if (!parsed.ok) found.amount = amount.trim() === '' ? 'is required' : parsed.error;
    else if (parsed.value === 0) found.amount = 'must be more than 0';
    if (!isTopUp && expiresOn !== '' && expiresOn <= todayIso()) found.expiresOn = 'must be after today';
    setErrors(found);
    if (!customer || !parsed.ok || Object.keys(found).length > 0) return submit.fail('Some fields need attention.');
    if (kind === 'top_up_invoice') {
      void submit.run(async () => {
        const { seq } = await client.invoke('billing.invoiceTopUp', { customerId: customer.id, amountMinor: parsed.value, currency, note: note.trim() });
        return `Invoice for ${money(parsed.value, currency)} of prepaid credit created for ${customer.name}; the wallet is credited once it is paid (event #${seq}).`;
      });
      return;
    }
    void submit.run(async () => {
      const { seq } = await client.invoke('billing.creditWallet', {
        customerId: customer.id,
        kind,
        amountMinor: parsed.value,
        currency,
        // Top-ups never expire (docs/billing.md "Wallets").
        expiresOn: isTopUp || expiresOn === '' ? null : expiresOn,
        note: note.trim(),
      });
      return `${money(parsed.value, currency)} added to ${customer.name}'s wallet (event #${seq}).`;
    });
  }

  return (
    <form className="panel form" onSubmit={onSubmit} noValidate aria-labelledby="top-up-heading" data-testid="top-up-form">
      <h2 id="top-up-heading">Wallet top-up</h2>
      <CustomerPicker client={client} value={customer} onChange={setCustomer} error={errors.customer} />
      <Field label="Kind">
        {(control) => (
          <select {...control} className="input" value={kind} onChange={(event) => setKind(event.target.value as CreditKind)}>
            {creditKinds.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={`Amount (${currency})`} error={errors.amount}>
        {(control) => <input {...control} className="input input--money" inputMode="decimal" value={amount} placeholder="50.00" onChange={(event) => setAmount(event.target.value)} />}
      </Field>
      {isTopUp ? null : (
        <Field label="Expires on" hint="Blank: never. What is left is removed at 00:00 UTC that day." error={errors.expiresOn}>
          {(control) => <input {...control} type="date" className="input" value={expiresOn} onChange={(event) => setExpiresOn(event.target.value)} />}
        </Field>
      )}
      <Field label="Note">
        {(control) => <input {...control} className="input input--wide" value={note} maxLength={500} onChange={(event) => setNote(event.target.value)} />}
      </Field>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submit.busy}>
          {kind === 'top_up_invoice' ? 'Create invoice' : 'Add to wallet'}
        </button>
      </div>
      <SubmitStatus state={submit} testId="top-up" />
    </form>
  );
}

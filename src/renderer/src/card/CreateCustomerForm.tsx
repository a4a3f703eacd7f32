import { useEffect, useId, useState, type FormEvent } from 'react';
import { checkCustomerForm } from '../../../shared/customer-form';
import type { E164 } from '../../../shared/phone';
import { isCountryCode } from '../../../shared/phone';
import { formatPhone } from '../privacy/shown-phone';
import { getRingsideClient } from '../api/ringside-client';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';

export interface NewCustomer {
  name: string;
  phone: string;
  email: string | null;
  company: string | null;
  address: string | null;
  notes: string;
}

/**
 * Whether this console may create customers (admin and bookkeeper), and the phone region
 * it reads numbers in (null where this window may not read the settings: the core checks).
 */
function useCustomerCreation(): { allowed: boolean; region: string | null } {
  const [state, setState] = useState<{ allowed: boolean; region: string | null }>({ allowed: false, region: null });
  useEffect(() => {
    let current = true;
    const client = getRingsideClient();
    void Promise.allSettled([client.invoke('devices.me', {}), client.invoke('settings.get', {})]).then(([me, settings]) => {
      if (!current) return;
      setState({
        // An agent console cannot create customers (the relay refuses it): it is not offered.
        allowed: me.status === 'fulfilled' ? me.value.role !== 'agent' : false,
        region: settings.status === 'fulfilled' ? settings.value.phoneRegion : null,
      });
    });
    return () => {
      current = false;
    };
  }, []);
  return state;
}

/**
 * An unknown caller becomes a customer from the card: name, optional company, email,
 * address and a note, the number filled in. Where this console syncs QuickBooks it can create them there too
 * (QuickBooks' answer comes back through the log); otherwise, or unticked, it is a
 * Ringside customer at once. The next call from this number shows the customer.
 */
export function CreateCustomerForm({ number, onCreateInQuickBooks }: { number: E164; onCreateInQuickBooks?: (customer: NewCustomer) => Promise<void> }) {
  const id = useId();
  const { allowed, region } = useCustomerCreation();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [company, setCompany] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState<string>(number);
  const [address, setAddress] = useState('');
  const [notes, setNotes] = useState('');
  const [inQuickBooks, setInQuickBooks] = useState(true);
  const submit = useSubmit();

  if (!allowed) return null;
  if (!open) {
    return (
      <div className="caller-card__section">
        <button type="button" className="button" onClick={() => setOpen(true)} data-testid="create-customer">
          Create customer
        </button>
      </div>
    );
  }
  const quickbooks = onCreateInQuickBooks !== undefined && inQuickBooks;
  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = { name, company, phones: [phone], emails: [email], address, notes };
    const checked = checkCustomerForm(input, region !== null && isCountryCode(region) ? region : 'US');
    // Without the region a national number cannot be judged here; the core reads it in its own.
    const problems = checked.ok ? [] : region === null ? checked.problems.filter((p) => !p.includes('phone number')) : checked.problems;
    if (problems.length > 0) return submit.fail(problems.join(' '));
    const c = checked.ok ? checked.customer : { name: name.trim(), company: company.trim() || null, phones: [phone.trim()], email: email.trim() || null, address: address.trim() || null, notes: notes.trim() };
    void submit.run(async () => {
      if (quickbooks) {
        await onCreateInQuickBooks({ name: c.name, phone: c.phones[0]!, email: c.email, company: c.company, address: c.address, notes: c.notes });
        return `${c.name} is now a QuickBooks customer; the next call from ${formatPhone(number)} shows them.`;
      }
      await getRingsideClient().invoke('customers.save', input);
      return `${c.name} is now a customer; the next call from ${formatPhone(number)} shows them.`;
    });
  };
  return (
    <div className="caller-card__section">
      <form className="form caller-card__create" onSubmit={save} data-testid="create-customer-form" noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} className="input" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-company`}>Company (optional)</label>
          <input id={`${id}-company`} className="input" value={company} onChange={(e) => setCompany(e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>Email (optional)</label>
          <input id={`${id}-email`} className="input" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-phone`}>Phone</label>
          <input id={`${id}-phone`} className="input" value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-address`}>Address (optional)</label>
          <textarea id={`${id}-address`} className="input" rows={2} value={address} onChange={(e) => setAddress(e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-notes`}>Note (optional)</label>
          <textarea id={`${id}-notes`} className="input" rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} placeholder="What they called about, how they like to be reached" />
        </div>
        {onCreateInQuickBooks ? (
          <label className="checkbox">
            <input type="checkbox" checked={inQuickBooks} onChange={(e) => setInQuickBooks(e.target.checked)} data-testid="create-in-quickbooks" /> Also create them in QuickBooks
          </label>
        ) : null}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={submit.busy || submit.done !== null}>
            {quickbooks ? 'Create in Ringside and QuickBooks' : 'Create customer'}
          </button>
          <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
        <SubmitStatus state={submit} testId="create-customer" />
      </form>
    </div>
  );
}

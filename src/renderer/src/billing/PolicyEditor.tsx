import type { BillingCatalog } from '../../../shared/api/billing';
import type { RingsideClient } from '../../../shared/api/contract';
import { Field } from '../forms/Field';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useValidatedForm } from '../forms/use-validated-form';
import { policyFormOf, policyInputOf, type PolicyForm } from './catalog-forms';

const taxFields = [
  { field: 'taxSubscription', label: 'Tax on subscriptions (%)' },
  { field: 'taxOverage', label: 'Tax on overage (%)' },
  { field: 'taxPayPerCall', label: 'Tax on pay-per-call (%)' },
  { field: 'taxFees', label: 'Tax on per-call fees (%)' },
] as const;

/** Consumption order, the dry-wallet policy, the low-balance threshold, invoicing and taxes. */
export function PolicyEditor({ client, policy }: { client: RingsideClient; policy: BillingCatalog['policy'] }) {
  const { form, update, errors, submit, onSubmit } = useValidatedForm(
    () => policyFormOf(policy),
    policyInputOf,
    async (value) => `Billing policy saved (event #${(await client.invoke('billing.definePolicy', value)).seq}).`,
  );

  return (
    <form className="panel form form--wide" onSubmit={onSubmit} noValidate aria-labelledby="policy-heading" data-testid="policy-editor">
      <h2 id="policy-heading">Billing policy</h2>
      <div className="field-row">
        <Field label="Subscribers use first" hint="Overage is always last." error={errors.consumptionOrder}>
          {(control) => (
            <select {...control} className="input" value={form.consumptionOrder} onChange={(event) => update({ consumptionOrder: event.target.value as PolicyForm['consumptionOrder'] })}>
              <option value="included_then_wallet">Included hours, then wallet</option>
              <option value="wallet_then_included">Wallet, then included hours</option>
            </select>
          )}
        </Field>
        <Field label="When a wallet runs dry" error={errors.walletDryPolicy}>
          {(control) => (
            <select {...control} className="input" value={form.walletDryPolicy} onChange={(event) => update({ walletDryPolicy: event.target.value as PolicyForm['walletDryPolicy'] })}>
              <option value="bill_overage">Keep serving and bill overage / pay-per-call</option>
              <option value="allow_negative">Let it go negative and flag “balance exhausted”</option>
            </select>
          )}
        </Field>
        <Field label="Low-balance threshold" error={errors.lowBalanceThreshold}>
          {(control) => (
            <input {...control} className="input input--money" inputMode="decimal" value={form.lowBalanceThreshold} onChange={(event) => update({ lowBalanceThreshold: event.target.value })} />
          )}
        </Field>
      </div>
      <div className="field-row">
        <Field label="Invoicing" error={errors.invoicingMode}>
          {(control) => (
            <select {...control} className="input" value={form.invoicingMode} onChange={(event) => update({ invoicingMode: event.target.value as PolicyForm['invoicingMode'] })}>
              <option value="period">One invoice per period for usage</option>
              <option value="per_call">One invoice per pay-per-call call</option>
            </select>
          )}
        </Field>
        {form.invoicingMode === 'period' ? (
          <Field label="Invoice day of month" hint="1 to 28." error={errors.invoicingDay}>
            {(control) => <input {...control} className="input input--number" inputMode="numeric" value={form.invoicingDay} onChange={(event) => update({ invoicingDay: event.target.value })} />}
          </Field>
        ) : null}
      </div>
      <div className="field-row">
        {taxFields.map(({ field, label }) => (
          <Field key={field} label={label} error={errors[field]}>
            {(control) => <input {...control} className="input input--number" inputMode="decimal" value={form[field]} onChange={(event) => update({ [field]: event.target.value })} />}
          </Field>
        ))}
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submit.busy}>
          Save policy
        </button>
      </div>
      <SubmitStatus state={submit} testId="policy" />
    </form>
  );
}

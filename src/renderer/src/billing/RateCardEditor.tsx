import type { BillingCatalog } from '../../../shared/api/billing';
import type { RingsideClient } from '../../../shared/api/contract';
import { Field } from '../forms/Field';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useValidatedForm } from '../forms/use-validated-form';
import { rateCardFormOf, rateCardInputOf } from './catalog-forms';
import { RoundingFields } from './RoundingFields';
import { TextRateFields } from './TextRateFields';

/** The pay-as-you-go rate card: what callers without a subscription pay. */
export function RateCardEditor({ client, rateCard }: { client: RingsideClient; rateCard: BillingCatalog['rateCard'] }) {
  const { form, update, errors, submit, onSubmit } = useValidatedForm(
    () => rateCardFormOf(rateCard),
    rateCardInputOf,
    async (value) => `Rate card saved (event #${(await client.invoke('billing.defineRateCard', value)).seq}).`,
  );

  return (
    <form className="panel form form--wide" onSubmit={onSubmit} noValidate aria-labelledby="rate-card-heading" data-testid="rate-card-editor">
      <h2 id="rate-card-heading">Pay-as-you-go rate card</h2>
      <div className="field-row">
        <Field label="Rate per minute" error={errors.ratePerMinute}>
          {(control) => <input {...control} className="input input--money" inputMode="decimal" value={form.ratePerMinute} onChange={(event) => update({ ratePerMinute: event.target.value })} />}
        </Field>
        <Field label="Currency" error={errors.currency}>
          {(control) => <input {...control} className="input input--short" maxLength={3} value={form.currency} onChange={(event) => update({ currency: event.target.value.toUpperCase() })} />}
        </Field>
      </div>
      <RoundingFields form={form} errors={errors} onChange={update} />
      <TextRateFields form={form} errors={errors} onChange={update} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submit.busy}>
          Save rate card
        </button>
      </div>
      <SubmitStatus state={submit} testId="rate-card" />
    </form>
  );
}

import { useEffect, useRef, useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import { Field } from '../forms/Field';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useValidatedForm } from '../forms/use-validated-form';
import { planIdFromName, planInputOf, type PlanForm } from './catalog-forms';
import { RoundingFields } from './RoundingFields';
import { TextRateFields } from './TextRateFields';

interface PlanEditorProps {
  client: RingsideClient;
  initial: PlanForm;
  /** Editing an existing plan keeps its id: redefining applies from that point of the log on. */
  existing: boolean;
  onClose(): void;
}

/** Every field of a plan (planSchema), typed the way an owner thinks: hours and minutes, dollars. */
export function PlanEditor({ client, initial, existing, onClose }: PlanEditorProps) {
  const { form, update, errors, submit, onSubmit } = useValidatedForm(initial, planInputOf, async (value) => {
    const { seq } = await client.invoke('billing.definePlan', value);
    return `Plan “${value.name}” saved (event #${seq}).`;
  });
  const [idTouched, setIdTouched] = useState(existing);
  const heading = useRef<HTMLHeadingElement>(null);

  // Opening the editor (below the list) takes the keyboard and the eye to it.
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
  }, []);

  return (
    <form className="panel form form--wide" onSubmit={onSubmit} noValidate aria-labelledby="plan-editor-heading" data-testid="plan-editor">
      <h2 id="plan-editor-heading" ref={heading} tabIndex={-1}>{existing ? `Edit plan: ${initial.name}` : 'New plan'}</h2>
      <fieldset className="fieldset">
        <legend>Plan</legend>
        <div className="field-row">
          <Field label="Name" error={errors.name}>
            {(control) => (
              <input
                {...control}
                className="input input--wide"
                value={form.name}
                onChange={(event) => update({ name: event.target.value, ...(idTouched ? {} : { planId: planIdFromName(event.target.value) }) })}
              />
            )}
          </Field>
          <Field label="Plan id" hint={existing ? 'Fixed: changes apply to this plan from now on.' : 'Stable id; made from the name unless you type one.'} error={errors.planId}>
            {(control) => (
              <input
                {...control}
                className="input"
                value={form.planId}
                readOnly={existing}
                spellCheck={false}
                onChange={(event) => {
                  setIdTouched(true);
                  update({ planId: event.target.value });
                }}
              />
            )}
          </Field>
        </div>
        <div className="field-row">
          <Field label="Period" error={errors.period}>
            {(control) => (
              <select {...control} className="input" value={form.period} onChange={(event) => update({ period: event.target.value as PlanForm['period'] })}>
                <option value="monthly">Monthly</option>
                <option value="annual">Annual</option>
              </select>
            )}
          </Field>
          <Field label="Price per period" error={errors.price}>
            {(control) => <input {...control} className="input input--money" inputMode="decimal" value={form.price} placeholder="199.00" onChange={(event) => update({ price: event.target.value })} />}
          </Field>
          <Field label="Currency" error={errors.currency}>
            {(control) => <input {...control} className="input input--short" maxLength={3} value={form.currency} onChange={(event) => update({ currency: event.target.value.toUpperCase() })} />}
          </Field>
        </div>
        <div className="field-row">
          <Field label="Included hours" error={errors.includedHours}>
            {(control) => <input {...control} className="input input--number" inputMode="numeric" value={form.includedHours} onChange={(event) => update({ includedHours: event.target.value })} />}
          </Field>
          <Field label="Included minutes" error={errors.includedMinutes}>
            {(control) => <input {...control} className="input input--number" inputMode="numeric" value={form.includedMinutes} onChange={(event) => update({ includedMinutes: event.target.value })} />}
          </Field>
          <Field label="Overage rate per hour" hint="Blank: the pay-as-you-go rate." error={errors.overageRatePerHour}>
            {(control) => (
              <input {...control} className="input input--money" inputMode="decimal" value={form.overageRatePerHour} onChange={(event) => update({ overageRatePerHour: event.target.value })} />
            )}
          </Field>
        </div>
        <div className="field-row">
          <Field label="Rollover of unused time" hint="Rolled-over time lasts one period." error={errors.rollover}>
            {(control) => (
              <select {...control} className="input" value={form.rollover} onChange={(event) => update({ rollover: event.target.value as PlanForm['rollover'] })}>
                <option value="none">None</option>
                <option value="capped">Up to a cap</option>
                <option value="full">All of it</option>
              </select>
            )}
          </Field>
          {form.rollover === 'capped' ? (
            <>
              <Field label="Rollover cap hours" error={errors.rolloverCapHours}>
                {(control) => (
                  <input {...control} className="input input--number" inputMode="numeric" value={form.rolloverCapHours} onChange={(event) => update({ rolloverCapHours: event.target.value })} />
                )}
              </Field>
              <Field label="Rollover cap minutes" error={errors.rolloverCapMinutes}>
                {(control) => (
                  <input {...control} className="input input--number" inputMode="numeric" value={form.rolloverCapMinutes} onChange={(event) => update({ rolloverCapMinutes: event.target.value })} />
                )}
              </Field>
            </>
          ) : null}
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>Call credit and the AI agent</legend>
        <div className="field-row">
          <Field label="Call credit each period" hint="Put in the customer's wallet when each period starts. Blank: none." error={errors.periodCredit}>
            {(control) => (
              <input {...control} className="input input--money" inputMode="decimal" value={form.periodCredit} placeholder="50.00" onChange={(event) => update({ periodCredit: event.target.value })} />
            )}
          </Field>
          {form.periodCredit.trim() !== '' ? (
            <Field label="Credit lasts (days)" hint="Blank: until the period ends." error={errors.periodCreditDays}>
              {(control) => (
                <input {...control} className="input input--number" inputMode="numeric" value={form.periodCreditDays} onChange={(event) => update({ periodCreditDays: event.target.value })} />
              )}
            </Field>
          ) : null}
        </div>
        <label className="check">
          <input type="checkbox" checked={form.balanceExempt} onChange={(event) => update({ balanceExempt: event.target.checked })} /> Served by the AI agent whatever the balance (e.g.
          Enterprise)
        </label>
      </fieldset>
      <RoundingFields form={form} errors={errors} onChange={update} />
      <TextRateFields form={form} errors={errors} onChange={update} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submit.busy}>
          {submit.busy ? 'Saving…' : 'Save plan'}
        </button>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <SubmitStatus state={submit} testId="plan-editor" />
    </form>
  );
}

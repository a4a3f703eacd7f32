import { Field } from '../forms/Field';
import type { FormErrors, PlanForm, TextRatesForm } from './catalog-forms';

type IncludedTexts = Pick<PlanForm, 'textsIncludedOutgoing' | 'textsIncludedIncoming'>;

interface TextRateFieldsProps {
  /** A plan's form has included texts per period; the rate card's has none. */
  form: TextRatesForm & Partial<IncludedTexts>;
  errors: FormErrors<TextRatesForm & IncludedTexts>;
  onChange(patch: Partial<TextRatesForm & IncludedTexts>): void;
}

/** Whether texts are billed, and what one costs each way (docs/billing.md "Messages"). */
export function TextRateFields({ form, errors, onChange }: TextRateFieldsProps) {
  const included = form.textsIncludedOutgoing !== undefined;
  const beyond = included ? ' beyond the included ones' : '';
  return (
    <fieldset className="fieldset">
      <legend>Text messages</legend>
      <label className="check">
        <input type="checkbox" checked={form.billTexts} onChange={(event) => onChange({ billTexts: event.target.checked })} /> Bill text messages
      </label>
      {form.billTexts ? (
        <>
          {included ? (
            <div className="field-row">
              <Field label="Included texts sent per period" hint="A group text counts once per recipient." error={errors.textsIncludedOutgoing}>
                {(control) => (
                  <input {...control} className="input input--number" inputMode="numeric" value={form.textsIncludedOutgoing} onChange={(event) => onChange({ textsIncludedOutgoing: event.target.value })} />
                )}
              </Field>
              <Field label="Included texts received per period" error={errors.textsIncludedIncoming}>
                {(control) => (
                  <input {...control} className="input input--number" inputMode="numeric" value={form.textsIncludedIncoming} onChange={(event) => onChange({ textsIncludedIncoming: event.target.value })} />
                )}
              </Field>
            </div>
          ) : null}
          <div className="field-row">
            <Field label="Price per text sent" hint={`Each text sent${beyond}; failed texts are free.`} error={errors.textRateOutgoing}>
              {(control) => <input {...control} className="input input--money" inputMode="decimal" value={form.textRateOutgoing} onChange={(event) => onChange({ textRateOutgoing: event.target.value })} />}
            </Field>
            <Field label="Price per text received" hint={`Each text received${beyond}.`} error={errors.textRateIncoming}>
              {(control) => <input {...control} className="input input--money" inputMode="decimal" value={form.textRateIncoming} onChange={(event) => onChange({ textRateIncoming: event.target.value })} />}
            </Field>
          </div>
        </>
      ) : (
        <p className="muted">Texts are free and not counted.</p>
      )}
    </fieldset>
  );
}

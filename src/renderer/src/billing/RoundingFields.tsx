import { useId, useMemo } from 'react';
import type { Weekday } from '../../../shared/billing/catalog';
import { Field } from '../forms/Field';
import { incrementChoices, weekdayChoices, type FormErrors, type RoundingForm } from './catalog-forms';

interface RoundingFieldsProps {
  form: RoundingForm;
  errors: FormErrors<RoundingForm>;
  onChange(patch: Partial<RoundingForm>): void;
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

/** How raw talk time becomes billable time: shared by plans and the pay-as-you-go rate card. */
export function RoundingFields({ form, errors, onChange }: RoundingFieldsProps) {
  const id = useId();
  const zones = useMemo(timeZones, []);
  const setDay = (day: Weekday, patch: Partial<RoundingForm['days'][Weekday]>) => onChange({ days: { ...form.days, [day]: { ...form.days[day], ...patch } } });
  return (
    <>
      <fieldset className="fieldset">
        <legend>Rounding</legend>
        <div className="field-row">
          <Field label="Billing increment" hint="Billable time is rounded up to this." error={errors.incrementSeconds}>
            {(control) => (
              <select {...control} className="input" value={form.incrementSeconds} onChange={(event) => onChange({ incrementSeconds: event.target.value })}>
                {incrementChoices.map((choice) => (
                  <option key={choice.seconds} value={String(choice.seconds)}>
                    {choice.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Minimum per call (s)" hint="A shorter answered call bills this much." error={errors.minimumSeconds}>
            {(control) => <input {...control} className="input input--number" inputMode="numeric" value={form.minimumSeconds} onChange={(event) => onChange({ minimumSeconds: event.target.value })} />}
          </Field>
          <Field label="Per-call fee" hint="Added when a call bills more than 0 s." error={errors.perCallFee}>
            {(control) => <input {...control} className="input input--money" inputMode="decimal" value={form.perCallFee} onChange={(event) => onChange({ perCallFee: event.target.value })} />}
          </Field>
        </div>
        <div className="field-row">
          <Field label="Free grace (s)" hint="Answered calls shorter than this are free." error={errors.graceSeconds}>
            {(control) => <input {...control} className="input input--number" inputMode="numeric" value={form.graceSeconds} onChange={(event) => onChange({ graceSeconds: event.target.value })} />}
          </Field>
          <Field label="Grace for the first N calls per period" hint="Blank: every short call is free." error={errors.graceCallsPerPeriod}>
            {(control) => (
              <input {...control} className="input input--number" inputMode="numeric" value={form.graceCallsPerPeriod} onChange={(event) => onChange({ graceCallsPerPeriod: event.target.value })} />
            )}
          </Field>
        </div>
        <div className="checks">
          <label className="check">
            <input type="checkbox" checked={form.billMissedCalls} onChange={(event) => onChange({ billMissedCalls: event.target.checked })} /> Bill missed calls
          </label>
          <label className="check">
            <input type="checkbox" checked={form.billVoicemails} onChange={(event) => onChange({ billVoicemails: event.target.checked })} /> Bill voicemails
          </label>
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Business hours</legend>
        <label className="check">
          <input type="checkbox" checked={form.businessHours} onChange={(event) => onChange({ businessHours: event.target.checked })} /> After-hours time is billed
          differently
        </label>
        {form.businessHours ? (
          <>
            <div className="field-row">
              <Field label="Time zone" hint="Opening hours are wall-clock times here (daylight saving included)." error={errors.timeZone}>
                {(control) => (
                  <input {...control} className="input" list={`${id}-zones`} value={form.timeZone} spellCheck={false} onChange={(event) => onChange({ timeZone: event.target.value })} />
                )}
              </Field>
              <datalist id={`${id}-zones`}>
                {zones.map((zone) => (
                  <option key={zone} value={zone} />
                ))}
              </datalist>
              <Field label="After-hours multiplier" hint="1.5 = after-hours time counts one and a half times." error={errors.afterHoursMultiplier}>
                {(control) => (
                  <input {...control} className="input input--number" inputMode="decimal" value={form.afterHoursMultiplier} onChange={(event) => onChange({ afterHoursMultiplier: event.target.value })} />
                )}
              </Field>
            </div>
            <table className="hours-table">
              <caption className="hint">Opening hours; a closed day is after hours all day. Closing at 00:00 means midnight.</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Opens</th>
                  <th scope="col">Closes</th>
                </tr>
              </thead>
              <tbody>
                {weekdayChoices.map(({ day, name }) => (
                  <tr key={day}>
                    <th scope="row">
                      <label className="check">
                        <input type="checkbox" checked={form.days[day].open} onChange={(event) => setDay(day, { open: event.target.checked })} /> {name}
                      </label>
                    </th>
                    <td>
                      <input
                        type="time"
                        className="input"
                        aria-label={`${name} opens`}
                        disabled={!form.days[day].open}
                        value={form.days[day].from}
                        onChange={(event) => setDay(day, { from: event.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        type="time"
                        className="input"
                        aria-label={`${name} closes`}
                        disabled={!form.days[day].open}
                        value={form.days[day].to}
                        onChange={(event) => setDay(day, { to: event.target.value })}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {errors.days ? <p className="error">{errors.days}</p> : null}
          </>
        ) : null}
      </fieldset>
    </>
  );
}

import { useState, type FormEvent } from 'react';
import type { ChargeRow } from '../../../shared/api/billing';
import type { RingsideClient } from '../../../shared/api/contract';
import { formatDuration } from '../../../shared/units';
import { Field } from '../forms/Field';
import { parseScaledDecimal } from '../forms/scaled-decimal';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { formatInstant } from './billing-format';

/**
 * Change a billed call's talk time. The engine appends a reversing charge and a new
 * one; nothing is edited in place.
 */
export function CorrectCallForm({ client, charges }: { client: RingsideClient; charges: ChargeRow[] }) {
  // A text has no talk time to correct.
  const correctable = charges.filter((charge) => charge.message === null && charge.reversesChargeId === null && charge.reversedByChargeId === null);
  const [callId, setCallId] = useState('');
  const [minutes, setMinutes] = useState('');
  const [seconds, setSeconds] = useState('0');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = useSubmit();

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    const found: Record<string, string> = {};
    const m = parseScaledDecimal(minutes.trim() === '' ? '0' : minutes, 0);
    const s = parseScaledDecimal(seconds.trim() === '' ? '0' : seconds, 0);
    if (!callId) found.call = 'is required';
    if (!m.ok) found.minutes = m.error;
    if (!s.ok) found.seconds = s.error;
    else if (s.value > 59) found.seconds = 'must be from 0 to 59';
    if (reason.trim() === '') found.reason = 'is required';
    setErrors(found);
    if (!m.ok || !s.ok || Object.keys(found).length > 0) return submit.fail('Some fields need attention.');
    const durationSeconds = m.value * 60 + s.value;
    void submit.run(async () => {
      const { seq } = await client.invoke('billing.correctCall', { callId, durationSeconds, reason: reason.trim() });
      return `Correction to ${formatDuration(durationSeconds)} recorded (event #${seq}); the call is re-rated with a reversing entry.`;
    });
  }

  return (
    <form className="panel form" onSubmit={onSubmit} noValidate aria-labelledby="correct-call-heading" data-testid="correct-call-form">
      <h2 id="correct-call-heading">Correct a call&rsquo;s duration</h2>
      <Field label="Call" error={errors.call}>
        {(control) => (
          <select {...control} className="input" value={callId} onChange={(event) => setCallId(event.target.value)}>
            <option value="">Choose a billed call…</option>
            {correctable.map((charge) => (
              <option key={charge.chargeId} value={charge.callId}>
                {formatInstant(charge.startedAt)} · {charge.customerName ?? charge.number} · {formatDuration(charge.rawSeconds)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="field-row">
        <Field label="Talk minutes" error={errors.minutes}>
          {(control) => <input {...control} className="input input--number" inputMode="numeric" value={minutes} onChange={(event) => setMinutes(event.target.value)} />}
        </Field>
        <Field label="Talk seconds" error={errors.seconds}>
          {(control) => <input {...control} className="input input--number" inputMode="numeric" value={seconds} onChange={(event) => setSeconds(event.target.value)} />}
        </Field>
      </div>
      <Field label="Reason" error={errors.reason}>
        {(control) => <input {...control} className="input input--wide" value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />}
      </Field>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submit.busy}>
          Record correction
        </button>
      </div>
      <SubmitStatus state={submit} testId="correct-call" />
    </form>
  );
}

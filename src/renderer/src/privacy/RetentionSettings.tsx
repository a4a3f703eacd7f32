import { useEffect, useId, useState, type FormEvent } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { RetentionView } from '../../../shared/api/privacy';
import { retentionKinds } from '../../../shared/events/model';
import { dayTimeWords } from '../time/time-words';
import { useConsoleIdentity } from '../team/console-identity';
import { readRetentionForm, retentionFormFrom, retentionKindWords, type RetentionFormInput } from './retention-form';
import './privacy.css';

/**
 * The Privacy section of Settings: how long the business keeps each kind of personal data.
 * An admin console changes it; the others see it. The relay and every console apply it.
 */
export function RetentionSettings({ client }: { client: RingsideClient }) {
  const id = useId();
  const identity = useConsoleIdentity();
  const mayChange = identity === null || identity.role === 'admin';
  const [view, setView] = useState<RetentionView | null>(null);
  const [form, setForm] = useState<RetentionFormInput | null>(null);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    client.invoke('privacy.retention', {}).then(
      (loaded) => {
        setView(loaded);
        setForm(retentionFormFrom(loaded.days));
      },
      (failure: Error) => setStatus({ tone: 'error', text: `Could not read the privacy settings: ${failure.message}` }),
    );
  }, [client]);

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!form || saving) return;
    const read = readRetentionForm(form);
    if (!read.ok) {
      setErrors(read.errors);
      return;
    }
    setErrors({});
    setSaving(true);
    setStatus(null);
    try {
      const saved = await client.invoke('privacy.setRetention', { days: read.days });
      setView(saved);
      setForm(retentionFormFrom(saved.days));
      setStatus({ tone: 'success', text: 'Saved. Older items are deleted within a day, on the relay and on every Ringside computer.' });
    } catch (failure) {
      setStatus({ tone: 'error', text: (failure as Error).message });
    } finally {
      setSaving(false);
    }
  }

  const change = (kind: (typeof retentionKinds)[number], patch: Partial<RetentionFormInput[typeof kind]>) => {
    setForm((current) => (current ? { ...current, [kind]: { ...current[kind], ...patch } } : current));
    setStatus(null);
  };

  return (
    <section className="panel" aria-labelledby={`${id}-heading`} data-testid="privacy-settings">
      <h2 id={`${id}-heading`}>Privacy</h2>
      <p className="hint">
        How long personal data is kept. Anything older than the days you set is deleted for good, on the relay and on every Ringside computer: the call or text itself stays in the history and in billing
        (when, how long, what it cost), only its content goes. “Keep forever” never deletes it. A customer who asks to be forgotten can also be erased at once from their page.
      </p>
      {!mayChange ? (
        <p className="hint read-only-notice" data-testid="privacy-read-only">
          Only an admin console can change these; this one shows them.
        </p>
      ) : null}
      {form ? (
        <form onSubmit={(event) => void save(event)} noValidate aria-label="How long personal data is kept">
          <div className="retention-rows">
            {retentionKinds.map((kind) => {
              const row = form[kind];
              const words = retentionKindWords[kind];
              return (
                <div className="retention-row" key={kind} data-testid={`retention-${kind}`}>
                  <div>
                    <strong>{words.label}</strong>
                    <div className="hint">{words.hint}</div>
                  </div>
                  <fieldset disabled={!mayChange} aria-label={words.label}>
                    <label>
                      <input type="radio" name={`${id}-${kind}`} checked={!row.forever} onChange={() => change(kind, { forever: false })} data-testid={`retention-${kind}-limited`} /> Keep for{' '}
                      <input
                        className="input retention-days"
                        inputMode="numeric"
                        value={row.forever ? '' : row.daysText}
                        aria-label={`${words.label}: days to keep`}
                        disabled={row.forever || !mayChange}
                        onChange={(event) => change(kind, { daysText: event.target.value })}
                        data-testid={`retention-${kind}-days`}
                      />{' '}
                      days
                    </label>
                    <label>
                      <input type="radio" name={`${id}-${kind}`} checked={row.forever} onChange={() => change(kind, { forever: true })} data-testid={`retention-${kind}-forever`} /> Keep forever
                    </label>
                    {errors[kind] ? (
                      <span className="error" role="alert">
                        {errors[kind]}
                      </span>
                    ) : null}
                  </fieldset>
                </div>
              );
            })}
          </div>
          {view?.definedBy ? (
            <p className="muted" data-testid="retention-defined">
              Last changed by {view.definedBy}
              {view.definedAtMs !== null ? `, ${dayTimeWords(view.definedAtMs)}` : ''}.
            </p>
          ) : Object.values(errors).some(Boolean) ? null : (
            <p className="muted">Nothing has been set yet: everything is kept.</p>
          )}
          {status ? (
            <p className={status.tone} role={status.tone === 'error' ? 'alert' : 'status'} data-testid="retention-status">
              {status.text}
            </p>
          ) : null}
          {mayChange ? (
            <div className="form__actions">
              <button type="submit" className="button button--primary" disabled={saving} data-testid="retention-save">
                {saving ? 'Saving…' : 'Save privacy settings'}
              </button>
            </div>
          ) : null}
        </form>
      ) : status ? (
        <p className="error" role="alert">
          {status.text}
        </p>
      ) : null}
    </section>
  );
}

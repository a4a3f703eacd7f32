import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { ReconciliationOverview } from '../../../shared/api/reconciliation';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { daysOf, differingWords, healthWords, outcomeWords, recoveredWords, triggerWords } from './reconciliation-words';
import './reconciliation.css';

/** While a run is under way the panel looks again this often. */
const POLL_MS = 2_000;

function yesterday(): string {
  const date = new Date(Date.now() - 86_400_000);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/**
 * The relay's check that no call or text was missed: its recent runs (nightly, on
 * request, after an outage) with what each found missing and added, the webhook health
 * check's last result, and an admin's "check a date range".
 */
export function ReconciliationPanel({ client }: { client: RingsideClient }) {
  const [overview, setOverview] = useState<ReconciliationOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [from, setFrom] = useState(yesterday);
  const [to, setTo] = useState(yesterday);
  const submit = useSubmit();
  const fromId = useId();
  const toId = useId();

  const load = useCallback(() => {
    client.invoke('operations.reconciliation', {}).then(
      (next) => {
        setOverview(next);
        setError(null);
      },
      (failure: Error) => setError(failure.message),
    );
  }, [client]);
  useEffect(load, [load]);
  const running = overview?.runs.some((run) => run.state === 'running') ?? false;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [running, load]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      await client.invoke('operations.reconcileRange', { from, to });
      load();
      return 'Check started: its result is in the list above.';
    });
  };

  const health = overview === null ? null : healthWords(overview.healthCheck);
  return (
    <section className="panel panel--full reconciliation" aria-labelledby="reconciliation-title" data-testid="reconciliation-panel">
      <h2 id="reconciliation-title">Missed calls and texts</h2>
      {error ? (
        <p className="error" role="alert" data-testid="reconciliation-error">
          {error}
        </p>
      ) : null}
      {overview ? (
        <>
          <p className="muted">
            {overview.dailyAt === null
              ? 'The nightly check is off on the relay; check a date range below.'
              : `Every night at ${overview.dailyAt} (${overview.timeZone}) Ringside compares the day's calls and texts in OpenPhone with its own history, adds any whose webhook never arrived, and lists any that OpenPhone describes differently (a call's talk time is corrected to OpenPhone's).`}
          </p>
          <p className={`reconciliation-health reconciliation-health--${health!.tone}`} data-testid="reconciliation-health">
            <strong>Health check:</strong> {health!.text}
          </p>
          {overview.runs.length === 0 ? (
            <p className="empty">No checks yet.</p>
          ) : (
            <ul className="plain-list reconciliation-runs" data-testid="reconciliation-runs">
              {overview.runs.map((run) => (
                <li key={run.id} className={`reconciliation-run reconciliation-run--${run.state === 'done' && (run.recovered.length > 0 || run.differing.length > 0) ? 'found' : run.state}`} data-testid="reconciliation-run">
                  <div className="reconciliation-run-head">
                    <strong>{daysOf(run)}</strong> <span className="muted">{triggerWords(run)}</span>
                  </div>
                  <div>{outcomeWords(run)}</div>
                  {run.recovered.length > 0 ? (
                    <ul className="plain-list reconciliation-recovered">
                      {run.recovered.map((fact) => (
                        <li key={fact.key}>{recoveredWords(fact)}</li>
                      ))}
                    </ul>
                  ) : null}
                  {run.differing.length > 0 ? (
                    <ul className="plain-list reconciliation-recovered" data-testid="reconciliation-differing">
                      {run.differing.map((fact) => (
                        <li key={`${fact.key}|${fact.difference}`}>{differingWords(fact)}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <form className="reconciliation-form" onSubmit={onSubmit}>
            <label htmlFor={fromId}>From</label>
            <input id={fromId} type="date" value={from} onChange={(event) => setFrom(event.target.value)} required />
            <label htmlFor={toId}>To</label>
            <input id={toId} type="date" value={to} onChange={(event) => setTo(event.target.value)} required />
            <button type="submit" className="button" disabled={submit.busy} data-testid="reconciliation-check">
              Check a date range
            </button>
            <SubmitStatus state={submit} testId="reconciliation-check" />
          </form>
        </>
      ) : error ? null : (
        <p className="muted">Reading the relay's checks…</p>
      )}
    </section>
  );
}

import { useCallback, useEffect, useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { MightyCallStatus } from '../../../shared/api/mightycall';
import { budgetWords, importedWords, intervalWords, pollWords } from './mightycall-words';
import './mightycall-panel.css';

/** The card looks again this often: a round comes every few minutes. */
const REFRESH_MS = 15_000;

/**
 * How the relay reads MightyCall (it has no webhooks Ringside can rely on yet): how often,
 * how much of the account's daily request budget the last 24 hours used, when it last
 * read and will next, what it brought in, and the last error in plain words.
 */
export function MightyCallPanel({ client }: { client: RingsideClient }) {
  const [status, setStatus] = useState<MightyCallStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    client.invoke('operations.mightyCallStatus', {}).then(
      (answer) => {
        setStatus(answer);
        setError(null);
      },
      (failure: Error) => setError(failure.message),
    );
  }, [client]);
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const share = status === null ? 0 : Math.min(100, Math.round((status.usedLast24h / status.budget) * 100));
  return (
    <section className="panel panel--full mightycall" aria-labelledby="mightycall-title" data-testid="mightycall-panel">
      <h2 id="mightycall-title">MightyCall</h2>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {status === null ? (
        error ? null : <p className="muted">Reading the relay's MightyCall status…</p>
      ) : !status.configured ? (
        <p className="empty" data-testid="mightycall-off">
          Not connected. Whoever runs the relay can set MIGHTYCALL_API_KEY and MIGHTYCALL_USER_KEY to bring MightyCall's calls, voicemails and texts into Ringside.
        </p>
      ) : (
        <>
          <p className="muted">
            The relay reads MightyCall ({status.apiHost}) {intervalWords(status.intervalSeconds)}, so the account's daily request limit is never passed.
          </p>
          <div className="mightycall-head">
            <strong data-testid="mightycall-poll">{pollWords(status, Date.now())}</strong>
          </div>
          <div className="history-import-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={share} aria-label="Daily requests used">
            <div className="history-import-bar-fill" style={{ width: `${share}%` }} />
          </div>
          <div className="muted" data-testid="mightycall-budget">
            {budgetWords(status)}
          </div>
          <dl className="history-import-counts" data-testid="mightycall-counts">
            {importedWords(status).map((count) => (
              <div key={count.label}>
                <dt>{count.label}</dt>
                <dd>{count.value}</dd>
              </div>
            ))}
          </dl>
          {status.lastError ? (
            <p className="error" role="alert" data-testid="mightycall-error">
              {status.lastError}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

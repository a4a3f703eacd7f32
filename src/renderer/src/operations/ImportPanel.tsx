import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { OpenPhoneImportProgress } from '../../../shared/api/history-import';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { countWords, etaWords, paceWords, rangeWords, stateWords } from './import-words';
import './import-panel.css';

/** While an import runs the panel looks again this often. */
const POLL_MS = 1_000;

/**
 * OpenPhone's history brought into Ringside by the relay: start it for a date range,
 * "record only" (history shown, never billed again: the default) or billed like new
 * calls; watch its progress bar, counts and time left; pause and resume it; and read
 * what could not be imported and why.
 */
export function ImportPanel({ client }: { client: RingsideClient }) {
  const [progress, setProgress] = useState<OpenPhoneImportProgress | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [billing, setBilling] = useState<'record_only' | 'bill'>('record_only');
  const submit = useSubmit();
  const fromId = useId();
  const toId = useId();

  const load = useCallback(() => {
    client.invoke('operations.historyImport', {}).then(
      (answer) => {
        setProgress(answer.import);
        setLoaded(true);
        setError(null);
      },
      (failure: Error) => setError(failure.message),
    );
  }, [client]);
  useEffect(load, [load]);
  const running = progress?.state === 'running';
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [running, load]);

  const command = (action: 'pause' | 'resume', done: string) =>
    void submit.run(async () => {
      setProgress((await client.invoke('operations.historyImportCommand', { action })).import);
      return done;
    });
  const onStart = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => {
      const answer = await client.invoke('operations.historyImportCommand', { action: 'start', fromDate: from === '' ? null : from, toDate: to === '' ? null : to, billing });
      setProgress(answer.import);
      return 'The relay is importing OpenPhone history; progress shows above.';
    });
  };

  const percent = progress === null ? 0 : Math.round(progress.fraction * 100);
  const eta = progress === null || progress.state !== 'running' ? null : etaWords(progress.etaSeconds);
  return (
    <section className="panel panel--full history-import" aria-labelledby="history-import-title" data-testid="import-panel">
      <h2 id="history-import-title">OpenPhone history</h2>
      <p className="muted">Brings the calls, texts, recordings, voicemails, transcripts, summaries and contacts OpenPhone still has into Ringside. Anything Ringside already has is not added twice.</p>
      {error ? (
        <p className="error" role="alert" data-testid="import-error">
          {error}
        </p>
      ) : null}
      {progress ? (
        <div className={`history-import-run history-import-run--${progress.state}`} data-testid="import-progress">
          <div className="history-import-head">
            <strong data-testid="import-state">{stateWords(progress)}</strong>
            <span className="muted">
              {rangeWords(progress)}, {progress.billing === 'record_only' ? 'record only (not billed)' : 'billed like new calls'}, started by {progress.startedBy}
            </span>
          </div>
          <div className="history-import-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Import progress">
            <div className="history-import-bar-fill" style={{ width: `${percent}%` }} />
          </div>
          <div className="history-import-pace muted" data-testid="import-pace">
            {percent} %{eta ? ` · ${eta}` : ''} · {paceWords(progress)}
          </div>
          <dl className="history-import-counts" data-testid="import-counts">
            {countWords(progress).map((count) => (
              <div key={count.label}>
                <dt>{count.label}</dt>
                <dd>{count.value}</dd>
              </div>
            ))}
          </dl>
          {progress.alreadyInLog > 0 ? <p className="muted">{progress.alreadyInLog.toLocaleString('en-US')} already in Ringside, not added again.</p> : null}
          {progress.failure ? (
            <p className="error" role="alert">
              {progress.failure}
            </p>
          ) : null}
          {progress.report.length > 0 ? (
            <div className="history-import-report" data-testid="import-report">
              <h3>Not imported</h3>
              <ul>
                {progress.report.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="history-import-actions">
            {progress.state === 'running' ? (
              <button type="button" className="button" disabled={submit.busy} onClick={() => command('pause', 'Paused; resume whenever you like.')} data-testid="import-pause">
                Pause
              </button>
            ) : null}
            {progress.state === 'paused' || progress.state === 'failed' ? (
              <button type="button" className="button" disabled={submit.busy} onClick={() => command('resume', 'Resumed where it stopped.')} data-testid="import-resume">
                Resume
              </button>
            ) : null}
          </div>
        </div>
      ) : loaded ? (
        <p className="empty">No import yet.</p>
      ) : error ? null : (
        <p className="muted">Reading the relay's import…</p>
      )}
      {progress?.state !== 'running' ? (
        <form className="history-import-form" onSubmit={onStart}>
          <label htmlFor={fromId}>From</label>
          <input id={fromId} type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
          <label htmlFor={toId}>To</label>
          <input id={toId} type="date" value={to} onChange={(event) => setTo(event.target.value)} />
          <label>
            <input type="radio" name="import-billing" checked={billing === 'record_only'} onChange={() => setBilling('record_only')} /> Record only (history was billed before Ringside)
          </label>
          <label>
            <input type="radio" name="import-billing" checked={billing === 'bill'} onChange={() => setBilling('bill')} /> Bill it
          </label>
          <button type="submit" className="button" disabled={submit.busy} data-testid="import-start">
            Import history
          </button>
        </form>
      ) : null}
      <SubmitStatus state={submit} testId="import" />
    </section>
  );
}

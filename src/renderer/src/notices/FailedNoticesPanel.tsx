import { useCallback, useEffect, useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { NoticeEntry } from '../../../shared/relay-rest/notices';
import { attemptsWords, failedNoticeWords } from './notice-words';

/** The list looks again this often: the relay gives up on a notice after its last retry, at any time. */
const REFRESH_MS = 30_000;

/**
 * Notices the relay gave up on (an address refused, retries used up), with the reason in
 * its words, and Retry, which queues one again under the same key (still sent once).
 */
export function FailedNoticesPanel({ client }: { client: RingsideClient }) {
  const [failed, setFailed] = useState<NoticeEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [retrying, setRetrying] = useState<ReadonlySet<number>>(new Set());
  const [outcome, setOutcome] = useState<{ noticeId: number; words: string; ok: boolean } | null>(null);

  const load = useCallback(() => {
    client.invoke('notices.failed', {}).then(
      (answer) => {
        setFailed(answer.notices);
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

  async function retry(entry: NoticeEntry): Promise<void> {
    setRetrying((current) => new Set(current).add(entry.noticeId));
    try {
      const again = await client.invoke('notices.retry', { noticeId: entry.noticeId });
      setOutcome({ noticeId: entry.noticeId, ok: true, words: again.state === 'sent' ? `Sent to ${again.recipient}.` : `Queued again for ${entry.customerName}: the relay tries it once more.` });
      load();
    } catch (failure) {
      setOutcome({ noticeId: entry.noticeId, ok: false, words: (failure as Error).message });
    } finally {
      setRetrying((current) => {
        const next = new Set(current);
        next.delete(entry.noticeId);
        return next;
      });
    }
  }

  return (
    <section className="panel panel--full notice-failed" aria-labelledby="notice-failed-title" data-testid="notice-failed">
      <h2 id="notice-failed-title">What failed</h2>
      <p className="muted">Notices the relay stopped trying to send. Fix what the reason says (an address, a number, the mail server), then retry.</p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {outcome && !failed?.some((entry) => entry.noticeId === outcome.noticeId) ? (
        <p className={outcome.ok ? 'success' : 'error'} role="status" data-testid="notice-retry-outcome">
          {outcome.words}
        </p>
      ) : null}
      {failed === null ? (
        error ? null : <p className="muted">Reading what failed…</p>
      ) : failed.length === 0 ? (
        <p className="empty" data-testid="notice-failed-none">
          Nothing failed: every notice was sent or is still being tried.
        </p>
      ) : (
        <ul className="plain-list notice-failed__list">
          {failed.map((entry) => (
            <li key={entry.noticeId} className="notice-failed__item" data-testid="notice-failed-item">
              <div className="notice-failed__text">
                <strong>{entry.customerName}</strong>
                <span>{failedNoticeWords(entry)}</span>
                <span className="muted">“{entry.subject}”</span>
                <p className="error notice-failed__reason">{entry.error ?? 'The relay did not say why.'}</p>
                <span className="hint">{attemptsWords(entry)}</span>
                {outcome?.noticeId === entry.noticeId && !outcome.ok ? (
                  <p className="error" role="alert">
                    {outcome.words}
                  </p>
                ) : null}
              </div>
              {entry.kind === 'portal_link' ? (
                // Its link's token is not kept once it failed, so the relay cannot send it again.
                <span className="hint" data-testid="notice-failed-resend">
                  Send the link again from {entry.customerName}'s customer page.
                </span>
              ) : (
                <button type="button" className="button" disabled={retrying.has(entry.noticeId)} onClick={() => void retry(entry)}>
                  {retrying.has(entry.noticeId) ? 'Retrying…' : 'Retry'}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import { CALLBACK_RECENT_DAYS, callbackOutcomeLabels, type CallbackOutcome, type CallbackQueueEntry } from '../../../shared/api/team-work';
import { callbackOutcomes } from '../../../shared/events/model';
import { formatPhone } from '../privacy/shown-phone';
import { useApiQuery } from '../api/use-api-query';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { formatAge } from '../status/relative-age';
import { useConsoleIdentity } from '../team/console-identity';
import './callbacks.css';

const SHOWN = 200;

/** How many callers wait for a call back, for the navigation badge. */
export function useCallbackCount(client: RingsideClient): number {
  return useApiQuery(client, 'callbacks.queue', { limit: 1 }).data?.total ?? 0;
}

/**
 * The shared callback queue: every caller we missed, until someone calls them back
 * (an outgoing call clears it by itself), they get through, or an agent records how it
 * went. "I'll call back" tells every console who is on it.
 */
export function CallbacksView({ client, now }: { client: RingsideClient; now: number }) {
  const [includeOlder, setIncludeOlder] = useState(false);
  const queue = useApiQuery(client, 'callbacks.queue', includeOlder ? { limit: SHOWN, includeOlder } : { limit: SHOWN });
  const me = useConsoleIdentity()?.name ?? null;
  const entries = queue.data?.entries ?? [];
  return (
    <>
      <h1>Callbacks</h1>
      <p className="muted">Callers we missed, the latest first. Calling a number back takes it off the list; so does recording how a call back went.</p>
      {queue.error ? (
        <p className="error" role="alert">
          Could not read the callback list: {queue.error}
        </p>
      ) : null}
      {queue.data && entries.length === 0 ? <p className="empty">Nobody is waiting for a call back.</p> : null}
      {queue.data && queue.data.total > entries.length ? (
        <p className="muted">
          Showing the latest {entries.length} of {queue.data.total}.
        </p>
      ) : null}
      {queue.data && queue.data.older > 0 && !includeOlder ? (
        <p className="muted" data-testid="callbacks-older">
          {queue.data.older === 1 ? '1 caller' : `${queue.data.older} callers`} last missed more than {CALLBACK_RECENT_DAYS} days ago {queue.data.older === 1 ? 'is' : 'are'} not listed.{' '}
          <button type="button" className="link-button" onClick={() => setIncludeOlder(true)}>
            Show them too
          </button>
        </p>
      ) : null}
      <ul className="callback-list" data-testid="callback-list">
        {entries.map((entry) => (
          <CallbackRow key={entry.entryId} client={client} entry={entry} me={me} now={now} />
        ))}
      </ul>
    </>
  );
}

function CallbackRow({ client, entry, me, now }: { client: RingsideClient; entry: CallbackQueueEntry; me: string | null; now: number }) {
  const action = useSubmit();
  const [completing, setCompleting] = useState(false);
  const mine = entry.claimedBy !== null && entry.claimedBy === me;
  const who = entry.customer?.name ?? formatPhone(entry.number);
  const claim = () => {
    if (entry.claimedBy !== null && !mine && !window.confirm(`${entry.claimedBy} said they will call ${who} back. Take it over?`)) return;
    void action.run(async () => {
      await client.invoke('callbacks.claim', { callId: entry.callId });
      return 'Every console now shows you are calling back.';
    });
  };
  const release = () =>
    void action.run(async () => {
      await client.invoke('callbacks.release', { callId: entry.callId });
      return 'Released: anyone can take it.';
    });
  return (
    <li className={`callback-row${entry.claimedBy ? ' is-claimed' : ''}`} data-testid="callback-row" data-number={entry.number}>
      <div className="callback-row__who">
        <strong>{who}</strong>
        {entry.customer ? <span className="muted"> {formatPhone(entry.number)}</span> : null}
        <p className="muted callback-row__what">
          {entry.missedCount === 1 ? 'Missed call' : `${entry.missedCount} missed calls`}
          {entry.hasVoicemail ? ' · left a voicemail' : ''} · {formatAge(entry.lastMissedAt, now)} on {formatPhone(entry.businessNumber)}
        </p>
      </div>
      <p className="callback-row__claim" data-testid="callback-claim">
        {entry.claimedBy === null ? <span className="muted">Nobody yet</span> : mine ? <span className="badge badge--subscriber">You will call back</span> : <span className="badge">{entry.claimedBy} will call back</span>}
      </p>
      <div className="callback-row__actions">
        {!mine ? (
          <button type="button" className="button button--primary" onClick={claim} disabled={action.busy} data-testid="callback-claim-button">
            {entry.claimedBy === null ? 'I’ll call back' : 'Take over'}
          </button>
        ) : (
          <button type="button" className="button" onClick={release} disabled={action.busy}>
            Release
          </button>
        )}
        <button type="button" className="button" onClick={() => setCompleting((open) => !open)} aria-expanded={completing} data-testid="callback-done-button">
          Done…
        </button>
      </div>
      {completing ? <CompleteForm client={client} entry={entry} onDone={() => setCompleting(false)} /> : null}
      <SubmitStatus state={action} testId="callback-action" />
    </li>
  );
}

function CompleteForm({ client, entry, onDone }: { client: RingsideClient; entry: CallbackQueueEntry; onDone(): void }) {
  const [outcome, setOutcome] = useState<CallbackOutcome>('reached');
  const [note, setNote] = useState('');
  const submit = useSubmit();
  return (
    <form
      className="form callback-complete"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit.run(async () => {
          await client.invoke('callbacks.complete', { callId: entry.callId, outcome, note });
          onDone();
          return 'Recorded.';
        });
      }}
    >
      <fieldset className="callback-complete__outcomes">
        <legend>How did it go?</legend>
        {callbackOutcomes.map((value) => (
          <label key={value}>
            <input type="radio" name={`outcome-${entry.entryId}`} value={value} checked={outcome === value} onChange={() => setOutcome(value)} /> {callbackOutcomeLabels[value]}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`note-${entry.entryId}`}>Note (optional)</label>
      <textarea id={`note-${entry.entryId}`} className="input" rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={submit.busy}>
          Take off the list
        </button>
      </div>
      <SubmitStatus state={submit} testId="callback-complete" />
    </form>
  );
}

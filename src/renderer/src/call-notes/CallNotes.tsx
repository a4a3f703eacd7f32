import { useId, useState, type FormEvent } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import { callDispositionLabels, type CallDisposition } from '../../../shared/api/team-work';
import { callDispositions } from '../../../shared/events/model';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { useCallNotes } from './use-call-notes';
import './call-notes.css';

const timeFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/**
 * The team's notes on one call, its disposition and where it stands in the callback
 * queue: on the caller card (live and ended) and in a call's detail. Every console
 * shows what any console wrote.
 */
export function CallNotes({ client, callId, compact = false }: { client: RingsideClient; callId: string; compact?: boolean }) {
  const id = useId();
  const { view, error, reload } = useCallNotes(client, callId);
  const [text, setText] = useState('');
  // On a card the box opens on demand, so a ringing card stays short.
  const [writing, setWriting] = useState(!compact);
  const note = useSubmit();
  const disposition = useSubmit();

  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (text.trim() === '') return note.fail('Write the note first.');
    void note.run(async () => {
      await client.invoke('callNotes.add', { callId, text: text.trim() });
      setText('');
      reload();
      return 'Note added.';
    });
  };
  const setDisposition = (value: CallDisposition) =>
    void disposition.run(async () => {
      await client.invoke('callNotes.setDisposition', { callId, disposition: value });
      reload();
      return `Marked ${callDispositionLabels[value].toLowerCase()}.`;
    });

  return (
    <section className={`call-notes${compact ? ' call-notes--compact' : ''}`} aria-labelledby={`${id}-heading`} data-testid="call-notes">
      <h4 id={`${id}-heading`}>Notes</h4>
      {error ? (
        <p className="error" role="alert">
          Could not read the notes: {error}
        </p>
      ) : null}
      {view?.callback ? (
        <p className={`call-notes__callback call-notes__callback--${view.callback.state}`} data-testid="call-callback-standing">
          {view.callback.text}
          {view.callback.note ? <span className="muted"> — {view.callback.note}</span> : null}
        </p>
      ) : null}
      <div className="call-notes__disposition">
        <label htmlFor={`${id}-disposition`}>Outcome</label>
        <select
          id={`${id}-disposition`}
          className="input"
          value={view?.disposition?.value ?? ''}
          onChange={(e) => e.target.value !== '' && setDisposition(e.target.value as CallDisposition)}
          data-testid="call-disposition"
        >
          <option value="">Not set</option>
          {callDispositions.map((value) => (
            <option key={value} value={value}>
              {callDispositionLabels[value]}
            </option>
          ))}
        </select>
        {view?.disposition ? (
          <span className="muted" data-testid="call-disposition-by">
            by {view.disposition.by}, {timeFormat.format(new Date(view.disposition.at))}
          </span>
        ) : null}
      </div>
      <SubmitStatus state={disposition} testId="call-disposition" />
      {view && view.notes.length > 0 ? (
        <ol className="call-notes__list" data-testid="call-notes-list">
          {view.notes.map((n) => (
            <li key={n.noteId} data-testid="call-note">
              <p className="call-notes__text">{n.text}</p>
              <p className="muted call-notes__meta">
                {n.by} · {timeFormat.format(new Date(n.at))}
              </p>
            </li>
          ))}
        </ol>
      ) : null}
      {!writing ? (
        <button type="button" className="button" onClick={() => setWriting(true)} data-testid="call-note-open">
          Add note
        </button>
      ) : (
      <form className="call-notes__add" onSubmit={add} noValidate>
        <label htmlFor={`${id}-text`} className="visually-hidden">
          Add a note
        </label>
        <textarea id={`${id}-text`} className="input" rows={compact ? 2 : 3} autoFocus={compact} placeholder="Add a note for the team…" value={text} onChange={(e) => setText(e.target.value)} data-testid="call-note-input" />
        <button type="submit" className="button" disabled={note.busy}>
          {compact ? 'Save note' : 'Add note'}
        </button>
      </form>
      )}
      <SubmitStatus state={note} testId="call-note" />
    </section>
  );
}

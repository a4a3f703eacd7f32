import { useId, useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import { useApiQuery } from '../api/use-api-query';

type Mode = 'reply' | 'note';

const MAX_TEXT = 1600;

/**
 * Answer the customer (sent by the relay through OpenPhone) or leave a note for the
 * team, which is never sent. Templates come filled in for the thread's customer.
 */
export function ReplyBox({ client, conversationKey, notesOnly = false }: { client: RingsideClient; conversationKey: string; notesOnly?: boolean }) {
  const id = useId();
  const [mode, setMode] = useState<Mode>(notesOnly ? 'note' : 'reply');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const templates = useApiQuery(client, 'messages.templates', notesOnly ? null : { conversationKey });
  const note = mode === 'note';
  const trimmed = text.trim();

  async function submit(): Promise<void> {
    if (trimmed === '') return;
    setBusy(true);
    setError(null);
    try {
      if (note) await client.invoke('messages.addNote', { conversationKey, text: trimmed });
      else await client.invoke('messages.send', { conversationKey, body: trimmed });
      setText('');
    } catch (failure) {
      setError(note ? `The note was not saved: ${(failure as Error).message}` : `Not sent: ${(failure as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className={note ? 'reply reply--note' : 'reply'}
      aria-label={note ? 'Add a note' : 'Reply'}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {notesOnly ? null : (
        <div className="reply__modes" role="group" aria-label="Write">
          <button type="button" className="button" aria-pressed={!note} onClick={() => setMode('reply')}>
            Reply
          </button>
          <button type="button" className="button" aria-pressed={note} onClick={() => setMode('note')}>
            Note
          </button>
          {!note && templates.data && templates.data.length > 0 ? (
            <>
              <label htmlFor={`${id}-template`} className="visually-hidden">
                Insert a template
              </label>
              <select
                id={`${id}-template`}
                className="input reply__templates"
                value=""
                onChange={(event) => {
                  const template = templates.data?.find((candidate) => candidate.templateId === event.target.value);
                  if (template) setText(template.body);
                }}
              >
                <option value="">Insert a template…</option>
                {templates.data.map((template) => (
                  <option key={template.templateId} value={template.templateId}>
                    {template.title}
                  </option>
                ))}
              </select>
            </>
          ) : null}
        </div>
      )}
      <label htmlFor={`${id}-text`} className="visually-hidden">
        {note ? 'Note for the team' : 'Message to send'}
      </label>
      <textarea
        id={`${id}-text`}
        className="input reply__text"
        rows={3}
        maxLength={note ? 5000 : MAX_TEXT}
        placeholder={note ? 'Write a note for the team' : 'Write a reply'}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          // Ctrl/Cmd+Enter sends, as in most chat boxes; Enter alone makes a new line.
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void submit();
          }
        }}
      />
      <div className="reply__foot">
        <span className="hint">{note ? 'Only your team sees notes.' : `${text.length} / ${MAX_TEXT} characters · sent by text message`}</span>
        <button type="submit" className="button button--primary" disabled={busy || trimmed === ''}>
          {busy ? (note ? 'Saving…' : 'Sending…') : note ? 'Add note' : 'Send'}
        </button>
      </div>
      {error ? (
        <p className="error" role="alert" data-testid="reply-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}

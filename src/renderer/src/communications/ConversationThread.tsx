import { useEffect, useId, useRef, useState } from 'react';
import type { ConversationDetail, ConversationNote, MediaRef, MessageRow } from '../../../shared/api/communications';
import type { RingsideClient } from '../../../shared/api/contract';
import { formatPhone } from '../privacy/shown-phone';
import { useApiQuery } from '../api/use-api-query';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { useNow } from '../time/use-now';
import { lineLabel } from './line-words';
import { assigneeChoices, canReply, conversationStatusLabels, conversationTitle, deliveryText, messageTimeText, senderText, snoozedText, snoozePresets } from './message-words';
import { PhotoViewer } from './PhotoViewer';
import { ReplyBox } from './ReplyBox';
import { useMediaUrl } from './use-media-url';

const PAGE = 50;

type ThreadItem = { kind: 'message'; at: string; message: MessageRow } | { kind: 'note'; at: string; note: ConversationNote };

/** One conversation: its messages and the team's notes in order, the inbox actions, and the reply box. Opening it marks it read. */
export function ConversationThread({ client, conversationKey, onClose }: { client: RingsideClient; conversationKey: string; onClose(): void }) {
  const [limit, setLimit] = useState(PAGE);
  const thread = useApiQuery(client, 'messages.conversation', { conversationKey, limit });
  const titleId = useId();
  const unread = thread.data?.conversation.unreadCount ?? 0;
  useEffect(() => {
    if (unread > 0) void client.invoke('messages.markRead', { conversationKey }).catch(() => undefined);
  }, [client, conversationKey, unread]);

  return (
    <section className="comms-detail comms-thread" aria-labelledby={titleId} data-testid="conversation-thread">
      {thread.error ? (
        <p className="error" role="alert">
          Could not load this conversation: {thread.error}
        </p>
      ) : null}
      {thread.data === null && !thread.error ? <p className="muted">Loading…</p> : null}
      {thread.data ? (
        <ThreadBody client={client} detail={thread.data} titleId={titleId} onClose={onClose} onEarlier={() => setLimit((shown) => shown + PAGE)} />
      ) : null}
    </section>
  );
}

function ThreadBody({ client, detail, titleId, onClose, onEarlier }: { client: RingsideClient; detail: ConversationDetail; titleId: string; onClose(): void; onEarlier(): void }) {
  const { conversation } = detail;
  const now = useNow(30_000);
  const [photo, setPhoto] = useState<{ url: string; label: string } | null>(null);
  const items: ThreadItem[] = [
    ...detail.messages.map((message): ThreadItem => ({ kind: 'message', at: message.sentAt, message })),
    ...detail.notes.map((note): ThreadItem => ({ kind: 'note', at: note.at, note })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  // The newest message shows at the bottom of the thread's own scroll box (the page does not move).
  const threadRef = useRef<HTMLDivElement>(null);
  const newest = items.at(-1)?.at;
  useEffect(() => {
    const element = threadRef.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [newest]);
  const group = conversation.participants.length > 1;

  return (
    <>
      <header className="comms-detail__header">
        <div>
          <h2 id={titleId}>{conversationTitle(conversation)}</h2>
          <p className="muted">
            {group ? `${conversation.participants.map(formatPhone).join(', ')} · ` : conversation.customers.length > 0 ? `${formatPhone(conversation.participants[0] ?? '')} · ` : ''}
            on {lineLabel(conversation.businessNumber, conversation.lineName)}
          </p>
          <p className="thread-state" data-testid="thread-state">
            {conversation.status === 'snoozed' && conversation.snoozedUntil ? snoozedText(conversation.snoozedUntil, now) : conversationStatusLabels[conversation.status]}
            {conversation.assignee ? ` · assigned to ${conversation.assignee}` : ' · not assigned'}
          </p>
        </div>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </header>
      <InboxActions client={client} detail={detail} />

      <div className="thread" role="log" aria-label="Messages and notes" ref={threadRef}>
        {detail.hasEarlier ? (
          <button type="button" className="button button--quiet thread__earlier" onClick={onEarlier}>
            Show earlier messages
          </button>
        ) : null}
        {items.length === 0 ? <p className="muted">No messages yet.</p> : null}
        {items.map((item) =>
          item.kind === 'note' ? (
            <NoteBubble key={`note:${item.note.noteId}`} note={item.note} now={now} />
          ) : (
            <MessageBubble key={item.message.messageId} client={client} message={item.message} now={now} onOpenPhoto={setPhoto} />
          ),
        )}
      </div>

      {canReply(conversation) ? (
        <ReplyBox client={client} conversationKey={conversation.conversationKey} />
      ) : (
        <>
          <p className="thread__no-reply" data-testid="group-no-reply">
            This is a group text. Replies to group texts are not possible through OpenPhone; answer from the OpenPhone app. You can still add a note for the team.
          </p>
          <ReplyBox client={client} conversationKey={conversation.conversationKey} notesOnly />
        </>
      )}
      {photo ? <PhotoViewer url={photo.url} label={photo.label} onClose={() => setPhoto(null)} /> : null}
    </>
  );
}

function InboxActions({ client, detail }: { client: RingsideClient; detail: ConversationDetail }) {
  const { conversation } = detail;
  const key = conversation.conversationKey;
  const submit = useSubmit();
  const snoozeId = useId();
  const assignId = useId();
  const team = useApiQuery(client, 'messages.assignees', {});
  const open = conversation.status !== 'done';
  return (
    <div className="thread-actions" role="group" aria-label="Conversation actions">
      <button
        type="button"
        className="button"
        disabled={submit.busy}
        onClick={() =>
          void submit.run(async () => {
            await client.invoke('messages.setStatus', { conversationKey: key, status: open ? 'done' : 'open', snoozedUntil: null });
            return open ? 'Marked done.' : 'Reopened.';
          })
        }
      >
        {open ? 'Mark done' : 'Reopen'}
      </button>
      {conversation.status === 'snoozed' ? (
        <button
          type="button"
          className="button"
          disabled={submit.busy}
          onClick={() =>
            void submit.run(async () => {
              await client.invoke('messages.setStatus', { conversationKey: key, status: 'open', snoozedUntil: null });
              return 'Woken up.';
            })
          }
        >
          Unsnooze
        </button>
      ) : null}
      <label htmlFor={snoozeId} className="visually-hidden">
        Snooze until
      </label>
      <select
        id={snoozeId}
        className="input"
        value=""
        disabled={submit.busy}
        onChange={(event) => {
          const preset = snoozePresets(new Date()).find((choice) => choice.label === event.target.value);
          if (!preset) return;
          void submit.run(async () => {
            await client.invoke('messages.setStatus', { conversationKey: key, status: 'open', snoozedUntil: preset.until.toISOString() });
            return `Snoozed until ${preset.until.toLocaleString(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit' })}.`;
          });
        }}
      >
        <option value="">Snooze…</option>
        {snoozePresets(new Date()).map((preset) => (
          <option key={preset.label} value={preset.label}>
            {preset.label}
          </option>
        ))}
      </select>
      <label htmlFor={assignId}>Assign to</label>
      <select
        id={assignId}
        className="input"
        value={conversation.assignee ?? ''}
        disabled={submit.busy}
        data-testid="thread-assign"
        onChange={(event) => {
          const name = event.target.value;
          void submit.run(async () => {
            await client.invoke('messages.assign', { conversationKey: key, assignee: name === '' ? null : name });
            return name === '' ? 'Unassigned.' : name === team.data?.me ? 'Assigned to you.' : `Assigned to ${name}.`;
          });
        }}
      >
        {assigneeChoices(team.data ?? null, conversation.assignee).map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <SubmitStatus state={submit} testId="thread-action" />
    </div>
  );
}

function NoteBubble({ note, now }: { note: ConversationNote; now: number }) {
  return (
    <article className="bubble bubble--note" aria-label={`Note by ${note.by}`} data-testid="thread-note">
      <p className="bubble__meta">
        <strong>Note</strong> by {note.by} · {messageTimeText(note.at, now)} · <span>Only your team sees notes</span>
      </p>
      <p className="bubble__text">{note.text}</p>
    </article>
  );
}

function MessageBubble({ client, message, now, onOpenPhoto }: { client: RingsideClient; message: MessageRow; now: number; onOpenPhoto(photo: { url: string; label: string }): void }) {
  const incoming = message.direction === 'incoming';
  const delivery = deliveryText(message);
  const who = senderText(message);
  return (
    <article
      className={`bubble ${incoming ? 'bubble--in' : 'bubble--out'}${delivery?.failed ? ' bubble--failed' : ''}`}
      aria-label={`${incoming ? 'Message from' : 'Sent by'} ${who}`}
      data-testid="thread-message"
      data-message-id={message.messageId}
    >
      <p className="bubble__meta">
        {who} · {messageTimeText(message.sentAt, now)}
        {message.campaignId ? <span className="badge badge--quiet">Campaign</span> : null}
        {message.campaignResponse ? <span className="badge badge--reply">Reply to a campaign</span> : null}
      </p>
      {message.body ? <p className="bubble__text">{message.body}</p> : null}
      {message.media.length > 0 ? (
        <div className="bubble__media">
          {message.media.map((media, index) => (
            <Attachment key={media.mediaId} client={client} media={media} number={index + 1} who={who} onOpen={onOpenPhoto} />
          ))}
        </div>
      ) : null}
      {delivery ? <p className={delivery.failed ? 'bubble__delivery bubble__delivery--failed' : 'bubble__delivery'}>{delivery.text}</p> : null}
    </article>
  );
}

function Attachment({ client, media, number, who, onOpen }: { client: RingsideClient; media: MediaRef; number: number; who: string; onOpen(photo: { url: string; label: string }): void }) {
  const { url, problem } = useMediaUrl(client, media);
  const label = `Photo ${number} from ${who}`;
  const image = media.contentType?.startsWith('image/') ?? true;
  if (problem) return <span className="bubble__attachment muted">{problem}</span>;
  if (!url) return <span className="bubble__attachment muted">{media.state === 'pending' ? 'Attachment still being saved…' : 'Loading attachment…'}</span>;
  if (!image) {
    return (
      <a className="bubble__attachment" href={url} download>
        Download attachment
      </a>
    );
  }
  return (
    <button type="button" className="bubble__photo" onClick={() => onOpen({ url, label })} aria-label={`Open photo ${number} from ${who}`}>
      <img src={url} alt={label} />
    </button>
  );
}

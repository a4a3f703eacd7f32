import { useId, useState } from 'react';
import type { ConversationRow } from '../../../shared/api/communications';
import type { ApiInput, CustomerSummary, RingsideClient } from '../../../shared/api/contract';
import { apiQueryKey, useApiQuery } from '../api/use-api-query';
import { CustomerPicker } from '../customers/CustomerPicker';
import { countText } from '../lists/count-text';
import { usePagedList } from '../lists/use-paged-list';
import { VirtualList } from '../lists/VirtualTable';
import { useNow } from '../time/use-now';
import { ConversationThread } from './ConversationThread';
import { LineSelect } from './LineSelect';
import { localDayRange } from './local-day-range';
import { conversationLineText, conversationStatusLabels, conversationTitle, messageTimeText, snoozedText } from './message-words';

const PAGE = 100;

type ConversationsInput = ApiInput<'messages.conversations'>;
type StatusChoice = NonNullable<ConversationsInput['status']>;
type CampaignChoice = 'hide' | 'show' | 'responses_only' | 'non_campaign_only';
type ConversationCursor = { lastMessageAt: string; conversationKey: string };

const statusChoices: { value: StatusChoice; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'snoozed', label: 'Snoozed' },
  { value: 'done', label: 'Done' },
  { value: 'all', label: 'All' },
];

const campaignChoices: { value: CampaignChoice; label: string }[] = [
  { value: 'hide', label: 'Hide campaign messages' },
  { value: 'show', label: 'Show campaign messages' },
  { value: 'responses_only', label: 'Only replies to campaigns' },
  { value: 'non_campaign_only', label: 'Only non-campaign messages' },
];

/** The shared inbox: threads with the filters on the left, the chosen thread on the right. */
export function MessagesView({ client, openKey, onOpen }: { client: RingsideClient; openKey: string | null; onOpen(conversationKey: string | null): void }) {
  const ids = useId();
  const [status, setStatus] = useState<StatusChoice>('open');
  const [campaigns, setCampaigns] = useState<CampaignChoice>('hide');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [needsReplyOnly, setNeedsReplyOnly] = useState(false);
  const [line, setLine] = useState<string | undefined>(undefined);
  const [customer, setCustomer] = useState<CustomerSummary | null>(null);
  const [mineOnly, setMineOnly] = useState(false);
  const now = useNow(30_000);
  const me = useApiQuery(client, 'messages.assignees', {}).data?.me ?? null;
  const lines = useApiQuery(client, 'team.lines', {});

  const input: ConversationsInput = {
    limit: PAGE,
    status,
    ...(mineOnly && me !== null ? { assignee: me } : {}),
    filter: {
      campaigns,
      unreadOnly,
      needsReplyOnly,
      ...localDayRange(from, to),
      ...(line ? { line } : {}),
      ...(customer ? { customerId: customer.id } : {}),
    },
  };
  const conversations = usePagedList({
    queryKey: apiQueryKey('messages.conversations', input),
    pageSize: PAGE,
    read: (after: ConversationCursor | undefined) => client.invoke('messages.conversations', after ? { ...input, after } : input),
    cursorOf: (row: ConversationRow) => ({ lastMessageAt: row.lastMessageAt, conversationKey: row.conversationKey }),
  });
  const rows = conversations.rows;
  // Rows name their line only where the business has more than one.
  const manyLines = (lines.data?.length ?? 0) > 1 || new Set(rows?.map((row) => row.businessNumber)).size > 1;

  return (
    <div className="comms-messages">
      <div className="comms-filters" role="group" aria-label="Filter conversations">
        <div className="comms-filter">
          <label htmlFor={`${ids}-status`}>Show</label>
          <select id={`${ids}-status`} className="input" value={status} onChange={(event) => setStatus(event.target.value as StatusChoice)}>
            {statusChoices.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        <div className="comms-filter">
          <label htmlFor={`${ids}-campaigns`}>Campaigns</label>
          <select id={`${ids}-campaigns`} className="input" value={campaigns} onChange={(event) => setCampaigns(event.target.value as CampaignChoice)}>
            {campaignChoices.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        <div className="comms-filter">
          <label htmlFor={`${ids}-from`}>From</label>
          <input id={`${ids}-from`} type="date" className="input" value={from} max={to || undefined} onChange={(event) => setFrom(event.target.value)} />
        </div>
        <div className="comms-filter">
          <label htmlFor={`${ids}-to`}>To</label>
          <input id={`${ids}-to`} type="date" className="input" value={to} min={from || undefined} onChange={(event) => setTo(event.target.value)} />
        </div>
        <LineSelect seen={rows?.map((row) => ({ number: row.businessNumber, name: row.lineName })) ?? []} value={line} onChange={setLine} />
        <div className="comms-filter comms-filter--customer">
          <CustomerPicker client={client} label="Customer" value={customer} onChange={setCustomer} />
        </div>
        <div className="comms-filter comms-filter--checks">
          <label className="check">
            <input type="checkbox" checked={unreadOnly} onChange={(event) => setUnreadOnly(event.target.checked)} /> Unread
          </label>
          <label className="check">
            <input type="checkbox" checked={needsReplyOnly} onChange={(event) => setNeedsReplyOnly(event.target.checked)} /> Needs reply
          </label>
          {me !== null ? (
            <label className="check">
              <input type="checkbox" checked={mineOnly} onChange={(event) => setMineOnly(event.target.checked)} data-testid="filter-assigned-to-me" /> Assigned to me
            </label>
          ) : null}
        </div>
      </div>

      <div className={openKey ? 'comms-split comms-split--open' : 'comms-split'}>
        <section className="comms-list" aria-label="Conversations">
          {conversations.total !== null ? <p className="count">{countText(conversations.total, 'conversation')}</p> : null}
          {conversations.error ? (
            <p className="error" role="alert">
              Could not load the conversations: {conversations.error}
            </p>
          ) : null}
          {rows === null && !conversations.error ? <p className="muted">Loading…</p> : null}
          {rows?.length === 0 ? <p className="empty">No conversations match.</p> : null}
          {rows && rows.length > 0 ? (
            <VirtualList
              items={rows}
              itemKey={(row) => row.conversationKey}
              estimateItemHeight={86}
              className="conversation-list"
              onNearEnd={conversations.loadMore}
              renderItem={(row) => (
                <ConversationItem row={row} now={now} me={me} showLine={manyLines} selected={row.conversationKey === openKey} onOpen={() => onOpen(row.conversationKey)} />
              )}
            />
          ) : null}
          {conversations.loadingMore ? <p className="muted">Loading older conversations…</p> : null}
        </section>
        {openKey ? <ConversationThread key={openKey} client={client} conversationKey={openKey} onClose={() => onOpen(null)} /> : null}
      </div>
    </div>
  );
}

function ConversationItem({ row, now, me, showLine, selected, onOpen }: { row: ConversationRow; now: number; me: string | null; showLine: boolean; selected: boolean; onOpen(): void }) {
  const title = conversationTitle(row);
  const unread = row.unreadCount > 0;
  return (
    <button
      type="button"
      className={`conversation${selected ? ' is-selected' : ''}${unread ? ' is-unread' : ''}`}
      aria-current={selected ? 'true' : undefined}
      onClick={onOpen}
      data-testid="conversation"
      data-conversation-key={row.conversationKey}
    >
      <span className="conversation__top">
        <span className="conversation__title">{title}</span>
        <time className="conversation__time muted">{messageTimeText(row.lastMessageAt, now)}</time>
      </span>
      <span className="conversation__preview">
        {row.lastMessageDirection === 'outgoing' ? <span className="muted">Sent: </span> : null}
        {row.lastMessagePreview}
      </span>
      <span className="conversation__tags">
        {showLine ? (
          <span className="badge badge--line" data-testid="conversation-line">
            {conversationLineText(row)}
          </span>
        ) : null}
        {row.campaignReply ? <span className="badge badge--reply">Reply to a campaign</span> : null}
        {unread ? <span className="badge badge--unread">{row.unreadCount === 1 ? '1 unread' : `${row.unreadCount} unread`}</span> : null}
        {row.needsReply ? <span className="badge badge--reply">Needs reply</span> : null}
        {row.status === 'snoozed' && row.snoozedUntil ? <span className="badge badge--quiet">{snoozedText(row.snoozedUntil, now)}</span> : null}
        {row.status === 'done' ? <span className="badge badge--quiet">{conversationStatusLabels.done}</span> : null}
        {row.assignee ? <span className="badge badge--quiet">{row.assignee === me ? 'Assigned to me' : `Assigned to ${row.assignee}`}</span> : null}
      </span>
    </button>
  );
}

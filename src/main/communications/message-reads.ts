import type { z } from 'zod';
import type {
  CampaignRow,
  ConversationDetail,
  ConversationRow,
  ConversationStatus,
  communicationsApiInputSchemas,
  MessageRow,
  SearchHit,
} from '../../shared/api/communications';
import type { Page } from '../../shared/api/page';
import type { CardLastMessage } from '../../shared/card';
import { parseConversationKey } from '../../shared/messages/conversation-key';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { MessageStatus } from '../db/schema';
import { deliveryFailure } from '../messages/message-status';
import { lineNameSql, userNameSql } from './directory-names';
import { mediaRefsOf, withoutKind } from './media-refs';
import { bringMessageSearchUpToDate } from './message-search-index';

type Input<M extends keyof typeof communicationsApiInputSchemas> = z.output<(typeof communicationsApiInputSchemas)[M]>;
type FeedFilter = Input<'messages.feed'>['filter'];
type CampaignFilter = FeedFilter['campaigns'];

/**
 * Inbox status as the team reads it: done or snoozed until an incoming message comes
 * after the change (a customer writing again reopens the thread), snoozed only until
 * its time. `cv` is conversations, `i` conversation_inbox; @now is bound.
 */
const STATUS_SQL = `CASE
  WHEN i.status = 'done' AND (cv.last_incoming_at_ms IS NULL OR cv.last_incoming_at_ms <= i.status_at_ms) THEN 'done'
  WHEN i.snoozed_until_ms > @now AND (cv.last_incoming_at_ms IS NULL OR cv.last_incoming_at_ms <= i.status_at_ms) THEN 'snoozed'
  ELSE 'open' END`;

const READ_MARK = 'COALESCE(r.read_through_ms, -1)';

const CONVERSATION_FROM = `FROM conversations cv
  LEFT JOIN conversation_inbox i ON i.conversation_key = cv.conversation_key
  LEFT JOIN conversation_reads r ON r.conversation_key = cv.conversation_key`;

interface ConversationSqlRow {
  conversation_key: string;
  business_e164: string;
  line_name: string | null;
  participants_json: string;
  last_message_at_ms: number;
  last_preview: string;
  last_direction: 'incoming' | 'outgoing';
  status: ConversationStatus;
  snoozed_until_ms: number | null;
  assignee: string | null;
  unread: number;
  has_response: number;
}

const CONVERSATION_COLUMNS = `cv.conversation_key, cv.business_e164, ${lineNameSql('cv.business_e164')} AS line_name, cv.participants_json, cv.last_message_at_ms, cv.last_preview, cv.last_direction,
  ${STATUS_SQL} AS status, i.snoozed_until_ms, i.assignee, cv.has_response,
  (SELECT count(*) FROM messages m WHERE m.conversation_key = cv.conversation_key AND m.sent_at_ms > ${READ_MARK} AND m.direction = 'incoming') AS unread`;

/** The conditions a feed filter puts on conversations (`cv`). */
function conversationFilter(filter: FeedFilter, where: string[], params: Record<string, unknown>): void {
  const campaigns: Record<CampaignFilter, string | null> = {
    hide: 'cv.has_visible = 1',
    show: null,
    responses_only: 'cv.has_response = 1',
    non_campaign_only: 'cv.has_campaign = 0',
  };
  const campaign = campaigns[filter.campaigns];
  if (campaign) where.push(campaign);
  // Any text in the range, not only the newest: a thread with a newer text still had that day's talk.
  const range: string[] = [];
  if (filter.from) {
    range.push('m.sent_at_ms >= @fromMs');
    params['fromMs'] = Date.parse(filter.from);
  }
  if (filter.to) {
    range.push('m.sent_at_ms < @toMs');
    params['toMs'] = Date.parse(filter.to);
  }
  if (range.length > 0) where.push(`EXISTS (SELECT 1 FROM messages m WHERE m.conversation_key = cv.conversation_key AND ${range.join(' AND ')})`);
  if (filter.unreadOnly) where.push(`cv.last_incoming_at_ms > ${READ_MARK}`);
  if (filter.needsReplyOnly) where.push(`cv.last_direction = 'incoming'`);
  if (filter.line) {
    where.push('cv.business_e164 = @line');
    params['line'] = filter.line;
  }
  if (filter.customerId) {
    where.push(`cv.conversation_key IN (SELECT cp.conversation_key FROM customer_phones p JOIN conversation_participants cp ON cp.phone_e164 = p.phone_e164 WHERE p.customer_id = @customerId)`);
    params['customerId'] = filter.customerId;
  }
}

/** The inbox's conversations, newest first, paged on (lastMessageAt, conversationKey), with the count of all that match. */
export function conversationPage(db: ConsoleDatabase, input: Input<'messages.conversations'>, now: Date): Page<ConversationRow> {
  const where: string[] = [];
  const params: Record<string, unknown> = { now: now.getTime() };
  conversationFilter(input.filter, where, params);
  if (input.status !== 'all') {
    where.push(`(${STATUS_SQL}) = @status`);
    params['status'] = input.status;
  }
  if (input.assignee !== undefined) {
    where.push('i.assignee = @assignee');
    params['assignee'] = input.assignee;
  }
  const total = (db.sqlite.prepare(`SELECT count(*) AS n ${CONVERSATION_FROM} ${whereOf(where)}`).get(params) as { n: number }).n;
  if (input.after) {
    where.push('(cv.last_message_at_ms < @afterMs OR (cv.last_message_at_ms = @afterMs AND cv.conversation_key < @afterKey))');
    params['afterMs'] = Date.parse(input.after.lastMessageAt);
    params['afterKey'] = input.after.conversationKey;
  }
  const rows = db.sqlite
    .prepare(`SELECT ${CONVERSATION_COLUMNS} ${CONVERSATION_FROM} ${whereOf(where)} ORDER BY cv.last_message_at_ms DESC, cv.conversation_key DESC LIMIT @limit`)
    .all({ ...params, limit: input.limit }) as ConversationSqlRow[];
  return { rows: conversationRows(db, rows), total };
}

function whereOf(where: readonly string[]): string {
  return where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
}

function conversationRows(db: ConsoleDatabase, rows: readonly ConversationSqlRow[]): ConversationRow[] {
  const customers = customersOf(db, rows.map((r) => r.conversation_key));
  return rows.map((row) => ({
    conversationKey: row.conversation_key,
    businessNumber: row.business_e164,
    lineName: row.line_name,
    participants: JSON.parse(row.participants_json) as string[],
    customers: customers.get(row.conversation_key) ?? [],
    status: row.status,
    snoozedUntil: row.status === 'snoozed' && row.snoozed_until_ms !== null ? new Date(row.snoozed_until_ms).toISOString() : null,
    assignee: row.assignee,
    unreadCount: row.unread,
    needsReply: row.last_direction === 'incoming',
    lastMessageAt: new Date(row.last_message_at_ms).toISOString(),
    lastMessagePreview: row.last_preview,
    lastMessageDirection: row.last_direction,
    campaignReply: row.has_response === 1,
  }));
}

/** Customers of conversations, through any of their numbers; a group thread may link several. */
function customersOf(db: ConsoleDatabase, keys: readonly string[]): Map<string, { id: string; name: string }[]> {
  const byKey = new Map<string, { id: string; name: string }[]>();
  if (keys.length === 0) return byKey;
  const rows = db.sqlite
    .prepare(
      `SELECT DISTINCT cp.conversation_key, c.customer_id, c.name FROM conversation_participants cp
       JOIN customer_phones p ON p.phone_e164 = cp.phone_e164 JOIN customers c ON c.customer_id = p.customer_id
       WHERE cp.conversation_key IN (SELECT value FROM json_each(?)) ORDER BY c.name, c.customer_id`,
    )
    .all(JSON.stringify(keys)) as { conversation_key: string; customer_id: string; name: string }[];
  for (const row of rows) byKey.set(row.conversation_key, [...(byKey.get(row.conversation_key) ?? []), { id: row.customer_id, name: row.name }]);
  return byKey;
}

interface MessageSqlRow {
  message_id: string;
  conversation_key: string;
  direction: 'incoming' | 'outgoing';
  from_e164: string;
  from_name: string | null;
  body: string;
  status: MessageStatus;
  error_code: string | null;
  sent_at_ms: number;
  campaign_id: string | null;
  campaign_response: number;
  sent_here: number;
}

/**
 * The sender's name: for an incoming message the customer with that number, else the
 * provider's contact; for an outgoing one the workspace user who sent it, when the
 * provider's directory names them, else the line's name ("Front desk"). `sent_here`:
 * this console sent it (messages_sent_here), the only texts a thread calls "You".
 */
const MESSAGE_COLUMNS = `m.message_id, m.conversation_key, m.direction, m.from_e164, m.body, m.status, m.error_code, m.sent_at_ms, m.campaign_id, m.campaign_response,
  CASE WHEN m.direction = 'incoming' THEN COALESCE(
    (SELECT c.name FROM customer_phones p JOIN customers c ON c.customer_id = p.customer_id WHERE p.phone_e164 = m.from_e164 ORDER BY c.updated_seq DESC LIMIT 1),
    (SELECT k.name FROM contact_phones kp JOIN contacts k ON k.contact_id = kp.contact_id WHERE kp.phone_e164 = m.from_e164 AND k.name IS NOT NULL LIMIT 1))
  ELSE COALESCE(${userNameSql('m.user_id')}, ${lineNameSql('m.business_e164')}) END AS from_name,
  EXISTS (SELECT 1 FROM messages_sent_here h WHERE h.message_id = m.message_id) AS sent_here`;

function campaignCondition(filter: CampaignFilter): string | null {
  switch (filter) {
    case 'hide':
      return 'm.campaign_id IS NULL';
    case 'show':
      return null;
    case 'responses_only':
      return 'm.campaign_response = 1';
    case 'non_campaign_only':
      return 'm.campaign_id IS NULL AND m.campaign_response = 0';
  }
}

function messageRows(db: ConsoleDatabase, rows: readonly MessageSqlRow[]): MessageRow[] {
  const media = mediaRefsOf(db, rows.map((r) => r.message_id), 'media');
  return rows.map((row) => ({
    messageId: row.message_id,
    conversationKey: row.conversation_key,
    direction: row.direction,
    from: row.from_e164,
    fromName: row.from_name,
    body: row.body,
    media: (media.get(row.message_id) ?? []).map(withoutKind),
    status: row.status,
    failure: deliveryFailure(row.status, row.error_code),
    sentAt: new Date(row.sent_at_ms).toISOString(),
    campaignId: row.campaign_id,
    campaignResponse: row.campaign_response === 1,
    sentHere: row.sent_here === 1,
  }));
}

/** One thread: its newest `limit` messages (or those before `before`), oldest first, with its notes. */
export function conversationDetail(db: ConsoleDatabase, input: Input<'messages.conversation'>, now: Date): ConversationDetail | null {
  const row = db.sqlite.prepare(`SELECT ${CONVERSATION_COLUMNS} ${CONVERSATION_FROM} WHERE cv.conversation_key = @key`).get({ key: input.conversationKey, now: now.getTime() }) as
    | ConversationSqlRow
    | undefined;
  if (!row) return null;
  const where = ['m.conversation_key = @key'];
  const params: Record<string, unknown> = { key: input.conversationKey };
  const campaign = campaignCondition(input.campaigns);
  if (campaign) where.push(campaign);
  if (input.before) {
    where.push('(m.sent_at_ms < @beforeMs OR (m.sent_at_ms = @beforeMs AND m.message_id < @beforeId))');
    params['beforeMs'] = Date.parse(input.before.sentAt);
    params['beforeId'] = input.before.messageId;
  }
  const newestFirst = db.sqlite
    .prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m ${whereOf(where)} ORDER BY m.sent_at_ms DESC, m.message_id DESC LIMIT @limit`)
    .all({ ...params, limit: input.limit + 1 }) as MessageSqlRow[];
  const hasEarlier = newestFirst.length > input.limit;
  const notes = db.sqlite.prepare('SELECT note_id, text, by_whom, at_ms FROM conversation_notes WHERE conversation_key = ? ORDER BY seq').all(input.conversationKey) as {
    note_id: string;
    text: string;
    by_whom: string;
    at_ms: number;
  }[];
  return {
    conversation: conversationRows(db, [row])[0]!,
    messages: messageRows(db, newestFirst.slice(0, input.limit).reverse()),
    notes: notes.map((n) => ({ noteId: n.note_id, text: n.text, by: n.by_whom, at: new Date(n.at_ms).toISOString() })),
    hasEarlier,
  };
}

/** The activity feed: every message newest first, campaign messages hidden unless asked for, with the count of all that match. */
export function messageFeed(db: ConsoleDatabase, input: Input<'messages.feed'>): Page<MessageRow> {
  const { filter } = input;
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const campaign = campaignCondition(filter.campaigns);
  if (campaign) where.push(campaign);
  if (filter.from) {
    where.push('m.sent_at_ms >= @fromMs');
    params['fromMs'] = Date.parse(filter.from);
  }
  if (filter.to) {
    where.push('m.sent_at_ms < @toMs');
    params['toMs'] = Date.parse(filter.to);
  }
  if (filter.unreadOnly) where.push(`m.direction = 'incoming' AND m.sent_at_ms > COALESCE((SELECT r.read_through_ms FROM conversation_reads r WHERE r.conversation_key = m.conversation_key), -1)`);
  if (filter.needsReplyOnly) where.push(`m.conversation_key IN (SELECT conversation_key FROM conversations WHERE last_direction = 'incoming')`);
  if (filter.line) {
    where.push('m.business_e164 = @line');
    params['line'] = filter.line;
  }
  if (filter.customerId) {
    where.push(`m.conversation_key IN (SELECT cp.conversation_key FROM customer_phones p JOIN conversation_participants cp ON cp.phone_e164 = p.phone_e164 WHERE p.customer_id = @customerId)`);
    params['customerId'] = filter.customerId;
  }
  const total = (db.sqlite.prepare(`SELECT count(*) AS n FROM messages m ${whereOf(where)}`).get(params) as { n: number }).n;
  if (input.before) {
    where.push('(m.sent_at_ms < @beforeMs OR (m.sent_at_ms = @beforeMs AND m.message_id < @beforeId))');
    params['beforeMs'] = Date.parse(input.before.sentAt);
    params['beforeId'] = input.before.messageId;
  }
  const rows = db.sqlite
    .prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages m ${whereOf(where)} ORDER BY m.sent_at_ms DESC, m.message_id DESC LIMIT @limit`)
    .all({ ...params, limit: input.limit }) as MessageSqlRow[];
  return { rows: messageRows(db, rows), total };
}

/** Campaigns, most recent first. */
export function campaignList(db: ConsoleDatabase, limit: number): CampaignRow[] {
  const rows = db.sqlite.prepare('SELECT * FROM campaigns ORDER BY last_sent_at_ms DESC, campaign_id LIMIT ?').all(limit) as {
    campaign_id: string;
    business_e164: string;
    text: string;
    recipients: number;
    responses: number;
    first_sent_at_ms: number;
    last_sent_at_ms: number;
  }[];
  return rows.map((r) => ({
    campaignId: r.campaign_id,
    text: r.text,
    businessNumber: r.business_e164,
    recipients: r.recipients,
    responses: r.responses,
    firstSentAt: new Date(r.first_sent_at_ms).toISOString(),
    lastSentAt: new Date(r.last_sent_at_ms).toISOString(),
  }));
}

/** Conversations in the default list (campaign-only ones left out) with incoming messages this console has not read. */
export function unreadConversations(db: ConsoleDatabase): number {
  return (
    db.sqlite
      .prepare(`SELECT count(*) AS n FROM conversations cv LEFT JOIN conversation_reads r ON r.conversation_key = cv.conversation_key WHERE cv.has_visible = 1 AND cv.last_incoming_at_ms > ${READ_MARK}`)
      .get() as { n: number }
  ).n;
}

/** Notes a text this console sent (its messageId from the relay), so its threads say "You" for it and only for it. */
export function rememberSentHere(db: ConsoleDatabase, messageId: string, nowMs: number): void {
  db.sqlite.prepare('INSERT INTO messages_sent_here (message_id, sent_at_ms) VALUES (?, ?) ON CONFLICT (message_id) DO NOTHING').run(messageId, nowMs);
}

/** Marks a conversation read on this console, through its newest message (a local mark, not an event). */
export function markConversationRead(db: ConsoleDatabase, conversationKey: string): void {
  db.sqlite
    .prepare(
      `INSERT INTO conversation_reads (conversation_key, read_through_ms)
       SELECT conversation_key, last_message_at_ms FROM conversations WHERE conversation_key = ?
       ON CONFLICT (conversation_key) DO UPDATE SET read_through_ms = max(read_through_ms, excluded.read_through_ms)`,
    )
    .run(conversationKey);
}

/** The other party of a 1:1 thread, from its key (a group thread's names no single customer). */
const OTHER_PARTY = "substr(m.conversation_key, instr(m.conversation_key, '|') + 1)";

/**
 * Messages and transcript lines containing the words, newest first. Trigram search needs
 * three characters; a shorter query reads the bodies directly.
 */
export function searchMessages(db: ConsoleDatabase, query: string, limit: number): SearchHit[] {
  const words = query.trim();
  if (words === '') return [];
  bringMessageSearchUpToDate(db);
  const customerOf = (number: string) =>
    `(SELECT c.name FROM customer_phones p JOIN customers c ON c.customer_id = p.customer_id WHERE p.phone_e164 = ${number} ORDER BY c.updated_seq DESC LIMIT 1)`;
  const short = [...words].length < 3;
  const phrase = `"${words.replace(/"/g, '""')}"`;
  const like = `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const messages = (
    short
      ? db.sqlite
          .prepare(
            `SELECT m.message_id, m.conversation_key, m.body AS snippet, m.sent_at_ms, ${customerOf(OTHER_PARTY)} AS customer_name
             FROM messages m WHERE m.body LIKE ? ESCAPE '\\' ORDER BY m.sent_at_ms DESC LIMIT ?`,
          )
          .all(like, limit)
      : db.sqlite
          .prepare(
            `SELECT m.message_id, m.conversation_key, snippet(message_search, 0, '', '', '…', 12) AS snippet, m.sent_at_ms,
               ${customerOf(OTHER_PARTY)} AS customer_name
             FROM message_search s JOIN messages m ON m.message_rowid = s.rowid WHERE message_search MATCH ? ORDER BY m.sent_at_ms DESC LIMIT ?`,
          )
          .all(phrase, limit)
  ) as { message_id: string; conversation_key: string; snippet: string; sent_at_ms: number; customer_name: string | null }[];
  const lines = (
    short
      ? db.sqlite
          .prepare(
            `SELECT t.call_id, t.text AS snippet, c.started_at_ms, c.external_e164, ${customerOf('c.external_e164')} AS customer_name
             FROM transcript_lines t JOIN calls c ON c.call_id = t.call_id WHERE t.text LIKE ? ESCAPE '\\' ORDER BY c.started_at_ms DESC LIMIT ?`,
          )
          .all(like, limit)
      : db.sqlite
          .prepare(
            `SELECT t.call_id, snippet(transcript_search, 0, '', '', '…', 12) AS snippet, c.started_at_ms, c.external_e164, ${customerOf('c.external_e164')} AS customer_name
             FROM transcript_search s JOIN transcript_lines t ON t.line_rowid = s.rowid JOIN calls c ON c.call_id = t.call_id
             WHERE transcript_search MATCH ? ORDER BY c.started_at_ms DESC LIMIT ?`,
          )
          .all(phrase, limit)
  ) as { call_id: string; snippet: string; started_at_ms: number; external_e164: string; customer_name: string | null }[];
  const hits: (SearchHit & { ms: number })[] = [
    ...messages.map((m) => ({ kind: 'message' as const, messageId: m.message_id, conversationKey: m.conversation_key, snippet: m.snippet.slice(0, 300), at: new Date(m.sent_at_ms).toISOString(), customerName: m.customer_name, numbers: parseConversationKey(m.conversation_key)?.participants ?? [], ms: m.sent_at_ms })),
    ...lines.map((l) => ({ kind: 'transcript' as const, callId: l.call_id, snippet: l.snippet.slice(0, 300), at: new Date(l.started_at_ms).toISOString(), customerName: l.customer_name, numbers: [l.external_e164], ms: l.started_at_ms })),
  ];
  return hits
    .sort((a, b) => b.ms - a.ms)
    .slice(0, limit)
    .map(({ ms: _ms, ...hit }) => hit as SearchHit);
}

/** The newest text (campaign texts left out) in any conversation with one of these numbers, for the caller card. */
export function lastMessageWith(db: ConsoleDatabase, numbers: readonly string[]): CardLastMessage | null {
  if (numbers.length === 0) return null;
  const row = db.sqlite
    .prepare(
      `SELECT m.message_id, m.conversation_key, m.direction, m.body, m.sent_at_ms FROM messages m
       WHERE m.conversation_key IN (SELECT conversation_key FROM conversation_participants WHERE phone_e164 IN (SELECT value FROM json_each(?)))
         AND m.campaign_id IS NULL
       ORDER BY m.sent_at_ms DESC, m.message_id DESC LIMIT 1`,
    )
    .get(JSON.stringify(numbers)) as { message_id: string; conversation_key: string; direction: 'incoming' | 'outgoing'; body: string; sent_at_ms: number } | undefined;
  if (!row) return null;
  return {
    conversationKey: row.conversation_key,
    direction: row.direction,
    preview: row.body !== '' ? row.body.slice(0, 200) : 'Photo or attachment',
    at: new Date(row.sent_at_ms).toISOString(),
  };
}

import { afterEach, describe, expect, it } from 'vitest';
import { unanswered } from '../../../tests/support/event-builders';
import { EVENT_MODEL_VERSION, type EventOf, type RingsideEvent } from '../../shared/events/model';
import { conversationKey } from '../../shared/messages/conversation-key';
import { callbackQueue } from '../callbacks/callback-reads';
import { missedCallCanWait } from '../callbacks/callback-rules';
import { callPage } from '../communications/call-reads';
import { conversationPage, markConversationRead, unreadConversations } from '../communications/message-reads';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch, type ApplyResult } from './apply-event';
import { isImportedHistory, readMarkAfterImportedText } from './imported-history';

const LINE = '+16175550199';
const ADA = '+16175550111';
const BEN = '+16175550122';
const NOW = new Date('2026-12-01T18:00:00.000Z');
const LAST_SPRING = '2026-04-14T15:00:00.000Z';
const YESTERDAY = '2026-11-30T15:00:00.000Z';
const FILTER = { campaigns: 'hide', unreadOnly: false, needsReplyOnly: false } as const;
const later = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

type Origin = NonNullable<RingsideEvent['origin']>;
const IMPORTED: Origin = { by: 'import', recordOnly: true };
const RECONCILED: Origin = { by: 'reconciliation', recordOnly: false };

function by<E extends RingsideEvent>(event: E, origin: Origin): E {
  return { ...event, origin };
}

function text(messageId: string, from: string, body: string, sentAt: string): EventOf<'message.recorded'> {
  return {
    v: EVENT_MODEL_VERSION,
    id: `${messageId}:${sentAt}`,
    source: 'openphone',
    occurredAt: sentAt,
    receivedAt: sentAt,
    lines: [LINE],
    type: 'message.recorded',
    data: {
      messageId,
      direction: 'incoming',
      businessNumber: LINE,
      from,
      participants: [from],
      body,
      media: [],
      status: 'received',
      errorCode: null,
      sentAt,
      providerConversationId: null,
      userId: null,
      campaignId: null,
      healthCheck: false,
    },
  };
}

describe('history the OpenPhone import brought in is history', () => {
  const dbs: ConsoleDatabase[] = [];
  let seq = 0;
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.close();
    seq = 0;
  });
  async function freshConsole(): Promise<ConsoleDatabase> {
    const db = await openConsoleDatabase(':memory:');
    dbs.push(db);
    return db;
  }
  const apply = (db: ConsoleDatabase, ...events: RingsideEvent[]): ApplyResult => applyBatch(db, events.map((event) => ({ seq: ++seq, event })));

  it('only what the import brought is history; what the reconciliation recovered and what came by webhook is live', () => {
    const call = unanswered('openphone:AC1', ADA, LAST_SPRING);
    expect(isImportedHistory(by(call, IMPORTED))).toBe(true);
    expect(isImportedHistory(by(call, { by: 'import', recordOnly: false }))).toBe(true);
    expect(isImportedHistory(by(call, RECONCILED))).toBe(false);
    expect(isImportedHistory(call)).toBe(false);
    expect(missedCallCanWait(by(call, IMPORTED))).toBe(false);
    expect(missedCallCanWait(by(call, RECONCILED))).toBe(true);
  });

  it('an imported text is read through unless the mark covers it already or an unread text lies before it', () => {
    expect(readMarkAfterImportedText(null, 1000, false)).toBe(1000);
    expect(readMarkAfterImportedText(500, 1000, false)).toBe(1000);
    expect(readMarkAfterImportedText(2000, 1000, false)).toBeNull();
    expect(readMarkAfterImportedText(500, 1000, true)).toBeNull();
  });

  it('a missed call imported from last spring’s history is not waiting for a call back, but is in the calls history', async () => {
    const db = await freshConsole();
    apply(db, by(unanswered('openphone:AC1', ADA, LAST_SPRING, true), IMPORTED));
    expect(callbackQueue(db, { limit: 50, includeOlder: true }, NOW)).toMatchObject({ total: 0, older: 0 });
    expect(callPage(db, { limit: 10 }, NOW.getTime()).rows.map((r) => r.callId)).toEqual(['openphone:AC1']);
  });

  it('a missed call the reconciliation recovered from yesterday waits for a call back like one that came by webhook', async () => {
    const db = await freshConsole();
    apply(db, by(unanswered('openphone:AC2', BEN, YESTERDAY), RECONCILED), unanswered('openphone:AC3', ADA, later(YESTERDAY, 5)));
    expect(callbackQueue(db, { limit: 50 }, NOW).entries.map((e) => e.number).sort()).toEqual([ADA, BEN].sort());
  });

  it('an imported missed call does not join a caller’s entry that is waiting already', async () => {
    const db = await freshConsole();
    apply(db, unanswered('openphone:AC4', ADA, YESTERDAY), by(unanswered('openphone:AC5', ADA, LAST_SPRING), IMPORTED));
    expect(callbackQueue(db, { limit: 50 }, NOW).entries).toMatchObject([{ number: ADA, missedCount: 1, callId: 'openphone:AC4' }]);
  });

  it('imported texts show in their conversation as read, on every console, and raise no notification', async () => {
    const first = await freshConsole();
    const second = await freshConsole();
    const history = [by(text('openphone:M1', ADA, 'Do you open on Saturdays?', LAST_SPRING), IMPORTED), by(text('openphone:M2', ADA, 'Thanks!', later(LAST_SPRING, 3)), IMPORTED)];
    for (const db of [first, second]) {
      seq = 0;
      const result = apply(db, ...history);
      expect(result.arrivedMessages).toEqual([]);
      expect(unreadConversations(db)).toBe(0);
      expect(conversationPage(db, { limit: 10, status: 'open', filter: FILTER }, NOW).rows).toMatchObject([{ lastMessagePreview: 'Thanks!', unreadCount: 0 }]);
    }
  });

  it('a text the reconciliation recovered is unread and notified like a live one', async () => {
    const db = await freshConsole();
    const result = apply(db, by(text('openphone:M3', BEN, 'Is my car ready?', YESTERDAY), RECONCILED));
    expect(result.arrivedMessages.map((m) => m.messageId)).toEqual(['openphone:M3']);
    expect(unreadConversations(db)).toBe(1);
  });

  it('history imported after a live text nobody has read leaves that text unread', async () => {
    const db = await freshConsole();
    apply(db, text('openphone:M4', ADA, 'Can I move my booking?', YESTERDAY), by(text('openphone:M5', ADA, 'See you then', later(YESTERDAY, 30)), IMPORTED));
    expect(unreadConversations(db)).toBe(1);
    markConversationRead(db, conversationKey(LINE, [ADA]));
    apply(db, by(text('openphone:M6', ADA, 'Old question', LAST_SPRING), IMPORTED));
    expect(unreadConversations(db)).toBe(0);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, type EventOf } from '../../shared/events/model';
import { conversationKey } from '../../shared/messages/conversation-key';
import { conversationDetail, conversationPage } from '../communications/message-reads';
import { silentLogger } from '../core/logger';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch } from './apply-event';
import { startReprojection } from './reproject';

const LINE = '+15559870002';
const CUSTOMER = '+15551230001';

/** What a relay before issue 9 stored for an OpenPhone message webhook: kept raw, shown nowhere. */
function oldMessageWebhook(id: string, direction: 'incoming' | 'outgoing', body: string, createdAt: string): EventOf<'provider.unnormalized'> {
  const raw = {
    id,
    object: 'event',
    apiVersion: 'v3',
    createdAt,
    type: direction === 'incoming' ? 'message.received' : 'message.delivered',
    data: {
      object: {
        id: `AC${id}`,
        object: 'message',
        from: direction === 'incoming' ? CUSTOMER : LINE,
        to: direction === 'incoming' ? LINE : CUSTOMER,
        direction,
        body,
        media: [],
        status: direction === 'incoming' ? 'received' : 'delivered',
        createdAt,
        phoneNumberId: 'PNline',
      },
    },
  };
  return { v: EVENT_MODEL_VERSION, id, type: 'provider.unnormalized', source: 'openphone', occurredAt: createdAt, receivedAt: createdAt, lines: [LINE], data: { providerType: raw.type }, raw };
}

describe('an upgraded console shows the message history an older relay kept unnormalized', () => {
  let db: ConsoleDatabase | null = null;
  afterEach(async () => {
    await db?.close();
    db = null;
  });

  it('a console database with old provider.unnormalized message events shows the thread after upgrade', async () => {
    db = await openConsoleDatabase(':memory:');
    applyBatch(db, [
      { seq: 1, event: oldMessageWebhook('EV1', 'incoming', 'Is the office open Saturday?', '2026-01-10T14:00:00.000Z') },
      { seq: 2, event: oldMessageWebhook('EV2', 'outgoing', 'Yes, 9 to 1.', '2026-01-10T14:05:00.000Z') },
    ]);
    const now = new Date('2026-03-01T00:00:00.000Z');
    const filter = { campaigns: 'hide', unreadOnly: false, needsReplyOnly: false } as const;
    // Kept in the local copy and shown nowhere, as the older console left them.
    db.sqlite.prepare('UPDATE local_log_state SET projection_version = 3 WHERE id = 1').run();
    expect(conversationPage(db, { limit: 10, status: 'all', filter }, now).total).toBe(0);

    await startReprojection(db, { logger: silentLogger, onProgress: () => {} })!.finished;

    const key = conversationKey(LINE, [CUSTOMER]);
    expect(conversationPage(db, { limit: 10, status: 'all', filter }, now).rows.map((r) => r.conversationKey)).toEqual([key]);
    expect(conversationDetail(db, { conversationKey: key, limit: 10, campaigns: 'show' }, now)!.messages.map((m) => [m.direction, m.body])).toEqual([
      ['incoming', 'Is the office open Saturday?'],
      ['outgoing', 'Yes, 9 to 1.'],
    ]);
  });
});

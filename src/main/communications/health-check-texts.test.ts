import { afterEach, describe, expect, it } from 'vitest';
import { customerUpserted, planWith, subscriptionWith } from '../../../tests/support/event-builders';
import { MemoryLedger } from '../../../tests/support/memory-ledger';
import { texted } from '../../../tests/support/message-builders';
import type { EventOf, RingsideEvent } from '../../shared/events/model';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch } from '../projection/apply-event';
import { messageFeed, unreadConversations } from './message-reads';

/** Issue 12: the relay's health-check texts between two of the business's own lines. */

const OTHER_LINE = '+16175550198';
const ADA = '+16175550100';
const FILTER = { campaigns: 'hide', unreadOnly: false, needsReplyOnly: false } as const;

function healthCheck(messageId: string, sentAt: string): EventOf<'message.recorded'> {
  const text = texted(messageId, 'incoming', OTHER_LINE, sentAt, 'received', { body: 'Ringside health check, please ignore [ringside-health:0123456789abcdef]' });
  return { ...text, data: { ...text.data, healthCheck: true } };
}

describe('health-check texts', () => {
  let db: ConsoleDatabase | null = null;
  afterEach(async () => {
    await db?.close();
    db = null;
  });

  it('never show in the feed or the unread counts, while a customer text beside them does', async () => {
    db = await openConsoleDatabase(':memory:');
    const events: RingsideEvent[] = [healthCheck('H1', '2026-03-02T15:00:00Z'), texted('T1', 'incoming', ADA, '2026-03-02T15:01:00Z', 'received', { body: 'Are you open today?' }), healthCheck('H2', '2026-03-02T21:00:00Z')];
    applyBatch(db, events.map((event, index) => ({ seq: index + 1, event })));
    expect(messageFeed(db, { limit: 10, filter: FILTER }).rows.map((row) => row.messageId)).toEqual(['openphone:T1']);
    expect(unreadConversations(db)).toBe(1);
  });

  it('are never billed, on a plan that bills every incoming text', () => {
    const ledger = new MemoryLedger();
    ledger.apply(
      planWith('texts', { includedSeconds: 3600, messaging: { includedIncoming: 0, includedOutgoing: 0, incomingRateMinor: 5, outgoingRateMinor: 5 } }),
      customerUpserted('c-line', 'Our other line', [OTHER_LINE]),
      subscriptionWith('s-line', 'c-line', 'texts', '2026-01-01'),
      healthCheck('H1', '2026-03-02T15:00:00Z'),
      texted('T1', 'incoming', OTHER_LINE, '2026-03-02T15:01:00Z', 'received'),
    );
    expect(ledger.charges.all().map((charge) => charge.callId)).toEqual([expect.stringContaining('T1')]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { CallerCard } from '../../shared/card';
import { completed, ringing } from '../../../tests/support/event-builders';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyEvent } from '../projection/apply-event';
import { createLiveCards } from './live-cards';
import { silentLogger } from './logger';
import { PushChannel } from './push-channel';

const ADA = '+16175550100';

describe('caller cards across a dropped link', () => {
  const opened: ConsoleDatabase[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });

  async function desk(startMs: number) {
    const db = await openConsoleDatabase(':memory:');
    opened.push(db);
    let nowMs = startMs;
    const logger = silentLogger;
    const pushes = new PushChannel(logger);
    const updated: CallerCard[] = [];
    const dismissed: string[] = [];
    pushes.on('card.updated', (card) => updated.push(card));
    pushes.on('card.dismissed', ({ callId }) => dismissed.push(callId));
    const cards = createLiveCards({ database: () => db, clock: () => nowMs, pushes, logger });
    return { db, cards, updated, dismissed, advance: (ms: number) => (nowMs += ms) };
  }

  it('a card left ringing when the link dropped leaves the windows when its end arrives, long after, with the catch-up', async () => {
    const rangAt = '2026-02-01T10:00:00.000Z';
    const { db, cards, dismissed, advance } = await desk(Date.parse(rangAt) + 2_000);
    const rang = applyEvent(db, 1, ringing('call-1', ADA, rangAt));
    cards.callsChanged(rang.changedCalls);
    expect((await cards.handlers['calls.live']({})).map((card) => [card.callId, card.phase])).toEqual([['call-1', 'ringing']]);

    // Offline for two hours; the call was answered and ended long ago.
    advance(2 * 3_600_000);
    const ended = applyEvent(db, 2, completed('call-1', ADA, rangAt, 120));
    expect(cards.callsChanged(ended.changedCalls).size).toBe(0);
    expect(dismissed).toEqual(['call-1']);
    expect(await cards.handlers['calls.live']({})).toEqual([]);
  });

  it('a call that ends while still recent is updated in place, not dismissed', async () => {
    const rangAt = '2026-02-01T10:00:00.000Z';
    const { db, cards, updated, dismissed, advance } = await desk(Date.parse(rangAt) + 2_000);
    cards.callsChanged(applyEvent(db, 1, ringing('call-1', ADA, rangAt)).changedCalls);
    advance(60_000);
    cards.callsChanged(applyEvent(db, 2, completed('call-1', ADA, rangAt, 50)).changedCalls);
    await expect.poll(() => updated.at(-1)?.phase).toBe('ended');
    expect(dismissed).toEqual([]);
  });
});

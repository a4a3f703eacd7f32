import { afterEach, describe, expect, it } from 'vitest';
import { completed, customerUpserted, ringing, unanswered } from '../../../tests/support/event-builders';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../shared/events/model';
import { callNotesView } from '../call-notes/call-note-reads';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch } from '../projection/apply-event';
import { callbackQueue } from './callback-reads';

const ADA = '+16175550111';
const BEN = '+16175550122';
const T0 = '2026-03-02T15:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const NOW = new Date(at(60));

function consoleEvent<T extends RingsideEvent['type']>(type: T, data: Extract<RingsideEvent, { type: T }>['data'], occurredAt: string): RingsideEvent {
  return { v: EVENT_MODEL_VERSION, id: `${type}:${JSON.stringify(data)}`, source: 'console', occurredAt, receivedAt: occurredAt, lines: [], type, data } as RingsideEvent;
}

function outgoing(callId: string, to: string, startedAt: string): RingsideEvent {
  const event = ringing(callId, to, startedAt);
  return { ...event, data: { ...event.data, direction: 'outgoing' } };
}

describe('the callback queue and call notes in the projection', () => {
  const dbs: ConsoleDatabase[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.close();
  });
  async function consoleWith(events: RingsideEvent[]): Promise<ConsoleDatabase> {
    const db = await openConsoleDatabase(':memory:');
    dbs.push(db);
    applyBatch(db, events.map((event, i) => ({ seq: i + 1, event })));
    return db;
  }

  it('lists each waiting caller once, with their missed calls counted, the newest first and their customer named', async () => {
    const db = await consoleWith([
      customerUpserted('c-ada', 'Ada Lovelace', [ADA]),
      unanswered('openphone:AC1', ADA, at(0)),
      unanswered('openphone:AC2', BEN, at(5), true),
      unanswered('openphone:AC3', ADA, at(10), true),
    ]);
    const queue = callbackQueue(db, { limit: 50 }, NOW);
    expect(queue.total).toBe(2);
    expect(queue.entries.map((e) => [e.number, e.missedCount, e.hasVoicemail, e.customer?.name ?? null, e.callId])).toEqual([
      [ADA, 2, true, 'Ada Lovelace', 'openphone:AC3'],
      [BEN, 1, true, null, 'openphone:AC2'],
    ]);
  });

  it('lists callers missed in the last 14 days, and counts older ones apart until they are asked for', async () => {
    const db = await consoleWith([unanswered('openphone:AC1', ADA, '2026-02-01T10:00:00.000Z'), unanswered('openphone:AC2', BEN, at(0))]);
    expect(callbackQueue(db, { limit: 50 }, NOW)).toMatchObject({ total: 1, older: 1, entries: [{ number: BEN }] });
    expect(callbackQueue(db, { limit: 50, includeOlder: true }, NOW)).toMatchObject({ total: 2, older: 1 });
  });

  it('a missed call leaves the queue when the customer is called back, and a missed call after that opens it again', async () => {
    const db = await consoleWith([unanswered('openphone:AC1', ADA, at(0)), outgoing('openphone:AC9', ADA, at(3)), unanswered('openphone:AC4', ADA, at(20))]);
    expect(callbackQueue(db, { limit: 50 }, NOW).entries.map((e) => e.callId)).toEqual(['openphone:AC4']);
    expect(callNotesView(db, 'openphone:AC1').callback).toMatchObject({ state: 'closed', text: 'Called back' });
  });

  it('a missed call that arrives after the call back already happened never enters the queue', async () => {
    const db = await consoleWith([outgoing('openphone:AC9', ADA, at(3)), unanswered('openphone:AC1', ADA, at(0))]);
    expect(callbackQueue(db, { limit: 50 }, NOW).total).toBe(0);
  });

  it('a claim shows who will call back on every console, and an outcome takes the caller out of the queue', async () => {
    const log = [
      unanswered('openphone:AC1', ADA, at(0)),
      consoleEvent('callback.claimed', { callId: 'openphone:AC1', by: 'Front desk' }, at(1)),
      completed('openphone:AC5', BEN, at(2), 60),
    ];
    const first = await consoleWith(log);
    const second = await consoleWith(log);
    for (const db of [first, second]) expect(callbackQueue(db, { limit: 50 }, NOW).entries[0]).toMatchObject({ claimedBy: 'Front desk', claimedAt: at(1) });
    applyBatch(first, [{ seq: 4, event: consoleEvent('callback.completed', { callId: 'openphone:AC1', outcome: 'left_voicemail', note: 'Asked to call back after 3', by: 'Front desk' }, at(9)) }]);
    expect(callbackQueue(first, { limit: 50 }, NOW).total).toBe(0);
    expect(callNotesView(first, 'openphone:AC1').callback).toEqual({ state: 'closed', text: 'Called back, left a voicemail (Front desk)', claimedBy: 'Front desk', note: 'Asked to call back after 3' });
  });

  it('keeps every note on a call with its author and time, once each, and the latest disposition', async () => {
    const db = await consoleWith([
      completed('openphone:AC5', BEN, at(0), 60),
      consoleEvent('call.note_added', { noteId: 'n1', callId: 'openphone:AC5', text: 'Printer jams on tray 2', by: 'Front desk' }, at(2)),
      consoleEvent('call.note_added', { noteId: 'n1', callId: 'openphone:AC5', text: 'Printer jams on tray 2', by: 'Front desk' }, at(2)),
      consoleEvent('call.disposition_set', { callId: 'openphone:AC5', disposition: 'follow_up', by: 'Front desk' }, at(3)),
      consoleEvent('call.disposition_set', { callId: 'openphone:AC5', disposition: 'resolved', by: 'Back office' }, at(4)),
    ]);
    expect(callNotesView(db, 'openphone:AC5')).toEqual({
      notes: [{ noteId: 'n1', text: 'Printer jams on tray 2', by: 'Front desk', at: at(2) }],
      disposition: { value: 'resolved', by: 'Back office', at: at(4) },
      callback: null,
    });
  });
});

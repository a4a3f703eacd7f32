import { afterEach, describe, expect, it } from 'vitest';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { databaseColumns } from '../db/schema';
import { rows } from '../../../tests/support/migration-test-support';
import { applyBatch, applyEvent, readProjectionState } from './apply-event';
import {
  answered,
  completed,
  customerRemoved,
  customerUpserted,
  planDefined,
  ringing,
  sequenced,
  subscriptionStarted,
  unnormalized,
} from '../../../tests/support/event-builders';

const ADA = '+16175550100';
const BOB = '+16175550111';

const log = sequenced([
  planDefined('p-business', 'Business', 10 * 3600),
  customerUpserted('c-ada', 'Ada Lovelace', [ADA, '+16175550101'], { company: 'Analytical Engines' }),
  subscriptionStarted('s-ada', 'c-ada', 'p-business', '2026-01-15'),
  ringing('call-1', ADA, '2026-02-01T10:00:00.000Z'),
  answered('call-1', ADA, '2026-02-01T10:00:00.000Z'),
  completed('call-1', ADA, '2026-02-01T10:00:00.000Z', 600),
  unnormalized('op-msg-1', 'message.received'),
  completed('call-2', BOB, '2026-02-02T09:00:00.000Z', 0, { answered: false }),
  customerUpserted('c-bob', 'Bob', [BOB]),
  customerUpserted('c-ada', 'Ada King', [ADA]),
  ringing('call-3', BOB, '2026-02-03T09:00:00.000Z'),
  customerRemoved('c-bob'),
]);

function snapshot(db: ConsoleDatabase): Record<string, unknown[]> {
  // QuickBooks sync tables are the bookkeeper console's own working state (with wall-clock times), not the log's projection.
  return Object.fromEntries(Object.keys(databaseColumns).filter((t) => !t.startsWith('quickbooks_')).map((t) => [t, rows(db, t)]));
}

describe('applying the event log', () => {
  const opened: ConsoleDatabase[] = [];
  async function freshDb(): Promise<ConsoleDatabase> {
    const db = await openConsoleDatabase(':memory:');
    opened.push(db);
    return db;
  }
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });

  it('stores the applied seq with the change and skips an event it has already applied', async () => {
    const db = await freshDb();
    const first = applyEvent(db, 1, ringing('call-1', ADA, '2026-02-01T10:00:00.000Z'));
    expect(first).toMatchObject({ appliedSeq: 1, appliedCount: 1, changedCalls: [{ callId: 'call-1' }] });
    const before = snapshot(db);

    const again = applyEvent(db, 1, completed('call-1', ADA, '2026-02-01T10:00:00.000Z', 60));

    expect(again).toMatchObject({ appliedSeq: 1, appliedCount: 0, changedCalls: [] });
    expect(snapshot(db)).toEqual(before);
  });

  it('accepts the seqs an agent device is shown, with the gaps of lines it does not see', async () => {
    const db = await freshDb();
    applyEvent(db, 3, planDefined('p', 'Plan', 3600));
    expect(applyEvent(db, 7, ringing('call-1', ADA, '2026-02-01T10:00:00.000Z'))).toMatchObject({ appliedSeq: 7, appliedCount: 1 });
    expect(applyEvent(db, 5, planDefined('late', 'Late', 1))).toMatchObject({ appliedSeq: 7, appliedCount: 0 });
    expect(rows(db, 'plans')).toHaveLength(1);
  });

  it('rebuilds the same state when the database is deleted and the log replayed from seq 0', async () => {
    const oneByOne = await freshDb();
    for (const { seq, event } of log) applyEvent(oneByOne, seq, event);

    const replayed = await freshDb();
    // Replayed in uneven batches, with an overlap the relay may send after a reconnect.
    applyBatch(replayed, log.slice(0, 4));
    applyBatch(replayed, log.slice(2, 9));
    applyBatch(replayed, log.slice(9));

    expect(snapshot(replayed)).toEqual(snapshot(oneByOne));
    expect(readProjectionState(replayed)).toEqual({ appliedSeq: log.length, lastEventAtMs: Date.parse('2026-01-01T00:00:00.000Z') });
  });

  it('records a completed call that never rang, and does not undo a completion with a late ringing', async () => {
    const db = await freshDb();
    applyBatch(
      db,
      sequenced([completed('call-9', ADA, '2026-02-01T10:00:00.000Z', 120), ringing('call-9', ADA, '2026-02-01T10:00:00.000Z')]),
    );
    expect(rows(db, 'calls')).toEqual([
      expect.objectContaining({ call_id: 'call-9', status: 'completed', duration_seconds: 120, updated_seq: 1 }),
    ]);
  });


  it('takes the numbers and start a completion says over those its ringing said, and finds the call by them', async () => {
    const db = await freshDb();
    applyBatch(
      db,
      sequenced([
        ringing('call-1', ADA, '2026-02-01T10:00:00.000Z'),
        ringing('call-2', BOB, '2026-02-01T11:00:00.000Z'),
        completed('call-1', BOB, '2026-02-01T09:59:58.000Z', 60),
        completed('call-2', BOB, '2026-02-01T11:00:00.000Z', 30),
      ]),
    );
    expect(rows(db, 'calls')).toEqual([
      expect.objectContaining({ call_id: 'call-1', external_e164: BOB, started_at_ms: Date.parse('2026-02-01T09:59:58.000Z'), status: 'completed', duration_seconds: 60, updated_seq: 3 }),
      expect.objectContaining({ call_id: 'call-2', external_e164: BOB, started_at_ms: Date.parse('2026-02-01T11:00:00.000Z'), status: 'completed', duration_seconds: 30, updated_seq: 4 }),
    ]);
    const byNumber = db.sqlite.prepare('SELECT call_id FROM calls WHERE external_e164 = ? AND started_at_ms < ? ORDER BY started_at_ms').pluck().all(BOB, Date.parse('2026-02-01T10:30:00.000Z'));
    expect(byNumber).toEqual(['call-1']);
  });
  it('marks a ringing call answered and keeps it in progress', async () => {
    const db = await freshDb();
    applyEvent(db, 1, ringing('call-1', ADA, '2026-02-01T10:00:00.000Z'));
    const result = applyEvent(db, 2, answered('call-1', ADA, '2026-02-01T10:00:00.000Z', 8));
    expect(result.changedCalls).toEqual([{ callId: 'call-1', startedAtMs: Date.parse('2026-02-01T10:00:00.000Z'), completedAtMs: null }]);
    expect(rows(db, 'calls')).toEqual([
      expect.objectContaining({
        call_id: 'call-1',
        status: 'ringing',
        answered_at_ms: Date.parse('2026-02-01T10:00:08.000Z'),
        completed_at_ms: null,
        duration_seconds: null,
        updated_seq: 2,
      }),
    ]);
  });

  it('applies a repeated answer once, keeping the first', async () => {
    const db = await freshDb();
    applyBatch(db, sequenced([ringing('call-1', ADA, '2026-02-01T10:00:00.000Z'), answered('call-1', ADA, '2026-02-01T10:00:00.000Z', 8)]));
    const before = rows(db, 'calls');
    const again = applyEvent(db, 3, answered('call-1', ADA, '2026-02-01T10:00:00.000Z', 9));
    expect(again).toMatchObject({ appliedSeq: 3, appliedCount: 1, changedCalls: [] });
    expect(rows(db, 'calls')).toEqual(before);
  });

  it('does not reopen a completed call with a late answer', async () => {
    const db = await freshDb();
    applyBatch(db, sequenced([completed('call-1', ADA, '2026-02-01T10:00:00.000Z', 0, { answered: false })]));
    const before = rows(db, 'calls');
    const late = applyEvent(db, 2, answered('call-1', ADA, '2026-02-01T10:00:00.000Z'));
    expect(late.changedCalls).toEqual([]);
    expect(rows(db, 'calls')).toEqual(before);
    expect(before).toEqual([expect.objectContaining({ status: 'completed', answered_at_ms: null })]);
  });

  it('records an answered call whose ringing never arrived, and keeps the answer when the ringing comes late', async () => {
    const db = await freshDb();
    const result = applyBatch(
      db,
      sequenced([answered('call-7', BOB, '2026-02-01T10:00:00.000Z', 3), ringing('call-7', BOB, '2026-02-01T10:00:00.000Z')]),
    );
    expect(result.changedCalls.map((c) => c.callId)).toEqual(['call-7']);
    expect(rows(db, 'calls')).toEqual([
      {
        call_id: 'call-7',
        direction: 'incoming',
        external_e164: BOB,
        business_e164: '+16175550199',
        started_at_ms: Date.parse('2026-02-01T10:00:00.000Z'),
        answered_at_ms: Date.parse('2026-02-01T10:00:03.000Z'),
        completed_at_ms: null,
        duration_seconds: null,
        status: 'ringing',
        updated_seq: 1,
      },
    ]);
  });

  it("replaces a customer's phone set on upsert and forgets the customer on removal", async () => {
    const db = await freshDb();
    applyBatch(db, log);
    expect(rows(db, 'customer_phones')).toEqual([{ customer_id: 'c-ada', phone_e164: ADA }]);
    expect(rows(db, 'customers')).toEqual([expect.objectContaining({ customer_id: 'c-ada', name: 'Ada King', company: null })]);
  });

  it('says when the newest event reached the relay, not when it says it happened: a back-dated fact is “last event” now', async () => {
    const db = await freshDb();
    const backDated = { ...planDefined('p', 'Plan', 60), occurredAt: '2026-01-01T00:00:00.000Z', receivedAt: '2026-01-16T09:30:00.000Z' };
    expect(applyEvent(db, 1, backDated).lastEventAtMs).toBe(Date.parse('2026-01-16T09:30:00.000Z'));
    expect(readProjectionState(db).lastEventAtMs).toBe(Date.parse('2026-01-16T09:30:00.000Z'));
  });

  it('consumes the seq of an event this console cannot read', async () => {
    const db = await freshDb();
    const result = applyBatch(db, [{ seq: 1, event: null }, ...sequenced([planDefined('p', 'Plan', 60)], 2)]);
    expect(result).toMatchObject({ appliedSeq: 2, appliedCount: 2 });
    expect(rows(db, 'plans')).toHaveLength(1);
  });
});

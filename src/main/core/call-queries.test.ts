import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answered, completed, ringing } from '../../../tests/support/event-builders';
import type { CallHistoryRow } from '../../shared/api/contract';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../shared/events/model';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch } from '../projection/apply-event';
import { callHistory } from './call-queries';

const SAME_MS = '2026-03-20T11:00:00.000Z';

describe('call history pages', () => {
  let db: ConsoleDatabase;
  beforeEach(async () => {
    db = await openConsoleDatabase(':memory:');
  });
  afterEach(() => db.close());

  function seed(events: RingsideEvent[]): void {
    applyBatch(db, events.map((event, i) => ({ seq: i + 1, event })));
  }

  async function everyPage(limit: number): Promise<CallHistoryRow[][]> {
    const pages: CallHistoryRow[][] = [];
    for (;;) {
      const last = pages.at(-1)?.at(-1);
      const page = await callHistory(db, { limit, ...(last ? { before: { startedAt: last.startedAt, callId: last.callId } } : {}) });
      if (page.length === 0) return pages;
      pages.push(page);
    }
  }

  it('250 calls that started in the same millisecond, read 100 at a time, all come back once, newest first', async () => {
    const sameMoment = Array.from({ length: 250 }, (_, i) => completed(`call-${String(i).padStart(3, '0')}`, '+16175550100', SAME_MS, 60));
    const earlier = completed('call-earlier', '+16175550100', '2026-03-20T10:59:59.999Z', 60);
    const later = ringing('call-later', '+16175550100', '2026-03-20T11:00:00.001Z');
    seed([...sameMoment, earlier, later]);

    const pages = await everyPage(100);

    expect(pages.map((page) => page.length)).toEqual([100, 100, 52]);
    const ids = pages.flat().map((row) => row.callId);
    expect(new Set(ids).size).toBe(252);
    expect(ids[0]).toBe('call-later');
    expect(ids.at(-1)).toBe('call-earlier');
    // Within the millisecond: by call id, descending, across the page edges too.
    expect(ids.slice(1, -1)).toEqual(sameMoment.map((e) => e.data.callId).reverse());
  });

  it('a page edge inside a millisecond drops nothing (it did when the page was cut on the start alone)', async () => {
    seed([completed('call-a', '+16175550100', SAME_MS, 60), completed('call-b', '+16175550100', SAME_MS, 60), completed('call-c', '+16175550100', SAME_MS, 60)]);
    const [first] = await everyPage(2);
    expect(first?.map((row) => row.callId)).toEqual(['call-c', 'call-b']);
    const rest = await callHistory(db, { limit: 2, before: { startedAt: SAME_MS, callId: 'call-b' } });
    expect(rest.map((row) => row.callId)).toEqual(['call-a']);
  });

  it('a call still ringing or in progress is never Missed in the history; who answered is named; an unanswered ended call is', async () => {
    const at = '2026-03-20T12:00:00.000Z';
    const byDana = answered('call-answered', '+16175550101', at);
    seed([
      { v: EVENT_MODEL_VERSION, id: 'dir', source: 'relay', occurredAt: at, receivedAt: at, lines: [], type: 'provider.directory_synced', data: { provider: 'openphone', lines: [], users: [{ providerUserId: 'USdana', name: 'Dana Whitfield', email: null }] } },
      ringing('call-ringing', '+16175550100', at),
      ringing('call-answered', '+16175550101', at),
      { ...byDana, data: { ...byDana.data, answeredBy: 'USdana' } },
      completed('call-missed', '+16175550102', at, 0),
    ]);
    const byId = Object.fromEntries((await callHistory(db, { limit: 10 }, Date.parse(at) + 60_000)).map((row) => [row.callId, row]));
    expect(byId['call-ringing']).toMatchObject({ status: 'ringing', answeredAt: null, endedAt: null, answeredBy: null });
    expect(byId['call-answered']).toMatchObject({ status: 'in_progress', endedAt: null, answeredBy: 'Dana Whitfield' });
    expect(byId['call-missed']).toMatchObject({ status: 'missed', answeredAt: null, endedAt: expect.any(String) });
  });

  it('says which cursor is not an instant', async () => {
    await expect(callHistory(db, { limit: 10, before: { startedAt: 'yesterday', callId: 'x' } })).rejects.toThrow(/before.startedAt yesterday is not an instant/);
  });
});

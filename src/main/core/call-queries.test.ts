import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completed, ringing } from '../../../tests/support/event-builders';
import type { CallHistoryRow } from '../../shared/api/contract';
import type { RingsideEvent } from '../../shared/events/model';
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

  it('says which cursor is not an instant', async () => {
    await expect(callHistory(db, { limit: 10, before: { startedAt: 'yesterday', callId: 'x' } })).rejects.toThrow(/before.startedAt yesterday is not an instant/);
  });
});

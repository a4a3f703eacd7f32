import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callCorrected, customerUpserted, planWith, subscriptionWith, talked } from '../../../../tests/support/event-builders';
import type { ChargeRow } from '../../../shared/api/billing';
import type { RingsideEvent } from '../../../shared/events/model';
import { applyWithDueDates } from '../../card/open-invoices';
import { openConsoleDatabase, type ConsoleDatabase } from '../../db/open-console-database';
import { chargeRows, usageSummary } from './billing-reads';

const ADA = '+16175550100';
const GRACE = '+16175550101';
const STRANGER = '+14155550123';
const SAME_MS = '2026-03-20T11:00:05.000Z';
const NOW = new Date('2026-03-25T12:00:00Z');

describe('billing reads', () => {
  let db: ConsoleDatabase;
  let seq = 0;
  beforeEach(async () => {
    db = await openConsoleDatabase(':memory:');
    seq = 0;
  });
  afterEach(() => db.close());

  function apply(events: RingsideEvent[]): void {
    applyWithDueDates(db, events.map((event) => ({ seq: ++seq, event })));
  }

  describe('charges page', () => {
    function everyPage(limit: number, customerId?: string): ChargeRow[][] {
      const pages: ChargeRow[][] = [];
      for (;;) {
        const last = pages.at(-1)?.at(-1);
        const page = chargeRows(db, { limit, ...(customerId ? { customerId } : {}), ...(last ? { before: { startedAt: last.startedAt, seq: last.seq, chargeId: last.chargeId } } : {}) });
        if (page.length === 0) return pages;
        pages.push(page);
      }
    }

    it('300 charges of calls answered in the same millisecond, read 100 at a time, all come back once, newest first', () => {
      apply([customerUpserted('c-ada', 'Ada Lovelace', [ADA])]);
      apply(Array.from({ length: 300 }, (_, i) => talked(`call-${i}`, i % 2 === 0 ? ADA : STRANGER, SAME_MS, 60 + i)));

      const pages = everyPage(100);

      expect(pages.map((page) => page.length)).toEqual([100, 100, 100]);
      const all = pages.flat();
      expect(new Set(all.map((c) => c.chargeId)).size).toBe(300);
      expect(all.every((c) => c.startedAt === all[0]?.startedAt)).toBe(true);
      // Newest written first, across the page edges too.
      expect(all.map((c) => c.seq)).toEqual([...all.map((c) => c.seq)].sort((a, b) => b - a));
      // One customer's charges page the same way.
      expect(everyPage(40, 'c-ada').flat()).toHaveLength(150);
    });

    it('a correction and the charge it reverses share the call start and are never split away at a page edge', () => {
      apply([customerUpserted('c-ada', 'Ada Lovelace', [ADA]), talked('call-1', ADA, SAME_MS, 600), talked('call-2', ADA, SAME_MS, 300)]);
      apply([callCorrected('call-1', 60, '2026-03-21T09:00:00Z')]);
      const pages = everyPage(1);
      expect(pages.flat()).toHaveLength(4);
      expect(new Set(pages.flat().map((c) => c.chargeId)).size).toBe(4);
    });
  });

  describe('usage summary', () => {
    it('sums the window in the core: totals, and top customers by billed time with unknown callers by number and corrections netted', () => {
      apply([
        customerUpserted('c-ada', 'Ada Lovelace', [ADA]),
        customerUpserted('c-grace', 'Grace Hopper', [GRACE]),
        planWith('hours', { includedSeconds: 10 * 3600, incrementSeconds: 60 }),
        subscriptionWith('s-ada', 'c-ada', 'hours', '2026-03-01'),
      ]);
      apply([
        talked('a1', ADA, '2026-03-24T10:00:00Z', 600),
        talked('a2', ADA, '2026-03-25T10:00:00Z', 1200),
        talked('g1', GRACE, '2026-03-24T11:00:00Z', 1500),
        talked('x1', STRANGER, '2026-03-23T11:00:00Z', 120),
        // Outside a 7-day window.
        talked('g-old', GRACE, '2026-03-01T11:00:00Z', 9000),
      ]);
      // Grace's call was really 5 minutes: the correction nets her time down below Ada's.
      apply([callCorrected('g1', 300, '2026-03-25T09:00:00Z')]);

      const summary = usageSummary(db, { days: 7, top: 10 }, NOW);

      expect(summary).toMatchObject({ from: '2026-03-19', to: '2026-03-25' });
      expect(summary.topCustomers.map((t) => [t.name, t.number, t.billedSeconds])).toEqual([
        ['Ada Lovelace', null, 1800],
        ['Grace Hopper', null, 300],
        [null, STRANGER, 120],
      ]);
      expect(summary.billedSeconds).toBe(1800 + 300 + 120);
      const charges = chargeRows(db, { limit: 1000 }).filter((c) => c.startedAt >= '2026-03-19');
      expect(summary.amountMinor).toBe(charges.reduce((sum, c) => sum + c.totalMinor, 0));
      expect(summary.charges).toBe(charges.length);
      expect(usageSummary(db, { days: 7, top: 1 }, NOW).topCustomers.map((t) => t.customerId)).toEqual(['c-ada']);
    });

    it('a window without calls sums to zero and names nobody', () => {
      expect(usageSummary(db, { days: 30, top: 8 }, NOW)).toEqual({ from: '2026-02-24', to: '2026-03-25', billedSeconds: 0, amountMinor: 0, charges: 0, topCustomers: [] });
    });
  });
});

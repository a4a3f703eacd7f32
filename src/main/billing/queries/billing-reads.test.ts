import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callCorrected, customerUpserted, planWith, subscriptionWith, talked, walletCredited } from '../../../../tests/support/event-builders';
import type { AccountCursor, ChargeRow, InvoiceRow } from '../../../shared/api/billing';
import type { Page } from '../../../shared/api/page';
import type { RingsideEvent } from '../../../shared/events/model';
import { applyWithDueDates } from '../../card/open-invoices';
import { openConsoleDatabase, type ConsoleDatabase } from '../../db/open-console-database';
import { texted } from '../../../../tests/support/message-builders';
import { chargeRows, invoicePage, statement, subscriptionPage, usageSummary, walletPage } from './billing-reads';

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

    it('a text’s charge says it is a text and which way it went; the statement describes it as one', () => {
      apply([
        planWith('texts', { includedSeconds: 3600, messaging: { includedIncoming: 0, includedOutgoing: 0, incomingRateMinor: 2, outgoingRateMinor: 5 } }),
        customerUpserted('c-ada', 'Ada Lovelace', [ADA]),
        subscriptionWith('s-ada', 'c-ada', 'texts', '2026-03-01'),
        talked('call-1', ADA, '2026-03-20T11:00:00Z', 60),
        texted('M1', 'outgoing', ADA, '2026-03-20T12:00:00Z', 'delivered'),
      ]);
      expect(chargeRows(db, { limit: 10 }).map((c) => c.message)).toEqual([{ direction: 'outgoing' }, null]);
      const lines = statement(db, { customerId: 'c-ada', from: '2026-03-20', to: '2026-03-20' }).lines;
      expect(lines.map((l) => [l.description, l.amountMinor])).toEqual([
        ['Call of 2026-03-20, 1 min talk: 1 min from included hours; 59 min left', 0],
        ['Text sent to +1 617 555 0100 on 2026-03-20: at $0.05 a text', 5],
      ]);
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

  describe('subscription, wallet and invoice pages', () => {
    // 60 customers under one name, ids in no particular order: every page edge falls inside the name.
    const ids = Array.from({ length: 60 }, (_, i) => `c-${String((i * 37) % 60).padStart(2, '0')}`);
    beforeEach(() => {
      apply([planWith('hours', { includedSeconds: 10 * 3600 })]);
      apply(ids.map((id, i) => customerUpserted(id, 'Sam Smith', [`+1617555${String(1000 + i)}`])));
      // A third start in February: their invoices are older; the rest share one issue date.
      apply(ids.map((id, i) => subscriptionWith(`s-${id}`, id, 'hours', i % 3 === 0 ? '2026-02-15' : '2026-03-01')));
      apply(ids.filter((_, i) => i % 2 === 0).map((id) => walletCredited(`w-${id}`, id, 5000)));
    });

    function everyAccountPage<Row extends { customerId: string; customerName: string }>(read: (after: AccountCursor | undefined) => Page<Row>): { rows: Row[]; totals: Set<number> } {
      const rows: Row[] = [];
      const totals = new Set<number>();
      for (;;) {
        const last = rows.at(-1);
        const page = read(last ? { customerName: last.customerName, customerId: last.customerId } : undefined);
        totals.add(page.total);
        if (page.rows.length === 0) return { rows, totals };
        rows.push(...page.rows);
      }
    }

    it('60 subscriptions of customers sharing a name, read 7 at a time, all come back once by name then id, with the count of all', () => {
      const { rows, totals } = everyAccountPage((after) => subscriptionPage(db, { limit: 7, after }, NOW));
      expect(rows.map((r) => r.customerId)).toEqual([...ids].sort());
      expect(totals).toEqual(new Set([60]));
      expect(rows.every((r) => r.planName === 'hours' && r.customerName === 'Sam Smith')).toBe(true);
    });

    it('the 30 wallets page the same way; accounts without a wallet are neither shown nor counted', () => {
      const { rows, totals } = everyAccountPage((after) => walletPage(db, { limit: 4, after }, NOW));
      expect(rows.map((r) => r.customerId)).toEqual(ids.filter((_, i) => i % 2 === 0).sort());
      expect(rows.every((r) => r.balanceMinor === 5000)).toBe(true);
      expect(totals).toEqual(new Set([30]));
    });

    it('invoices sharing an issue date across page edges all come back once, newest issue first then by key, each with its lines', () => {
      const invoices: InvoiceRow[] = [];
      const totals = new Set<number>();
      for (;;) {
        const last = invoices.at(-1);
        const page = invoicePage(db, { limit: 9, ...(last ? { after: { issueDate: last.issueDate, invoiceKey: last.invoiceKey } } : {}) });
        totals.add(page.total);
        if (page.rows.length === 0) break;
        invoices.push(...page.rows);
      }
      const keys = invoices.map((i) => i.invoiceKey);
      expect(new Set(keys).size).toBe(invoices.length);
      expect(invoices.length).toBeGreaterThanOrEqual(60);
      expect(totals).toEqual(new Set([invoices.length]));
      const sorted = [...invoices].sort((a, b) => (a.issueDate !== b.issueDate ? (a.issueDate < b.issueDate ? 1 : -1) : a.invoiceKey < b.invoiceKey ? -1 : 1));
      expect(keys).toEqual(sorted.map((i) => i.invoiceKey));
      expect(new Set(invoices.map((i) => i.issueDate)).size).toBeGreaterThan(1);
      expect(invoices.every((i) => i.lines.length > 0 && i.lines.reduce((sum, l) => sum + l.amountMinor, 0) === i.subtotalMinor)).toBe(true);
      // A status narrows the list and its count alike.
      expect(invoicePage(db, { status: 'void', limit: 5 })).toMatchObject({ rows: [], total: 0, totals: { totalMinor: 0, balanceMinor: 0, overdue: 0 } });
    });

    it('a page of invoices reads the lines of all of them in one statement, however many there are', () => {
      const prepare = vi.spyOn(db.sqlite, 'prepare');
      const statementsFor = (limit: number): number => {
        prepare.mockClear();
        expect(invoicePage(db, { limit }).rows).toHaveLength(limit);
        return prepare.mock.calls.length;
      };
      // The page, the lines of its invoices, the count.
      expect(statementsFor(1)).toBe(3);
      expect(statementsFor(50)).toBe(3);
      // A statement's invoice lines come with their invoices too.
      prepare.mockClear();
      const feb = statement(db, { customerId: 'c-00', from: '2026-01-01', to: '2026-03-31' });
      const once = prepare.mock.calls.length;
      expect(feb.lines.length).toBeGreaterThan(0);
      apply([subscriptionWith('s-c-00-b', 'c-00', 'hours', '2026-03-10')]);
      prepare.mockClear();
      expect(statement(db, { customerId: 'c-00', from: '2026-01-01', to: '2026-03-31' }).lines.length).toBeGreaterThan(feb.lines.length);
      expect(prepare.mock.calls.length).toBe(once);
      prepare.mockRestore();
    });
  });
});

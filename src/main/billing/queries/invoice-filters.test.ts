import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completed, customerUpserted as upserted, invoiceSynced, paymentRecorded, policyDefined } from '../../../../tests/support/event-builders';
import { EVENT_MODEL_VERSION, type EventOf, type RingsideEvent } from '../../../shared/events/model';
import { applyWithDueDates } from '../../card/open-invoices';
import { openConsoleDatabase, type ConsoleDatabase } from '../../db/open-console-database';
import { invoicePage } from './billing-reads';

const NOW = new Date('2026-03-20T12:00:00Z');
const NORA = '+16175550122';
const OTTO = '+16175550133';
const STRANGER = '+14155550199';

// Whatever the builder fills in, a customer here has no emails.
const customerUpserted = (id: string, name: string, phones: string[], company: string | null = null) => {
  const event = upserted(id, name, phones, { company });
  return { ...event, data: { ...event.data, emails: [] } };
};

function dueOn(invoiceKey: string, quickbooksId: string, totalMinor: number, dueDate: string): EventOf<'invoice.balance_changed'> {
  const at = '2026-03-20T10:00:00.000Z';
  return { v: EVENT_MODEL_VERSION, id: `due:${invoiceKey}`, source: 'console', occurredAt: at, receivedAt: at, lines: [], type: 'invoice.balance_changed', data: { invoiceKey, quickbooksId, totalMinor, balanceMinor: totalMinor, currency: 'USD', dueDate } };
}

describe('finding invoices: search, status, overdue, issue dates, with the sums of what matches', () => {
  let db: ConsoleDatabase;
  let seq = 0;
  const apply = (...events: RingsideEvent[]) => applyWithDueDates(db, events.map((event) => ({ seq: ++seq, event })));
  const keysOf = (name: string) => invoicePage(db, { search: name, limit: 100 }, NOW).rows.map((r) => r.invoiceKey);

  beforeEach(async () => {
    db = await openConsoleDatabase(':memory:');
    seq = 0;
    // Every call invoiced on its own at the default $3.00 a minute.
    apply(policyDefined({ invoicing: { mode: 'per_call' } }, '2026-03-01T00:00:00Z'), customerUpserted('c-nora', 'Nora Quill', [NORA], 'Quill & Ink'), customerUpserted('c-otto', 'Otto Lilienthal', [OTTO], 'Gliders GmbH'));
    apply(
      completed('n1', NORA, '2026-03-02T09:00:00Z', 10 * 60),
      completed('n2', NORA, '2026-03-05T09:00:00Z', 5 * 60),
      completed('n3', NORA, '2026-03-09T09:00:00Z', 2 * 60),
      completed('o1', OTTO, '2026-03-03T09:00:00Z', 4 * 60),
      completed('s1', STRANGER, '2026-03-04T09:00:00Z', 3 * 60),
    );
  });
  afterEach(() => db.close());

  it('searches the customer name, company or QuickBooks number, with LIKE wildcards taken literally', () => {
    expect(keysOf('nora')).toHaveLength(3);
    expect(keysOf('gliders')).toHaveLength(1);
    expect(keysOf('%')).toHaveLength(0);
    expect(keysOf('&')).toHaveLength(3);
    const [oldest] = invoicePage(db, { search: 'Nora', limit: 100 }, NOW).rows.slice(-1);
    apply(invoiceSynced(oldest!.invoiceKey, '2001'));
    expect(keysOf('D-2001')).toEqual([oldest!.invoiceKey]);
    const found = invoicePage(db, { search: 'D-2001', limit: 1 }, NOW).rows[0]!;
    // The number people read: QuickBooks' once it has it.
    expect(found).toMatchObject({ number: 'D-2001', inQuickBooks: true });
    expect(invoicePage(db, { search: 'Otto', limit: 1 }, NOW).rows[0]).toMatchObject({ number: expect.stringMatching(/^PPC-/), inQuickBooks: false });
  });

  it('overdue is a due date before today with something left to pay; the count and sums follow every filter', () => {
    const nora = invoicePage(db, { search: 'Nora', limit: 100 }, NOW).rows;
    const [late, paid, onTime] = nora.map((r) => r.invoiceKey);
    apply(invoiceSynced(late!, '1'), dueOn(late!, '1', 600, '2026-03-10'), invoiceSynced(paid!, '2'), dueOn(paid!, '2', 1_500, '2026-03-11'), paymentRecorded('p', 'c-nora', paid!, 1_500), invoiceSynced(onTime!, '3'), dueOn(onTime!, '3', 3_000, '2026-03-20'));
    const overdue = invoicePage(db, { overdue: true, limit: 100 }, NOW);
    expect(overdue.rows.map((r) => r.invoiceKey)).toEqual([late]);
    expect(overdue.rows[0]).toMatchObject({ overdue: true, dueDate: '2026-03-10' });
    expect(overdue.totals).toEqual({ totalMinor: 600, balanceMinor: 600, overdue: 1, currency: 'USD' });

    const all = invoicePage(db, { limit: 2 }, NOW);
    expect(all.rows).toHaveLength(2);
    // Sums of all four, not of the page: $30, $15 (paid), $6 and Otto's $12 (the stranger's call waits for a customer to bill).
    expect(all).toMatchObject({ total: 4, totals: { totalMinor: 6_300, balanceMinor: 4_800, overdue: 1 } });
    expect(invoicePage(db, { status: 'paid', limit: 10 }, NOW)).toMatchObject({ total: 1, totals: { totalMinor: 1_500, balanceMinor: 0 } });
  });

  it('narrows by issue dates and by named invoices', () => {
    const all = invoicePage(db, { limit: 100 }, NOW).rows;
    const days = [...new Set(all.map((r) => r.issueDate))].sort();
    const first = days[0]!;
    expect(invoicePage(db, { issuedFrom: first, issuedTo: first, limit: 100 }, NOW).rows.every((r) => r.issueDate === first)).toBe(true);
    expect(invoicePage(db, { issuedFrom: '2027-01-01', limit: 100 }, NOW).total).toBe(0);
    const two = all.slice(0, 2).map((r) => r.invoiceKey);
    expect(invoicePage(db, { invoiceKeys: two, limit: 100 }, NOW).rows.map((r) => r.invoiceKey).sort()).toEqual([...two].sort());
    expect(invoicePage(db, { invoiceKeys: [], limit: 100 }, NOW).total).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, type EventOf, type RingsideEvent } from '../../shared/events/model';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { completed, customerUpserted, invoiceSynced, paymentRecorded, policyDefined, ringing, sequenced } from '../../../tests/support/event-builders';
import { loadCallerCard } from './load-caller-card';
import { applyWithDueDates, customersWithInvoiceChanges } from './open-invoices';

const NORA = '+16175550122';
const STRANGER = '+14155550199';
const NOW = new Date('2026-03-20T12:00:00Z');

function balanceChanged(invoiceKey: string, quickbooksId: string, balanceMinor: number, dueDate: string | null): EventOf<'invoice.balance_changed'> {
  const at = '2026-03-20T10:00:00.000Z';
  return {
    v: EVENT_MODEL_VERSION,
    id: `qbo-invoice:${quickbooksId}:${balanceMinor}`,
    source: 'console',
    occurredAt: at,
    receivedAt: at,
    lines: [],
    type: 'invoice.balance_changed',
    data: { invoiceKey, quickbooksId, totalMinor: 3_000, balanceMinor, currency: 'USD', dueDate },
  };
}

describe('open invoices on the caller card', () => {
  let db: ConsoleDatabase;
  let nextSeq = 1;
  function apply(...events: RingsideEvent[]): void {
    applyWithDueDates(db, sequenced(events, nextSeq));
    nextSeq += events.length;
  }
  function invoiceKeys(): string[] {
    return (db.sqlite.prepare(`SELECT invoice_key FROM invoices WHERE customer_id = 'c-nora' ORDER BY issue_date, invoice_key`).all() as { invoice_key: string }[]).map((r) => r.invoice_key);
  }

  beforeEach(async () => {
    db = await openConsoleDatabase(':memory:');
    nextSeq = 1;
    // Every call is invoiced on its own (pay-per-call at the default $3.00 a minute).
    apply(policyDefined({ invoicing: { mode: 'per_call' } }, '2026-03-01T00:00:00Z'), customerUpserted('c-nora', 'Nora Quill', [NORA]));
  });
  afterEach(() => db.close());

  it('shows a ready invoice with its amount, then its DocNumber and due date once QuickBooks has it, overdue after that date', async () => {
    apply(completed('call-1', NORA, '2026-03-02T09:00:00Z', 10 * 60), ringing('call-2', NORA, '2026-03-20T11:59:00Z'));
    const [key] = invoiceKeys();
    expect((await loadCallerCard(db, 'call-2', NOW))?.openInvoices).toEqual([
      // Not in QuickBooks yet: the number it will be sent with, what it is for and when, never its key.
      { invoiceId: key, docNumber: '', number: expect.stringMatching(/^PPC-[0-9A-Z]{12}$/), kind: 'pay_per_call', issueDate: '2026-03-02', periodStart: null, periodEnd: null, callDate: '2026-03-02', dueDate: null, balanceMinor: 3_000, currency: 'USD', overdue: false, daysOverdue: 0 },
    ]);

    apply(invoiceSynced(key!, '1001'), balanceChanged(key!, '1001', 3_000, '2026-03-19'));
    expect((await loadCallerCard(db, 'call-2', NOW))?.openInvoices).toMatchObject([{ invoiceId: key, docNumber: 'D-1001', number: 'D-1001', dueDate: '2026-03-19', balanceMinor: 3_000, currency: 'USD', overdue: true, daysOverdue: 1 }]);
    // Due today is not overdue yet.
    apply(balanceChanged(key!, '1001', 3_000, '2026-03-20'));
    expect((await loadCallerCard(db, 'call-2', NOW))?.openInvoices[0]?.overdue).toBe(false);
  });

  it('shows what is left of a partly paid invoice, and nothing once it is paid', async () => {
    apply(completed('call-1', NORA, '2026-03-02T09:00:00Z', 10 * 60), ringing('call-2', NORA, '2026-03-20T11:59:00Z'));
    const [key] = invoiceKeys();
    apply(invoiceSynced(key!, '1001'), paymentRecorded('p1', 'c-nora', key!, 1_000));
    expect((await loadCallerCard(db, 'call-2', NOW))?.openInvoices.map((i) => i.balanceMinor)).toEqual([2_000]);
    apply(paymentRecorded('p2', 'c-nora', key!, 2_000));
    expect((await loadCallerCard(db, 'call-2', NOW))?.openInvoices).toEqual([]);
  });

  it('lists at most 5, newest first', async () => {
    apply(...[1, 2, 3, 4, 5, 6, 7].map((day) => completed(`call-${day}`, NORA, `2026-03-0${day}T09:00:00Z`, 60)), ringing('now', NORA, '2026-03-20T11:59:00Z'));
    const open = (await loadCallerCard(db, 'now', NOW))?.openInvoices ?? [];
    expect(open).toHaveLength(5);
    const keys = invoiceKeys();
    expect(open.map((i) => i.invoiceId)).toEqual(keys.slice(-5).reverse());
  });

  it('sums every unpaid invoice, not only the five listed: "7 unpaid · $21.00 · oldest 19 days"', async () => {
    apply(...[1, 2, 3, 4, 5, 6, 7].map((day) => completed(`call-${day}`, NORA, `2026-03-0${day}T09:00:00Z`, 60)), ringing('now', NORA, '2026-03-20T11:59:00Z'));
    const [oldest] = invoiceKeys();
    apply(invoiceSynced(oldest!, '1001'), balanceChanged(oldest!, '1001', 300, '2026-03-10'));
    const card = await loadCallerCard(db, 'now', NOW);
    expect(card?.openInvoices).toHaveLength(5);
    expect(card?.openInvoiceSummary).toEqual({ count: 7, overdueCount: 1, balanceMinor: 7 * 300, currency: 'USD', oldestIssueDate: '2026-03-01', oldestDays: 19 });
    apply(...invoiceKeys().map((key, i) => paymentRecorded(`p${i}`, 'c-nora', key, 300)));
    expect((await loadCallerCard(db, 'now', NOW))?.openInvoiceSummary).toBeNull();
  });

  it('has none for an unknown caller', async () => {
    apply(ringing('call-x', STRANGER, '2026-03-20T11:59:00Z'));
    expect((await loadCallerCard(db, 'call-x', NOW))?.openInvoices).toEqual([]);
  });

  it("names the customer whose cards a payment or a balance change touches", () => {
    apply(completed('call-1', NORA, '2026-03-02T09:00:00Z', 10 * 60));
    const [key] = invoiceKeys();
    expect([...customersWithInvoiceChanges(db, [balanceChanged(key!, '1001', 0, null)])]).toEqual(['c-nora']);
    expect([...customersWithInvoiceChanges(db, [paymentRecorded('p1', 'c-nora', key!, 1)])]).toEqual(['c-nora']);
    expect(customersWithInvoiceChanges(db, [ringing('x', NORA, '2026-03-20T11:59:00Z')]).size).toBe(0);
  });
});

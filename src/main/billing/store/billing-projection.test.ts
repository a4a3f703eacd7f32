import { afterEach, describe, expect, it } from 'vitest';
import type { RingsideEvent } from '../../../shared/events/model';
import { rows } from '../../../../tests/support/migration-test-support';
import { openConsoleDatabase, type ConsoleDatabase } from '../../db/open-console-database';
import { databaseColumns } from '../../db/schema';
import { applyBatch } from '../../projection/apply-event';
import {
  adjustmentRecorded,
  callCorrected,
  customerUpserted,
  invoiceStatusChanged,
  invoiceSynced,
  paymentRecorded,
  planWith,
  policyDefined,
  sequenced,
  subscriptionWith,
  talked,
  unanswered,
  walletCredited,
} from '../../../../tests/support/event-builders';
import { texted } from '../../../../tests/support/message-builders';
import { forgetBillingBook } from './billing-projection';

const ADA = '+16175550100';
const NORA = '+16175550122';
const STRANGER = '+14155550199';

const log = sequenced([
  policyDefined({ taxBasisPoints: { subscription: 825, payPerCall: 825 } }),
  planWith('six', { includedSeconds: 3600, incrementSeconds: 360, overageRatePerHourMinor: 12000, rollover: { policy: 'full' } }),
  customerUpserted('c-ada', 'Ada', [ADA]),
  customerUpserted('c-nora', 'Nora', [NORA]),
  subscriptionWith('s-ada', 'c-ada', 'six', '2026-01-15'),
  walletCredited('top-1', 'c-nora', 1000, { at: '2026-01-20T00:00:00Z' }),
  walletCredited('grant-1', 'c-nora', 500, { kind: 'grant', expiresOn: '2026-03-01', at: '2026-01-20T00:00:00Z' }),
  talked('a1', ADA, '2026-01-20T10:00:00Z', 7 * 60 + 10),
  talked('n1', NORA, '2026-01-21T10:00:00Z', 7 * 60 + 10),
  talked('x1', STRANGER, '2026-01-22T10:00:00Z', 200),
  unanswered('m1', ADA, '2026-01-23T10:00:00Z'),
  talked('a2', ADA, '2026-02-20T10:00:00Z', 80 * 60),
  callCorrected('a1', 60, '2026-02-21T00:00:00Z'),
  adjustmentRecorded('adj-1', 'c-ada', 'seconds', 600, '2026-02-21T01:00:00Z'),
  adjustmentRecorded('adj-2', 'c-nora', 'money', -300, '2026-02-21T02:00:00Z'),
  customerUpserted('c-x', 'Xavier', [STRANGER], { at: '2026-02-22T00:00:00Z' }),
  invoiceSynced('sub:s-ada:2026-01-15', 'qb-1', '2026-02-22T01:00:00Z'),
  paymentRecorded('pay-1', 'c-ada', 'sub:s-ada:2026-01-15', 21542, '2026-02-22T02:00:00Z'),
  paymentRecorded('pay-1', 'c-ada', 'sub:s-ada:2026-01-15', 21542, '2026-02-22T03:00:00Z'),
  invoiceStatusChanged('usage:c-nora:2026-01-01', 'void', '2026-02-22T04:00:00Z'),
  talked('n2', NORA, '2026-03-05T10:00:00Z', 60),
] satisfies RingsideEvent[]);

function snapshot(db: ConsoleDatabase): Record<string, unknown[]> {
  // QuickBooks sync tables are the bookkeeper console's own working state (with wall-clock times), not the log's projection.
  return Object.fromEntries(Object.keys(databaseColumns).filter((t) => !t.startsWith('quickbooks_')).map((t) => [t, rows(db, t)]));
}

describe('billing in the projection', () => {
  const opened: ConsoleDatabase[] = [];
  async function freshDb(): Promise<ConsoleDatabase> {
    const db = await openConsoleDatabase(':memory:');
    opened.push(db);
    return db;
  }
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });

  it('rebuilds identical billing tables when the database is deleted and the log replayed, whatever the batches and restarts', async () => {
    const oneByOne = await freshDb();
    for (const entry of log) applyBatch(oneByOne, [entry]);

    const replayed = await freshDb();
    applyBatch(replayed, log.slice(0, 7));
    // A restart between batches: the engine reloads its state from the tables.
    forgetBillingBook(replayed);
    applyBatch(replayed, log.slice(5, 13));
    forgetBillingBook(replayed);
    applyBatch(replayed, log.slice(13));

    expect(snapshot(replayed)).toEqual(snapshot(oneByOne));
    expect(rows(oneByOne, 'charges').length).toBeGreaterThan(5);
  });

  it('keeps the ledger: charges with traces, invoices with their statuses, a payment applied once', async () => {
    const db = await freshDb();
    applyBatch(db, log);
    const invoices = Object.fromEntries((rows(db, 'invoices') as { invoice_key: string; status: string; balance_minor: number }[]).map((i) => [i.invoice_key, i]));
    // 19900 + 8.25 % tax = 21541.75 → 21542; synced, then paid in full by one payment (recorded twice).
    expect(invoices['sub:s-ada:2026-01-15']).toMatchObject({ status: 'paid', balance_minor: 0, total_minor: 21542, quickbooks_id: 'qb-1' });
    expect(invoices['usage:c-nora:2026-01-01']).toMatchObject({ status: 'void' });
    expect(invoices['usage:c-x:2026-02-01']).toMatchObject({ customer_id: 'c-x', status: 'ready' });
    expect(rows(db, 'payments')).toHaveLength(1);
    const traces = (rows(db, 'charges') as { call_id: string; trace_json: string }[]).filter((c) => c.call_id === 'a1').map((c) => JSON.parse(c.trace_json) as string[]);
    expect(traces[0]).toEqual(['7 min 10 s talk', '→ 12 min at 6-min increment', '12 min from included hours; 48 min left']);
    expect(traces).toHaveLength(3);
  });

  it('bills texts into the usage invoice’s one counting line, kept right through a failure, a replay and restarts', async () => {
    const texts = sequenced([
      policyDefined({ taxBasisPoints: { overage: 1000 } }),
      planWith('texts', { includedSeconds: 3600, messaging: { includedOutgoing: 1, includedIncoming: 0, outgoingRateMinor: 5, incomingRateMinor: 2 } }),
      customerUpserted('c-ada', 'Ada', [ADA]),
      subscriptionWith('s-ada', 'c-ada', 'texts', '2026-01-01'),
      texted('M1', 'outgoing', ADA, '2026-01-10T10:00:00Z', 'sent'),
      texted('M1', 'outgoing', ADA, '2026-01-10T10:00:00Z', 'delivered', { receivedAt: '2026-01-10T10:00:04Z' }),
      texted('M2', 'outgoing', ADA, '2026-01-10T10:01:00Z', 'delivered'),
      texted('M3', 'outgoing', ADA, '2026-01-10T10:02:00Z', 'sent'),
      texted('IN1', 'incoming', ADA, '2026-01-10T10:03:00Z', 'received'),
      texted('M4', 'outgoing', ADA, '2026-01-10T10:04:00Z', 'delivered'),
      texted('M3', 'outgoing', ADA, '2026-01-10T10:02:00Z', 'failed', { receivedAt: '2026-01-10T10:05:00Z' }),
    ] satisfies RingsideEvent[]);
    const oneByOne = await freshDb();
    for (const entry of texts) applyBatch(oneByOne, [entry]);
    const replayed = await freshDb();
    applyBatch(replayed, texts.slice(0, 6));
    forgetBillingBook(replayed);
    applyBatch(replayed, texts.slice(6, 9));
    forgetBillingBook(replayed);
    applyBatch(replayed, texts.slice(9));
    expect(snapshot(replayed)).toEqual(snapshot(oneByOne));

    // M1 included; M2, M4 at $0.05 (M3 billed, then reversed when it failed); IN1 at $0.02.
    expect(rows(oneByOne, 'invoice_lines')).toEqual([
      expect.objectContaining({ invoice_key: 'sub:s-ada:2026-01-01' }),
      expect.objectContaining({ invoice_key: 'usage:c-ada:2026-01-01', line_no: 1, description: 'Overage, text messages sent: 2 × $0.05', quantity: '2', amount_minor: 10, tax_minor: 1 }),
      expect.objectContaining({ invoice_key: 'usage:c-ada:2026-01-01', line_no: 2, description: 'Overage, text messages received: 1 × $0.02', quantity: '1', amount_minor: 2, tax_minor: 0 }),
    ]);
    const usage = (rows(oneByOne, 'invoices') as { invoice_key: string }[]).find((i) => i.invoice_key === 'usage:c-ada:2026-01-01');
    expect(usage).toMatchObject({ status: 'draft', subtotal_minor: 12, tax_minor: 1, total_minor: 13 });
    const charges = rows(oneByOne, 'charges') as { call_id: string; total_minor: number; reverses_charge_id: string | null }[];
    expect(charges.map((c) => c.total_minor)).toEqual([0, 5, 5, 2, 5, -5, 0]);
  });

  it('skips billing for entries at or below the applied seq', async () => {
    const db = await freshDb();
    applyBatch(db, log);
    const before = snapshot(db);
    applyBatch(db, log.slice(3));
    expect(snapshot(db)).toEqual(before);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { RingsideEvent } from '../../../shared/events/model';
import { rows } from '../../../../tests/support/migration-test-support';
import { customerUpserted, planWith, sequenced, talked } from '../../../../tests/support/event-builders';
import { flutterwaveFailure, flutterwaveSubscriptionPayment, flutterwaveTopUp } from '../../../../tests/support/payment-events';
import { openConsoleDatabase, type ConsoleDatabase } from '../../db/open-console-database';
import { databaseColumns } from '../../db/schema';
import { applyBatch } from '../../projection/apply-event';
import { statement, walletPage } from '../queries/billing-reads';
import { forgetBillingBook } from './billing-projection';

/** Flutterwave payments and plan credit in the console's database: the ledger a receptionist reads, and the same tables after restarts and a rebuild. */

const NORA = '+16175550122';
const AT = '2026-11-01T09:00:00.000Z';

const log = sequenced([
  planWith('growth', { name: 'Growth', priceMinor: 19_900, includedSeconds: 0, periodGrant: { amountMinor: 5_000, expiresAfterDays: null } }, AT),
  customerUpserted('c-nora', 'Nora Ephron', [NORA], { at: AT }),
  flutterwaveFailure('9001', 'c-nora', 19_900, 'The card was declined', '2026-12-01T09:30:00.000Z', 'subscription'),
  flutterwaveSubscriptionPayment('9002', 'c-nora', 'growth', 's-nora', 19_900, '2026-12-01T09:40:00.000Z'),
  talked('call-1', NORA, '2026-12-03T15:00:00.000Z', 600),
  flutterwaveTopUp('9003', 'c-nora', 2_500, '2026-12-04T10:00:00.000Z'),
  // The same top-up delivered again, under another event id.
  flutterwaveTopUp('9003', 'c-nora', 2_500, '2026-12-04T10:00:00.000Z', { eventId: 'flutterwave:redelivered:9003', receivedAt: '2026-12-04T10:02:00.000Z' }),
  flutterwaveFailure('9001', 'c-nora', 19_900, 'The card was declined', '2026-12-01T09:30:00.000Z', 'subscription'),
  flutterwaveSubscriptionPayment('9004', 'c-nora', 'growth', 's-nora', 19_900, '2027-01-01T07:00:00.000Z'),
  talked('call-2', NORA, '2027-01-02T15:00:00.000Z', 60),
] satisfies RingsideEvent[]);

function snapshot(db: ConsoleDatabase): Record<string, unknown[]> {
  return Object.fromEntries(Object.keys(databaseColumns).filter((t) => !t.startsWith('quickbooks_')).map((t) => [t, rows(db, t)]));
}

describe('Flutterwave payments and plan credit in the console', () => {
  const opened: ConsoleDatabase[] = [];
  async function freshDb(): Promise<ConsoleDatabase> {
    const db = await openConsoleDatabase(':memory:');
    opened.push(db);
    return db;
  }
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });

  it('the statement says what was paid, by whom, what failed and what the plan credited, in plain words', async () => {
    const db = await freshDb();
    applyBatch(db, log);
    const lines = statement(db, { customerId: 'c-nora', from: '2026-12-01', to: '2027-01-31' }).lines.map((l) => [l.at.slice(0, 10), l.description, l.amountMinor]);
    expect(lines).toEqual([
      // The credit is dated at the period's first instant, before the payment that started it.
      ['2026-12-01', 'Wallet: Growth plan credit for December — expires Dec 31', -5_000],
      ['2026-12-01', 'Growth — monthly plan, 2026-12-01 until 2027-01-01', 19_900],
      ['2026-12-01', 'Paid $199.00 by Flutterwave — Growth subscription started', -19_900],
      ['2026-12-01', 'A $199.00 subscription payment by Flutterwave failed. The card was declined.', 0],
      ['2026-12-03', 'Call of 2026-12-03, 10 min talk: 10 min from the wallet at $180.00/h: $30.00; $20.00 left', 3_000],
      ['2026-12-04', 'Wallet: Top-up — paid $25.00 by Flutterwave', -2_500],
      ['2027-01-01', 'Wallet: Unused Growth plan credit for December expired', 2_000],
      ['2027-01-01', 'Wallet: Growth plan credit for January — expires Jan 31', -5_000],
      ['2027-01-01', 'Growth — monthly plan, 2027-01-01 until 2027-02-01', 19_900],
      ['2027-01-01', 'Paid $199.00 by Flutterwave — Growth subscription for January', -19_900],
      ['2027-01-02', 'Call of 2027-01-02, 1 min talk: 1 min from the wallet at $180.00/h: $3.00; $72.00 left', 300],
    ]);
    // Both subscription invoices paid by the Flutterwave payments.
    expect((rows(db, 'invoices') as { invoice_key: string; status: string; balance_minor: number }[]).map((i) => [i.invoice_key, i.status, i.balance_minor])).toEqual([
      ['sub:s-nora:2026-12-01', 'paid', 0],
      ['sub:s-nora:2027-01-01', 'paid', 0],
    ]);
    expect(rows(db, 'failed_payments')).toHaveLength(1);
    expect(walletPage(db, {}, new Date('2027-01-03T00:00:00Z')).rows).toEqual([
      expect.objectContaining({ customerId: 'c-nora', balanceMinor: 7_200, planCredit: { amountMinor: 4_700, lastDay: '2027-01-31', expiringMinor: 4_700 } }),
    ]);
  });

  it('rebuilds the same tables after restarts between batches, and from the log again', async () => {
    const oneByOne = await freshDb();
    for (const entry of log) applyBatch(oneByOne, [entry]);
    const restarted = await freshDb();
    applyBatch(restarted, log.slice(0, 4));
    forgetBillingBook(restarted);
    // Overlapping batches: a console that re-reads what it applied already.
    applyBatch(restarted, log.slice(2, 8));
    forgetBillingBook(restarted);
    applyBatch(restarted, log.slice(8));
    expect(snapshot(restarted)).toEqual(snapshot(oneByOne));
    const grants = (rows(oneByOne, 'wallet_entries') as { entry_id: string; kind: string }[]).filter((e) => e.kind === 'grant').map((e) => e.entry_id);
    expect(grants).toEqual(['grant:s-nora:2026-12-01:growth', 'grant:s-nora:2027-01-01:growth']);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { customerUpserted, planWith, sequenced, subscriptionWith, talked, walletCredited } from '../../../../tests/support/event-builders';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../../shared/events/model';
import { openConsoleDatabase, type ConsoleDatabase } from '../../db/open-console-database';
import { applyBatch } from '../../projection/apply-event';
import { billingMergeRefusal, forgetBillingBook } from './billing-projection';
import { loadBillingBook } from './load-billing-book';

const ADA_OFFICE = '+16175550100';
const ADA_MOBILE = '+16175550101';
const NORA = '+16175550122';

function merged(fromCustomerId: string, intoCustomerId: string, at: string): RingsideEvent {
  return { v: EVENT_MODEL_VERSION, id: `merge:${fromCustomerId}:${intoCustomerId}`, source: 'console', occurredAt: at, receivedAt: at, lines: [], type: 'customer.merged', data: { fromCustomerId, intoCustomerId, by: 'Office' } };
}

const setUp = [
  planWith('ten', { includedSeconds: 36_000, incrementSeconds: 60 }),
  customerUpserted('c-ada-1', 'Ada Lovelace', [ADA_OFFICE], { email: 'ada@example.com' }),
  customerUpserted('c-ada-2', 'Ada L.', [ADA_MOBILE]),
  subscriptionWith('s-ada', 'c-ada-1', 'ten', '2026-01-01'),
  talked('call-1', ADA_OFFICE, '2026-01-10T10:00:00Z', 600),
];

describe('merging two customers keeps billing right', () => {
  let db: ConsoleDatabase;
  afterEach(() => db.close());
  const count = (sql: string, ...params: string[]) => (db.sqlite.prepare(sql).get(...params) as { n: number }).n;

  it("moves the first's subscription, charges, invoices and numbers to the second, and a call from either number uses the same hours", async () => {
    db = await openConsoleDatabase(':memory:');
    applyBatch(db, sequenced([...setUp, merged('c-ada-1', 'c-ada-2', '2026-01-11T00:00:00Z'), talked('call-2', ADA_MOBILE, '2026-01-12T10:00:00Z', 600)]));
    expect(count('SELECT COUNT(*) AS n FROM customers WHERE customer_id = ?', 'c-ada-1')).toBe(0);
    expect((db.sqlite.prepare('SELECT phone_e164 FROM customer_phones WHERE customer_id = ? ORDER BY phone_e164').all('c-ada-2') as { phone_e164: string }[]).map((r) => r.phone_e164)).toEqual([ADA_OFFICE, ADA_MOBILE]);
    expect(count('SELECT COUNT(*) AS n FROM charges WHERE customer_id = ?', 'c-ada-2')).toBe(2);
    expect(count(`SELECT COUNT(*) AS n FROM invoices WHERE customer_id = 'c-ada-1'`)).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM billing_accounts WHERE customer_id = 'c-ada-1'`)).toBe(0);
    const account = JSON.parse((db.sqlite.prepare(`SELECT state_json FROM billing_accounts WHERE customer_id = 'c-ada-2'`).get() as { state_json: string }).state_json);
    expect(account.subscription.subscriptionId).toBe('s-ada');
    // 10 h included, two 10-minute calls taken from it.
    expect(account.subscription.period.includedRemaining).toBe(36_000 - 1_200);
    expect(db.sqlite.prepare(`SELECT email FROM customers WHERE customer_id = 'c-ada-2'`).get()).toEqual({ email: 'ada@example.com' });
    // A console that starts again reads the same book from the tables.
    forgetBillingBook(db);
    const book = loadBillingBook(db);
    expect([...book.accounts.keys()]).toEqual(['c-ada-2']);
    expect(book.subscriptionOwners.get('s-ada')).toBe('c-ada-2');
  });

  it('is refused when both customers have an active subscription, or both a wallet with money, and then changes nothing anywhere', async () => {
    db = await openConsoleDatabase(':memory:');
    const both = [...setUp, subscriptionWith('s-ada-2', 'c-ada-2', 'ten', '2026-01-01')];
    applyBatch(db, sequenced(both));
    expect(billingMergeRefusal(db, 'c-ada-1', 'c-ada-2')).toBe('Both customers have an active subscription. Cancel one of them first, then merge.');
    applyBatch(db, sequenced([merged('c-ada-1', 'c-ada-2', '2026-01-11T00:00:00Z')], both.length + 1));
    expect(count('SELECT COUNT(*) AS n FROM customers WHERE customer_id = ?', 'c-ada-1')).toBe(1);
    expect(count('SELECT COUNT(*) AS n FROM charges WHERE customer_id = ?', 'c-ada-1')).toBe(1);

    const wallets = [customerUpserted('c-nora', 'Nora', [NORA]), walletCredited('w1', 'c-nora', 1000), walletCredited('w2', 'c-ada-2', 500)];
    applyBatch(db, sequenced(wallets, both.length + 2));
    expect(billingMergeRefusal(db, 'c-nora', 'c-ada-2')).toBe('Both customers have a prepaid wallet in use. Use up or move one balance first, then merge.');
    expect(billingMergeRefusal(db, 'c-nora', 'c-ada-1')).toBeNull();
  });

  it("moves a wallet to a customer who has none, and the second's calls draw on it", async () => {
    db = await openConsoleDatabase(':memory:');
    applyBatch(
      db,
      sequenced([
        customerUpserted('c-nora', 'Nora', [NORA]),
        customerUpserted('c-nora-2', 'Nora B.', [ADA_MOBILE]),
        walletCredited('w1', 'c-nora', 10_000, { at: '2026-01-02T00:00:00Z' }),
        merged('c-nora', 'c-nora-2', '2026-01-03T00:00:00Z'),
        talked('call-3', ADA_MOBILE, '2026-01-04T10:00:00Z', 600),
      ]),
    );
    const rows = db.sqlite.prepare('SELECT customer_id, kind, balance_after_minor FROM wallet_entries ORDER BY seq').all();
    expect(rows).toEqual([
      { customer_id: 'c-nora-2', kind: 'top_up', balance_after_minor: 10_000 },
      expect.objectContaining({ customer_id: 'c-nora-2', kind: 'usage' }),
    ]);
  });
});

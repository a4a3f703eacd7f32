import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RingsideEvent } from '../../../src/shared/events/model';
import { customerUpserted, planWith, subscriptionWith, talked, walletCredited } from '../../../tests/support/event-builders';
import { RelayAccounts } from '../../src/accounts/relay-accounts';
import { openRelayDatabase, type RelayDatabase } from '../../src/database';
import { EventLog } from '../../src/log/event-log';
import { RandomBillingLog } from './random-billing-log';

let dir: string;
const open: { db: RelayDatabase; log: EventLog }[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ringside-relay-accounts-'));
});

afterEach(() => {
  for (const { db, log } of open.splice(0)) {
    log.close();
    if (db.open) db.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

function startRelay(name: string): { db: RelayDatabase; log: EventLog; accounts: RelayAccounts } {
  const db = openRelayDatabase(path.join(dir, name));
  const accounts = RelayAccounts.open(db);
  const log = new EventLog(db, { projection: accounts });
  open.push({ db, log });
  return { db, log, accounts };
}

function stopRelay(relay: { db: RelayDatabase; log: EventLog }): void {
  relay.log.close();
  relay.db.close();
}

/** What the accounts hold, table by table, in a stable order. */
function tables(db: RelayDatabase): Record<string, unknown[]> {
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'accounts_%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(names.map((name) => [name, (db.prepare(`SELECT * FROM ${name}`).all() as unknown[]).map((row) => JSON.stringify(row)).sort()]));
}

async function appendAll(log: EventLog, events: readonly RingsideEvent[]): Promise<void> {
  await Promise.all(events.map((event) => log.append(event)));
}

describe("the relay's accounts", () => {
  it('are the same whether the relay never stopped, was restarted three times mid-log, or rebuilt them by replay', async () => {
    const steady = startRelay('steady');
    let restarted = startRelay('restarted');
    const log = new RandomBillingLog(20261202);
    const opening = log.opening();
    await appendAll(steady.log, opening);
    await appendAll(restarted.log, opening);
    for (let segment = 0; segment < 8; segment++) {
      // Both relays name the same invoices (the steady one's), so they get the same log.
      const invoices = steady.db.prepare('SELECT invoice_key AS invoiceKey, customer_id AS customerId, total_minor AS totalMinor, quickbooks_id AS quickbooksId FROM accounts_invoices').all() as never[];
      const events = log.segment(250, invoices);
      await appendAll(steady.log, events);
      await appendAll(restarted.log, events);
      if (segment % 3 === 1) {
        stopRelay(restarted);
        restarted = startRelay('restarted');
      }
    }
    expect(restarted.accounts.appliedSeq).toBe(steady.log.headSeq);
    const expected = tables(steady.db);
    expect(expected.accounts_books!.length).toBeGreaterThan(30);
    expect(tables(restarted.db)).toEqual(expected);
    const customers = steady.db.prepare('SELECT customer_id FROM accounts_customers').pluck().all() as string[];
    for (const id of customers) expect(restarted.accounts.standingOfCustomer(id, log.clockMs)).toEqual(steady.accounts.standingOfCustomer(id, log.clockMs));

    restarted.accounts.rebuild();
    expect(tables(restarted.db)).toEqual(expected);
    for (const id of customers) expect(restarted.accounts.standingOfCustomer(id, log.clockMs)).toEqual(steady.accounts.standingOfCustomer(id, log.clockMs));
  }, 120_000);

  it('move with the log when one event of a batch is refused: the rest of the batch counts once, as a rebuild finds it', async () => {
    const ADA = '+16175550100';
    const relay = startRelay('relay');
    await appendAll(relay.log, [planWith('six', { includedSeconds: 6 * 3600, incrementSeconds: 60 }), customerUpserted('c-ada', 'Ada', [ADA]), subscriptionWith('s-ada', 'c-ada', 'six', '2026-01-01')]);
    const refused = { ...walletCredited('w-x', 'c-ada', 999), id: null } as unknown as RingsideEvent; // the log's NOT NULL refuses it
    // Written in one transaction, rolled back at the refused one, then again one savepoint each.
    const settled = await Promise.allSettled([
      relay.log.append(walletCredited('w-1', 'c-ada', 2500, { at: '2026-01-02T00:00:00.000Z' })),
      relay.log.append(refused),
      relay.log.append(talked('a1', ADA, '2026-01-10T10:00:00.000Z', 60 * 60)),
    ]);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const now = Date.parse('2026-01-11T00:00:00Z');
    const standing = relay.accounts.standingOfCustomer('c-ada', now);
    expect(standing).toMatchObject({ walletBalanceMinor: 2500, includedSecondsRemaining: 5 * 3600 });
    const before = tables(relay.db);
    relay.accounts.rebuild();
    expect(tables(relay.db)).toEqual(before);
    expect(relay.accounts.standingOfCustomer('c-ada', now)).toEqual(standing);
  });

  it('are rebuilt from the log at start when their version is not this relay’s, and answer for a caller at once', async () => {
    const ADA = '+16175550100';
    const first = startRelay('relay');
    await appendAll(first.log, [
      planWith('six', { includedSeconds: 6 * 3600, incrementSeconds: 60 }),
      customerUpserted('c-ada', 'Ada Lovelace', [ADA], { company: 'Analytical Engines' }),
      subscriptionWith('s-ada', 'c-ada', 'six', '2026-01-01'),
      walletCredited('w-1', 'c-ada', 2500, { at: '2026-01-02T00:00:00.000Z' }),
      { ...talked('a1', ADA, '2026-01-10T10:00:00.000Z', 90 * 60), receivedAt: '2026-01-10T11:31:00.000Z' },
    ]);
    const before = first.accounts.standingOfNumber(ADA, Date.parse('2026-01-11T00:00:00Z'));
    expect(before).toMatchObject({ customerId: 'c-ada', name: 'Ada Lovelace', planId: 'six', includedSecondsRemaining: 4.5 * 3600, walletBalanceMinor: 2500, phones: [ADA] });
    // An older projection's tables: rebuilt by replay, not trusted.
    first.db.prepare('UPDATE accounts_state SET version = 0, applied_seq = 2').run();
    first.db.prepare('DELETE FROM accounts_books').run();
    stopRelay(first);
    const second = startRelay('relay');
    expect(second.accounts.appliedSeq).toBe(5);
    expect(second.accounts.standingOfNumber(ADA, Date.parse('2026-01-11T00:00:00Z'))).toEqual(before);
    expect(second.accounts.standingOfNumber('+19995550000', Date.parse('2026-01-11T00:00:00Z'))).toBeNull();
  });

  it('kept by version 1 (whose fold did not store a top-up invoice once paid in part, synced or voided) are rebuilt from the log at start', async () => {
    const ADA = '+16175550100';
    const first = startRelay('relay');
    await appendAll(first.log, [customerUpserted('c-ada', 'Ada Lovelace', [ADA]), walletCredited('w-1', 'c-ada', 2500, { at: '2026-01-02T00:00:00.000Z' })]);
    const before = first.accounts.standingOfNumber(ADA, Date.parse('2026-01-11T00:00:00Z'));
    // What a relay of that version may hold: books that miss what happened to them.
    first.db.prepare('UPDATE accounts_state SET version = 1').run();
    first.db.prepare('DELETE FROM accounts_books').run();
    stopRelay(first);
    const second = startRelay('relay');
    expect(second.accounts.standingOfNumber(ADA, Date.parse('2026-01-11T00:00:00Z'))).toEqual(before);
    expect(second.db.prepare('SELECT version FROM accounts_state').pluck().get()).toBeGreaterThan(1);
  });

  it('serve a subscriber in Pacific/Auckland starting today at 08:00 local time (the day before, in UTC), and bill that call to the plan', async () => {
    const KIRI = '+6495550100';
    const relay = startRelay('relay');
    const hours = { timeZone: 'Pacific/Auckland', days: { mon: { open: '08:00', close: '18:00' }, tue: { open: '08:00', close: '18:00' }, wed: { open: '08:00', close: '18:00' }, thu: { open: '08:00', close: '18:00' }, fri: { open: '08:00', close: '18:00' }, sat: null, sun: null } };
    await appendAll(relay.log, [planWith('nz', { includedSeconds: 3600, incrementSeconds: 60, businessHours: hours }), customerUpserted('c-kiri', 'Kiri Tane', [KIRI]), subscriptionWith('s-kiri', 'c-kiri', 'nz', '2026-03-10')]);
    // 08:00 on Tuesday 10 March in Auckland (UTC+13) is 19:00 UTC on the 9th.
    const eightLocal = Date.parse('2026-03-09T19:00:00.000Z');
    expect(relay.accounts.standingOfNumber(KIRI, eightLocal)).toMatchObject({ planId: 'nz', includedSecondsRemaining: 3600 });
    expect(relay.accounts.standingOfNumber(KIRI, Date.parse('2026-03-09T10:00:00.000Z'))).toMatchObject({ planId: null, includedSecondsRemaining: null });
    await relay.log.append({ ...talked('kiri-1', KIRI, '2026-03-09T19:00:05.000Z', 600), receivedAt: '2026-03-09T19:10:10.000Z' });
    expect(relay.accounts.standingOfNumber(KIRI, eightLocal + 3_600_000)).toMatchObject({ planId: 'nz', includedSecondsRemaining: 3000 });
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FAST_SYNC, startRig, type Rig } from '../../../tests/support/quickbooks-integration-rig';
import { createConsoleCore, type ConsoleCore } from '../core/console-core';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { MemorySettingsStore } from '../settings';
import { invoiceKeyInNote } from './invoice-marker';
import { createQuickBooksSync, type QuickBooksSync } from './quickbooks-sync';

/**
 * A handover between two bookkeeper consoles while a create is in flight (issue 11 §2, §4):
 * the first console's batch commits in QuickBooks but its answer is still on the way when it
 * stops; meanwhile one more invoice is drafted, so the second console's first batch would not
 * even replay the same requestid. The first keeps the lease until its request is over; the
 * second, taking over from a console that synced within the minute, looks every queued create
 * up (by DocNumber, or by the [ringside:key] marker when QuickBooks numbers invoices itself)
 * before it creates anything.
 */

const N = 5;
let rig: Rig | undefined;
let core2: ConsoleCore | undefined;
let sync2: QuickBooksSync | undefined;
let db2: ConsoleDatabase | undefined;
afterEach(async () => {
  await sync2?.stop();
  await core2?.stop();
  await db2?.close();
  await rig?.stop();
  [rig, core2, sync2, db2] = [undefined, undefined, undefined, undefined];
});
const now = () => new Date().toISOString();
const createJobs = (db: ConsoleDatabase) => db.sqlite.prepare("SELECT count(*) FROM quickbooks_outbox WHERE action = 'create'").pluck().get() as number;
const openCreates = (db: ConsoleDatabase) => db.sqlite.prepare("SELECT count(*) FROM quickbooks_outbox WHERE action = 'create' AND state NOT IN ('done', 'failed')").pluck().get() as number;
const failedJobs = (db: ConsoleDatabase) => db.sqlite.prepare("SELECT count(*) FROM quickbooks_outbox WHERE state = 'failed'").pluck().get() as number;

/** Answers the invoice keys QuickBooks holds for this scenario's invoices, one entry per QuickBooks invoice. */
async function handOverWhileAnswerInFlight(customTxnNumbers: boolean): Promise<string[]> {
  rig = await startRig({ seed: 'sandbox', preferences: { customTxnNumbers } }, { QUICKBOOKS_SYNC_LEASE_SECONDS: '5' });
  const token = await rig.relay.addDevice('Back office', 'bookkeeper');
  const dbPath = path.join(mkdtempSync(path.join(tmpdir(), 'ringside-handover-')), 'console.db');
  core2 = createConsoleCore({ dbPath, settings: new MemorySettingsStore({ relayUrl: rig.relay.url, deviceToken: token }), backoff: { baseMs: 50, capMs: 300 }, quickBooksSync: false });
  await core2.start();
  db2 = await openConsoleDatabase(dbPath);
  const ids = rig.emulator.addCustomers(N, { sharedNumberEvery: 0, unparseableEvery: 0, namePrefix: 'Hand' });
  await rig.sync.importCustomers();
  await rig.postAsAdmin({ id: 'plan:h', occurredAt: now(), type: 'plan.defined', data: { planId: 'h', name: 'H', period: 'monthly', priceMinor: 9_900, currency: 'USD', includedSeconds: 3_600 } });
  for (const [i, customerId] of ids.entries()) {
    await rig.postAsAdmin({ id: `sub:h:${i}`, occurredAt: now(), type: 'subscription.started', data: { subscriptionId: `h${i}`, customerId, planId: 'h', startDate: now().slice(0, 10) } });
  }
  await vi.waitFor(() => expect([createJobs(rig!.db), createJobs(db2!)]).toEqual([N, N]), { timeout: 60_000, interval: 200 });
  const before = rig.emulator.invoices().length;

  // The first console's batch commits, but its answer is lost (still in flight when it stops).
  rig.emulator.faults.inject({ path: '/batch', fault: 'timeout-after-commit', count: 1 });
  await rig.sync.start();
  await vi.waitFor(() => expect(rig!.emulator.invoices().length - before).toBe(N), { timeout: 30_000, interval: 10 });
  const stopping = rig.sync.stop();
  // Meanwhile one more invoice is drafted: the second console's first batch holds it too.
  await rig.postAsAdmin({ id: 'sub:h:late', occurredAt: now(), type: 'subscription.started', data: { subscriptionId: 'hlate', customerId: ids[0]!, planId: 'h', startDate: `${now().slice(0, 8)}01` } });
  await vi.waitFor(() => expect(createJobs(db2!)).toBe(N + 1), { timeout: 30_000, interval: 50 });
  sync2 = createQuickBooksSync({ db: db2, relayUrl: rig.relay.url, deviceToken: token, region: () => 'US', watchLog: true, ...FAST_SYNC });
  await sync2.start();
  await stopping;
  await vi.waitFor(() => expect(openCreates(db2!)).toBe(0), { timeout: 60_000, interval: 200 });
  expect(failedJobs(db2)).toBe(0);
  return rig.emulator.invoices().slice(before).map((invoice) => invoiceKeyInNote(String(invoice.PrivateNote)) ?? '');
}

describe('a handover between two bookkeeper consoles while a create is in flight', () => {
  for (const customTxnNumbers of [false, true]) {
    it(`a console taking over after the other's answer was lost creates no second invoice (custom transaction numbers ${customTxnNumbers ? 'on' : 'off'})`, async () => {
      const keys = await handOverWhileAnswerInFlight(customTxnNumbers);
      expect(keys).toHaveLength(N + 1);
      expect(new Set(keys).size).toBe(N + 1);
    }, 180_000);
  }
});

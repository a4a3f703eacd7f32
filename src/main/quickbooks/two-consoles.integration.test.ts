import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FAST_SYNC, startRig, type Rig } from '../../../tests/support/quickbooks-integration-rig';
import type { ConsoleEventInput } from '../../shared/events/model';
import { createConsoleCore, type ConsoleCore } from '../core/console-core';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { MemorySettingsStore } from '../settings';
import { createQuickBooksSync, type QuickBooksSync } from './quickbooks-sync';
import type { RateLimits } from './rate-limiter';

/**
 * One QuickBooks request budget per company (issue 11 §2, §5): two bookkeeper consoles, each
 * with its own core and database, drain the same large outbox at once against the emulator,
 * whose per-company throttle refuses with 429 past its windows. The relay's sync lease lets
 * one push at a time; when it stops, the other takes over within the lease and counts the
 * requests the first already spent. The batch window is lowered to 6 a minute (on both
 * sides, as the real 40 would be) so the handover lands inside a full window.
 */

const INVOICES = 240;
const LIMITS: RateLimits = { requestsPerMinute: 500, requestsPerSecond: 10, batchRequestsPerMinute: 6 };
const LEASE_SECONDS = 5;

interface Console {
  name: string;
  db: ConsoleDatabase;
  sync: QuickBooksSync;
}

let rig: Rig;
let books: Console;
let backOffice: Console;
let secondCore: ConsoleCore;
let secondDir: string;

const now = () => new Date().toISOString();
const invoiceRows = (db: ConsoleDatabase) => db.sqlite.prepare('SELECT invoice_key, status, quickbooks_id FROM invoices').all() as { invoice_key: string; status: string; quickbooks_id: string | null }[];
const openJobs = (db: ConsoleDatabase) => db.sqlite.prepare("SELECT count(*) FROM quickbooks_outbox WHERE action = 'create' AND state <> 'done'").pluck().get() as number;
const createJobs = (db: ConsoleDatabase) => db.sqlite.prepare("SELECT count(*) FROM quickbooks_outbox WHERE action = 'create'").pluck().get() as number;
const throttled = () => rig.emulator.requests().filter((request) => request.status === 429);

beforeAll(async () => {
  rig = await startRig({ seed: 'sandbox', limits: { batchRequestsPerMinute: LIMITS.batchRequestsPerMinute } }, { QUICKBOOKS_SYNC_LEASE_SECONDS: String(LEASE_SECONDS) });
  books = { name: 'Books', db: rig.db, sync: rig.newSync({ rateLimits: LIMITS }) };

  const token = await rig.relay.addDevice('Back office', 'bookkeeper');
  secondDir = mkdtempSync(path.join(tmpdir(), 'ringside-qbo-second-'));
  const dbPath = path.join(secondDir, 'console.db');
  secondCore = createConsoleCore({ dbPath, settings: new MemorySettingsStore({ relayUrl: rig.relay.url, deviceToken: token }), backoff: { baseMs: 50, capMs: 300 }, quickBooksSync: false });
  await secondCore.start();
  const db = await openConsoleDatabase(dbPath);
  backOffice = { name: 'Back office', db, sync: createQuickBooksSync({ db, relayUrl: rig.relay.url, deviceToken: token, region: () => 'US', watchLog: true, ...FAST_SYNC, rateLimits: LIMITS }) };

  const customerIds = rig.emulator.addCustomers(INVOICES, { sharedNumberEvery: 0, unparseableEvery: 0, namePrefix: 'Member' });
  await books.sync.importCustomers();
  const plan: ConsoleEventInput = { id: 'plan:two-consoles', occurredAt: now(), type: 'plan.defined', data: { planId: 'two-consoles', name: 'Standard', period: 'monthly', priceMinor: 9_900, currency: 'USD', includedSeconds: 3_600 } };
  await rig.postAsAdmin(plan);
  for (const [i, customerId] of customerIds.entries()) {
    await rig.postAsAdmin({ id: `sub:two:${i}`, occurredAt: now(), type: 'subscription.started', data: { subscriptionId: `two${i}`, customerId, planId: 'two-consoles', startDate: now().slice(0, 10) } });
  }
  // Both consoles' projections draft every invoice, and each outbox holds a job for each.
  await vi.waitFor(() => expect([createJobs(books.db), createJobs(backOffice.db)]).toEqual([INVOICES, INVOICES]), { timeout: 60_000, interval: 200 });
}, 120_000);

afterAll(async () => {
  await backOffice?.sync.stop();
  await books?.sync.stop();
  await secondCore?.stop();
  await backOffice?.db.close();
  await rig?.stop();
  if (secondDir) rmSync(secondDir, { recursive: true, force: true });
});

describe('two bookkeeper consoles draining at once', () => {
  it('never get a 429, push every invoice exactly once, and the second takes over within the lease when the first stops', async () => {
    await Promise.all([books.sync.start(), backOffice.sync.start()]);

    // One syncs; the other waits and says who is syncing.
    let holder: Console | null = null;
    await vi.waitFor(
      () => {
        const [a, b] = [books.sync.status(), backOffice.sync.status()];
        const waiting = [a, b].filter((status) => /^Another bookkeeper console \((Books|Back office)\) is syncing with QuickBooks/.test(status.reason ?? ''));
        expect(waiting).toHaveLength(1);
        holder = waiting[0] === a ? backOffice : books;
        expect(waiting[0]!.reason).toContain(`(${holder.name})`);
      },
      { timeout: 20_000, interval: 50 },
    );
    const first = holder!;
    const second = first === books ? backOffice : books;
    // Part of the way through, inside the first minute's batch window.
    await vi.waitFor(() => expect(rig.emulator.invoices().length).toBeGreaterThanOrEqual(90), { timeout: 30_000, interval: 20 });
    expect(rig.emulator.invoices().length).toBeLessThan(INVOICES);
    const stoppedAt = Date.now();
    const requestsBefore = rig.emulator.requests().length;
    const stopping = first.sync.stop();

    // The other console takes over within the lease (the stopping one releases it at once), and finishes.
    await vi.waitFor(() => expect(rig.emulator.requests().length).toBeGreaterThan(requestsBefore), { timeout: LEASE_SECONDS * 1000, interval: 20 });
    const handoverMs = Date.now() - stoppedAt;
    await stopping;
    expect(first.sync.status().state).toBe('stopped');
    await vi.waitFor(
      () => {
        expect(invoiceRows(second.db).filter((row) => row.status === 'synced')).toHaveLength(INVOICES);
        expect(openJobs(second.db)).toBe(0);
      },
      { timeout: 100_000, interval: 200 },
    );
    expect(second.sync.status().reason).toBeNull();

    const inBooks = rig.emulator.invoices();
    expect(inBooks).toHaveLength(INVOICES);
    expect(new Set(inBooks.map((invoice) => invoice.DocNumber)).size).toBe(INVOICES);
    expect(throttled()).toEqual([]);
    // Both consoles read the same QuickBooks ids.
    await vi.waitFor(() => expect(invoiceRows(first.db).filter((row) => row.status === 'synced')).toHaveLength(INVOICES), { timeout: 20_000, interval: 200 });
    const ids = (db: ConsoleDatabase) => new Set(invoiceRows(db).map((row) => row.quickbooks_id));
    expect(ids(first.db)).toEqual(ids(second.db));
    expect(ids(second.db)).toEqual(new Set(inBooks.map((invoice) => String(invoice.Id))));
    console.info(`two consoles: handover ${handoverMs} ms after the holder stopped; ${rig.emulator.requests().length} requests, none throttled`);
  }, 180_000);
});

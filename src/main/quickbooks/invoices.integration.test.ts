import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConsoleEventInput } from '../../shared/events/model';
import { startRig, type Rig } from '../../../tests/support/quickbooks-integration-rig';

/**
 * Invoices out and payments back, end to end: billing drafts subscription invoices in the
 * console's projection, the outbox (filled by triggers in that same transaction) pushes them
 * through faults and a killed worker, and QuickBooks payments come back to the invoices table.
 */

const INVOICES = 200;
const HOUR_MS = 3_600_000;
let rig: Rig;
let customerIds: string[];

const invoiceRows = () => rig.query<{ invoice_key: string; status: string; quickbooks_id: string | null; balance_minor: number; total_minor: number }>('SELECT * FROM invoices ORDER BY invoice_key');
const jobs = () => rig.query<{ invoice_key: string; action: string; state: string }>('SELECT invoice_key, action, state FROM quickbooks_outbox');
const now = () => new Date().toISOString();

beforeAll(async () => {
  rig = await startRig({ seed: 'sandbox' });
  customerIds = rig.emulator.addCustomers(INVOICES, { sharedNumberEvery: 0, unparseableEvery: 0, namePrefix: 'Subscriber' });
  await rig.sync.importCustomers();
  await vi.waitFor(() => expect(rig.query('SELECT customer_id FROM customers WHERE customer_id IN (' + customerIds.map(() => '?').join(',') + ')', ...customerIds)).toHaveLength(INVOICES), {
    timeout: 20_000,
    interval: 100,
  });
}, 60_000);
afterAll(async () => {
  await rig?.stop();
});

async function subscribeEveryone(): Promise<void> {
  const plan: ConsoleEventInput = {
    id: 'plan:priority',
    occurredAt: now(),
    type: 'plan.defined',
    data: { planId: 'priority', name: 'Priority', period: 'monthly', priceMinor: 19_950, currency: 'USD', includedSeconds: 7_200 },
  };
  await rig.postAsAdmin(plan);
  for (const [i, customerId] of customerIds.entries()) {
    await rig.postAsAdmin({ id: `sub:${i}`, occurredAt: now(), type: 'subscription.started', data: { subscriptionId: `s${i}`, customerId, planId: 'priority', startDate: now().slice(0, 10) } });
  }
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('invoices out to QuickBooks', () => {
  it('pushes 200 invoices through 429s, 500s, lost answers, expired tokens and a killed worker: each exactly once', async () => {
    await subscribeEveryone();
    // The projection drafts them; the outbox holds a job for each from the same transaction.
    await vi.waitFor(() => expect(jobs().filter((j) => j.action === 'create')).toHaveLength(INVOICES), { timeout: 20_000, interval: 100 });
    expect(invoiceRows().every((r) => r.status === 'ready')).toBe(true);

    rig.emulator.faults.inject({ path: '/batch', fault: 429, count: 2 });
    rig.emulator.faults.inject({ path: '/batch', fault: 500, count: 1 });
    rig.emulator.faults.inject({ path: '/batch', fault: 'timeout-after-commit', count: 1 });
    rig.emulator.faults.inject({ path: '/batch', fault: 'drop-after-commit', count: 1 });
    rig.emulator.faults.inject({ path: '/batch', fault: 401, count: 1 });

    // A worker in its own process, killed abruptly once it is part way through. One process of a
    // device syncs at a time: the in-process sync, which took the lease for the import, hands it on first.
    await rig.sync.stop();
    const worker = await rig.spawnSyncProcess();
    await vi.waitFor(() => expect(rig.emulator.invoices().length).toBeGreaterThanOrEqual(60), { timeout: 30_000, interval: 20 });
    await killed(worker);
    const createdBeforeKill = rig.emulator.invoices().length;
    expect(createdBeforeKill).toBeLessThan(INVOICES);

    // A day later: the access token expired and the refresh token rotates; requestids are forgotten.
    rig.emulator.advanceClock(25 * HOUR_MS);
    // Every try of one batch commits and loses its answer: the client gives up, the job stays unknown,
    // and the next pass finds the invoices by DocNumber instead of creating them again.
    rig.emulator.faults.inject({ path: '/batch', fault: 'timeout-after-commit', count: 6 });
    await rig.sync.start();
    // An invoice reads synced when its invoice.synced fact is projected; its outbox job is
    // marked done by the sync a moment later: wait for both. The killed worker never released the
    // lease: this process waits for it to lapse, then counts the full rate for the worker's silence
    // (its batch window full for a minute) before it sends.
    await vi.waitFor(
      () => {
        expect(invoiceRows().filter((r) => r.status === 'synced')).toHaveLength(INVOICES);
        expect(jobs().every((j) => j.state === 'done')).toBe(true);
      },
      { timeout: 150_000, interval: 100 },
    );

    const inBooks = rig.emulator.invoices();
    expect(inBooks).toHaveLength(INVOICES);
    expect(new Set(inBooks.map((i) => i.DocNumber)).size).toBe(INVOICES);
    expect(new Set(inBooks.map((i) => i.PrivateNote)).size).toBe(INVOICES);
    expect(inBooks.every((i) => i.TotalAmt === 199.5)).toBe(true);
    const rows = invoiceRows();
    expect(new Set(rows.map((r) => r.quickbooks_id))).toEqual(new Set(inBooks.map((i) => String(i.Id))));
    expect(jobs().every((j) => j.state === 'done')).toBe(true);
    expect(rig.sync.status()).toMatchObject({ state: 'running', queue: { queued: 0, failed: 0 } });
    // The faults really happened, and the relay refreshed the token rather than failing.
    const requests = rig.emulator.requests();
    expect(requests.filter((r) => r.injected !== undefined)).toHaveLength(12);
    expect(requests.filter((r) => r.path.endsWith('/tokens/bearer')).length).toBeGreaterThanOrEqual(2);
    // After the lost answers and the kill, the worker looked its invoices up before creating again.
    expect(requests.some((r) => r.path.endsWith('/query') && /DocNumber IN/.test(r.query.query ?? ''))).toBe(true);
    expect(rig.sync.log(1000).some((l) => l.outcome === 'ok' && l.subject.startsWith('invoice '))).toBe(true);
  }, 240_000);

  it('a payment in QuickBooks turns the invoice paid, a partial one partly paid', async () => {
    const [first, second] = invoiceRows();
    rig.emulator.createPaymentFor(first!.quickbooks_id!);
    rig.emulator.createPaymentFor(second!.quickbooks_id!, 50);
    rig.sync.syncNow();
    await vi.waitFor(
      () => {
        const rows = invoiceRows();
        expect(rows.find((r) => r.invoice_key === first!.invoice_key)).toMatchObject({ status: 'paid', balance_minor: 0 });
        expect(rows.find((r) => r.invoice_key === second!.invoice_key)).toMatchObject({ status: 'synced', balance_minor: 19_950 - 5_000 });
      },
      { timeout: 15_000, interval: 100 },
    );
  });

  it('a void in Ringside voids in QuickBooks', async () => {
    const target = invoiceRows().find((r) => r.status === 'synced' && r.balance_minor === r.total_minor)!;
    await rig.postAsAdmin({ id: `void:${target.invoice_key}`, occurredAt: now(), type: 'invoice.status_changed', data: { invoiceKey: target.invoice_key, status: 'void', by: 'owner' } });
    await vi.waitFor(() => expect(rig.emulator.invoices().find((i) => i.Id === target.quickbooks_id)).toMatchObject({ TotalAmt: 0, PrivateNote: expect.stringMatching(/^Voided/) }), {
      timeout: 15_000,
      interval: 100,
    });
  });

  it('emails an invoice to the customer through QuickBooks on demand', async () => {
    const target = invoiceRows().find((r) => r.status === 'synced')!;
    const sent = await rig.sync.sendInvoice(target.invoice_key);
    expect(sent.sentTo).toMatch(/@customers\.example$/);
    expect(rig.emulator.sentEmails()).toContainEqual(expect.objectContaining({ invoiceId: target.quickbooks_id, to: sent.sentTo }));
  });
});

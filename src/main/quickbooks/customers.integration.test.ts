import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toE164 } from '../../shared/phone';
import type { QuickBooksImportProgress as ImportProgress } from '../../shared/api/quickbooks';
import { startRig, type Rig } from '../../../tests/support/quickbooks-integration-rig';

/**
 * Customers in, end to end: the emulator's books → the bookkeeper console's sync → the
 * relay's log → the console's projection (what the caller card reads).
 */

let rig: Rig;
const BULK = 5_000;

beforeAll(async () => {
  rig = await startRig();
  rig.emulator.addCustomers(BULK);
}, 60_000);
afterAll(async () => {
  await rig?.stop();
});

const customersInProjection = () => rig.query<{ n: number }>('SELECT COUNT(*) AS n FROM customers')[0]!.n;
const phonesOf = (customerId: string) => rig.query<{ phone_e164: string }>('SELECT phone_e164 FROM customer_phones WHERE customer_id = ? ORDER BY phone_e164', customerId).map((r) => r.phone_e164);
const headSeq = async () => ((await (await fetch(`${rig.relay.url}/healthz`)).json()) as { headSeq: number }).headSeq;

/** What the books say, read independently of the sync: active customers and their usable numbers. */
function books() {
  const customers = rig.emulator.customers().filter((c) => c.Active !== false);
  // A fax number is never a caller number.
  const numbers = (c: Record<string, unknown>) =>
    ['PrimaryPhone', 'Mobile', 'AlternatePhone'].map((f) => (c[f] as { FreeFormNumber?: string } | undefined)?.FreeFormNumber).filter((n): n is string => n !== undefined);
  return customers.map((c) => ({ id: String(c.Id), raw: numbers(c), e164: numbers(c).map((n) => toE164(n, 'US')) }));
}

describe('customers in from QuickBooks', () => {
  it('imports 5,000 customers with progress, and lists the duplicates and bad numbers instead of dropping them', async () => {
    const progress: ImportProgress[] = [];
    const result = await rig.sync.importCustomers((p) => progress.push(p));

    const all = rig.emulator.customers();
    expect(result.read).toBe(all.length);
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.at(-1)).toEqual(result);
    expect(progress.map((p) => p.read)).toEqual([...progress.map((p) => p.read)].sort((a, b) => a - b));

    const expected = books();
    const usable = expected.filter((c) => c.e164.some((e) => e !== null));
    await vi.waitFor(() => expect(customersInProjection()).toBe(usable.length), { timeout: 30_000, interval: 200 });

    // QuickBooks' Id is the customer key; every number is E.164.
    const harbor = all.find((c) => c.DisplayName === 'Harbor Dental Group')!;
    expect(phonesOf(String(harbor.Id))).toEqual(['+15035550142', '+15035550199']);

    const attention = rig.sync.needsAttention();
    const unparseable = expected.flatMap((c) => c.raw.filter((_, i) => c.e164[i] === null).map(() => c.id));
    expect(attention.filter((a) => a.kind === 'unparseable').map((a) => a.quickbooksId).sort()).toEqual(unparseable.sort());
    const owners = new Map<string, Set<string>>();
    for (const c of expected) for (const e of c.e164) if (e !== null) owners.set(e, (owners.get(e) ?? new Set()).add(c.id));
    const sharedIds = [...owners.values()].filter((s) => s.size > 1).flatMap((s) => [...s]);
    expect(sharedIds.length).toBeGreaterThan(BULK / 50);
    expect(attention.filter((a) => a.kind === 'shared').map((a) => a.quickbooksId).sort()).toEqual([...new Set(sharedIds)].sort());
    const oakIvy = attention.find((a) => a.kind === 'shared' && a.customerName === 'Oak & Ivy Law')!;
    expect(oakIvy.phone).toBe('+15035550160');
    expect(oakIvy.sharedWith.map((s) => s.customerName)).toEqual(["O'Brien Accounting"]);
    expect(attention).toContainEqual(expect.objectContaining({ kind: 'unparseable', customerName: 'Riverside Veterinary', raw: 'ask for front desk' }));
    expect(attention).toContainEqual(expect.objectContaining({ kind: 'no_phone', customerName: 'Cedar Street Pediatrics' }));
  }, 120_000);

  it('a second import appends nothing to the log', async () => {
    const before = await headSeq();
    await rig.sync.importCustomers();
    expect(await headSeq()).toBe(before);
  });

  it('follows edits, deactivations and merges made in QuickBooks once its webhook reaches the log', async () => {
    await rig.sync.start();
    const [edited, deactivated, mergedAway, survivor] = books().filter((c) => c.e164.length === 1 && c.e164[0] !== null).slice(100, 104);
    rig.emulator.takeChanges();
    rig.emulator.editCustomer(edited!.id, { Mobile: { FreeFormNumber: '(503) 555-7777' } });
    rig.emulator.deactivateCustomer(deactivated!.id);
    rig.emulator.mergeCustomers(mergedAway!.id, survivor!.id);

    const delivery = await rig.emulator.sendWebhook(`${rig.relay.url}/webhooks/quickbooks`, rig.emulator.takeChanges());
    expect(delivery.status).toBe(200);

    await vi.waitFor(() => expect(phonesOf(edited!.id)).toContain('+15035557777'), { timeout: 15_000, interval: 100 });
    await vi.waitFor(() => expect(phonesOf(deactivated!.id)).toEqual([]), { timeout: 15_000, interval: 100 });
    await vi.waitFor(() => expect(phonesOf(mergedAway!.id)).toEqual([]), { timeout: 15_000, interval: 100 });
    expect(phonesOf(survivor!.id)).toEqual([survivor!.e164[0]]);
    expect(rig.sync.status()).toMatchObject({ state: 'running', connection: { state: 'connected', realmId: rig.emulator.realmId } });
  });

  it('creates an unknown caller as a QuickBooks customer from the card', async () => {
    const created = await rig.sync.createCustomerFromCaller({ name: 'Walk-in Caller', phone: '+14155550123' });
    expect(rig.emulator.customers().find((c) => c.Id === created.quickbooksId)).toMatchObject({ DisplayName: 'Walk-in Caller', PrimaryPhone: { FreeFormNumber: '+14155550123' } });
    await vi.waitFor(() => expect(phonesOf(created.customerId)).toEqual(['+14155550123']), { timeout: 10_000, interval: 100 });
    await expect(rig.sync.createCustomerFromCaller({ name: 'Harbor Dental Group', phone: '+14155550124' })).rejects.toThrow(/already in QuickBooks/);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StreamClient } from '../../../relay/test/support/stream-client';
import { openConsoleDatabase } from '../db/open-console-database';
import { applyEvent } from '../projection/apply-event';
import { billingPolicySchema } from '../../shared/billing/catalog';
import type { TaxRegion } from '../../../tools/emulators/quickbooks/tax-regions';
import { startRig, type Rig } from '../../../tests/support/quickbooks-integration-rig';
import { loadCompanyProfile } from './company-profile';
import { quickbooksTaxStatus, taxMappingView } from './tax-mapping';

/**
 * Issue 11 §5: pushes to an emulated UK, Canadian and Australian company and a US company on
 * automated sales tax produce invoices whose totals match Ringside's or are flagged; a US company
 * still takes TAX/NON; custom transaction numbers off is detected and warned. Real relay process,
 * real emulator, real console database, all on loopback.
 */

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.stop();
  rig = undefined;
});

const now = () => new Date().toISOString();

interface Pushed {
  invoiceKey: string;
  ringsideTotalMinor: number;
  quickbooks: Record<string, unknown>;
}

/** One subscriber on a 199.50 monthly plan taxed at `basisPoints`, pushed by the sync; resolves once invoice.synced is projected. */
async function subscribeAndPush(r: Rig, currency: string, basisPoints: number, before?: () => Promise<void>): Promise<Pushed> {
  const [customerId] = r.emulator.addCustomers(1, { sharedNumberEvery: 0, unparseableEvery: 0, namePrefix: `Taxed ${currency}` });
  await r.sync.importCustomers();
  await vi.waitFor(() => expect(r.query('SELECT 1 FROM customers WHERE customer_id = ?', customerId)).toHaveLength(1), { timeout: 20_000, interval: 100 });
  await r.postAsAdmin({ id: `policy:${currency}`, occurredAt: now(), type: 'billing_policy.defined', data: billingPolicySchema.parse({ taxBasisPoints: { subscription: basisPoints } }) });
  await r.postAsAdmin({ id: `plan:${currency}`, occurredAt: now(), type: 'plan.defined', data: { planId: 'priority', name: 'Priority', period: 'monthly', priceMinor: 19_950, currency, includedSeconds: 7_200 } });
  await before?.();
  await r.postAsAdmin({ id: `sub:${currency}`, occurredAt: now(), type: 'subscription.started', data: { subscriptionId: 's1', customerId: customerId!, planId: 'priority', startDate: now().slice(0, 10) } });
  await vi.waitFor(() => expect(r.query('SELECT 1 FROM quickbooks_outbox')).toHaveLength(1), { timeout: 20_000, interval: 100 });
  await r.sync.start();
  await vi.waitFor(() => expect(r.query('SELECT 1 FROM quickbooks_invoice_totals')).toHaveLength(1), { timeout: 30_000, interval: 100 });
  const [invoice] = r.query<{ invoice_key: string; total_minor: number; quickbooks_id: string; status: string }>('SELECT * FROM invoices');
  expect(invoice!.status).toBe('synced');
  const quickbooks = r.emulator.invoices().find((i) => i.Id === invoice!.quickbooks_id);
  return { invoiceKey: invoice!.invoice_key, ringsideTotalMinor: invoice!.total_minor, quickbooks: quickbooks as Record<string, unknown> };
}

async function rigFor(region: TaxRegion, preferences?: { customTxnNumbers?: boolean }): Promise<Rig> {
  rig = await startRig({ seed: 'sandbox', tax: { region }, ...(preferences ? { preferences } : {}) });
  return rig;
}

const lineCodes = (invoice: Record<string, unknown>) =>
  (invoice.Line as { DetailType: string; SalesItemLineDetail?: { TaxCodeRef?: { value: string } } }[]).filter((l) => l.DetailType === 'SalesItemLineDetail').map((l) => l.SalesItemLineDetail?.TaxCodeRef?.value);

describe('QuickBooks tax for every company', () => {
  it('a UK company gets its own 20 % VAT code on the line, the bookkeeper chooses the 0 % one, and the totals match', async () => {
    const r = await rigFor('GB');
    const codeId = (name: string) => String(r.emulator.taxCodes().find((c) => c.Name === name)?.Id);
    const pushed = await subscribeAndPush(r, 'GBP', 2000, async () => {
      // What Settings → QuickBooks posts when the bookkeeper picks "Exempt" for Ringside's 0 % lines.
      await r.postAsAdmin({ id: 'tax-mapping:uk', occurredAt: now(), type: 'quickbooks.tax_mapping_defined', data: { realmId: r.emulator.realmId, codes: [{ taxBasisPoints: 0, taxCodeId: codeId('Exempt') }], by: 'Bea the bookkeeper' } });
    });
    expect(lineCodes(pushed.quickbooks)).toEqual([codeId('20.0% S')]);
    expect(pushed.quickbooks).toMatchObject({ GlobalTaxCalculation: 'TaxExcluded', TotalAmt: 239.4, TxnTaxDetail: { TotalTax: 39.9 } });
    expect(pushed.ringsideTotalMinor).toBe(23_940);
    const status = quickbooksTaxStatus(r.db, r.emulator.realmId);
    expect(status.company).toMatchObject({ country: 'GB', usesPseudoCodes: false, customTxnNumbers: true, customNumbersWarning: null, unmappedRates: [] });
    expect(status.totalDifferences).toEqual([]);

    // The company is in the log: a console that never synced (the admin's) knows it and can choose codes.
    const stream = await StreamClient.open(r.relay.wsUrl, r.adminToken, 0);
    await stream.waitFor((client) => client.caughtUp(), 'catch-up');
    const reads = stream.events().filter((f) => f.event.type === 'quickbooks.company_read');
    await stream.close();
    expect(reads).toHaveLength(1);
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-qbo-admin-'));
    const admin = await openConsoleDatabase(path.join(dir, 'console.sqlite'));
    try {
      for (const f of reads) applyEvent(admin, f.seq, f.event);
      expect(taxMappingView(admin, r.emulator.realmId)).toMatchObject({ country: 'GB', usesPseudoCodes: false, codes: expect.arrayContaining([{ id: codeId('Exempt'), name: 'Exempt', rateBasisPoints: 0 }]) });
      expect(quickbooksTaxStatus(admin, r.emulator.realmId).company).toMatchObject({ country: 'GB', customTxnNumbers: true });
    } finally {
      await admin.close();
      rmSync(dir, { recursive: true, force: true });
    }

    // A second sync while this one holds the turn says plainly who syncs (Sync and the invoice turn their actions off on it).
    const other = r.newSync();
    await other.start();
    try {
      await vi.waitFor(() => expect(other.status().syncingElsewhere).toMatch(/^Another bookkeeper console \(.+\) is syncing with QuickBooks/), { timeout: 20_000, interval: 100 });
      expect(r.sync.status().syncingElsewhere).toBeNull();
    } finally {
      await other.stop();
    }
  }, 90_000);

  it('a Canadian company gets its HST code and the totals match, rounding included', async () => {
    const r = await rigFor('CA');
    const pushed = await subscribeAndPush(r, 'CAD', 1300);
    expect(lineCodes(pushed.quickbooks)).toEqual([String(r.emulator.taxCodes().find((c) => c.Name === 'HST ON')?.Id)]);
    // 13 % of 199.50 is 25.935: Ringside and QuickBooks both make it 25.94.
    expect(pushed.quickbooks).toMatchObject({ TotalAmt: 225.44, CurrencyRef: { value: 'CAD' } });
    expect(pushed.ringsideTotalMinor).toBe(22_544);
    // 0 % has three candidate codes in Canada (zero-rated, exempt…): Settings asks.
    expect(quickbooksTaxStatus(r.db, r.emulator.realmId).company?.unmappedRates).toEqual([0]);
    expect(quickbooksTaxStatus(r.db, r.emulator.realmId).totalDifferences).toEqual([]);
  }, 90_000);

  it('a 0 % invoice of a Canadian company waits for its tax code without failing, and goes out by itself once the bookkeeper chooses one', async () => {
    const r = await rigFor('CA');
    const [customerId] = r.emulator.addCustomers(1, { sharedNumberEvery: 0, unparseableEvery: 0, namePrefix: 'Zero rated' });
    await r.sync.importCustomers();
    await vi.waitFor(() => expect(r.query('SELECT 1 FROM customers WHERE customer_id = ?', customerId)).toHaveLength(1), { timeout: 20_000, interval: 100 });
    await r.postAsAdmin({ id: 'policy:zero', occurredAt: now(), type: 'billing_policy.defined', data: billingPolicySchema.parse({ taxBasisPoints: { subscription: 0 } }) });
    await r.postAsAdmin({ id: 'plan:zero', occurredAt: now(), type: 'plan.defined', data: { planId: 'priority', name: 'Priority', period: 'monthly', priceMinor: 19_950, currency: 'CAD', includedSeconds: 7_200 } });
    await r.postAsAdmin({ id: 'sub:zero', occurredAt: now(), type: 'subscription.started', data: { subscriptionId: 's1', customerId: customerId!, planId: 'priority', startDate: now().slice(0, 10) } });
    await vi.waitFor(() => expect(r.query('SELECT 1 FROM quickbooks_outbox')).toHaveLength(1), { timeout: 20_000, interval: 100 });
    await r.sync.start();
    await vi.waitFor(() => expect(r.query(`SELECT 1 FROM quickbooks_outbox WHERE state = 'waiting_tax'`)).toHaveLength(1), { timeout: 30_000, interval: 100 });
    const waiting = r.sync.status();
    expect(waiting.queue).toMatchObject({ failed: 0, waitingTax: 1 });
    expect(waiting.failures).toEqual([]);
    expect(waiting.waitingForTaxCode).toBe('Waiting for a tax code for 0 %: choose it in Settings → QuickBooks');
    expect(r.emulator.invoices()).toHaveLength(0);

    const zeroRated = String(r.emulator.taxCodes().find((c) => c.Active !== false && /zero/i.test(String(c.Name)))?.Id);
    await r.postAsAdmin({ id: 'tax-mapping:ca-zero', occurredAt: now(), type: 'quickbooks.tax_mapping_defined', data: { realmId: r.emulator.realmId, codes: [{ taxBasisPoints: 0, taxCodeId: zeroRated }], by: 'Bea the bookkeeper' } });
    // No Retry: the mapping's projection puts it back in the queue.
    await vi.waitFor(() => expect(r.query(`SELECT 1 FROM invoices WHERE status = 'synced'`)).toHaveLength(1), { timeout: 30_000, interval: 100 });
    const [invoice] = r.query<{ quickbooks_id: string }>('SELECT quickbooks_id FROM invoices');
    const pushed = r.emulator.invoices().find((i) => i.Id === invoice!.quickbooks_id) as Record<string, unknown>;
    expect(lineCodes(pushed)).toEqual([zeroRated]);
    expect(pushed).toMatchObject({ TotalAmt: 199.5 });
    expect(r.sync.status()).toMatchObject({ queue: { failed: 0, waitingTax: 0 }, waitingForTaxCode: null });
  }, 90_000);

  it('an Australian company gets its GST code and the totals match', async () => {
    const r = await rigFor('AU');
    const pushed = await subscribeAndPush(r, 'AUD', 1000);
    expect(lineCodes(pushed.quickbooks)).toEqual([String(r.emulator.taxCodes().find((c) => c.Name === 'GST')?.Id)]);
    expect(pushed.quickbooks).toMatchObject({ TotalAmt: 219.45, GlobalTaxCalculation: 'TaxExcluded' });
    expect(quickbooksTaxStatus(r.db, r.emulator.realmId).totalDifferences).toEqual([]);
  }, 90_000);

  it("a US company on automated sales tax charges its own rate: the difference is flagged in plain words, and invoice.synced carries QuickBooks' total", async () => {
    const r = await rigFor('US-AST');
    const pushed = await subscribeAndPush(r, 'USD', 825);
    expect(lineCodes(pushed.quickbooks)).toEqual(['TAX']);
    expect(pushed.quickbooks).not.toHaveProperty('GlobalTaxCalculation');
    expect(pushed.quickbooks.TotalAmt).toBe(216.76);
    expect(pushed.ringsideTotalMinor).toBe(21_596);
    const status = quickbooksTaxStatus(r.db, r.emulator.realmId);
    expect(status.company).toMatchObject({ country: 'US', usesPseudoCodes: true, automatedSalesTax: true });
    expect(status.totalDifferences).toEqual([
      expect.objectContaining({ invoiceKey: pushed.invoiceKey, ringsideTotalMinor: 21_596, quickbooksTotalMinor: 21_676, text: "QuickBooks added $0.80 of sales tax: its total is $216.76, Ringside's $215.96" }),
    ]);
  }, 90_000);

  it('a US company without automated tax still takes TAX/NON; custom transaction numbers off is detected at connect and warned', async () => {
    const r = await rigFor('US', { customTxnNumbers: false });
    const pushed = await subscribeAndPush(r, 'USD', 0);
    expect(lineCodes(pushed.quickbooks)).toEqual(['NON']);
    expect(pushed.quickbooks.TotalAmt).toBe(199.5);
    // QuickBooks numbered it itself.
    expect(pushed.quickbooks.DocNumber).toBe('1001');
    expect(loadCompanyProfile(r.db, r.emulator.realmId)).toMatchObject({ region: 'US', customTxnNumbers: false });
    expect(quickbooksTaxStatus(r.db, r.emulator.realmId).company?.customNumbersWarning).toMatch(/^QuickBooks is set to number invoices itself/);
  }, 90_000);
});

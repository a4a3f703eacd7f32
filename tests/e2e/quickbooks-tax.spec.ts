import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import type { ConsoleCore } from '../../src/main/core/console-core';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness, type Harness } from '../../src/main/harness/server';
import { MemorySettingsStore } from '../../src/main/settings';
import { createQuickBooksEmulator, type QuickBooksEmulator } from '../../tools/emulators/quickbooks/emulator';
import { relaySettingsForEmulator } from '../../tools/emulators/quickbooks/relay-settings';
import { FAST_SYNC } from '../support/quickbooks-integration-rig';
import { readmeScreenshot } from '../support/readme-screenshot';
import { startRelayProcess, type RelayProcess } from '../support/relay-process';
import { callApi } from './console-stack';
import { openConsolePage } from './console-navigation';

/**
 * QuickBooks tax for a Canadian company (issue 11 §1), in the browser: Settings → QuickBooks
 * shows Ringside's rates beside the company's own tax codes (13 % HST by default, 0 % to choose),
 * and a plan whose HST QuickBooks rounds up where Ringside rounds half to even is flagged on the
 * Sync page and on the invoice, in plain words. A 0 % invoice waits for its code (no failure) and
 * goes out once the code is saved; the admin console has the company from the log.
 */

const RENDERER_DIR = process.env.RINGSIDE_RENDERER_DIR ?? resolve(__dirname, '../../out/renderer');
// Never opened: the test follows Intuit's redirect to the relay itself.
const REDIRECT_URI = 'http://localhost:1/quickbooks/callback';
const quietLogger = { info: () => undefined, warn: () => undefined, error: console.error };

interface Console {
  core: ConsoleCore;
  harness: Harness;
}

let dir: string;
let emulator: QuickBooksEmulator;
let relay: RelayProcess;
let admin: Console;
let books: Console;

async function startConsole(name: string, token: string, quickBooksSync?: typeof FAST_SYNC): Promise<Console> {
  const core = startConsoleCoreWorker({
    dbPath: join(dir, `${name}.db`),
    settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: token, phoneRegion: 'CA' }),
    logger: quietLogger,
    backoff: { baseMs: 50, capMs: 300 },
    ...(quickBooksSync ? { quickBooksSync } : {}),
  });
  await core.start();
  const harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });
  return { core, harness };
}

async function connectQuickBooks(adminToken: string): Promise<void> {
  const started = await fetch(`${relay.url}/v1/quickbooks/connect`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
  const { authorizeUrl } = (await started.json()) as { authorizeUrl: string };
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const callback = await fetch(`${relay.url}/quickbooks/callback${new URL(consent.headers.get('location') ?? '').search}`);
  if (callback.status !== 200) throw new Error(`the relay callback answered ${callback.status}`);
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-e2e-qbo-tax-'));
  emulator = createQuickBooksEmulator({ redirectUris: [REDIRECT_URI], tax: { region: 'CA' }, company: { companyName: 'Maple Answering Ltd', timeZone: 'America/Toronto' } });
  await emulator.listen();
  relay = await startRelayProcess({ env: relaySettingsForEmulator(emulator, REDIRECT_URI) });
  const [adminToken, booksToken] = await Promise.all([relay.addDevice('Owner', 'admin'), relay.addDevice('Books', 'bookkeeper')]);
  await connectQuickBooks(adminToken);
  admin = await startConsole('admin', adminToken);
  books = await startConsole('books', booksToken, FAST_SYNC);
});

test.afterAll(async () => {
  for (const c of [admin, books]) {
    await c?.harness.close();
    await c?.core.stop();
  }
  await relay?.stop();
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

test.describe.configure({ mode: 'serial' });

test('a Canadian company: Settings maps 13 % to HST and asks for 0 %; a cent of rounding QuickBooks adds is flagged on Sync and on the invoice', async ({ page }) => {
  // A subscriber of the company's on a 198.50 plan with 13 % HST: Ringside's 25.805 rounds to 25.80, QuickBooks' to 25.81.
  const [quickbooksId] = emulator.addCustomers(1, { sharedNumberEvery: 0, unparseableEvery: 0, namePrefix: 'Lakeshore Dental' });
  await expect.poll(async () => (await callApi(books.core, 'quickbooks.status', {})).state, { timeout: 20_000 }).toBe('running');
  await callApi(books.core, 'quickbooks.importCustomers', {});
  await expect.poll(async () => (await callApi(admin.core, 'customers.search', { query: 'Lakeshore', limit: 1 }))[0]?.name ?? null, { timeout: 30_000 }).not.toBeNull();
  const [customer] = await callApi(admin.core, 'customers.search', { query: 'Lakeshore', limit: 1 });
  expect(customer).toBeDefined();
  await callApi(admin.core, 'billing.definePolicy', { taxBasisPoints: { subscription: 1300 } });
  await callApi(admin.core, 'billing.definePlan', { planId: 'front-desk', name: 'Front desk', period: 'monthly', priceMinor: 19_850, currency: 'CAD', includedSeconds: 7_200 });
  await callApi(admin.core, 'billing.startSubscription', { customerId: customer!.id, planId: 'front-desk', startDate: new Date().toISOString().slice(0, 10) });
  await expect.poll(async () => (await callApi(admin.core, 'billing.invoices', { limit: 10 })).find((i) => i.customerName === customer!.name)?.status ?? null, { timeout: 30_000 }).toBe('synced');
  expect(emulator.invoices().find((i) => (i.CustomerRef as { value: string }).value === quickbooksId)?.TotalAmt).toBe(224.31);

  // A second subscriber billed at 0 %: Canada has several 0 % codes, so the invoice waits for one (not a failure).
  emulator.addCustomers(1, { sharedNumberEvery: 0, unparseableEvery: 0, namePrefix: 'Harbourfront Vet' });
  await callApi(books.core, 'quickbooks.importCustomers', {});
  await expect.poll(async () => (await callApi(admin.core, 'customers.search', { query: 'Harbourfront', limit: 1 }))[0]?.name ?? null, { timeout: 30_000 }).not.toBeNull();
  const [zeroRated] = await callApi(admin.core, 'customers.search', { query: 'Harbourfront', limit: 1 });
  await callApi(admin.core, 'billing.definePolicy', { taxBasisPoints: { subscription: 0 } });
  await callApi(admin.core, 'billing.startSubscription', { customerId: zeroRated!.id, planId: 'front-desk', startDate: new Date().toISOString().slice(0, 10) });
  await expect.poll(async () => (await callApi(books.core, 'quickbooks.status', {})).waitingForTaxCode ?? null, { timeout: 30_000 }).toBe('Waiting for a tax code for 0 %: choose it in Settings → QuickBooks');
  expect((await callApi(books.core, 'quickbooks.status', {})).queue).toMatchObject({ failed: 0, waitingTax: 1 });
  // The admin console never synced, yet it has the company from the log and may choose the codes.
  expect(await callApi(admin.core, 'quickbooks.taxMapping', {})).toMatchObject({ country: 'CA', usesPseudoCodes: false });

  await page.goto(books.harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live');
  await openConsolePage(page, 'Sync');
  await expect(page.getByTestId('sync-waiting-tax-text')).toHaveText('Waiting for a tax code for 0 %: choose it in Settings → QuickBooks.');
  await expect(page.getByTestId('sync-waiting-tax')).toHaveText('1');
  await expect(page.getByTestId('sync-failed')).toHaveText('0');
  await readmeScreenshot(page, 'quickbooks-sync-waiting-tax.png');
  await openConsolePage(page, 'Settings');
  const mapping = page.getByTestId('qb-tax-mapping');
  await expect(mapping.getByRole('heading', { name: 'Tax codes' })).toBeVisible();
  await expect(mapping.getByLabel(/Ringside’s 13 % tax/)).toHaveValue(String(emulator.taxCodes().find((c) => c.Name === 'HST ON')?.Id));
  await expect(mapping).toContainText('choose one: invoices at this rate wait');
  await expect(page.getByTestId('qb-unmapped-rates')).toContainText('Invoices taxed at 0 % wait in Ringside');
  await mapping.scrollIntoViewIfNeeded();
  await readmeScreenshot(page, 'quickbooks-tax-mapping.png');

  await mapping.getByLabel(/Ringside’s 0 % tax/).selectOption({ label: 'Zero-rated (0 %)' });
  await mapping.getByRole('button', { name: 'Save tax codes' }).click();
  await expect(mapping.getByTestId('qb-tax-mapping-done')).toContainText('Tax codes saved');
  await expect(page.getByTestId('qb-unmapped-rates')).toHaveCount(0, { timeout: 15_000 });
  // No Retry: the saved code sends the waiting invoice.
  await expect.poll(async () => (await callApi(admin.core, 'billing.invoices', { limit: 10 })).find((i) => i.customerName === zeroRated!.name)?.status ?? null, { timeout: 30_000 }).toBe('synced');

  await openConsolePage(page, 'Sync');
  const differences = page.getByTestId('sync-total-difference');
  await expect(differences).toHaveCount(1);
  await expect(differences).toContainText("QuickBooks added CA$0.01 of tax: its total is CA$224.31, Ringside's CA$224.30");
  await readmeScreenshot(page, 'quickbooks-sync-difference.png');

  // The invoice itself says so too.
  const [invoice] = (await callApi(admin.core, 'billing.invoices', { limit: 10 })).filter((i) => i.customerName === customer!.name);
  await page.getByRole('button', { name: 'Billing' }).click();
  await page.getByRole('tab', { name: 'Invoices' }).click();
  await page.locator(`[data-testid="invoice"][data-invoice-key="${invoice!.invoiceKey}"]`).getByTestId('invoice-number').click();
  await expect(page.getByTestId('invoice-total-difference')).toContainText("QuickBooks added CA$0.01 of tax: its total is CA$224.31, Ringside's CA$224.30");
});

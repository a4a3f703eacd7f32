import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { FrontProxy } from '../../relay/test/quickbooks/support/front-proxy';
import type { ConsoleCore } from '../../src/main/core/console-core';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness, type Harness } from '../../src/main/harness/server';
import { FAST_SYNC } from '../support/quickbooks-integration-rig';
import { readmeScreenshot } from '../support/readme-screenshot';
import { docNumberFor } from '../../src/main/quickbooks/invoice-payload';
import { MemorySettingsStore } from '../../src/main/settings';
import { createQuickBooksEmulator, type QuickBooksEmulator } from '../../tools/emulators/quickbooks/emulator';
import { startRelayProcess, type RelayProcess } from '../support/relay-process';
import { callApi, cardOf, legacyCallsOn } from './console-stack';
import { relaySettingsForEmulator } from '../../tools/emulators/quickbooks/relay-settings';
import { openConsolePage } from './console-navigation';

/**
 * QuickBooks end to end: the relay as token broker in front of the QuickBooks Online
 * emulator (consent 'auto'), an admin console that connects it from Settings in the
 * browser, and a bookkeeper console whose sync pushes invoices and reads payments back.
 * A front proxy stands in for the relay's public address, which QUICKBOOKS_REDIRECT_URI
 * must name before the relay has picked its port.
 */

const RENDERER_DIR = resolve(__dirname, '../../out/renderer');
const quietLogger = { info: () => undefined, warn: () => undefined, error: console.error };
const nora = { name: 'Nora Quill', phone: '+16175550131' };

interface Console {
  core: ConsoleCore;
  harness: Harness;
}

let dir: string;
let proxy: FrontProxy;
let emulator: QuickBooksEmulator;
let relay: RelayProcess;
let admin: Console;
let books: Console;
let openPhoneSecret: string;

async function startConsole(name: string, token: string, quickBooksSync?: typeof FAST_SYNC): Promise<Console> {
  const core = startConsoleCoreWorker({
    dbPath: join(dir, `${name}.db`),
    settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: token, phoneRegion: 'US' }),
    logger: quietLogger,
    backoff: { baseMs: 50, capMs: 300 },
    ...(quickBooksSync ? { quickBooksSync } : {}),
  });
  await core.start();
  const harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });
  return { core, harness };
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-e2e-qbo-'));
  proxy = await FrontProxy.start();
  const callbackUrl = `${proxy.url}/quickbooks/callback`;
  emulator = createQuickBooksEmulator({ redirectUris: [callbackUrl], consent: 'auto' });
  await emulator.listen();
  openPhoneSecret = randomBytes(32).toString('base64');
  relay = await startRelayProcess({
    secretBase64: openPhoneSecret,
    env: relaySettingsForEmulator(emulator, callbackUrl),
  });
  proxy.target = relay.url;
  const [adminToken, booksToken] = await Promise.all([relay.addDevice('Owner', 'admin'), relay.addDevice('Books', 'bookkeeper')]);
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
  await proxy?.close();
  rmSync(dir, { recursive: true, force: true });
});

const calls = () => legacyCallsOn(relay.url, openPhoneSecret);
const ring = (from: string, at?: Date) => calls().ring({ from, ...(at ? { at } : {}) });

test.describe.configure({ mode: 'serial' });

test('an admin connects QuickBooks from Settings; the browser lands on the relay, and Sync shows the company', async ({ page }) => {
  await page.goto(admin.harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live');
  await openConsolePage(page, 'Settings');
  const section = page.getByTestId('quickbooks-settings');
  await expect(section.getByTestId('qb-settings-device')).toHaveText('Owner (admin)');
  await expect(section.getByTestId('qb-settings-connection')).toHaveText('Not connected');

  const popup = page.waitForEvent('popup');
  await section.getByRole('button', { name: 'Connect QuickBooks' }).click();
  const consent = await popup;
  // Auto-consent: the emulator redirects at once to the relay's callback (through the front proxy).
  await expect(consent.getByRole('heading', { name: 'QuickBooks connected' })).toBeVisible();
  await consent.screenshot({ path: 'test-results/screenshots/quickbooks-connected-page.png' });
  await consent.close();

  await expect(section.getByTestId('qb-settings-connection')).toHaveText('Connected');
  await expect(section.getByTestId('qb-settings-company')).toHaveText('Ringside Sandbox Company');
  await expect(section.getByRole('button', { name: 'Disconnect QuickBooks' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/quickbooks-settings.png', fullPage: true });

  await openConsolePage(page, 'Sync');
  await expect(page.getByTestId('sync-connection')).toHaveText('Connected');
  await expect(page.getByTestId('sync-company')).toHaveText('Ringside Sandbox Company');
  await expect(page.getByTestId('sync-state')).toHaveText('QuickBooks syncs on the bookkeeper console, not on this one');
});

test("the bookkeeper's console pushes a per-call invoice; a payment in QuickBooks clears it from the card and marks it paid", async ({ page }) => {
  // The bookkeeper's sync notices the connection and imports the sandbox company's customers.
  await page.goto(books.harness.url);
  await openConsolePage(page, 'Sync');
  await expect(page.getByTestId('sync-state')).toHaveText('Running');
  await expect(page.getByTestId('sync-last-in')).not.toHaveText('Never', { timeout: 20_000 });

  // The admin invoices every call on its own, and adds Nora.
  await callApi(admin.core, 'billing.definePolicy', { invoicing: { mode: 'per_call' } });
  await callApi(admin.core, 'customers.importCsv', { csv: `name,company,email,phones\n${nora.name},Quill & Co,nora@example.com,${nora.phone}`, fileName: 'nora.csv' });
  await expect.poll(async () => (await callApi(books.core, 'customers.search', { query: 'Nora', limit: 1 }))[0]?.name ?? null).toBe(nora.name);

  // A 10-minute call: rang 10 min 5 s ago, answered after 5 s, ends now → a ready invoice.
  const call = await ring(nora.phone, new Date(Date.now() - (10 * 60 + 5) * 1000));
  await calls().complete(call, 10 * 60);
  await expect.poll(async () => (await callApi(admin.core, 'billing.invoices', { limit: 10 })).filter((i) => i.customerName === nora.name).length).toBe(1);
  const [invoice] = (await callApi(admin.core, 'billing.invoices', { limit: 10 })).filter((i) => i.customerName === nora.name);
  const docNumber = docNumberFor(invoice!.invoiceKey);

  // It reaches QuickBooks under its DocNumber, and every console hears it is synced.
  await expect.poll(() => emulator.invoices().filter((i) => i['DocNumber'] === docNumber).length, { timeout: 20_000 }).toBe(1);
  const qboInvoice = emulator.invoices().find((i) => i['DocNumber'] === docNumber)!;
  await expect.poll(async () => (await callApi(admin.core, 'billing.invoices', { limit: 10 })).find((i) => i.invoiceKey === invoice!.invoiceKey)?.status).toBe('synced');
  await expect(page.getByTestId('sync-queued')).toHaveText('0');
  await expect(page.getByTestId('sync-log')).toContainText(invoice!.invoiceKey);
  await page.screenshot({ path: 'test-results/screenshots/quickbooks-sync.png', fullPage: true });
  // The README's picture of the Sync page (docs/ only under `npm run screenshots`).
  await readmeScreenshot(page, 'quickbooks-sync.png');

  // Nora calls again: the admin's card shows what she owes.
  const adminPage = await page.context().newPage();
  await adminPage.goto(admin.harness.url);
  await expect(adminPage.getByTestId('link-state')).toHaveText('Live');
  const again = await ring(nora.phone);
  const card = cardOf(adminPage, again.callId);
  await expect(card.getByTestId('card-name')).toHaveText(nora.name);
  await expect(card.getByTestId('card-open-invoice')).toHaveCount(1);
  await expect(card.getByTestId('card-open-invoice')).toContainText(`#${docNumber}`);
  await expect(card.getByTestId('card-invoice-amount')).toHaveText(`$${(invoice!.totalMinor / 100).toFixed(2)}`);
  await adminPage.screenshot({ path: 'test-results/screenshots/quickbooks-card-open-invoice.png' });

  // The owner records the payment in QuickBooks; "Sync now" reads it back.
  emulator.createPaymentFor(String(qboInvoice['Id']));
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(card.getByTestId('card-no-open-invoices')).toBeVisible({ timeout: 20_000 });
  await adminPage.screenshot({ path: 'test-results/screenshots/quickbooks-card-paid.png' });

  await adminPage.getByRole('button', { name: 'Billing' }).click();
  await adminPage.getByRole('tab', { name: 'Invoices' }).click();
  const row = adminPage.locator(`[data-testid="invoice"][data-invoice-key="${invoice!.invoiceKey}"]`);
  await expect(row.getByTestId('invoice-status')).toHaveText('Paid');
  await expect(row.getByTestId('invoice-quickbooks')).toContainText(`QuickBooks #${docNumber}`);
  await adminPage.screenshot({ path: 'test-results/screenshots/quickbooks-invoice-paid.png', fullPage: true });
  await calls().miss(again);
  await adminPage.close();
});

test('an unknown caller becomes a QuickBooks customer from the card, and the next ring shows them', async ({ page }) => {
  await page.goto(books.harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live');
  const stranger = '+16175550188';
  const first = await ring(stranger);
  const card = cardOf(page, first.callId);
  await expect(card.getByTestId('card-status')).toHaveText('Unknown caller');
  await card.getByRole('button', { name: 'Create customer', exact: true }).click();
  const form = card.getByTestId('create-customer-form');
  await expect(form.getByLabel('Phone')).toHaveValue(stranger);
  await form.getByLabel('Name').fill('Otto Lilienthal');
  await form.getByLabel('Company (optional)').fill('Gliders GmbH');
  await form.getByRole('button', { name: 'Create in Ringside and QuickBooks' }).click();
  await expect(form.getByTestId('create-customer-done')).toContainText('Otto Lilienthal is now a QuickBooks customer');
  await page.screenshot({ path: 'test-results/screenshots/quickbooks-create-customer.png' });
  expect(emulator.customers().some((c) => c['DisplayName'] === 'Otto Lilienthal')).toBe(true);
  await calls().miss(first);

  await expect.poll(async () => (await callApi(books.core, 'customers.search', { query: 'Otto', limit: 1 }))[0]?.name ?? null).toBe('Otto Lilienthal');
  const next = await ring(stranger);
  await expect(cardOf(page, next.callId).getByTestId('card-name')).toHaveText('Otto Lilienthal');
  await calls().miss(next);
});

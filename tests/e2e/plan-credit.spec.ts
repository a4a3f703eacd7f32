import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dispatchApiCall } from '../../src/main/api/dispatch';
import type { ConsoleCore } from '../../src/main/core/console-core';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness, type Harness } from '../../src/main/harness/server';
import { MemorySettingsStore } from '../../src/main/settings';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../src/shared/api/contract';
import { createFlutterwaveEmulator, emulatorDefaults } from '../../tools/emulators/flutterwave/emulator';
import { callCompletedEvent, callRingingEvent, newCallId } from '../../tools/emulators/openphone/payloads';
import { sendOpenPhoneWebhook } from '../../tools/emulators/openphone/sender';
import { readmeScreenshot } from '../support/readme-screenshot';
import { startRelayProcess, type RelayProcess } from '../support/relay-process';

/**
 * Plan credit and Flutterwave payments on the ledger (issue 13 §5), in Chromium against the
 * real core and a relay of its own with Flutterwave's emulator behind it: a Growth subscriber
 * ($199/month with $50 of call credit) from the 1st, a call from its included hours, a declined
 * card and a $25 top-up paid through a Flutterwave link. The customer's statement says each in
 * plain words and the caller card shows the credit inside the wallet balance.
 */

const LINE = '+16175550260';
// Numbers no other spec uses.
const MARISOL = { name: 'Marisol Vega', company: 'Vega Family Dental', phone: '+16175550261', email: 'marisol@vegadental.example' };
const RENDERER_DIR = resolve(__dirname, '../../out/renderer');
const quietLogger = { info: () => undefined, warn: console.warn, error: console.error };

const flutterwave = createFlutterwaveEmulator({ webhookRetryDelayMs: 50 });
let relay: RelayProcess;
let core: ConsoleCore;
let harness: Harness;
let dir: string;
let customerId: string;

async function callApi<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
  const result = await dispatchApiCall(core.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error}`);
  return result.value as ApiOutputs[M];
}

async function wallet() {
  return (await callApi('billing.wallets', {})).find((row) => row.customerId === customerId);
}

async function post(body: string): Promise<void> {
  expect((await sendOpenPhoneWebhook(relay.url, body, { secretBase64: relay.secretBase64 })).status).toBeLessThan(300);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  dir = mkdtempSync(join(tmpdir(), 'ringside-plan-credit-e2e-'));
  await flutterwave.listen();
  relay = await startRelayProcess({
    env: {
      FLUTTERWAVE_SECRET_KEY: emulatorDefaults.secretKey,
      FLUTTERWAVE_SECRET_HASH: emulatorDefaults.secretHash,
      FLUTTERWAVE_API_BASE_URL: flutterwave.apiBase,
      FLUTTERWAVE_REDIRECT_URL: 'https://desk.example/payments/thank-you',
    },
  });
  flutterwave.setWebhookUrl(`${relay.url}/webhooks/flutterwave`);
  core = startConsoleCoreWorker({
    dbPath: join(dir, 'console.db'),
    settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: await relay.addDevice('Front desk', 'admin'), phoneRegion: 'US' }),
    logger: quietLogger,
  });
  await core.start();
  harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });

  const report = await callApi('customers.importCsv', {
    csv: `name,company,email,phones\n${MARISOL.name},${MARISOL.company},${MARISOL.email},${MARISOL.phone}`,
    fileName: 'marisol.csv',
  });
  expect(report.rejected).toEqual([]);
  await expect.poll(async () => (await callApi('customers.search', { query: MARISOL.name, limit: 5 })).length, { timeout: 15_000 }).toBe(1);
  customerId = (await callApi('customers.search', { query: MARISOL.name, limit: 5 }))[0]!.id;
});

test.afterAll(async () => {
  await harness?.close();
  await core?.stop();
  await relay?.stop();
  await flutterwave.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Marisol on Growth from the 1st (its credit posted), a call from its included hours, a declined card and a $25 top-up. */
async function subscribeAndPay(): Promise<void> {
  const firstOfMonth = `${new Date().toISOString().slice(0, 8)}01`;
  await callApi('billing.startSubscription', { customerId, planId: 'growth', startDate: firstOfMonth, renewal: 'auto' });
  await expect.poll(async () => (await wallet())?.balanceMinor, { timeout: 15_000 }).toBe(5_000);

  // A 6-minute call an hour ago, from the included hours.
  const callId = newCallId();
  const rang = new Date(Date.now() - 3_600_000);
  await post(callRingingEvent({ callId, from: MARISOL.phone, to: LINE, at: rang }).body);
  const answeredAt = new Date(Math.ceil((rang.getTime() + 5_000) / 1000) * 1000);
  await post(callCompletedEvent({ callId, from: MARISOL.phone, to: LINE, createdAt: rang, answeredAt, completedAt: new Date(answeredAt.getTime() + 360_000) }).body);
  await expect.poll(async () => (await callApi('billing.charges', { customerId, limit: 5 })).length, { timeout: 15_000 }).toBe(1);

  // Her card is declined once, then a $25 top-up goes through.
  const declined = await callApi('payments.createLink', { requestId: randomUUID(), customerId, purpose: 'top_up', amountMinor: 2_500, currency: 'USD' });
  const paid = await callApi('payments.createLink', { requestId: randomUUID(), customerId, purpose: 'top_up', amountMinor: 2_500, currency: 'USD' });
  if (paid.outcome !== 'created' || declined.outcome !== 'created') throw new Error(`the relay made no link: ${JSON.stringify([paid, declined])}`);
  await flutterwave.pay(declined.link.url, { outcome: 'failed' });
  await flutterwave.pay(paid.link.url);
  await expect.poll(async () => (await wallet())?.balanceMinor, { timeout: 15_000 }).toBe(7_500);
}
test('an admin gives the Growth plan $50 of call credit each period in the plan editor, and editing the plan again keeps it', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 1450 });
  await page.goto(harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live');
  await page.getByRole('button', { name: 'Billing' }).click();
  await page.getByRole('tab', { name: 'Plans & rates' }).click();
  await page.getByRole('button', { name: 'New plan' }).click();
  let editor = page.getByTestId('plan-editor');
  await editor.getByLabel('Name', { exact: true }).fill('Growth');
  await expect(editor.getByLabel('Plan id')).toHaveValue('growth');
  await editor.getByLabel('Price per period').fill('199.00');
  await editor.getByLabel('Included hours').fill('2');
  await editor.getByLabel('Call credit each period').fill('50');
  await expect(editor.getByLabel('Credit lasts (days)')).toHaveValue('');
  await editor.getByRole('button', { name: 'Save plan' }).click();
  await expect(editor.getByTestId('plan-editor-done')).toContainText('Plan “Growth” saved');
  const row = page.locator('[data-testid="plan-row"][data-plan-id="growth"]');
  await expect(row.getByTestId('plan-credit')).toHaveText('$50.00 each period');

  // Edited again (a new price): the credit stays, and the box for the AI agent is what it was.
  await editor.getByRole('button', { name: 'Close' }).click();
  await row.getByRole('button', { name: 'Edit Growth' }).click();
  editor = page.getByTestId('plan-editor');
  await expect(editor.getByLabel('Call credit each period')).toHaveValue('50.00');
  await expect(editor.getByLabel('Served by the AI agent whatever the balance')).not.toBeChecked();
  await editor.getByLabel('Price per period').fill('199.00');
  await editor.getByRole('button', { name: 'Save plan' }).click();
  await expect(editor.getByTestId('plan-editor-done')).toContainText('Plan “Growth” saved');
  await expect(row.getByTestId('plan-credit')).toHaveText('$50.00 each period');
  const growth = (await callApi('billing.catalog', {})).plans.find((plan) => plan.planId === 'growth');
  expect(growth).toMatchObject({ priceMinor: 19_900, includedSeconds: 7_200, periodGrant: { amountMinor: 5_000, expiresAfterDays: null }, balanceExempt: false });

  await subscribeAndPay();
});

async function openMarisol(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 1450 });
  await page.goto(harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live');
  await page.getByRole('button', { name: 'Customers' }).click();
  await page.getByLabel('Name, company, email or phone').fill(MARISOL.name);
  await page.getByRole('button', { name: MARISOL.name }).click();
  await expect(page.getByTestId('customer-page')).toBeVisible();
}

test('the statement shows the plan credit, a call, the declined card and the Flutterwave top-up in plain words; the wallet says how much is plan credit', async ({ page }) => {
  await openMarisol(page);
  const month = new Date().toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
  const statement = page.getByTestId('statement-table');
  await expect(statement).toContainText(`Wallet: Growth plan credit for ${month} — expires`);
  await expect(statement).toContainText('6 min from included hours');
  await expect(statement).toContainText('A top-up payment by Flutterwave failed. The payment of $25.00 did not go through');
  await expect(statement).toContainText('Wallet: Top-up — paid $25.00 by Flutterwave');
  await expect(page.getByTestId('customer-wallet')).toContainText('$75.00');
  await expect(page.getByTestId('customer-plan-credit')).toContainText('includes $50.00 plan credit, expires');
  await readmeScreenshot(page, 'ledger-grant-and-payment.png');
});

test('the caller card shows the wallet with the plan credit in it', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live');
  await post(callRingingEvent({ callId: newCallId(), from: MARISOL.phone, to: LINE, at: new Date() }).body);
  const card = page.getByTestId('caller-card').filter({ hasText: MARISOL.name }).first();
  await expect(card).toBeVisible({ timeout: 15_000 });
  await expect(card.getByTestId('card-wallet')).toContainText('Wallet $75.00');
  await expect(card.getByTestId('card-plan-credit')).toContainText('includes $50.00 plan credit, expires');
  await readmeScreenshot(page, 'card-plan-credit.png');
});

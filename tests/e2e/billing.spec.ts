import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness } from '../../src/main/harness/server';
import { MemorySettingsStore } from '../../src/main/settings';
import { BUSINESS_LINE, callApi, cardOf, customers, expect, test } from './console-stack';

// Hedy and Alan exist in this file only, so the other files' customers keep their hours and wallets.
const hedy = { name: 'Hedy Lamarr', phone: '+16175550161' };
const alan = { name: 'Alan Turing', phone: '+16175550166' };
const hourPlan = {
  planId: 'e2e-one-hour',
  name: 'One Hour a Month',
  period: 'monthly',
  priceMinor: 6_000,
  currency: 'USD',
  includedSeconds: 3_600,
  incrementSeconds: 60,
  minimumBillableSeconds: 0,
  graceSeconds: 0,
} as const;

function yesterdayUtc(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

/** Calls rung here; their cards are dismissed afterwards so other files' live lists look as before. */
const rung: string[] = [];

test.describe('billing in the console', () => {
  test.beforeEach(async ({ page, stack }) => {
    await page.goto(stack.harness.url);
    await expect(page.getByTestId('link-state')).toHaveText('Live');
  });

  test.afterEach(async ({ stack }) => {
    for (const callId of rung.splice(0)) await callApi(stack.core, 'card.dismiss', { callId });
  });

  test('an admin defines a plan in the editor and it appears in the list', async ({ page }) => {
    await page.getByRole('button', { name: 'Billing' }).click();
    await page.getByRole('tab', { name: 'Plans & rates' }).click();
    await page.getByRole('button', { name: 'New plan' }).click();
    const editor = page.getByTestId('plan-editor');
    await editor.getByLabel('Name', { exact: true }).fill('Gold Support');
    await expect(editor.getByLabel('Plan id')).toHaveValue('gold-support');
    await editor.getByLabel('Price per period').fill('299.00');
    await editor.getByLabel('Included hours').fill('5');
    await editor.getByLabel('Included minutes').fill('30');
    await editor.getByLabel('Billing increment').selectOption({ label: '6 min' });
    await editor.getByLabel('Overage rate per hour').fill('120');
    await editor.getByLabel('Rollover of unused time').selectOption('capped');
    await editor.getByLabel('Rollover cap hours').fill('2');
    await editor.getByLabel('Rollover cap minutes').fill('0');
    await editor.getByLabel('Free grace (s)').fill('30');
    await editor.getByText('After-hours time is billed differently').click();
    await editor.getByLabel('Time zone').fill('America/New_York');
    await editor.getByLabel('After-hours multiplier').fill('1.5');
    await page.screenshot({ path: 'test-results/screenshots/billing-plan-editor.png', fullPage: true });
    await editor.getByRole('button', { name: 'Save plan' }).click();
    await expect(editor.getByTestId('plan-editor-done')).toContainText('Plan “Gold Support” saved');

    const row = page.locator('[data-testid="plan-row"][data-plan-id="gold-support"]');
    await expect(row).toContainText('Gold Support');
    await expect(row).toContainText('$299.00');
    await expect(row).toContainText('5 h 30 min');
    await expect(row).toContainText('6 min');
    await expect(row).toContainText('Up to 2 h 0 min');
    await page.screenshot({ path: 'test-results/screenshots/billing-plans.png', fullPage: true });
  });

  test('a wrong amount is refused beside the field, before anything is sent', async ({ page }) => {
    await page.getByRole('button', { name: 'Billing' }).click();
    await page.getByRole('tab', { name: 'Plans & rates' }).click();
    await page.getByRole('button', { name: 'New plan' }).click();
    const editor = page.getByTestId('plan-editor');
    await editor.getByLabel('Name', { exact: true }).fill('Broken');
    await editor.getByLabel('Price per period').fill('19.999');
    await editor.getByRole('button', { name: 'Save plan' }).click();
    await expect(editor.getByText('Price per period at most 2 digits after the point')).toBeVisible();
    await expect(editor.getByTestId('plan-editor-error')).toHaveText('Some fields need attention.');
  });

  test("a subscriber's call ends: the subscription row and the next caller card show the new hours remaining", async ({ page, stack }) => {
    await callApi(stack.core, 'customers.importCsv', { csv: `name,company,phones\n${hedy.name},Frequency Hopping Inc,${hedy.phone}`, fileName: 'hedy.csv' });
    await callApi(stack.core, 'billing.definePlan', hourPlan);

    // Start the subscription through the form, as an admin would.
    await page.getByRole('button', { name: 'Billing' }).click();
    const form = page.getByTestId('start-subscription-form');
    await form.getByLabel('Customer').fill('Hedy');
    await form.getByRole('button', { name: /Hedy Lamarr/ }).click();
    await form.getByLabel('Plan').selectOption(hourPlan.planId);
    await form.getByLabel('Start date').fill(yesterdayUtc());
    await form.getByRole('button', { name: 'Start subscription' }).click();
    await expect(form.getByTestId('start-subscription-done')).toContainText('Subscription started for Hedy Lamarr');
    const row = page.getByTestId('subscription-row').filter({ hasText: hedy.name });
    await expect(row.getByTestId('subscription-remaining')).toHaveText('1 h 0 min');

    // A 10-minute call: rang 10 min 5 s ago, answered after 5 s, ends now.
    const call = await stack.ring({ from: hedy.phone, at: new Date(Date.now() - (10 * 60 + 5) * 1000) });
    rung.push(call.callId);
    await stack.complete(call, 10 * 60);
    await expect(row.getByTestId('subscription-remaining')).toHaveText('50 min');
    await expect(row).toContainText('10 min / 1 h 0 min');
    await page.screenshot({ path: 'test-results/screenshots/billing-subscriptions.png', fullPage: true });

    // The charge says how it was rated.
    await page.getByRole('tab', { name: 'Charges' }).click();
    const charge = page.locator(`[data-testid="charge-row"][data-call-id="${call.callId}"]`);
    await expect(charge).toContainText('10 min → 10 min');
    await charge.getByText('Trace').click();
    await expect(charge.getByTestId('charge-trace')).toContainText('10 min');
    await page.screenshot({ path: 'test-results/screenshots/billing-charges.png', fullPage: true });

    // The next call's card starts from what is left, and projects the time left live.
    // It rang 35 s ago and was answered after 5 s, so its 30 s of talk end it now.
    await page.getByRole('button', { name: 'Live' }).click();
    const next = await stack.ring({ from: hedy.phone, at: new Date(Date.now() - 35_000), generation: 'standard' });
    rung.push(next.callId);
    const card = cardOf(page, next.callId);
    await expect(card.getByTestId('card-remaining')).toHaveText('50 min');
    await expect(card.getByTestId('card-billing-rate')).toHaveText(/^Overage /);
    await stack.answer(next);
    await expect(card).toHaveAttribute('data-phase', 'active');
    await expect(card.getByTestId('card-projection')).toHaveText(/^If it ended now: (49|48) min left$/);
    await page.screenshot({ path: 'test-results/screenshots/billing-card-projection.png' });
    await stack.complete(next, 30);
    await expect(card).toHaveAttribute('data-phase', 'ended');

    // Her page: plan, time left and a statement of the period.
    await page.getByRole('button', { name: 'Billing' }).click();
    await page.getByTestId('subscription-row').filter({ hasText: hedy.name }).getByRole('button', { name: hedy.name }).click();
    const customerPage = page.getByTestId('customer-page');
    await expect(customerPage.getByRole('heading', { name: hedy.name, level: 1 })).toBeVisible();
    await expect(customerPage.getByTestId('customer-remaining')).toContainText('49 min');
    await customerPage.getByLabel('From').fill(yesterdayUtc());
    await customerPage.getByRole('button', { name: 'Show statement' }).click();
    await expect(customerPage.getByTestId('statement-table')).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/customer-page.png', fullPage: true });
  });

  test('a non-subscriber\'s card says what the call will be billed', async ({ page, stack }) => {
    const call = await stack.ring({ from: customers.charles.phone });
    rung.push(call.callId);
    const card = cardOf(page, call.callId);
    await expect(card.getByTestId('card-name')).toHaveText('Charles Babbage');
    await expect(card.getByTestId('card-billing-rate')).toHaveText('Will be billed $3.00/min');
    await page.screenshot({ path: 'test-results/screenshots/billing-card-non-subscriber.png' });
    await stack.miss(call);
    await expect(card).toHaveAttribute('data-phase', 'ended');
  });

  test('a small wallet top-up shows on the next card with a low-balance warning', async ({ page, stack }) => {
    await callApi(stack.core, 'customers.importCsv', { csv: `name,company,phones\n${alan.name},Bletchley Park,${alan.phone}`, fileName: 'alan.csv' });
    await page.getByRole('button', { name: 'Billing' }).click();
    await page.getByRole('tab', { name: 'Adjustments & top-ups' }).click();
    const form = page.getByTestId('top-up-form');
    await form.getByLabel('Customer').fill('Alan');
    await form.getByRole('button', { name: /Alan Turing/ }).click();
    await form.getByLabel('Amount (USD)').fill('5.00');
    await form.getByRole('button', { name: 'Add to wallet' }).click();
    await expect(form.getByTestId('top-up-done')).toContainText("$5.00 added to Alan Turing's wallet");
    await page.getByRole('tab', { name: 'Wallets' }).click();
    await expect(page.getByTestId('wallet-row').filter({ hasText: alan.name })).toContainText('$5.00');

    await page.getByRole('button', { name: 'Live' }).click();
    const call = await stack.ring({ from: alan.phone });
    rung.push(call.callId);
    const card = cardOf(page, call.callId);
    await expect(card.getByTestId('card-wallet')).toHaveText('Wallet $5.00 · low');
    await expect(card.getByTestId('card-banner')).toContainText('Low balance');
    await expect(card.getByTestId('card-billing-rate')).toHaveText('Will be billed $3.00/min');
    await page.screenshot({ path: 'test-results/screenshots/billing-card-low-balance.png' });
    await stack.miss(call);
    await expect(card).toHaveAttribute('data-phase', 'ended');
  });

  test('the dashboard draws usage as charts', async ({ page }) => {
    await page.getByRole('button', { name: 'Dashboard' }).click();
    await expect(page.getByRole('heading', { name: 'Billed time per day' })).toBeVisible();
    await expect(page.getByTestId('chart-hours').locator('svg.recharts-surface')).toBeVisible();
    await expect(page.getByTestId('chart-amount').locator('svg.recharts-surface')).toBeVisible();
    await page.getByRole('button', { name: 'Last 90 days' }).click();
    await expect(page.getByRole('button', { name: 'Last 90 days' })).toHaveAttribute('aria-pressed', 'true');
    await page.screenshot({ path: 'test-results/screenshots/billing-dashboard.png', fullPage: true });
  });
});

test("an agent's console is shown the plans without the plan editor, and the relay refuses an agent's plan", async ({ page, stack }) => {
  // A second console on the same relay, holding an agent device token.
  const dir = mkdtempSync(join(tmpdir(), 'ringside-agent-'));
  const token = await stack.relay.addDevice('front desk', 'agent', [BUSINESS_LINE]);
  const core = startConsoleCoreWorker({
    dbPath: join(dir, 'console.db'),
    settings: new MemorySettingsStore({ relayUrl: stack.relay.url, deviceToken: token, phoneRegion: 'US' }),
    logger: { info: () => undefined, warn: () => undefined, error: console.error },
  });
  await core.start();
  const harness = await startHarness({ core, rendererDir: resolve(__dirname, '../../out/renderer'), host: '127.0.0.1', port: 0 });
  try {
    await page.goto(harness.url);
    await expect(page.getByTestId('link-state')).toHaveText('Live');
    await page.getByRole('button', { name: 'Billing' }).click();
    await page.getByRole('tab', { name: 'Plans & rates' }).click();
    // The role-aware page offers no form it cannot submit (tests/e2e/team.spec.ts), and the relay refuses it anyway.
    await expect(page.getByTestId('read-only-defineCatalog').first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'New plan' })).toHaveCount(0);
    await expect(callApi(core, 'billing.definePlan', { ...hourPlan, planId: 'agent-special', name: 'Agent Special' })).rejects.toThrow('403');
    await page.screenshot({ path: 'test-results/screenshots/billing-agent-refused.png', fullPage: true });
  } finally {
    await harness.close();
    await core.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

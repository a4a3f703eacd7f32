import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import type { ConsoleCore } from '../../src/main/core/console-core';
import { startHarness, type Harness } from '../../src/main/harness/server';
import { postConsoleEvent } from '../../src/main/relay-link/post-console-event';
import { MemorySettingsStore } from '../../src/main/settings';
import { DEFAULT_RATE_CARD } from '../../src/shared/billing/catalog';
import { readmeScreenshot } from '../support/readme-screenshot';
import { startRelayProcess, type RelayProcess } from '../support/relay-process';
import { callApi, cardOf, expect, legacyCallsOn } from './console-stack';

/**
 * The pages that must read well with a business's real volume (issue 10 §2): a month of
 * calls in and out of business hours, ~150 invoices (paid, overdue, drafts), top-ups.
 * A stack of its own, so this history does not change what the other specs see.
 */

interface PagesStack {
  relay: RelayProcess;
  core: ConsoleCore;
  harness: Harness;
  calls: ReturnType<typeof legacyCallsOn>;
}

const RENDERER_DIR = resolve(__dirname, '../../out/renderer');
const DAY_MS = 86_400_000;
const NEW_YORK_HOURS = {
  timeZone: 'America/New_York',
  days: { mon: { open: '09:00', close: '17:00' }, tue: { open: '09:00', close: '17:00' }, wed: { open: '09:00', close: '17:00' }, thu: { open: '09:00', close: '17:00' }, fri: { open: '09:00', close: '17:00' }, sat: null, sun: null },
};

const people = [
  { name: 'Ada Lovelace', company: 'Analytical Engines Ltd', phone: '+16175550142', plan: true },
  { name: 'Grace Hopper', company: 'Compiler Co', phone: '+16175550177', plan: true },
  { name: 'Margaret Hamilton', company: 'Apollo Guidance', phone: '+16175550131', plan: true },
  { name: 'Alan Turing', company: 'Bletchley Park', phone: '+16175550155', plan: true },
  { name: 'Charles Babbage', company: 'Difference Engines', phone: '+16175550123', plan: false },
  { name: 'Hedy Lamarr', company: 'Frequency Hopping Inc', phone: '+16175550166', plan: false },
  { name: 'Katherine Johnson', company: 'Langley Research', phone: '+16175550188', plan: false },
  { name: 'Annie Easley', company: 'Centaur Rockets', phone: '+16175550111', plan: false },
];
const strangers = ['+14155550101', '+14155550102', '+14155550103', '+12125550104', '+13125550105'];

/** A small deterministic generator, so every run has the same month. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** The UTC instant of `hour`:`minute` New York time, `daysAgo` days before today. */
function newYorkTime(daysAgo: number, hour: number, minute: number): Date {
  const day = new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);
  // New York is 5 h behind UTC in winter, 4 h in summer; the formatter says which.
  const probe = new Date(`${day}T12:00:00Z`);
  const nyNoon = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hour12: false }).format(probe));
  const offset = 12 - nyNoon;
  return new Date(Date.parse(`${day}T00:00:00Z`) + ((hour + offset) * 60 + minute) * 60_000);
}

async function seed(stack: PagesStack, books: string): Promise<{ calls: number }> {
  const start = new Date();
  start.setUTCDate(1);
  start.setUTCMonth(start.getUTCMonth() - 3);
  const csv = [
    'name,company,email,phones,plan,plan_period,included_hours,plan_price,currency,subscription_start',
    ...people.map((p) => `${p.name},${p.company},${p.name.split(' ')[0]!.toLowerCase()}@example.com,${p.phone},${p.plan ? `Priority Support,monthly,2.5,199.00,USD,${start.toISOString().slice(0, 10)}` : ',,,,,'}`),
  ].join('\n');
  expect((await callApi(stack.core, 'customers.importCsv', { csv, fileName: 'customers.csv' })).accepted).toBe(people.length);
  await callApi(stack.core, 'billing.defineRateCard', { ...DEFAULT_RATE_CARD, businessHours: NEW_YORK_HOURS });
  // Every pay-per-call call invoiced on its own: a month of calls makes a long list.
  await callApi(stack.core, 'billing.definePolicy', { invoicing: { mode: 'per_call' } });

  const next = random(7);
  let calls = 0;
  for (let daysAgo = 27; daysAgo >= 1; daysAgo--) {
    const weekday = new Date(Date.now() - daysAgo * DAY_MS).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const count = weekend ? 1 + Math.floor(next() * 2) : 8 + Math.floor(next() * 6) + (weekday === 1 ? 4 : 0);
    for (let i = 0; i < count; i++) {
      // Mornings are busiest, Monday mornings most; a few after hours.
      const hour = next() < 0.1 ? 18 + Math.floor(next() * 3) : next() < 0.55 ? 9 + Math.floor(next() * 3) : 12 + Math.floor(next() * 5);
      const at = newYorkTime(daysAgo, hour, Math.floor(next() * 60));
      const who = next();
      const from = who < 0.25 ? strangers[Math.floor(next() * strangers.length)]! : people[Math.floor(next() * people.length)]!.phone;
      const call = await stack.calls.ring({ from, at });
      if (next() < 0.15) await stack.calls.miss(call);
      else await stack.calls.complete(call, 60 + Math.floor(next() * 22 * 60));
      calls++;
    }
  }
  await expect.poll(async () => (await callApi(stack.core, 'dashboard.summary', { from: new Date(Date.now() - 60 * DAY_MS).toISOString().slice(0, 10), to: new Date(Date.now() + DAY_MS).toISOString().slice(0, 10), top: 1 })).calls, { timeout: 60_000 }).toBe(calls);

  // QuickBooks has a dozen pay-per-call invoices: four paid; of the rest, those QuickBooks dated due 10+ days ago are overdue.
  // (The console issues an invoice when the relay received its call, so all of these are this month's.)
  const open = (await callApi(stack.core, 'billing.invoicePage', { status: 'ready', limit: 1000 })).rows.filter((i) => i.kind === 'pay_per_call' && i.customerId !== null).reverse().slice(0, 12);
  const at = new Date().toISOString();
  for (const [n, invoice] of open.entries()) {
    const quickbooksId = String(500 + n);
    const due = new Date(Date.now() + (n % 2 === 0 ? -(10 + n) : 20) * DAY_MS).toISOString().slice(0, 10);
    await postConsoleEvent(stack.relay.url, books, { id: `synced:${invoice.invoiceKey}`, occurredAt: at, type: 'invoice.synced', data: { invoiceKey: invoice.invoiceKey, quickbooksId, docNumber: `INV-${1040 + n}`, link: null, syncedAt: at } });
    await postConsoleEvent(stack.relay.url, books, {
      id: `balance:${invoice.invoiceKey}`,
      occurredAt: at,
      type: 'invoice.balance_changed',
      data: { invoiceKey: invoice.invoiceKey, quickbooksId, totalMinor: invoice.totalMinor, balanceMinor: invoice.totalMinor, currency: 'USD', dueDate: due },
    });
    if (n % 3 === 0) {
      await postConsoleEvent(stack.relay.url, books, {
        id: `payment:${invoice.invoiceKey}`,
        occurredAt: at,
        type: 'payment.recorded',
        data: { paymentId: `pay-${n}`, quickbooksId: `P${n}`, customerId: invoice.customerId!, amountMinor: invoice.totalMinor, currency: 'USD', receivedOn: at.slice(0, 10), appliedTo: [{ invoiceKey: invoice.invoiceKey, quickbooksInvoiceId: quickbooksId, amountMinor: invoice.totalMinor }] },
      });
    }
  }
  // From now on calls go on a monthly usage invoice: today's call opens this month's draft, issued on the 1st.
  await callApi(stack.core, 'billing.definePolicy', { invoicing: { mode: 'period', dayOfMonth: 1 } });
  const today = await stack.calls.ring({ from: '+16175550111', at: new Date(Date.now() - 10 * 60_000) });
  await stack.calls.complete(today, 4 * 60);
  calls++;
  await expect.poll(async () => (await callApi(stack.core, 'billing.invoicePage', { status: 'draft', limit: 1 })).total, { timeout: 20_000 }).toBeGreaterThan(0);
  const hedy = (await callApi(stack.core, 'customers.search', { query: 'Hedy', limit: 1 }))[0]!;
  await callApi(stack.core, 'billing.creditWallet', { customerId: hedy.id, kind: 'top_up', amountMinor: 10_000, currency: 'USD' });
  await expect.poll(async () => (await callApi(stack.core, 'billing.invoicePage', { status: 'paid', limit: 1 })).total, { timeout: 20_000 }).toBe(4);
  return { calls };
}

const test = base.extend<object, { stack: PagesStack; seeded: { calls: number } }>({
  stack: [
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'ringside-pages-'));
      const secret = randomBytes(32).toString('base64');
      const relay = await startRelayProcess({ secretBase64: secret });
      const token = await relay.addDevice('front office', 'admin');
      const core = startConsoleCoreWorker({
        dbPath: join(dir, 'console.db'),
        settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: token, phoneRegion: 'US' }),
        logger: { info: () => undefined, warn: console.warn, error: console.error },
      });
      await core.start();
      const harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });
      await use({ relay, core, harness, calls: legacyCallsOn(relay.url, secret) });
      await harness.close();
      await core.stop();
      await relay.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  seeded: [
    async ({ stack }, use) => {
      const books = await stack.relay.addDevice('books', 'bookkeeper');
      await use(await seed(stack, books));
    },
    { scope: 'worker', timeout: 180_000 },
  ],
});

async function open(page: Page, stack: PagesStack, name: 'Billing' | 'Dashboard' | 'Live'): Promise<void> {
  await page.goto(stack.harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();
}

test.describe('pages that read well', () => {
  test('invoices: a table one screen tall, paged as it scrolls, searched and filtered in the core with the sums of what matches, and one invoice opened', async ({ page, stack, seeded }) => {
    expect(seeded.calls).toBeGreaterThan(150);
    await page.setViewportSize({ width: 1280, height: 900 });
    await open(page, stack, 'Billing');
    await page.getByRole('tab', { name: 'Invoices' }).click();
    const all = await callApi(stack.core, 'billing.invoicePage', { limit: 1 });
    expect(all.total).toBeGreaterThan(100);
    await expect(page.getByTestId('invoices-count')).toContainText(`${all.total.toLocaleString('en-US')} invoices`);
    await expect(page.getByTestId('invoices-total')).toHaveText(`${new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(all.totals.totalMinor / 100)} billed`);
    await expect(page.getByTestId('invoices-overdue')).toHaveText(`${all.totals.overdue} overdue`);
    expect(all.totals.overdue).toBeGreaterThan(0);

    // The page stays one screen tall (it was 61,513 px with ~200 invoices): only the rows in view are drawn.
    const table = page.getByTestId('invoice-table');
    await expect(table).toHaveAttribute('aria-rowcount', String(100 + 1));
    expect(await page.locator('html').evaluate((element) => element.scrollHeight)).toBeLessThan(1_600);
    expect(await table.locator('tbody tr:not(.virtual-spacer)').count()).toBeLessThan(60);
    // Numbers people read, never internal keys.
    const firstRow = table.locator('tbody tr[data-testid="invoice"]').first();
    await expect(firstRow.getByTestId('invoice-number')).toHaveText(/^#(PPC|SUB|USG|INV)-/);
    expect(await table.innerText()).not.toMatch(/\b(call|sub|usage):/);
    await readmeScreenshot(page, 'invoices.png');

    // Scrolling to the end reads the next page on the (issue date, key) cursor.
    const scroller = page.locator('.virtual-scroll');
    await expect(async () => {
      await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
      await expect(table).toHaveAttribute('aria-rowcount', String(all.total + 1), { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await scroller.evaluate((element) => element.scrollTo({ top: 0 }));

    // Search by customer, then by QuickBooks number; the count and sums follow.
    const hedy = await callApi(stack.core, 'billing.invoicePage', { search: 'Hedy', limit: 1 });
    expect(hedy.total).toBeGreaterThan(0);
    await page.getByTestId('invoice-search').fill('Hedy');
    await expect(page.getByTestId('invoices-count')).toContainText(`${hedy.total.toLocaleString('en-US')} invoice`);
    await expect(table.locator('tbody tr[data-testid="invoice"]').first()).toContainText('Hedy Lamarr');
    await page.getByTestId('invoice-search').fill('INV-1041');
    await expect(page.getByTestId('invoices-count')).toContainText('1 invoice');
    await page.getByTestId('invoice-search').fill('');

    // Overdue only, then paid only.
    await page.getByTestId('invoice-overdue-filter').check();
    await expect(page.getByTestId('invoices-count')).toContainText(`${all.totals.overdue} invoice`);
    await expect(table.locator('tbody tr[data-testid="invoice"]')).toHaveCount(all.totals.overdue);
    await expect(table.getByTestId('invoice-overdue')).toHaveCount(all.totals.overdue);
    await page.getByTestId('invoice-overdue-filter').uncheck();
    await page.getByTestId('invoice-status-filter').selectOption('paid');
    await expect(page.getByTestId('invoices-count')).toContainText('4 invoices');
    await expect(table.getByTestId('invoice-status')).toHaveText(['Paid', 'Paid', 'Paid', 'Paid']);
    // A draft still open is not dated in the future without saying why.
    await page.getByTestId('invoice-status-filter').selectOption('draft');
    const draft = (await callApi(stack.core, 'billing.invoicePage', { status: 'draft', limit: 1 })).rows[0]!;
    expect(draft.issueDate > new Date().toISOString().slice(0, 10)).toBe(true);
    await expect(table.getByTestId('invoice-issued').first()).toHaveText(/^Draft — closes on \w{3} \d+, \d{4}$/);
    await page.getByTestId('invoice-status-filter').selectOption('all');
    await page.getByTestId('invoice-period-filter').selectOption('this_year');
    await expect(page.getByTestId('invoices-count')).toBeVisible();

    // One invoice opens: lines, what is paid and owed, its QuickBooks state.
    await page.getByTestId('invoice-period-filter').selectOption('all');
    await page.getByTestId('invoice-overdue-filter').check();
    await table.locator('tbody tr[data-testid="invoice"]').first().getByTestId('invoice-number').click();
    const detail = page.getByTestId('invoice-detail');
    await expect(detail).toBeVisible();
    await expect(detail.getByRole('heading')).toContainText(/Invoice #INV-10\d\d · /);
    await expect(detail.getByTestId('invoice-detail-quickbooks')).toContainText('In QuickBooks as #INV-10');
    await expect(detail.getByTestId('invoice-detail-paid')).toHaveText('Nothing yet');
    await expect(detail.locator('tbody tr')).not.toHaveCount(0);
    await readmeScreenshot(page, 'invoice-detail.png');
  });

  test('the dashboard: readable units, a weekday × hour heatmap from the core, revenue by source, and a CSV of what is shown', async ({ page, stack, seeded }) => {
    expect(seeded.calls).toBeGreaterThan(150);
    await page.setViewportSize({ width: 1280, height: 900 });
    await open(page, stack, 'Dashboard');
    const from = await page.getByTestId('dashboard-from').inputValue();
    const to = await page.getByTestId('dashboard-to').inputValue();
    const summary = await callApi(stack.core, 'dashboard.summary', { from, to, top: 10 });
    expect(summary.calls).toBe(seeded.calls);
    expect(summary.timeZone).toBe('America/New_York');
    await expect(page.getByTestId('tile-talk')).toContainText(/^Talk time\d+:\d\d/);
    await expect(page.getByTestId('tile-average')).toContainText(/\d+:\d\d/);
    await expect(page.getByTestId('tile-missed')).toContainText('%');
    expect(await page.getByTestId('dashboard-totals').innerText()).not.toMatch(/\d\.\d{3,} h/);
    await expect(page.getByTestId('chart-hours').locator('svg.recharts-surface')).toBeVisible();
    await expect(page.getByTestId('chart-amount').locator('.recharts-bar-rectangle').first()).toBeVisible();
    // The busiest cell is a weekday morning in New York, as the calls were made.
    const monday9 = page.locator('[data-testid="heatmap-cell"][data-weekday="0"][data-hour="9"]');
    await expect(monday9).toHaveAttribute('data-calls', String(summary.heatmap[0]![9]));
    expect(summary.heatmap[0]![9]).toBeGreaterThan(0);
    expect(summary.heatmap[5]![3]).toBe(0);
    await expect(page.getByTestId('top-client')).toHaveCount(Math.min(10, summary.topClients.length));
    await expect(page.getByTestId('revenue-split')).toContainText('wallet top-ups $100.00');
    await page.getByTestId('top-clients').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${process.env.RINGSIDE_SCREENSHOTS === '1' ? 'docs' : 'test-results/readme'}/dashboard.png`, fullPage: true });

    // The CSV holds exactly the days and clients shown.
    const download = page.waitForEvent('download');
    await page.getByTestId('dashboard-export').click();
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8').split('\r\n');
    expect(csv[0]).toBe('day,calls,missed,talk minutes,billed minutes,subscriptions (USD),top-ups (USD),calls and texts (USD)');
    expect(csv.slice(1, 1 + summary.days.length).map((line) => line.split(',')[0])).toEqual(summary.days.map((d) => d.day));
    expect(csv.slice(1, 1 + summary.days.length).reduce((sum, line) => sum + Number(line.split(',')[1]), 0)).toBe(summary.calls);
    expect(csv[summary.days.length + 2]).toMatch(/^client,calls,missed/);

    // A range of one week: fewer calls, same units.
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    await expect(page.getByRole('button', { name: 'Last 7 days' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('dashboard-from')).not.toHaveValue(from);
  });

  test("the caller card sums the caller's unpaid invoices and names each by number and date", async ({ page, stack, seeded }) => {
    expect(seeded.calls).toBeGreaterThan(150);
    await page.setViewportSize({ width: 1280, height: 900 });
    await open(page, stack, 'Live');
    const call = await stack.calls.ring({ from: '+16175550123' });
    const card = cardOf(page, call.callId);
    await expect(card.getByTestId('card-name')).toHaveText('Charles Babbage');
    await expect(card.getByTestId('card-open-invoice-summary')).toHaveText(/^\d+ unpaid · \$[\d,]+\.\d\d( · \d+ overdue)? · oldest (today|\d+ days?)$/);
    const titles = await card.getByTestId('card-invoice-title').allInnerTexts();
    expect(titles.length).toBeGreaterThan(1);
    expect(titles.every((title) => /^Call · \w{3} \d+, \d{4}$/.test(title))).toBe(true);
    const meta = await card.getByTestId('card-invoice-meta').allInnerTexts();
    expect(meta.every((line) => /^#(PPC|INV)-\S+ · (issued|due) \w{3} \d+, \d{4}( · \d+ days? overdue)?$/.test(line))).toBe(true);
    expect(new Set(meta).size).toBe(meta.length);
    await expect(card).not.toContainText('Not yet in QuickBooks');
    await readmeScreenshot(page, 'caller-card-invoices.png');
    await stack.calls.miss(call);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

/**
 * `npm run walk` (not part of `npm test`): the demo as a newcomer starts it, every page
 * of the console opened in turn, a full-page screenshot of each in test-results/walk/,
 * and the walk fails on any console error or warning, or uncaught error, naming the page
 * it came from — the CSP warning a page logs on every load included.
 */

const ROOT = resolve(__dirname, '../..');
const SHOTS = join(ROOT, 'test-results/walk');

interface Demo {
  url: string;
  /** The demo's own "ring the line" command, as it prints it for a newcomer. */
  ringCommand: string;
  stop(): Promise<void>;
}

/** `npm run demo` with free ports, no simulated callers and a data folder of its own; resolves with the console's address. */
function startDemo(dataDir: string): Promise<Demo> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--port', '0', '--ui-port', '0', '--no-callers', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      // The demo stops its relay, emulators and console on Ctrl-C.
      child.kill('SIGINT');
    });
  return new Promise((ready, fail) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /console:\s+open (http:\/\/\S+)/.exec(output)?.[1];
      const ringCommand = /ring the line:\s+(.+)/.exec(output)?.[1];
      if (url && ringCommand && output.includes('No simulated callers')) ready({ url, ringCommand, stop });
      else if (output.includes('the Electron app is opening')) fail(new Error('the demo opened the Electron app: the walk needs a machine without an Electron binary, where the console runs in the browser'));
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => fail(new Error(`the demo exited (code ${code}) before the console was up:\n${output}`)));
  });
}

/** Every console error, warning and uncaught error of a page, with the name of the page shown when it came. */
function watch(page: Page, problems: string[], where: () => string): void {
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${where()}: console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${where()}: uncaught: ${error.message}`));
}

test('every page of the demo opens with no console error or warning, and is photographed', async ({ page, context }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ringside-walk-'));
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  const demo = await startDemo(dataDir);
  const problems: string[] = [];
  let current = 'start';
  watch(page, problems, () => current);
  const nav = page.getByRole('navigation', { name: 'Main' });
  const main = page.locator('#main');
  let shot = 0;
  /** Settles the page (no request in flight, nothing "Loading…") and photographs it. */
  const photograph = async (name: string) => {
    await page.waitForLoadState('networkidle');
    await expect(main.getByText('Loading…')).toHaveCount(0, { timeout: 20_000 });
    await page.waitForTimeout(300);
    shot += 1;
    await page.screenshot({ path: join(SHOTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
  const open = async (label: string, name: string) => {
    current = name;
    await nav.getByRole('button', { name: new RegExp(`^${label}`) }).click();
    await expect(nav.getByRole('button', { name: new RegExp(`^${label}`) })).toHaveAttribute('aria-current', 'page');
    await photograph(name);
  };
  const tab = async (label: string, name: string) => {
    current = name;
    await page.getByRole('tab', { name: label }).click();
    await expect(page.getByRole('tab', { name: label })).toHaveAttribute('aria-selected', 'true');
    await photograph(name);
  };

  try {
    await page.goto(demo.url);
    await expect(page.getByTestId('link-state')).toHaveText('Live', { timeout: 30_000 });
    await open('Live', 'live');
    await open('Callbacks', 'callbacks');
    await open('History', 'history');

    await open('Communications', 'communications-calls');
    current = 'communications-call-detail';
    await page.getByTestId('comms-calls').getByRole('button', { name: /^Open the call with/ }).first().click();
    await expect(page.getByTestId('call-detail')).toBeVisible();
    await photograph(current);
    await tab('Messages', 'communications-messages');
    current = 'communications-thread';
    await page.getByTestId('conversation').first().click();
    await expect(page.getByTestId('conversation-thread')).toBeVisible();
    await photograph(current);
    await tab('Campaigns', 'communications-campaigns');

    await open('Customers', 'customers');
    current = 'customer';
    await page.getByTestId('customers-table').locator('tbody tr:not(.virtual-spacer)').first().getByRole('button').first().click();
    await expect(page.getByTestId('customer-page')).toBeVisible();
    await photograph(current);

    await open('Billing', 'billing');
    for (const [label, name] of [
      ['Subscriptions', 'billing-subscriptions'],
      ['Charges', 'billing-charges'],
      ['Wallets', 'billing-wallets'],
      ['Plans & rates', 'billing-plans'],
      ['Adjustments & top-ups', 'billing-adjustments'],
      ['Invoices', 'billing-invoices'],
    ] as const)
      await tab(label, name);
    current = 'invoice';
    await page.locator('tbody tr[data-testid="invoice"]').first().getByTestId('invoice-number').click();
    await expect(page.getByTestId('invoice-detail')).toBeVisible();
    await photograph(current);

    await open('Dashboard', 'dashboard');
    await open('Sync', 'sync');
    await open('Team', 'team');
    await open('Settings', 'settings');

    // The caller card window, as Electron opens it beside the console, with a known
    // customer ringing (the demo's own "ring the line" command, answered after 4 s).
    const card = await context.newPage();
    current = 'card';
    watch(card, problems, () => 'card');
    await card.goto(`${demo.url.replace(/\/$/, '')}/card.html`);
    await card.waitForLoadState('networkidle');
    const ring = spawn('sh', ['-c', `${demo.ringCommand} --answer-after 4 --duration 2`], { cwd: ROOT, stdio: 'ignore' });
    const rang = new Promise((done) => ring.once('exit', done));
    await expect(card.getByTestId('caller-card').first()).toBeVisible({ timeout: 20_000 });
    await card.waitForTimeout(500);
    await card.screenshot({ path: join(SHOTS, `${String(shot + 1).padStart(2, '0')}-card.png`), fullPage: true });
    await rang;
    await card.close();
  } finally {
    await demo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  expect(problems, `console errors or warnings on the way (screenshots in ${SHOTS})`).toEqual([]);
});

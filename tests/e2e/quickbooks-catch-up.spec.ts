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
import { openConsolePage } from './console-navigation';

/**
 * The Sync page while a bookkeeper console away for 40 days catches up with QuickBooks: CDC
 * no longer reaches back that far, so customers, payments and invoices are read again by
 * query, and the page says so in plain words with how far it is.
 */

const RENDERER_DIR = resolve(__dirname, '../../out/renderer');
// Never opened: the test delivers Intuit's redirect to the relay itself.
const REDIRECT_URI = 'http://localhost:1/quickbooks/callback';
const DAY_MS = 86_400_000;
const quietLogger = { info: () => undefined, warn: () => undefined, error: console.error };

let dir: string;
let emulator: QuickBooksEmulator;
let relay: RelayProcess;
let core: ConsoleCore;
let harness: Harness;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-e2e-qbo-away-'));
  emulator = createQuickBooksEmulator({ redirectUris: [REDIRECT_URI], consent: 'auto' });
  await emulator.listen();
  relay = await startRelayProcess({ env: relaySettingsForEmulator(emulator, REDIRECT_URI) });
  const [adminToken, booksToken] = await Promise.all([relay.addDevice('Owner', 'admin'), relay.addDevice('Books', 'bookkeeper')]);
  const started = await fetch(`${relay.url}/v1/quickbooks/connect`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
  const { authorizeUrl } = (await started.json()) as { authorizeUrl: string };
  const location = (await fetch(authorizeUrl, { redirect: 'manual' })).headers.get('location')!;
  expect((await fetch(`${relay.url}/quickbooks/callback${new URL(location).search}`)).status).toBe(200);
  core = startConsoleCoreWorker({
    dbPath: join(dir, 'books.db'),
    settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: booksToken, phoneRegion: 'US' }),
    logger: quietLogger,
    backoff: { baseMs: 50, capMs: 300 },
    quickBooksSync: FAST_SYNC,
  });
  await core.start();
  harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });
});

test.afterAll(async () => {
  await harness?.close();
  await core?.stop();
  await relay?.stop();
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a bookkeeper console back after 40 days shows its catch-up with QuickBooks on the Sync page', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto(harness.url);
  await openConsolePage(page, 'Sync');
  await expect(page.getByTestId('sync-last-in')).not.toHaveText('Never', { timeout: 20_000 });

  // 40 days pass; thousands of customers were added in QuickBooks meanwhile.
  emulator.addCustomers(2_500, { sharedNumberEvery: 0, unparseableEvery: 0, namePrefix: 'Meanwhile' });
  emulator.advanceClock(40 * DAY_MS);
  await page.getByRole('button', { name: 'Sync now' }).click();
  const catchUp = page.getByTestId('sync-catch-up');
  await expect(catchUp).toContainText(/Catching up with QuickBooks after 40 days away: [\d,]+ of [\d,]+ customers read/, { timeout: 20_000 });
  await expect(catchUp).not.toContainText(/: 0 of/, { timeout: 20_000 });
  await readmeScreenshot(page, 'quickbooks-catch-up.png');
  await expect(catchUp).toHaveText('Caught up with QuickBooks after 40 days away: customers, payments and invoices read again.', { timeout: 90_000 });
});

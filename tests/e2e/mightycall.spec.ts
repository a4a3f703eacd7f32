import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness } from '../../src/main/harness/server';
import { MemorySettingsStore } from '../../src/main/settings';
import { startMightyCallEmulator } from '../../tools/emulators/mightycall/emulator';
import { SEED_LINES, seedMightyCall } from '../../tools/emulators/mightycall/seed';
import { readmeScreenshot } from '../support/readme-screenshot';
import { startRelayProcess } from '../support/relay-process';
import { openConsolePage } from './console-navigation';

// A stack of its own (the relay here reads the MightyCall emulator); the seed's numbers are used nowhere else.
const API_KEY = 'e2e-mightycall-api-key';
const USER_KEY = 'e2e-mightycall-user-key';
const RENDERER_DIR = process.env.RINGSIDE_RENDERER_DIR ?? resolve(__dirname, '../../out/renderer');
const quietLogger = { info: () => undefined, warn: console.warn, error: console.error };

test("an admin sees on Operations how often the relay reads MightyCall and how much of the day's budget it used, and MightyCall's numbers on the Team page ready to assign", async ({ page }) => {
  test.setTimeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), 'ringside-mightycall-'));
  const emulator = await startMightyCallEmulator({ apiKey: API_KEY, userKey: USER_KEY });
  Object.assign(emulator.data, seedMightyCall(Date.now(), emulator.url));
  const relay = await startRelayProcess({ env: { MIGHTYCALL_API_KEY: API_KEY, MIGHTYCALL_USER_KEY: USER_KEY, MIGHTYCALL_API_BASE_URL: emulator.baseUrl, RELAY_MEDIA_ALLOWED_HOSTS: new URL(emulator.url).host } });
  const adminToken = await relay.addDevice('Owner', 'admin');
  const core = startConsoleCoreWorker({ dbPath: join(dir, 'console.db'), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: adminToken, phoneRegion: 'US' }), logger: quietLogger });
  await core.start();
  const harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(harness.url);
    await expect(page.getByTestId('link-state')).toHaveText('Live', { timeout: 30_000 });
    await openConsolePage(page, 'Operations');
    const panel = page.getByTestId('mightycall-panel');
    await expect(panel.getByTestId('mightycall-poll')).toContainText('Last read', { timeout: 30_000 });
    await expect(panel).toContainText('The relay reads MightyCall (127.0.0.1');
    await expect(panel).toContainText('about every 2.2 minutes');
    await expect(panel.getByTestId('mightycall-budget')).toHaveText(`${emulator.requests.length} of 2,500 requests used in the last 24 hours`);
    await expect(panel.getByTestId('mightycall-counts')).toContainText('calls5');
    await expect(panel.getByTestId('mightycall-error')).toHaveCount(0);
    await panel.scrollIntoViewIfNeeded();
    await readmeScreenshot(page, 'operations-mightycall.png');

    await openConsolePage(page, 'Team');
    const lines = page.getByTestId('team-lines');
    await expect(lines.getByRole('row', { name: /MightyCall main line/ })).toBeVisible({ timeout: 20_000 });
    await expect(lines.getByRole('row', { name: /MightyCall support/ })).toBeVisible();
    expect(SEED_LINES.main).toBe('+16175550140');
  } finally {
    await harness.close();
    await core.stop();
    await relay.stop();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

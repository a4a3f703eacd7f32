import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness } from '../../src/main/harness/server';
import { MemorySettingsStore } from '../../src/main/settings';
import { MediaHost } from '../../tools/emulators/openphone/media-host';
import { phoneNumberIdFor } from '../../tools/emulators/openphone/payloads';
import { startOpenPhoneRestEmulator } from '../../tools/emulators/openphone/rest-api';
import { seededWorkspace } from '../../tools/emulators/openphone/workspace/seeded-workspace';
import { serveWorkspaceMedia } from '../../tools/emulators/openphone/workspace/served-media';
import { readmeScreenshot } from '../support/readme-screenshot';
import { startRelayProcess } from '../support/relay-process';
import { openConsolePage } from './console-navigation';

// A stack of its own (the relay here has an OpenPhone key and a workspace of its own): lines used nowhere else.
const API_KEY = 'e2e-openphone-key-history-import';
const RENDERER_DIR = process.env.RINGSIDE_RENDERER_DIR ?? resolve(__dirname, '../../out/renderer');
const quietLogger = { info: () => undefined, warn: console.warn, error: console.error };
const line = (number: string, name: string, user: string) => ({ number, name, id: phoneNumberIdFor(number), users: [{ id: `US${user}01`, firstName: user, lastName: null, email: null }] });

test('an admin imports nine months of OpenPhone history from the Operations page, watches it at 10 requests a second, and pauses it', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'ringside-history-import-'));
  // The business issue 12 describes: 7,000 conversations over 9 months, thousands of contacts, hundreds of photos.
  const media = await MediaHost.start();
  const lines = [line('+16175550170', 'Front desk', 'Ana'), line('+16175550171', 'Support', 'Ben'), line('+16175550172', 'After hours', 'Eli')];
  const workspace = serveWorkspaceMedia(seededWorkspace({ lines, mediaBaseUrl: (file) => media.signedUrl(file, 7_200) }), media);
  const emulator = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: workspace.lines, workspace });
  const relay = await startRelayProcess({ env: { OPENPHONE_API_KEY: API_KEY, OPENPHONE_API_BASE_URL: emulator.url, OPENPHONE_DIRECTORY_SYNC_MINUTES: '0', RELAY_MEDIA_ALLOWED_HOSTS: media.hostPort } });
  const adminToken = await relay.addDevice('Owner', 'admin');
  const core = startConsoleCoreWorker({ dbPath: join(dir, 'console.db'), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: adminToken, phoneRegion: 'US' }), logger: quietLogger });
  await core.start();
  const harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(harness.url);
    await expect(page.getByTestId('link-state')).toHaveText('Live', { timeout: 30_000 });
    await openConsolePage(page, 'Operations');
    const panel = page.getByTestId('import-panel');
    await expect(panel).toContainText('No import yet.');
    await expect(panel.getByLabel(/Record only/)).toBeChecked();
    await panel.getByRole('button', { name: 'Import history' }).click();

    await expect(panel.getByTestId('import-state')).toHaveText('Importing');
    await expect(panel).toContainText('everything OpenPhone has, record only (not billed), started by Owner');
    // Mid-import: every conversation listed, calls and texts coming in, at the key's pace, with a time left.
    await expect(panel.getByTestId('import-counts')).toContainText(/conversations\s*7,\d{3}/, { timeout: 60_000 });
    await expect(panel.getByTestId('import-pace')).toContainText(/9\.[5-9] a second \((9[5-9]|100) % of its limit\)/, { timeout: 20_000 });
    await expect(panel.getByTestId('import-pace')).toContainText(/about \d+ (minutes|h \d\d min) left/);
    await expect(panel.getByRole('progressbar')).toBeVisible();
    await readmeScreenshot(page, 'operations-history-import.png');

    await panel.getByRole('button', { name: 'Pause' }).click();
    await expect(panel.getByTestId('import-state')).toHaveText('Paused');
    await expect(panel.getByRole('button', { name: 'Resume' })).toBeVisible();
    expect(emulator.requests.filter((request) => request.status === 429)).toEqual([]);
  } finally {
    await harness.close();
    await core.stop();
    await relay.stop();
    await emulator.close();
    await media.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

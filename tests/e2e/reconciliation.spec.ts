import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { dispatchApiCall } from '../../src/main/api/dispatch';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness } from '../../src/main/harness/server';
import { MemorySettingsStore } from '../../src/main/settings';
import type { ApiOutputs, ApiResult } from '../../src/shared/api/contract';
import { LiveWebhooks } from '../../tools/emulators/openphone/live-webhooks';
import { newMessageId } from '../../tools/emulators/openphone/message-payloads';
import { newCallId, phoneNumberIdFor } from '../../tools/emulators/openphone/payloads';
import { startOpenPhoneRestEmulator } from '../../tools/emulators/openphone/rest-api';
import { WebhookSwitch } from '../../tools/emulators/openphone/webhook-switch';
import { Workspace } from '../../tools/emulators/openphone/workspace/workspace';
import { readmeScreenshot } from '../support/readme-screenshot';
import { startRelayProcess } from '../support/relay-process';
import { openConsolePage } from './console-navigation';

// A stack of its own (the relay here has an OpenPhone key and a health check): lines and numbers used nowhere else.
const FRONT_DESK = '+16175550160';
const SUPPORT = '+16175550161';
const CALLER = '+16175550162';
const TEXTER = '+16175550163';
const API_KEY = 'e2e-openphone-key-reconciliation';
// A renderer built elsewhere (electron-vite build --outDir …) may be named; by default the one `npm test` builds.
const RENDERER_DIR = process.env.RINGSIDE_RENDERER_DIR ?? resolve(__dirname, '../../out/renderer');
const quietLogger = { info: () => undefined, warn: console.warn, error: console.error };

test('an admin checks yesterday on the Operations page and sees what OpenPhone never sent, added; the health check passed and its texts are in no feed', async ({ page }) => {
  test.setTimeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), 'ringside-reconciliation-'));
  const line = (number: string, name: string) => ({ number, name, id: phoneNumberIdFor(number), users: [{ id: `US${name.replace(/\W/g, '')}01`, firstName: name, lastName: null, email: null }] });
  const workspace = new Workspace([line(FRONT_DESK, 'Front desk'), line(SUPPORT, 'Support')]);
  const webhookSwitch = new WebhookSwitch();
  const emulator = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: workspace.lines, workspace, webhookSwitch });
  const relay = await startRelayProcess({
    env: { OPENPHONE_API_KEY: API_KEY, OPENPHONE_API_BASE_URL: emulator.url, OPENPHONE_DIRECTORY_SYNC_MINUTES: '0', OPENPHONE_HEALTH_CHECK_FROM: FRONT_DESK, OPENPHONE_HEALTH_CHECK_TO: SUPPORT },
  });
  emulator.deliverOutcomesTo({ relayUrl: relay.url, legacySecretBase64: relay.secretBase64 });
  const adminToken = await relay.addDevice('Owner', 'admin');
  const core = startConsoleCoreWorker({ dbPath: join(dir, 'console.db'), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: adminToken, phoneRegion: 'US' }), logger: quietLogger });
  await core.start();
  const harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });
  try {
    // Yesterday (UTC, the relay's default business time zone): OpenPhone never sent one call's completion, nor one text.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const at = (time: string) => new Date(`${yesterday}T${time}Z`);
    const webhooks = new LiveWebhooks({ workspace, relayUrl: relay.url, legacySecretBase64: relay.secretBase64, switch: webhookSwitch });
    const lostCall = newCallId();
    const lostText = newMessageId();
    webhookSwitch.drop('call.completed', lostCall);
    webhookSwitch.drop('message.received', lostText);
    await webhooks.call({ line: FRONT_DESK, customer: CALLER, createdAt: at('14:00:00'), answeredSeconds: 240 });
    await webhooks.call({ id: lostCall, line: FRONT_DESK, customer: CALLER, createdAt: at('16:10:00'), answeredSeconds: 420 });
    await webhooks.textIn({ line: SUPPORT, customers: [TEXTER], text: 'Is the shop open on Saturday?', createdAt: at('17:00:00') });
    await webhooks.textIn({ id: lostText, line: SUPPORT, customers: [TEXTER], text: 'Never mind, found it', createdAt: at('17:05:00') });

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(harness.url);
    await expect(page.getByTestId('link-state')).toHaveText('Live', { timeout: 30_000 });
    await openConsolePage(page, 'Operations');
    const panel = page.getByTestId('reconciliation-panel');
    await expect(panel.getByTestId('reconciliation-health')).toContainText('came back: webhooks reach Ringside', { timeout: 20_000 });

    await panel.getByLabel('From').fill(yesterday);
    await panel.getByLabel('To').fill(yesterday);
    await panel.getByRole('button', { name: 'Check a date range' }).click();
    const run = panel.getByTestId('reconciliation-run').first();
    await expect(run).toContainText('Found 1 call and 1 text that OpenPhone never sent to Ringside, and added them to the history.', { timeout: 20_000 });
    await expect(run).toContainText('Checked on request');
    await expect(run).toContainText('Call with +1 617 555 0162 on +1 617 555 0160');
    await expect(run).toContainText('Text with +1 617 555 0163 on +1 617 555 0161');
    await readmeScreenshot(page, 'operations-reconciliation.png');

    // The health check's texts are in the log, and in no feed.
    const feed = (await dispatchApiCall(core.handlers, 'messages.feed', { limit: 50, filter: { campaigns: 'show', unreadOnly: false, needsReplyOnly: false } })) as ApiResult<ApiOutputs['messages.feed']>;
    expect(feed.ok && feed.value.rows.map((row) => row.body)).toEqual(['Never mind, found it', 'Is the shop open on Saturday?']);
  } finally {
    await harness.close();
    await core.stop();
    await relay.stop();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness, type Harness } from '../../src/main/harness/server';
import { MemorySettingsStore } from '../../src/main/settings';
import { LocalSmtp } from '../../relay/test/alerts/local-smtp';
import { callRingingEvent, newCallId } from '../../tools/emulators/openphone/payloads';
import { startOpenPhoneRestEmulator } from '../../tools/emulators/openphone/rest-api';
import { sendOpenPhoneWebhook } from '../../tools/emulators/openphone/sender';
import { readmeScreenshot } from '../support/readme-screenshot';
import { startRelayProcess } from '../support/relay-process';
import { openConsolePage } from './console-navigation';

// A stack of its own (this relay mails and texts its alerts): numbers used nowhere else.
const LINE = '+16175550170';
const OWNER_PHONE = '+16175550179';
const API_KEY = 'e2e-openphone-key-alerts';
const RENDERER_DIR = process.env.RINGSIDE_RENDERER_DIR ?? resolve(__dirname, '../../out/renderer');
const quietLogger = { info: () => undefined, warn: console.warn, error: console.error };

test('an urgent alert shows on every console, is mailed and texted to the owner; acknowledged on one console it leaves the other too, and the Operations page says who acknowledged it', async ({ browser }) => {
  test.setTimeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), 'ringside-alerts-e2e-'));
  const smtp = await LocalSmtp.start();
  const emulator = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: [{ number: LINE }] });
  const relay = await startRelayProcess({
    env: {
      OPENPHONE_API_KEY: API_KEY,
      OPENPHONE_API_BASE_URL: emulator.url,
      OPENPHONE_DIRECTORY_SYNC_MINUTES: '0',
      RELAY_ALERT_EMAIL_TO: 'owner@frontdesk.example',
      RELAY_ALERT_EMAIL_FROM: 'Ringside relay <relay@frontdesk.example>',
      RELAY_SMTP_HOST: '127.0.0.1',
      RELAY_SMTP_PORT: String(smtp.port),
      RELAY_SMTP_SECURITY: 'none',
      RELAY_ALERT_SMS_TO: OWNER_PHONE,
      RELAY_ALERT_SMS_FROM: LINE,
    },
  });
  const consoles: { harness: Harness; stop: () => Promise<void> }[] = [];
  const open = async (name: string, role: 'admin' | 'agent', lines: string[]): Promise<Page> => {
    const token = await relay.addDevice(name, role, lines);
    const core = startConsoleCoreWorker({ dbPath: join(dir, `${name}.db`), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: token, phoneRegion: 'US' }), logger: quietLogger });
    await core.start();
    const harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });
    consoles.push({ harness, stop: () => core.stop() });
    return pageAt(browser, harness.url);
  };
  try {
    const desk = await open('Front desk', 'admin', []);
    const maya = await open('Maya', 'agent', [LINE]);

    // OpenPhone's webhooks arrive signed with a key the relay does not have (a rotated signing secret).
    const wrongKey = randomBytes(32).toString('base64');
    for (let i = 0; i < 20; i++) {
      const body = callRingingEvent({ callId: newCallId(), from: '+16175550111', to: LINE, at: new Date() }).body;
      expect((await sendOpenPhoneWebhook(relay.url, body, { secretBase64: wrongKey })).status).toBe(401);
    }
    for (const page of [desk, maya]) {
      await expect(page.getByRole('region', { name: 'Relay alerts' }).getByTestId('relay-alert')).toHaveText([/^⚠ OpenPhone's webhooks are being refused/], { timeout: 20_000 });
    }
    const [mail] = await smtp.waitForMails(1);
    expect(mail!.subject).toMatch(/^Ringside urgent alert: OpenPhone's webhooks are being refused/);
    await expect.poll(() => emulator.messages.filter((message) => message.to.includes(OWNER_PHONE)).length, { timeout: 20_000 }).toBe(1);
    await readmeScreenshot(desk, 'relay-alerts-banner.png');

    await desk.getByRole('region', { name: 'Relay alerts' }).getByTestId('relay-alerts-acknowledge').click();
    await expect(desk.getByRole('region', { name: 'Relay alerts' })).toHaveCount(0);
    await expect(maya.getByRole('region', { name: 'Relay alerts' })).toHaveCount(0, { timeout: 20_000 });

    await openConsolePage(desk, 'Operations');
    const items = desk.getByTestId('alerts-panel').getByTestId('alerts-panel-item');
    await expect(items.first()).toContainText('Acknowledged by Front desk', { timeout: 20_000 });
    await expect(items.nth(1)).toContainText('Urgent alert');
    await expect(items.nth(1)).toContainText('Emailed and texted to the owner');
    await expect(items.nth(1)).toContainText("OpenPhone's webhooks are being refused");
    await desk.getByTestId('alerts-panel').scrollIntoViewIfNeeded();
    await readmeScreenshot(desk, 'operations-alerts.png');
  } finally {
    for (const console of consoles) {
      await console.harness.close();
      await console.stop();
    }
    await relay.stop();
    await emulator.close();
    await smtp.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function pageAt(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(url);
  await expect(page.getByTestId('link-state')).toHaveText('Live', { timeout: 30_000 });
  return page;
}

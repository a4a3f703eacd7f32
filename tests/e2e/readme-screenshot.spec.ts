import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { playDemoHistory } from '../../scripts/play-demo-history';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { parseCustomerCsv } from '../../src/main/customers/parse-customer-csv';
import { startHarness } from '../../src/main/harness/server';
import { demoHistory } from '../../src/main/sample-data/demo-history';
import { MemorySettingsStore } from '../../src/main/settings';
import { namespacedCallId } from '../../src/shared/events/model';
import { callCompletedEvent, callRingingEvent, newCallId, phoneNumberIdFor } from '../../tools/emulators/openphone/payloads';
import { sendOpenPhoneWebhook } from '../../tools/emulators/openphone/sender';
import { readmeScreenshot } from '../support/readme-screenshot';
import { startRelayProcess } from '../support/relay-process';

const LINE = '+16175550199';
const quietLogger = { info: () => undefined, warn: console.warn, error: console.error };

// The README's picture of the console (written to docs/ by `npm run screenshots` only): the
// demo's own data — four months of history played through a relay of its own, as
// `npm run demo` plays it — and one of its subscribers ringing, at 1280×800. The call is
// then missed, so it uses none of their hours.
test('the console with a ringing caller card on the demo data, for the README', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'ringside-readme-'));
  const relay = await startRelayProcess({ env: { OPENPHONE_PHONE_NUMBER_IDS: `${phoneNumberIdFor(LINE)}=${LINE}` } });
  const adminToken = await relay.addDevice('Front desk', 'admin');
  const bookkeeperToken = await relay.addDevice('Books', 'bookkeeper');
  const history = demoHistory({ line: LINE, now: new Date(), seed: 1 });
  await playDemoHistory(history, { url: relay.url, adminToken, bookkeeperToken, legacySecretBase64: relay.secretBase64 });
  const core = startConsoleCoreWorker({
    dbPath: join(dir, 'console.db'),
    settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: adminToken, phoneRegion: 'US' }),
    logger: quietLogger,
  });
  await core.start();
  const harness = await startHarness({ core, rendererDir: resolve(__dirname, '../../out/renderer'), host: '127.0.0.1', port: 0 });
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(harness.url);
    await expect(page.getByTestId('link-state')).toHaveText('Live', { timeout: 30_000 });

    // The busiest subscriber on the monthly Business plan: the history gives their card recent calls and invoices.
    const subscriber = parseCustomerCsv(history.customersCsv, { region: 'US' }).rows.find((row) => row.plan?.name === 'Business')!;
    const openPhoneCallId = newCallId();
    const rangAt = new Date();
    const post = async (body: string) => expect((await sendOpenPhoneWebhook(relay.url, body, { secretBase64: relay.secretBase64 })).status).toBeLessThan(300);
    await post(callRingingEvent({ callId: openPhoneCallId, from: subscriber.phones[0]!, to: LINE, at: rangAt }).body);
    const card = page.locator(`[data-testid="caller-card"][data-call-id="${namespacedCallId('openphone', openPhoneCallId)}"]`);
    await expect(card.getByTestId('card-name')).toHaveText(subscriber.name);
    await expect(card.getByTestId('card-remaining')).toBeVisible();
    await readmeScreenshot(page, 'console.png');
    await post(callCompletedEvent({ callId: openPhoneCallId, from: subscriber.phones[0]!, to: LINE, createdAt: rangAt, answeredAt: null, completedAt: new Date() }).body);
    await expect(card).toHaveAttribute('data-phase', 'ended');
  } finally {
    await harness.close();
    await core.stop();
    await relay.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

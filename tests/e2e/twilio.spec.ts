import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { dispatchApiCall } from '../../src/main/api/dispatch';
import type { ConsoleCore } from '../../src/main/core/console-core';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness, type Harness } from '../../src/main/harness/server';
import { MemorySettingsStore } from '../../src/main/settings';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../src/shared/api/contract';
import { callCompletedEvent, callRingingEvent, newCallId } from '../../tools/emulators/openphone/payloads';
import { sendOpenPhoneWebhook } from '../../tools/emulators/openphone/sender';
import { TwilioEmulator } from '../../tools/emulators/twilio/emulator';
import { readmeScreenshot } from '../support/readme-screenshot';
import { startRelayProcess, type RelayProcess } from '../support/relay-process';

/**
 * A Twilio number beside an OpenPhone line, through the real relay process and the console
 * core: the Twilio emulator plays the call against the URLs a Twilio number is configured
 * with (the relay behind a TLS proxy at RELAY_PUBLIC_URL, the emulator delivering to its
 * loopback address as the proxy would). The card pops while the agents' phones ring, and
 * the customer is billed for the call exactly what the same call costs through OpenPhone.
 */

const PUBLIC_URL = 'https://relay.example.test';
const OPENPHONE_LINE = '+16175550160';
const TWILIO_LINE = '+16175550161';
const CALLER = { name: 'Dorothy Vaughan', phone: '+16175550164' };
const AUTH_TOKEN = `tw_${randomBytes(12).toString('hex')}`;
const RENDERER_DIR = resolve(__dirname, '../../out/renderer');
const quietLogger = { info: () => undefined, warn: console.warn, error: console.error };

let relay: RelayProcess;
let core: ConsoleCore;
let harness: Harness;
let twilio: TwilioEmulator;
let dir: string;
const secretBase64 = randomBytes(32).toString('base64');

async function callApi<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
  const result = await dispatchApiCall(core.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error}`);
  return result.value as ApiOutputs[M];
}

test.beforeAll(async () => {
  test.setTimeout(90_000);
  dir = mkdtempSync(join(tmpdir(), 'ringside-twilio-e2e-'));
  twilio = await TwilioEmulator.start({
    authToken: AUTH_TOKEN,
    voiceUrl: `${PUBLIC_URL}/webhooks/twilio?kind=voice`,
    statusUrl: `${PUBLIC_URL}/webhooks/twilio?kind=status`,
    deliverTo: (url) => url.replace(PUBLIC_URL, relay.url),
  });
  relay = await startRelayProcess({
    secretBase64,
    env: {
      RELAY_PUBLIC_URL: PUBLIC_URL,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_VOICE_ROUTES: `${TWILIO_LINE}=dial:+16175550190`,
      TWILIO_MEDIA_ORIGIN: twilio.mediaOrigin,
      RELAY_MEDIA_ALLOWED_HOSTS: new URL(twilio.mediaOrigin).host,
    },
  });
  const deviceToken = await relay.addDevice('Front desk', 'admin');
  core = startConsoleCoreWorker({ dbPath: join(dir, 'console.db'), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken, phoneRegion: 'US' }), logger: quietLogger });
  await core.start();
  harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });
  // A pay-per-call customer: each call is rated on its own, so two alike cost alike.
  const report = await callApi('customers.importCsv', { csv: `name,company,email,phones\n${CALLER.name},West Computing,dorothy@example.com,${CALLER.phone}`, fileName: 'twilio.csv' });
  expect(report).toEqual({ accepted: 1, rejected: [] });
  await expect.poll(async () => (await callApi('customers.search', { query: CALLER.name, limit: 1 })).length, { timeout: 15_000 }).toBe(1);
});

test.afterAll(async () => {
  await harness?.close();
  await core?.stop();
  await relay?.stop();
  await twilio?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openConsole(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live');
}

const chargeOf = async (callId: string) => {
  const [customer] = await callApi('customers.search', { query: CALLER.name, limit: 1 });
  const charges = await callApi('billing.charges', { customerId: customer!.id, limit: 100 });
  return charges.find((charge) => charge.callId === callId && charge.reversesChargeId === null) ?? null;
};

test('a Twilio call pops the caller card while it rings, and the customer is billed for it as for the same call through OpenPhone', async ({ page }) => {
  await openConsole(page);
  const ringSeconds = 5;
  const talkSeconds = 95;

  const played = await twilio.playCall({
    from: CALLER.phone,
    to: TWILIO_LINE,
    outcome: { answered: { ringSeconds, talkSeconds } },
    whileRinging: async () => {
      const card = page.locator('[data-testid="caller-card"][data-phase="ringing"]').filter({ hasText: CALLER.name });
      await expect(card).toBeVisible();
      await expect(card.getByTestId('card-status')).toHaveText('Non-subscriber');
    },
  });
  const twilioCallId = `twilio:${played.callSid}`;

  // The same call through OpenPhone: rang now, answered 5 s later, 95 s of talk.
  const at = new Date();
  const openPhoneCall = { callId: newCallId(), from: CALLER.phone, to: OPENPHONE_LINE, at };
  for (const delivery of [
    callRingingEvent(openPhoneCall),
    callCompletedEvent({ ...openPhoneCall, createdAt: at, answeredAt: new Date(at.getTime() + ringSeconds * 1000), completedAt: new Date(at.getTime() + (ringSeconds + talkSeconds) * 1000) }),
  ]) {
    const answer = await sendOpenPhoneWebhook(relay.url, delivery.body, { secretBase64, generation: 'legacy' });
    expect(answer.status, answer.text).toBe(200);
  }

  await expect.poll(() => chargeOf(twilioCallId), { timeout: 15_000 }).not.toBeNull();
  await expect.poll(() => chargeOf(`openphone:${openPhoneCall.callId}`), { timeout: 15_000 }).not.toBeNull();
  const viaTwilio = (await chargeOf(twilioCallId))!;
  const viaOpenPhone = (await chargeOf(`openphone:${openPhoneCall.callId}`))!;
  expect(viaTwilio.rawSeconds).toBe(talkSeconds);
  expect(viaTwilio.totalMinor).toBeGreaterThan(0);
  const billed = (charge: typeof viaTwilio) => ({ customerName: charge.customerName, rawSeconds: charge.rawSeconds, billableSeconds: charge.billableSeconds, lines: charge.lines, totalMinor: charge.totalMinor, currency: charge.currency });
  expect(billed(viaTwilio)).toEqual(billed(viaOpenPhone));

  // The call history shows the Twilio call like any other, with its provider named.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Communications/ }).click();
  const row = page.getByTestId('comms-calls').getByRole('row').filter({ hasText: CALLER.name }).filter({ hasText: 'Twilio' });
  await expect(row.getByTestId('call-status')).toHaveText('Completed');
  await expect(row).toContainText('1:35');
  // Who answered is the dialled number Twilio reports.
  await expect(row).toContainText('+1 617 555 0190');
  await readmeScreenshot(page, 'twilio-call.png');
  await row.getByRole('button', { name: /Open the call with Dorothy Vaughan/ }).click();
  await expect(page.getByTestId('call-detail')).toContainText('via Twilio');
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { dispatchApiCall } from '../../src/main/api/dispatch';
import type { ConsoleCore } from '../../src/main/core/console-core';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness, type Harness } from '../../src/main/harness/server';
import { MemorySettingsStore } from '../../src/main/settings';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../src/shared/api/contract';
import { MediaHost } from '../../tools/emulators/openphone/media-host';
import { phoneNumberIdFor } from '../../tools/emulators/openphone/payloads';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../tools/emulators/openphone/rest-api';
import { sendOpenPhoneWebhook, type OpenPhoneGeneration } from '../../tools/emulators/openphone/sender';
import { startRelayProcess, type RelayProcess } from '../support/relay-process';

/**
 * The OpenPhone journeys' own stack, so their texts, calls and campaign never show in the
 * other specs' lists: the relay as its own process (media captured from the emulator's
 * media host at signed, expiring URLs; texts sent through the emulated REST API, which
 * reports delivery back as signed webhooks), and two consoles on that relay, each its own
 * core in a worker thread on its own SQLite file with its own harness: the front desk
 * (admin) and the back office (an agent on the line).
 */

export const LINE = '+16175550160';

/** The customers of the journeys; numbers as people type them. */
export const people = {
  katherine: { name: 'Katherine Johnson', phone: '+16175550161' },
  margaret: { name: 'Margaret Hamilton', phone: '+16175550162' },
  dorothy: { name: 'Dorothy Vaughan', phone: '+16175550163' },
  mary: { name: 'Mary Jackson', phone: '+16175550164' },
  annie: { name: 'Annie Easley', phone: '+16175550165' },
};

const CUSTOMERS_CSV = [
  'name,company,email,phones,plan,plan_period,included_hours,plan_price,currency,subscription_start',
  ...Object.values(people).map((person) => `${person.name},,,${person.phone},,,,,,`),
].join('\n');

export interface JourneyConsole {
  core: ConsoleCore;
  harness: Harness;
  /** The device token the console holds (for reading the relay's media as it does). */
  deviceToken: string;
}

export interface JourneyStack {
  relay: RelayProcess;
  openPhone: OpenPhoneRestEmulator;
  media: MediaHost;
  frontDesk: JourneyConsole;
  backOffice: JourneyConsole;
  /** Posts a signed OpenPhone webhook (legacy by default) and expects a 2xx. */
  post(body: string, generation?: OpenPhoneGeneration): Promise<void>;
  stop(): Promise<void>;
}

const RENDERER_DIR = resolve(__dirname, '../../out/renderer');
const quietLogger = { info: () => undefined, warn: console.warn, error: console.error };

export async function callApi<M extends ApiMethod>(core: ConsoleCore, method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
  const result = await dispatchApiCall(core.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error}`);
  return result.value as ApiOutputs[M];
}

export async function startJourneyStack(): Promise<JourneyStack> {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-openphone-e2e-'));
  const keys: Record<OpenPhoneGeneration, string> = {
    legacy: randomBytes(32).toString('base64'),
    standard: `whsec_${randomBytes(32).toString('base64')}`,
  };
  const apiKey = `op_${randomBytes(12).toString('hex')}`;
  const media = await MediaHost.start();
  const openPhone = await startOpenPhoneRestEmulator({ apiKeys: [apiKey], lines: [{ number: LINE, name: 'Front desk' }] });
  const relay = await startRelayProcess({
    secretBase64: keys.legacy,
    env: {
      OPENPHONE_WEBHOOK_SECRET: `${keys.legacy},${keys.standard}`,
      OPENPHONE_PHONE_NUMBER_IDS: `${phoneNumberIdFor(LINE)}=${LINE}`,
      RELAY_MEDIA_ALLOWED_HOSTS: media.hostPort,
      OPENPHONE_API_KEY: apiKey,
      OPENPHONE_API_BASE_URL: openPhone.url,
    },
  });
  openPhone.deliverOutcomesTo({ relayUrl: relay.url, legacySecretBase64: keys.legacy, standardSecret: keys.standard });

  const startConsole = async (name: string, role: 'admin' | 'agent', numbers: string[]): Promise<JourneyConsole> => {
    const deviceToken = await relay.addDevice(name, role, numbers);
    const core = startConsoleCoreWorker({
      dbPath: join(dir, `${name.replace(/\W+/g, '-')}.db`),
      settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken, phoneRegion: 'US' }),
      logger: quietLogger,
    });
    await core.start();
    const harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });
    return { core, harness, deviceToken };
  };
  const frontDesk = await startConsole('Front desk', 'admin', []);
  const backOffice = await startConsole('Back office', 'agent', [LINE]);

  const report = await callApi(frontDesk.core, 'customers.importCsv', { csv: CUSTOMERS_CSV, fileName: 'journeys.csv' });
  expect(report.rejected).toEqual([]);
  for (const desk of [frontDesk, backOffice]) {
    await expect.poll(async () => (await callApi(desk.core, 'customers.page', { query: '', limit: 50 })).total, { timeout: 15_000 }).toBe(Object.keys(people).length);
  }

  return {
    relay,
    openPhone,
    media,
    frontDesk,
    backOffice,
    async post(body, generation = 'legacy') {
      const answer = await sendOpenPhoneWebhook(relay.url, body, { secretBase64: keys[generation], generation });
      expect(answer.status, answer.text).toBeLessThan(300);
    },
    async stop() {
      for (const desk of [backOffice, frontDesk]) {
        await desk.harness.close();
        await desk.core.stop();
      }
      await relay.stop();
      await openPhone.close();
      await media.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens a console's Communications page on one of its tabs, once it is live. */
export async function openCommunications(page: Page, desk: JourneyConsole, tab: 'Calls' | 'Messages' | 'Campaigns'): Promise<void> {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(desk.harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Communications/ }).click();
  await expect(page.getByRole('heading', { name: 'Communications', level: 1 })).toBeVisible();
  if (tab !== 'Calls') await page.getByRole('tab', { name: tab }).click();
}

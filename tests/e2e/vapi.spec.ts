import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dispatchApiCall } from '../../src/main/api/dispatch';
import type { ConsoleCore } from '../../src/main/core/console-core';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness, type Harness } from '../../src/main/harness/server';
import { MemorySettingsStore } from '../../src/main/settings';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../src/shared/api/contract';
import { emptyWallet, subscribe } from '../../relay/test/providers/vapi/vapi-accounts';
import { playVapiCall } from '../../tools/emulators/vapi/call-script';
import { readmeScreenshot } from '../support/readme-screenshot';
import { startRelayProcess, type RelayProcess } from '../support/relay-process';

/**
 * A Vapi number (the AI voice agent) through the real relay process and the console core:
 * the relay answers each assistant-request from its own accounts, and the call's detail in
 * the console says in plain words why the AI agent took or refused the call.
 */

const VAPI_LINE = '+16175550170';
const DRY = { name: 'Katherine Johnson', phone: '+16175550171' };
const HOURS = { name: 'Mary Jackson', phone: '+16175550172' };
const SECRET = 'vapi-e2e-secret-0123456789';
const RENDERER_DIR = resolve(__dirname, '../../out/renderer');
const quietLogger = { info: () => undefined, warn: console.warn, error: console.error };

let relay: RelayProcess;
let core: ConsoleCore;
let harness: Harness;
let dir: string;
let token: string;

async function callApi<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
  const result = await dispatchApiCall(core.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error}`);
  return result.value as ApiOutputs[M];
}
const customerId = async (name: string) => (await callApi('customers.search', { query: name, limit: 1 }))[0]!.id;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  dir = mkdtempSync(join(tmpdir(), 'ringside-vapi-e2e-'));
  relay = await startRelayProcess({ env: { VAPI_SECRET: SECRET, VAPI_ASSISTANT_ID: 'asst-front-desk' } });
  token = await relay.addDevice('Front desk', 'admin');
  core = startConsoleCoreWorker({ dbPath: join(dir, 'console.db'), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: token, phoneRegion: 'US' }), logger: quietLogger });
  await core.start();
  harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });
  const csv = `name,company,email,phones\n${DRY.name},Langley Research,katherine@example.com,${DRY.phone}\n${HOURS.name},Langley Research,mary@example.com,${HOURS.phone}`;
  expect(await callApi('customers.importCsv', { csv, fileName: 'vapi.csv' })).toEqual({ accepted: 2, rejected: [] });
  await expect.poll(async () => (await callApi('customers.search', { query: 'Langley', limit: 5 })).length, { timeout: 15_000 }).toBe(2);
  const admin = { url: relay.url, token };
  await emptyWallet(admin, await customerId(DRY.name));
  await subscribe(admin, await customerId(HOURS.name), { planId: 'support-10h', name: 'Support 10 h', includedSeconds: 7800 });
});

test.afterAll(async () => {
  await harness?.close();
  await core?.stop();
  await relay?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openCall(page: Page, name: string): Promise<ReturnType<Page['getByTestId']>> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Communications/ }).click();
  const row = page.getByTestId('comms-calls').getByRole('row').filter({ hasText: name });
  await expect(row).toHaveCount(1, { timeout: 15_000 });
  await row.getByRole('button', { name: new RegExp(`Open the call with ${name}`) }).click();
  return page.getByTestId('call-detail');
}

test("the call's detail says why the AI agent refused a caller with an empty wallet and took one with time left", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live');

  const served = await playVapiCall({ serverUrl: `${relay.url}/webhooks/vapi`, auth: { mode: 'secret', secret: SECRET }, phoneNumber: VAPI_LINE, caller: HOURS.phone, talkSeconds: 95 });
  expect(served.outcome).toMatchObject({ kind: 'assistant', variables: { customerName: HOURS.name, remainingTime: '2 hours and 10 minutes' } });
  const servedDetail = await openCall(page, HOURS.name);
  await expect(servedDetail.getByTestId('call-detail-ai-agent')).toHaveText('The AI agent took the call: 2 h 10 min left');
  await servedDetail.getByRole('button', { name: 'Close' }).click();

  const refused = await playVapiCall({ serverUrl: `${relay.url}/webhooks/vapi`, auth: { mode: 'secret', secret: SECRET }, phoneNumber: VAPI_LINE, caller: DRY.phone });
  expect(refused.outcome.kind).toBe('rejected');
  const refusedDetail = await openCall(page, DRY.name);
  await expect(refusedDetail.getByTestId('call-detail-ai-agent')).toHaveText('The AI agent refused the call: no time or balance left');
  await readmeScreenshot(page, 'vapi-call-detail.png');
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { dispatchApiCall } from '../../src/main/api/dispatch';
import type { ConsoleCore } from '../../src/main/core/console-core';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness, type Harness } from '../../src/main/harness/server';
import { communicationsSampleCustomersCsv, communicationsSampleDeliveries } from '../../src/main/sample-data/communications-sample';
import { MemorySettingsStore } from '../../src/main/settings';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../src/shared/api/contract';
import { callCompletedEvent, callRingingEvent, newCallId, phoneNumberIdFor } from '../../tools/emulators/openphone/payloads';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../tools/emulators/openphone/rest-api';
import { sendOpenPhoneWebhook } from '../../tools/emulators/openphone/sender';
import { readmeScreenshot } from '../support/readme-screenshot';
import { startRelayProcess, type RelayProcess } from '../support/relay-process';

/**
 * The Communications page against a stack of its own (relay process with media capture
 * from a local media host, OpenPhone's REST API emulated for sending, the core in a worker,
 * the harness), so its customers, texts and calls never show up in the other specs' lists.
 * The sample morning (src/main/sample-data/communications-sample.ts) is played as signed
 * webhooks through the relay.
 */

const LINE = '+16175550150';
const API_KEY = `op_${randomBytes(12).toString('hex')}`;
const RENDERER_DIR = resolve(__dirname, '../../out/renderer');
const quietLogger = { info: () => undefined, warn: console.warn, error: console.error };

interface CommsStack {
  relay: RelayProcess;
  core: ConsoleCore;
  harness: Harness;
  openPhone: OpenPhoneRestEmulator;
  media: Server;
  dir: string;
  post(body: string): Promise<void>;
}

let stack: CommsStack;

async function callApi<M extends ApiMethod>(core: ConsoleCore, method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
  const result = await dispatchApiCall(core.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error}`);
  return result.value as ApiOutputs[M];
}

// Not serial: each test stands on the sample beforeAll plays, not on the test before it, so one
// failing does not skip the rest (Playwright gives those a new worker and a fresh stack).
test.beforeAll(async () => {
  test.setTimeout(90_000);
  const dir = mkdtempSync(join(tmpdir(), 'ringside-comms-e2e-'));
  const media = await serveSampleMedia();
  const mediaBase = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
  const secretBase64 = randomBytes(32).toString('base64');
  const openPhone = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: [{ number: LINE, name: 'Front desk' }] });
  const relay = await startRelayProcess({
    secretBase64,
    env: {
      OPENPHONE_PHONE_NUMBER_IDS: `${phoneNumberIdFor(LINE)}=${LINE}`,
      RELAY_MEDIA_ALLOWED_HOSTS: new URL(mediaBase).host,
      OPENPHONE_API_KEY: API_KEY,
      OPENPHONE_API_BASE_URL: openPhone.url,
    },
  });
  openPhone.deliverOutcomesTo({ relayUrl: relay.url, legacySecretBase64: secretBase64 });
  const deviceToken = await relay.addDevice('Front desk', 'admin');
  const core = startConsoleCoreWorker({
    dbPath: join(dir, 'console.db'),
    settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken, phoneRegion: 'US' }),
    logger: quietLogger,
  });
  await core.start();
  const harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });
  const post = async (body: string): Promise<void> => {
    const answer = await sendOpenPhoneWebhook(relay.url, body, { secretBase64, generation: 'legacy' });
    expect(answer.status, answer.text).toBeLessThan(300);
  };
  stack = { relay, core, harness, openPhone, media, dir, post };

  const monthStart = new Date();
  monthStart.setUTCDate(1);
  const report = await callApi(core, 'customers.importCsv', { csv: communicationsSampleCustomersCsv(monthStart.toISOString().slice(0, 10)), fileName: 'desk.csv' });
  expect(report.rejected).toEqual([]);
  await expect.poll(async () => (await callApi(core, 'customers.page', { query: '', limit: 50 })).total, { timeout: 15_000 }).toBe(12);
  for (const delivery of communicationsSampleDeliveries({ line: LINE, now: new Date(), mediaBaseUrl: `${mediaBase}/media`, seed: randomBytes(8).toString('hex') })) {
    await post(delivery.body);
  }
  await expect.poll(async () => (await callApi(core, 'messages.conversations', { limit: 50, status: 'all', filter: { campaigns: 'show' } })).total, { timeout: 20_000 }).toBeGreaterThanOrEqual(12);
  // A note from the team on Katherine's thread (for the README's picture of a thread).
  const threads = await callApi(core, 'messages.conversations', { limit: 50, status: 'all', filter: { campaigns: 'show' } });
  const katherine = threads.rows.find((row) => row.customers.some((customer) => customer.name === 'Katherine Johnson'));
  if (!katherine) throw new Error("Katherine's thread is missing");
  await callApi(core, 'messages.addNote', { conversationKey: katherine.conversationKey, text: 'Her router swap is covered by the Priority plan. Call back before 3 pm.' });
  await expect.poll(async () => (await callApi(core, 'messages.conversation', { conversationKey: katherine.conversationKey, limit: 50 }))?.notes.length, { timeout: 15_000 }).toBe(1);
});

test.afterAll(async () => {
  if (!stack) return;
  await stack.harness.close();
  await stack.core.stop();
  await stack.relay.stop();
  await stack.openPhone.close();
  await new Promise<void>((done) => stack.media.close(() => done()));
  rmSync(stack.dir, { recursive: true, force: true });
});

async function openCommunications(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(stack.harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Communications/ }).click();
  await expect(page.getByRole('heading', { name: 'Communications', level: 1 })).toBeVisible();
}

function callRow(page: Page, who: string) {
  return page.getByTestId('comms-calls').getByRole('row').filter({ hasText: who });
}

test('a ringing call reads "Ringing", never missed; an answered call opens with its recording, a searchable transcript with speakers, the summary and next steps', async ({ page }) => {
  await openCommunications(page);
  const ringing = { callId: newCallId(), from: '+12125550138', to: LINE, at: new Date() };
  await stack.post(callRingingEvent(ringing).body);
  await expect(callRow(page, 'Alan Turing').first().getByTestId('call-status')).toHaveText('Ringing');

  await expect(callRow(page, 'Grace Hopper').getByTestId('call-status')).toHaveText('Voicemail');
  const ada = callRow(page, 'Ada Lovelace');
  await expect(ada.getByTestId('call-status')).toHaveText('Completed');
  await expect(ada).toContainText('12:35');
  await expect(ada).toContainText('Ada disputed 2 h 40 min of overage');
  await expect(callRow(page, 'Radia Perlman')).toContainText('1:02:05');
  await expect(callRow(page, 'Unknown caller').getByTestId('call-status')).toHaveText('Missed');
  await readmeScreenshot(page, 'communications-calls.png');

  await ada.getByRole('button', { name: /Open the call with Ada Lovelace/ }).click();
  const detail = page.getByTestId('call-detail');
  await expect(detail.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(detail.getByTestId('call-summary')).toContainText('Credit the overage and send a corrected invoice today.');
  const transcript = detail.getByTestId('call-transcript');
  await expect(transcript.getByRole('listitem')).toHaveCount(7);
  // The recording was downloaded by the relay and plays from a blob: URL the page made.
  await expect(detail.getByLabel('Call recording')).toHaveAttribute('src', /^blob:/, { timeout: 20_000 });
  await readmeScreenshot(page, 'communications-call-detail.png');
  await expect(transcript.getByRole('listitem').nth(1)).toContainText('Ada Lovelace');
  await expect(transcript.getByRole('listitem').nth(1)).toContainText('0:03');
  await detail.getByRole('searchbox', { name: 'Search the transcript' }).fill('credit');
  await expect(transcript.getByRole('listitem')).toHaveCount(2);
  await expect(transcript.locator('mark').first()).toHaveText(/credit/i);

  await callRow(page, 'Grace Hopper').getByRole('button', { name: /Open the call/ }).click();
  await expect(page.getByTestId('call-voicemail').getByLabel('Voicemail')).toHaveAttribute('src', /^blob:/, { timeout: 20_000 });

  // Alan's call is answered and ends, so it is not left ringing for the tests after this one.
  await stack.post(callCompletedEvent({ ...ringing, createdAt: ringing.at, answeredAt: new Date(ringing.at.getTime() + 4_000), completedAt: new Date(Date.now() + 10_000) }).body);
  await expect(callRow(page, 'Alan Turing').first().getByTestId('call-status')).toHaveText('Completed');
});

test('campaign texts stay out of the inbox until asked for; a reply to the campaign shows, marked; a photo opens in a viewer; opening a thread clears its unread badge', async ({ page }) => {
  await openCommunications(page);
  await page.getByRole('tab', { name: 'Messages' }).click();
  const list = page.getByRole('region', { name: 'Conversations' });
  await expect(list.getByTestId('conversation').filter({ hasText: 'Katherine Johnson' })).toBeVisible();
  await expect(list.getByTestId('conversation').filter({ hasText: 'Ada Lovelace' })).toBeVisible();
  // Donald only received the campaign: hidden by default, shown when asked for.
  await expect(list.getByTestId('conversation').filter({ hasText: 'Donald Knuth' })).toHaveCount(0);
  await page.getByLabel('Campaigns', { exact: true }).selectOption({ label: 'Show campaign messages' });
  await expect(list.getByTestId('conversation').filter({ hasText: 'Donald Knuth' })).toBeVisible();
  await page.getByLabel('Campaigns', { exact: true }).selectOption({ label: 'Only replies to campaigns' });
  await expect(list.getByTestId('conversation')).toHaveCount(1);
  await expect(list.getByTestId('conversation')).toContainText('Ada Lovelace');
  await page.getByLabel('Campaigns', { exact: true }).selectOption({ label: 'Hide campaign messages' });

  const badge = page.getByTestId('unread-badge');
  const unreadBefore = Number(await badge.textContent());
  // The badge counts conversations with unread texts.
  expect(unreadBefore).toBeGreaterThanOrEqual(2);
  await list.getByTestId('conversation').filter({ hasText: 'Katherine Johnson' }).click();
  const thread = page.getByTestId('conversation-thread');
  await expect(thread.getByRole('heading', { name: 'Katherine Johnson' })).toBeVisible();
  const photo = thread.getByRole('button', { name: /Open photo 1 from Katherine Johnson/ });
  await expect(photo.getByRole('img')).toHaveAttribute('src', /^blob:/, { timeout: 20_000 });
  await expect(badge).toHaveText(String(unreadBefore - 1));
  await readmeScreenshot(page, 'communications-messages.png');
  await photo.click();
  const viewer = page.getByRole('dialog', { name: /Photo 1 from Katherine Johnson/ });
  await expect(viewer.getByRole('img')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);

  await list.getByTestId('conversation').filter({ hasText: 'Ada Lovelace' }).click();
  await expect(thread.getByTestId('thread-message').filter({ hasText: 'Tuesday morning works best' })).toContainText('Reply to a campaign');
});

test('a reply is sent through the relay and shows delivered; a refusal is said in plain words; notes, done and snooze stay with the team', async ({ page }) => {
  await openCommunications(page);
  await page.getByRole('tab', { name: 'Messages' }).click();
  const list = page.getByRole('region', { name: 'Conversations' });
  await list.getByTestId('conversation').filter({ hasText: 'Alan Turing' }).click();
  const thread = page.getByTestId('conversation-thread');
  await expect(thread.getByRole('heading', { name: 'Alan Turing' })).toBeVisible();

  await thread.getByRole('textbox', { name: 'Message to send' }).fill('Here is the February overage breakdown: 1 h 20 min over, $86.00.');
  await thread.getByRole('button', { name: 'Send' }).click();
  const sent = thread.getByTestId('thread-message').filter({ hasText: 'February overage breakdown' });
  await expect(sent)
    .toContainText('Delivered', { timeout: 20_000 })
    .catch((error: Error) => {
      throw new Error(`${error.message}\nthe emulator's delivery webhooks and the relay's answers: ${JSON.stringify(stack.openPhone.webhookAnswers)}`);
    });
  expect(stack.openPhone.messages.at(-1)?.to).toEqual(['+12125550138']);

  stack.openPhone.refuseSends('0206400');
  await thread.getByRole('textbox', { name: 'Message to send' }).fill('One more thing about your invoice.');
  await thread.getByRole('button', { name: 'Send' }).click();
  await expect(thread.getByTestId('reply-error')).toContainText('A2P 10DLC');
  await expect(thread.getByTestId('reply-error')).not.toContainText('0206400');
  stack.openPhone.refuseSends(null);

  await thread.getByRole('button', { name: 'Note' }).click();
  await thread.getByRole('textbox', { name: 'Note for the team' }).fill('Alan prefers texts to calls.');
  await thread.getByRole('button', { name: 'Add note' }).click();
  await expect(thread.getByTestId('thread-note').filter({ hasText: 'Alan prefers texts to calls.' })).toContainText('Only your team sees notes');
  expect(stack.openPhone.messages.some((message) => message.text.includes('prefers texts'))).toBe(false);

  await thread.getByRole('button', { name: 'Mark done' }).click();
  await expect(thread.getByTestId('thread-state')).toContainText('Done');
  await expect(list.getByTestId('conversation').filter({ hasText: 'Alan Turing' })).toHaveCount(0);
  await page.getByLabel('Show', { exact: true }).selectOption({ label: 'Done' });
  await expect(list.getByTestId('conversation').filter({ hasText: 'Alan Turing' })).toBeVisible();
  await thread.getByRole('button', { name: 'Reopen' }).click();
  await expect(thread.getByTestId('thread-state')).toContainText('Open');
  await thread.getByLabel('Snooze until').selectOption({ label: 'Tomorrow 9:00' });
  await expect(thread.getByTestId('thread-state')).toContainText('Snoozed until tomorrow');

  // A group text cannot be answered through OpenPhone's API: the page says so instead of offering to send.
  await page.getByLabel('Show', { exact: true }).selectOption({ label: 'All' });
  await list.getByTestId('conversation').filter({ hasText: 'Group:' }).click();
  await expect(thread.getByTestId('group-no-reply')).toContainText('not possible through OpenPhone');
  await expect(thread.getByRole('button', { name: 'Send' })).toHaveCount(0);
});

test('one search finds texts and call transcripts and opens what it found', async ({ page }) => {
  await openCommunications(page);
  const search = page.getByRole('searchbox', { name: 'Search messages and call transcripts' });
  await search.fill('router');
  const hit = page.getByRole('list', { name: 'Results for router' }).getByRole('button').first();
  await expect(hit).toContainText('Katherine Johnson');
  await hit.click();
  await expect(page.getByTestId('conversation-thread').getByRole('heading', { name: 'Katherine Johnson' })).toBeVisible();

  await search.fill('maintenance window, not our usage');
  const transcriptHit = page.getByRole('list', { name: /Results for/ }).getByRole('button').filter({ hasText: 'Call transcript' }).first();
  await expect(transcriptHit).toContainText('Ada Lovelace');
  await transcriptHit.click();
  await expect(page.getByTestId('call-detail').getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
});

test("a caller's card shows their last text and what their last call agreed", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(stack.harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live');
  const ringing = { callId: newCallId(), from: '+14155550142', to: LINE, at: new Date() };
  await stack.post(callRingingEvent(ringing).body);
  const card = page.locator('[data-testid="caller-card"][data-phase="ringing"]').filter({ hasText: 'Ada Lovelace' });
  await expect(card.getByTestId('card-last-message')).toContainText('You wrote');
  await expect(card.getByTestId('card-last-message')).toContainText('Booked: Tuesday 10:00 with Dana.');
  await expect(card.getByTestId('card-last-call-summary')).toContainText('Ada disputed 2 h 40 min of overage');
  await expect(card.getByTestId('card-last-call-summary')).toContainText('Credit the overage and send a corrected invoice today.');
  await readmeScreenshot(page, 'communications-caller-card.png');
  await stack.post(callCompletedEvent({ ...ringing, createdAt: ringing.at, answeredAt: null, completedAt: new Date() }).body);
  await expect(page.locator('[data-testid="caller-card"][data-phase="ringing"]')).toHaveCount(0);
});

test('photos the relay may not download raise alerts grouped per caller under the header on every page, three lines at most, and a thread says why it cannot be shown', async ({ page }) => {
  await openCommunications(page);
  // Photos on a host the relay is not allowed to fetch from (RELAY_MEDIA_ALLOWED_HOSTS): Hedy sends three, four others one each.
  const mms = (from: string, body: string, photos: number) => {
    const at = new Date();
    return JSON.stringify({
      id: `EV${randomBytes(16).toString('hex')}`,
      object: 'event',
      apiVersion: 'v3',
      createdAt: at.toISOString(),
      type: 'message.received',
      data: {
        object: {
          id: `AC${randomBytes(16).toString('hex')}`,
          object: 'message',
          from,
          to: LINE,
          direction: 'incoming',
          body,
          media: Array.from({ length: photos }, (_, i) => ({ url: `https://media.example.com/screen-${i}.png`, type: 'image/png' })),
          status: 'received',
          createdAt: at.toISOString(),
          userId: null,
          phoneNumberId: phoneNumberIdFor(LINE),
          conversationId: `CN${randomBytes(16).toString('hex')}`,
        },
      },
    });
  };
  const banner = page.getByRole('region', { name: 'Relay alerts' });
  // The banner lists the newest trouble first, so Hedy's three come last to be the top line;
  // the four others are raised before she writes, so the relay's times cannot tie or cross.
  for (const from of ['+13125550101', '+13125550102', '+13125550103', '+13125550104']) await stack.post(mms(from, 'A picture for you', 1));
  await expect(banner.getByTestId('relay-alerts-more')).toHaveText('and 1 more', { timeout: 20_000 });
  await stack.post(mms('+12065550166', 'Here is the error on our screen.', 3));
  await expect(banner.getByTestId('relay-alert').first()).toHaveText(/^⚠ 3 photos from \+1 206 555 0166 could not be saved/, { timeout: 20_000 });
  await expect(banner.getByTestId('relay-alerts-more')).toHaveText('and 2 more', { timeout: 20_000 });
  await expect(banner.getByTestId('relay-alert')).toHaveCount(3);
  await expect(banner).not.toContainText(/openphone:|message\.|relay\.alert|AC[0-9a-f]{8}/);
  // Announced once as a status, not as an alert read out again whenever a line changes.
  await expect(page.getByRole('alert').filter({ hasText: 'could not be saved' })).toHaveCount(0);
  await readmeScreenshot(page, 'communications-alerts.png');
  await banner.getByTestId('relay-alerts-more').click();
  await expect(banner.getByTestId('relay-alert')).toHaveCount(5);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Billing' }).click();
  await expect(banner).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Communications/ }).click();
  await page.getByRole('tab', { name: 'Messages' }).click();
  await page.getByRole('region', { name: 'Conversations' }).getByTestId('conversation').filter({ hasText: 'Hedy Lamarr' }).click();
  const bubble = page.getByTestId('conversation-thread').getByTestId('thread-message').filter({ hasText: 'Here is the error on our screen.' });
  await expect(bubble).toBeVisible();
  await expect(bubble).toContainText('could not save this file', { timeout: 20_000 });
  await expect(bubble.getByRole('img')).toHaveCount(0);

  // Acknowledged (for the whole team), the banner stays hidden; a newer alert shows alone.
  await banner.getByTestId('relay-alerts-acknowledge').click();
  await expect(banner).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('link-state')).toHaveText('Live');
  await expect(banner).toHaveCount(0);
  await stack.post(mms('+13125550105', 'One more picture', 1));
  await expect(banner.getByTestId('relay-alert')).toHaveText([/^⚠ A photo from \+1 312 555 0105 could not be saved/], { timeout: 20_000 });
});

test('a conversation is assigned from the team with Me first and found under Assigned to me; an admin sets the campaign rule on the Campaigns tab', async ({ page }) => {
  await openCommunications(page);
  await page.getByRole('tab', { name: 'Messages' }).click();
  const list = page.getByRole('region', { name: 'Conversations' });
  await list.getByTestId('conversation').filter({ hasText: 'Katherine Johnson' }).click();
  const assign = page.getByTestId('conversation-thread').getByTestId('thread-assign');
  await expect(assign.getByRole('option', { name: 'Me (Front desk)' })).toHaveCount(1);
  await assign.selectOption({ label: 'Me (Front desk)' });
  await expect(list.getByTestId('conversation').filter({ hasText: 'Katherine Johnson' })).toContainText('Assigned to me', { timeout: 15_000 });
  await page.getByTestId('filter-assigned-to-me').check();
  await expect(list.getByTestId('conversation')).toHaveCount(1);
  await expect(list.getByTestId('conversation')).toContainText('Katherine Johnson');
  await readmeScreenshot(page, 'communications-assigned.png');
  await page.getByTestId('filter-assigned-to-me').uncheck();

  await page.getByRole('tab', { name: 'Campaigns' }).click();
  const rule = page.getByTestId('campaign-rule-form');
  await expect(rule).toContainText('This is the default (10 people within 30 minutes).');
  await rule.getByLabel('Treat the same text sent to at least').fill('25');
  await rule.getByLabel('people within').fill('60');
  await rule.getByRole('button', { name: 'Save rule' }).click();
  await expect(page.getByTestId('campaign-rule-status-done')).toContainText('Saved.');
  await expect(rule).toContainText(/^.*Set /, { timeout: 15_000 });
  expect(await callApi(stack.core, 'messages.policy', {})).toMatchObject({ campaignMinRecipients: 25, campaignWindowMinutes: 60, isDefault: false });
  await readmeScreenshot(page, 'communications-campaign-rule.png');
});

/** A local media host for the sample: a photo of router lights and two short tones as recording and voicemail. */
async function serveSampleMedia(): Promise<Server> {
  const files: Record<string, { type: string; body: Buffer }> = {
    '/media/photo.png': { type: 'image/png', body: routerPhotoPng() },
    '/media/recording.wav': { type: 'audio/wav', body: toneWav(440, 3) },
    '/media/voicemail.wav': { type: 'audio/wav', body: toneWav(330, 2) },
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': file.body.length }).end(file.body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}

/** A mono 16-bit 8 kHz tone. */
function toneWav(hz: number, seconds: number): Buffer {
  const rate = 8000;
  const samples = rate * seconds;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i += 1) wav.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * 8000), 44 + i * 2);
  return wav;
}

/** A 320×200 picture of a router with its status lights, as a customer might text it. */
function routerPhotoPng(): Buffer {
  const width = 320;
  const height = 200;
  const lights = [
    { x: 90, color: [60, 220, 90] },
    { x: 140, color: [60, 220, 90] },
    { x: 190, color: [250, 170, 30] },
    { x: 240, color: [235, 60, 50] },
  ];
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) {
      // A desk (warm gradient), the router's dark body, and four glowing lights.
      let rgb = [200 - y / 4, 170 - y / 5, 130 - y / 6];
      if (x > 50 && x < 270 && y > 70 && y < 140) rgb = [38, 42, 50];
      for (const light of lights) {
        const d = Math.hypot(x - light.x, y - 105);
        if (d < 14) rgb = light.color.map((c, i) => Math.round(c * (1 - d / 40) + (rgb[i] ?? 0) * (d / 40)));
      }
      row[1 + x * 3] = rgb[0]!;
      row[2 + x * 3] = rgb[1]!;
      row[3 + x * 3] = rgb[2]!;
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createFlutterwaveEmulator, emulatorDefaults } from '../../tools/emulators/flutterwave/emulator';
import { callRecordingCompletedEvent, callTranscriptCompletedEvent, recordingPath } from '../../tools/emulators/openphone/artifact-payloads';
import { MediaHost } from '../../tools/emulators/openphone/media-host';
import { callCompletedEvent, newCallId } from '../../tools/emulators/openphone/payloads';
import { sendOpenPhoneWebhook } from '../../tools/emulators/openphone/sender';
import { startRelayProcess, type RelayProcess } from '../support/relay-process';
import { picturePath } from '../support/readme-screenshot';

/**
 * The client portal (issue 14 §1) in Chromium: a relay process of its own on loopback (with
 * the Flutterwave emulator and a media host behind it), a customer with a plan, call credit,
 * invoices and calls made the way consoles and OpenPhone make them, and the page as she
 * opens it from her link, on a desktop and on a phone, with no script and nothing fetched
 * from anywhere else. Pictures in docs/.
 */

const LINE = '+16175550260';
const ADA = { customerId: 'cust-portal-ada', name: 'Ada Oak', company: 'Oak & Ivy Dental', email: 'ada@oakivy.example', phones: ['+16175550261'] };
const PUBLIC_URL = 'http://127.0.0.1:9';
const fw = createFlutterwaveEmulator({ webhookRetries: 0 });
let host: MediaHost;
let relay: RelayProcess;
let admin: string;
let bookkeeper: string;
let dir: string;
let portalPath: string;

async function consoleEvent(token: string, type: string, data: Record<string, unknown>): Promise<void> {
  const answer = await fetch(`${relay.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ id: `${type}:${randomUUID()}`, type, occurredAt: new Date().toISOString(), data }) });
  if (answer.status !== 200) throw new Error(`POST /v1/events ${type} answered ${answer.status}: ${await answer.text()}`);
}

async function openPhone(body: string): Promise<void> {
  const answer = await sendOpenPhoneWebhook(relay.url, body, { secretBase64: relay.secretBase64 });
  if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}: ${answer.text}`);
}

async function linkFor(customerId: string): Promise<{ linkId: string; path: string }> {
  const answer = await fetch(`${relay.url}/v1/portal/links`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify({ requestId: `req-${randomUUID()}`, customerId, expiresInDays: null }) });
  const made = (await answer.json()) as { link: { linkId: string }; url: string };
  return { linkId: made.link.linkId, path: made.url.slice(PUBLIC_URL.length) };
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** A small logo, drawn by the browser itself (no image file in the repo). */
async function drawLogo(page: Page): Promise<Buffer> {
  await page.setViewportSize({ width: 96, height: 96 });
  await page.setContent(`<body style="margin:0"><svg width="96" height="96" xmlns="http://www.w3.org/2000/svg"><rect width="96" height="96" rx="20" fill="#1f5fbf"/><path d="M22 62 L48 26 L74 62 Z" fill="#fff"/><rect x="22" y="66" width="52" height="8" rx="3" fill="#9cc2ff"/></svg></body>`);
  return page.screenshot({ omitBackground: true });
}

test.beforeAll(async ({ browser }) => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-portal-e2e-'));
  const page = await browser.newPage();
  writeFileSync(join(dir, 'logo.png'), await drawLogo(page));
  await page.close();
  host = await MediaHost.start();
  await fw.listen();
  relay = await startRelayProcess({
    env: {
      RELAY_PUBLIC_URL: PUBLIC_URL,
      RELAY_BUSINESS_NAME: 'Harbor IT Support',
      PORTAL_LOGO_FILE: join(dir, 'logo.png'),
      PORTAL_SHOW_RECORDINGS: 'on',
      PORTAL_SHOW_TRANSCRIPTS: 'on',
      RELAY_BUSINESS_TIME_ZONE: 'America/New_York',
      RELAY_MEDIA_ALLOWED_HOSTS: host.hostPort,
      FLUTTERWAVE_SECRET_HASH: emulatorDefaults.secretHash,
      FLUTTERWAVE_SECRET_KEY: emulatorDefaults.secretKey,
      FLUTTERWAVE_API_BASE_URL: fw.apiBase,
    },
  });
  admin = await relay.addDevice('Back office', 'admin');
  bookkeeper = await relay.addDevice('Books', 'bookkeeper');
  await until('the devices', async () => (await fetch(`${relay.url}/v1/devices/me`, { headers: { authorization: `Bearer ${bookkeeper}` } })).status === 200);
  const now = new Date();
  const monthStart = (back: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 10);
  await consoleEvent(admin, 'plan.defined', { planId: 'growth', name: 'Growth', period: 'monthly', priceMinor: 19900, currency: 'USD', includedSeconds: 36_000, overageRatePerHourMinor: 9000, incrementSeconds: 60, minimumBillableSeconds: 60, graceSeconds: 0 });
  await consoleEvent(admin, 'customer.upserted', { ...ADA, quickbooksId: null });
  await consoleEvent(admin, 'subscription.started', { subscriptionId: `sub-${ADA.customerId}`, customerId: ADA.customerId, planId: 'growth', startDate: monthStart(2) });
  await consoleEvent(admin, 'wallet.credited', { entryId: `top-up-${randomUUID()}`, customerId: ADA.customerId, kind: 'top_up', amountMinor: 4250, currency: 'USD' });
  const minutes = [30, 95, 240, 410, 700, 980, 1230, 1390];
  const durations = [400, 1260, 185, 2710, 95, 620, 1505, 340];
  const calls = minutes.map((ago, i) => {
    const createdAt = new Date(now.getTime() - ago * 60_000);
    const answeredAt = new Date(createdAt.getTime() + 6_000);
    return { callId: newCallId(), from: ADA.phones[0]!, to: LINE, createdAt, answeredAt, completedAt: new Date(answeredAt.getTime() + durations[i]! * 1000) };
  });
  for (const call of calls) await openPhone(callCompletedEvent(call).body);
  const recorded = calls[0]!;
  host.addRecording(recordingPath(recorded.callId), 3);
  await openPhone(callRecordingCompletedEvent({ ...recorded, at: now, mediaBaseUrl: (path) => host.signedUrl(path), durationSeconds: 394 }).body);
  await openPhone(
    callTranscriptCompletedEvent({
      callId: recorded.callId,
      at: now,
      durationSeconds: 394,
      dialogue: [
        { identifier: ADA.phones[0]!, userId: null, content: 'Hi, the front-desk printer is offline again.', start: 0, end: 4 },
        { identifier: LINE, userId: 'US-sam', content: 'I see it. Restarting its print queue now.', start: 5, end: 9 },
        { identifier: ADA.phones[0]!, userId: null, content: 'It just printed. Thank you!', start: 10, end: 13 },
      ],
    }).body,
  );
  // Two months ago paid; last month synced to QuickBooks with its customer payment page; this month open.
  await consoleEvent(bookkeeper, 'payment.recorded', { paymentId: 'pay-portal-1', quickbooksId: null, customerId: ADA.customerId, amountMinor: 19900, currency: 'USD', receivedOn: monthStart(1), appliedTo: [{ invoiceKey: `sub:sub-${ADA.customerId}:${monthStart(2)}`, quickbooksInvoiceId: null, amountMinor: 19900 }] });
  await consoleEvent(bookkeeper, 'invoice.synced', { invoiceKey: `sub:sub-${ADA.customerId}:${monthStart(2)}`, quickbooksId: '170', docNumber: 'RS-1031', link: null, syncedAt: now.toISOString(), quickbooksTotalMinor: 19900 });
  await consoleEvent(bookkeeper, 'invoice.synced', { invoiceKey: `sub:sub-${ADA.customerId}:${monthStart(1)}`, quickbooksId: '171', docNumber: 'RS-1042', link: 'https://connect.intuit.com/portal/app/CommerceNetwork/view/scs-v1-example', syncedAt: now.toISOString(), quickbooksTotalMinor: 19900 });
  portalPath = (await linkFor(ADA.customerId)).path;
  // The recording is captured in the background: the page offers it once it is.
  await until('the recording captured', async () => (await (await fetch(`${relay.url}${portalPath}`)).text()).includes('Recording and transcript'));
});

test.afterAll(async () => {
  await relay?.stop();
  await host?.close();
  await fw.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every request the page makes, and every console message (a CSP refusal is one). */
function watch(page: Page): { requests: string[]; problems: string[] } {
  const seen = { requests: [] as string[], problems: [] as string[] };
  page.on('request', (request) => seen.requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') seen.problems.push(message.text());
  });
  page.on('pageerror', (error) => seen.problems.push(error.message));
  return seen;
}

test('her portal on a desktop: business name and logo, plan, hours, credit, invoices with PDF and Pay, calls; no script and nothing from elsewhere', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(`${relay.url}${portalPath}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ada Oak, Oak & Ivy Dental');
  await expect(page.locator('header.top')).toContainText('Harbor IT Support');
  await expect(page.locator('header.top img')).toBeVisible();
  expect(await page.evaluate('document.querySelector("header.top img").naturalWidth')).toBeGreaterThan(0);
  await expect(page.locator('.card').nth(0)).toContainText('Growth');
  await expect(page.locator('.card').nth(1)).toContainText('When they run out, calls are paid from your call credit, then billed at $90.00 an hour.');
  await expect(page.locator('.card').nth(2)).toContainText('$42.50');
  await expect(page.getByRole('link', { name: 'Pay' })).toHaveAttribute('href', 'https://connect.intuit.com/portal/app/CommerceNetwork/view/scs-v1-example');
  await expect(page.getByRole('row').filter({ hasText: 'RS-1031' })).toContainText('Paid');
  await expect(page.locator('tbody').nth(1).getByRole('row')).toHaveCount(8);
  await page.screenshot({ path: picturePath('portal-desktop.png'), fullPage: true });
  const origin = new URL(relay.url).origin;
  expect(seen.requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
  expect(seen.problems).toEqual([]);

  // The invoice's PDF opens from the page (a download in headless Chromium).
  const pdf = await page.request.get(`${relay.url}${await page.getByRole('link', { name: 'PDF' }).first().getAttribute('href')}`);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  await context.close();
});

test('her portal on a phone (390×844): one column, tables as stacked rows, nothing wider than the screen; a call shows its transcript and recording', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(`${relay.url}${portalPath}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  const cards = page.locator('.card');
  const [first, second] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
  expect(second!.y).toBeGreaterThan(first!.y + first!.height - 1);
  await expect(page.locator('table.stack thead').first()).toBeHidden();
  await page.screenshot({ path: picturePath('portal-phone.png'), fullPage: true });

  await page.getByRole('link', { name: 'Recording and transcript' }).click();
  await expect(page.getByRole('heading', { name: 'Transcript' })).toBeVisible();
  await expect(page.locator('.transcript')).toContainText('You: Hi, the front-desk printer is offline again.');
  await expect(page.locator('.transcript')).toContainText('Harbor IT Support: I see it. Restarting its print queue now.');
  await expect(page.locator('audio')).toHaveCount(1);
  expect(seen.problems).toEqual([]);
  await context.close();
});

test('topping up sends her on to Flutterwave for the amount she pressed, without a script', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${relay.url}${portalPath}`);
  await page.getByRole('button', { name: 'Add $50.00' }).click();
  await page.waitForURL((url) => url.href.startsWith(fw.apiBase.replace(/\/v3$/, '')));
  expect(fw.paymentLinks().at(-1)).toMatchObject({ amount: 50, currency: 'USD', email: ADA.email });
  await context.close();
});

test('a revoked link says so in plain words', async ({ browser }) => {
  const link = await linkFor(ADA.customerId);
  await fetch(`${relay.url}/v1/portal/links/revoke`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify({ linkId: link.linkId }) });
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
  const page = await context.newPage();
  const answer = await page.goto(`${relay.url}${link.path}`);
  expect(answer!.status()).toBe(410);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link was turned off');
  await expect(page.locator('body')).not.toContainText('Ada Oak');
  await page.screenshot({ path: picturePath('portal-revoked.png'), fullPage: true });
  await context.close();
});

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { LocalSmtp } from '../../relay/test/alerts/local-smtp';
import { dispatchApiCall } from '../../src/main/api/dispatch';
import type { ConsoleCore } from '../../src/main/core/console-core';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness, type Harness } from '../../src/main/harness/server';
import { MemorySettingsStore } from '../../src/main/settings';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../src/shared/api/contract';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../tools/emulators/openphone/rest-api';
import { startRelayProcess, type RelayProcess } from '../support/relay-process';
import { picturePath } from '../support/readme-screenshot';

/**
 * Portal links from the customer page (issue 14 §1) end to end in Chromium, on a stack of
 * its own: the relay as its own process behind a loopback "public address" (as a reverse
 * proxy fronts it in production: RELAY_PUBLIC_URL is the proxy), a mail server on loopback
 * (smtp-server) and OpenPhone's REST emulator behind it, one admin console through the
 * browser harness. The receptionist makes a link, copies it, emails it and texts it, the
 * customer opens it in the same browser, and the link once revoked answers the revoked page.
 */

const LINE = '+16175550270';
// Numbers no other spec uses.
const DANA = {
  name: 'Dana Whitfield',
  company: 'Whitfield Plumbing',
  phones: ['+16175550271', '+16175550272'],
  emails: ['dana@whitfieldplumbing.example', 'accounts@whitfieldplumbing.example'],
};
// The demo's business name, so the pictures read as the demo does.
const BUSINESS = 'Ringside Demo Desk';
const RENDERER_DIR = resolve(__dirname, '../../out/renderer');
const quietLogger = { info: () => undefined, warn: console.warn, error: console.error };

let smtp: LocalSmtp;
let openPhone: OpenPhoneRestEmulator;
let proxy: Server;
let relay: RelayProcess;
let core: ConsoleCore;
let harness: Harness;
let dir: string;
let danaId: string;
/** The link made before the tests, which she opened: still active. */
let openedLink: { linkId: string; url: string };

async function callApi<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
  const result = await dispatchApiCall(core.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error}`);
  return result.value as ApiOutputs[M];
}

/** The relay's public address: every request passed on to wherever the relay listens. */
async function startPublicAddress(target: () => string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const upstream = httpRequest(new URL(req.url ?? '/', target()), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test.describe.configure({ mode: 'serial' });
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  dir = mkdtempSync(join(tmpdir(), 'ringside-portal-links-e2e-'));
  smtp = await LocalSmtp.start();
  const apiKey = `op_${randomBytes(12).toString('hex')}`;
  openPhone = await startOpenPhoneRestEmulator({ apiKeys: [apiKey], lines: [{ number: LINE, name: 'Front desk' }] });
  const publicAddress = await startPublicAddress(() => relay.url);
  proxy = publicAddress.server;
  relay = await startRelayProcess({
    env: {
      RELAY_PUBLIC_URL: publicAddress.url,
      RELAY_BUSINESS_NAME: BUSINESS,
      RELAY_NOTICE_EMAIL_FROM: `${BUSINESS} <billing@demo-desk.example>`,
      RELAY_SMTP_HOST: '127.0.0.1',
      RELAY_SMTP_PORT: String(smtp.port),
      RELAY_SMTP_SECURITY: 'none',
      RELAY_SMTP_TIMEOUT_SECONDS: '2',
      OPENPHONE_API_KEY: apiKey,
      OPENPHONE_API_BASE_URL: openPhone.url,
    },
  });
  core = startConsoleCoreWorker({
    dbPath: join(dir, 'console.db'),
    settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: await relay.addDevice('Front desk', 'admin', [LINE]), phoneRegion: 'US' }),
    logger: quietLogger,
  });
  await core.start();
  harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });

  const subscriptionStart = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
  const report = await callApi('customers.importCsv', {
    csv: `name,company,email,phones,plan,plan_period,included_hours,plan_price,currency,subscription_start\n${DANA.name},${DANA.company},${DANA.emails[0]},${DANA.phones.join('; ')},Priority Support,monthly,5,249.00,USD,${subscriptionStart}`,
    fileName: 'dana.csv',
  });
  expect(report.rejected).toEqual([]);
  await expect.poll(async () => (await callApi('customers.search', { query: DANA.name, limit: 5 })).length, { timeout: 15_000 }).toBe(1);
  danaId = (await callApi('customers.search', { query: DANA.name, limit: 5 }))[0]!.id;
  // Her accounts address too, as her record holds it.
  await callApi('customers.save', { customerId: danaId, name: DANA.name, company: DANA.company, phones: DANA.phones, emails: DANA.emails });
  await expect.poll(async () => (await callApi('customers.detail', { customerId: danaId }))?.emails, { timeout: 15_000 }).toEqual(DANA.emails);

  // Earlier links: one she opened (emailed to her), one revoked.
  await expect.poll(async () => (await callApi('portal.links', { customerId: danaId })).unavailable, { timeout: 15_000 }).toBeNull();
  const opened = await callApi('portal.createLink', { requestId: randomUUID(), customerId: danaId, expiresInDays: 90 });
  await callApi('portal.sendLink', { requestId: randomUUID(), linkId: opened.link.linkId, url: opened.url, channel: 'email', to: DANA.emails[0]! });
  expect((await fetch(opened.url)).status).toBe(200);
  openedLink = { linkId: opened.link.linkId, url: opened.url };
  const revoked = await callApi('portal.createLink', { requestId: randomUUID(), customerId: danaId, expiresInDays: null });
  await callApi('portal.revokeLink', { linkId: revoked.link.linkId });
  await smtp.waitForMails(1, 15_000);
});

test.afterAll(async () => {
  await harness?.close();
  await core?.stop();
  await relay?.stop();
  proxy?.close();
  await openPhone?.close();
  await smtp?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openDana(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live');
  await page.getByRole('button', { name: 'Customers' }).click();
  await page.getByLabel('Name, company, email or phone').fill(DANA.name);
  await page.getByRole('button', { name: DANA.name }).click();
  await expect(page.getByTestId('customer-page')).toBeVisible();
}

test('a portal link is made from the customer page, copied, emailed and texted to her, opened by her, and once revoked answers the revoked page', async ({ page, context }) => {
  await openDana(page);
  const section = page.getByTestId('portal-links');
  const rows = section.getByTestId('portal-link-row');
  await expect(rows).toHaveCount(2);
  await expect(section.locator('[data-testid="portal-link-row"][data-state="revoked"] [data-testid="portal-link-state"]')).toContainText('Revoked');
  await expect(section.locator('[data-testid="portal-link-row"][data-state="active"] [data-testid="portal-link-opened"]')).not.toHaveText('Not opened yet');
  // Revoke is offered only on the link that still works.
  await expect(section.getByTestId('portal-revoke')).toHaveCount(1);

  await section.getByTestId('portal-create').click();
  const dialog = page.getByTestId('portal-dialog');
  await expect(dialog.getByRole('heading', { name: `Portal link for ${DANA.name}` })).toBeVisible();
  await expect(dialog.getByTestId('portal-expiry')).toHaveText(['Never', 'In 7 days', 'In 30 days', 'In 90 days']);
  await expect(dialog.getByTestId('portal-expiry').filter({ hasText: 'Never' })).toHaveAttribute('aria-pressed', 'true');
  await dialog.getByTestId('portal-expiry').filter({ hasText: 'In 30 days' }).click();
  await expect(dialog.getByText('It stops working 30 days from now; you can revoke it sooner.')).toBeVisible();
  await dialog.getByTestId('portal-create-confirm').click();

  const url = dialog.getByTestId('portal-url');
  await expect(url).toHaveValue(/\/portal\/[A-Za-z0-9_-]{20,}$/);
  const linkUrl = await url.inputValue();
  await expect(dialog.getByTestId('portal-made')).toContainText(`${DANA.name}'s portal link is ready. It works until`);
  await expect(dialog.getByTestId('portal-once')).toHaveText('Copy or send it now: once this window is closed the link can still be revoked, but not shown or sent again.');
  await expect(dialog.getByTestId('portal-send-email-to')).toHaveValue(DANA.emails[0]!);
  await dialog.getByTestId('portal-send-email-to').selectOption(DANA.emails[1]!);
  await dialog.getByTestId('portal-send-sms-to').selectOption(DANA.phones[1]!);

  await dialog.getByTestId('portal-copy').click();
  await expect(dialog.getByTestId('portal-note-success')).toHaveText('Link copied.');
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(linkUrl);

  const mailsBefore = smtp.mails.length;
  await dialog.getByTestId('portal-send-email').click();
  await expect(dialog.getByTestId('portal-note-success')).toContainText(DANA.emails[1]!);
  await expect(dialog.getByTestId('portal-send-email')).toHaveText('Emailed');
  await page.screenshot({ path: picturePath('customer-portal-dialog.png') });
  const mails = await smtp.waitForMails(mailsBefore + 1, 15_000);
  expect(mails[mailsBefore]!.to).toMatchObject({ text: DANA.emails[1] });
  expect(mails[mailsBefore]!.text).toContain(linkUrl);

  const textsBefore = openPhone.messages.length;
  await dialog.getByTestId('portal-send-sms').click();
  await expect(dialog.getByTestId('portal-note-success')).toContainText('+1 617 555 0272');
  await expect.poll(() => openPhone.messages.length, { timeout: 15_000 }).toBe(textsBefore + 1);
  expect(openPhone.messages[textsBefore]).toMatchObject({ to: [DANA.phones[1]], text: expect.stringContaining(linkUrl) });
  await dialog.getByTestId('portal-dialog-close').click();
  await expect(dialog).toBeHidden();

  await expect(rows).toHaveCount(3);
  const made = rows.first();
  await expect(made).toHaveAttribute('data-state', 'active');
  await expect(made.getByTestId('portal-link-opened')).toHaveText('Not opened yet');

  // She opens it, in the same browser: her own page on the relay.
  const portal = await context.newPage();
  await portal.goto(linkUrl);
  await expect(portal.locator('body')).toContainText(DANA.name);
  await expect(portal.locator('body')).toContainText(BUSINESS);
  await expect(portal.locator('body')).toContainText('Priority Support');

  // The sent notices show in her log: the email and the text, each with where it went.
  const notices = page.getByTestId('notices-sent');
  await expect(notices.locator(`[data-testid="notice-row"][data-kind="portal_link"]`).filter({ hasText: DANA.emails[1]! })).toHaveCount(1);
  await expect(notices.locator(`[data-testid="notice-row"][data-kind="portal_link"]`).filter({ hasText: '+1 617 555 0272' })).toHaveCount(1, { timeout: 15_000 });

  // Revoked (after the confirm), the list says so at once, and her page says it no longer works.
  page.once('dialog', (confirm) => void confirm.accept());
  await made.getByTestId('portal-revoke').click();
  await expect(rows.first()).toHaveAttribute('data-state', 'revoked');
  await expect(rows.first().getByTestId('portal-link-state')).toContainText('Revoked');

  // A text OpenPhone refuses (the workspace ran out of credits) shows as being tried again, with OpenPhone's words.
  openPhone.refuseSends('0200402');
  await callApi('portal.sendLink', { requestId: randomUUID(), linkId: openedLink.linkId, url: openedLink.url, channel: 'sms', to: DANA.phones[0]! });
  await expect
    .poll(async () => (await callApi('notices.ofCustomer', { customerId: danaId })).notices.find((notice) => notice.recipient === DANA.phones[0])?.error ?? null, { timeout: 15_000 })
    .toContain('Not enough prepaid credits');
  await page.reload();
  await page.getByRole('button', { name: 'Customers' }).click();
  await page.getByLabel('Name, company, email or phone').fill(DANA.name);
  await page.getByRole('button', { name: DANA.name }).click();
  await expect(page.getByTestId('portal-link-row').first()).toHaveAttribute('data-state', 'revoked');
  await portal.reload();
  await expect(portal.locator('body')).not.toContainText('Priority Support');
  await expect(portal.locator('body')).toContainText(/no longer works|turned off|revoked/i);
  await portal.close();

  // The two sections together: her links, and what was sent to her.
  await expect(page.getByTestId('notice-row')).toHaveCount(4);
  await expect(page.locator('[data-testid="notice-row"]').filter({ hasText: '+1 617 555 0271' }).getByTestId('notice-state')).toContainText('Not enough prepaid credits');
  await page.getByTestId('portal-links').evaluate((section) => section.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: picturePath('customer-portal-links.png') });
});

test('Revoke asks first: dismissed, the link keeps working', async ({ page }) => {
  await openDana(page);
  const active = page.locator('[data-testid="portal-link-row"][data-state="active"]');
  await expect(active).toHaveCount(1);
  page.once('dialog', (confirm) => {
    expect(confirm.message()).toContain(`${DANA.name} will see a page saying it no longer works.`);
    void confirm.dismiss();
  });
  await active.getByTestId('portal-revoke').click();
  await expect(active).toHaveCount(1);
  expect((await callApi('portal.links', { customerId: danaId })).links.filter((link) => link.state === 'active')).toHaveLength(1);
});

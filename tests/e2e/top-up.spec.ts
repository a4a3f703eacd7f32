import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { dispatchApiCall } from '../../src/main/api/dispatch';
import type { ConsoleCore } from '../../src/main/core/console-core';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness, type Harness } from '../../src/main/harness/server';
import { MemorySettingsStore } from '../../src/main/settings';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../src/shared/api/contract';
import { createFlutterwaveEmulator, emulatorDefaults } from '../../tools/emulators/flutterwave/emulator';
import { messageEvent } from '../../tools/emulators/openphone/message-payloads';
import { callRingingEvent, newCallId } from '../../tools/emulators/openphone/payloads';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../tools/emulators/openphone/rest-api';
import { sendOpenPhoneWebhook } from '../../tools/emulators/openphone/sender';
import { startRelayProcess, type RelayProcess } from '../support/relay-process';
import { picturePath } from '../support/readme-screenshot';

/**
 * Top up (issue 13 §5) end to end in Chromium: a stack of its own (the relay as its own
 * process with Flutterwave's emulator and OpenPhone's REST emulator behind it, one admin
 * console through the browser harness), so its customers and links show in no other spec.
 * The agent makes a $50 link from the customer page, texts it and emails it (through the
 * relay's mail server, a real one on loopback) to the customer, and the
 * page lists it waiting beside an earlier paid link and a declined one; the caller card
 * offers the same dialog.
 */

const LINE = '+16175550250';
// Numbers no other spec uses.
const DANA = { name: 'Dana Whitfield', company: 'Whitfield Plumbing', phone: '+16175550251', email: 'dana@whitfieldplumbing.example' };
const RENDERER_DIR = resolve(__dirname, '../../out/renderer');
const quietLogger = { info: () => undefined, warn: console.warn, error: console.error };

const flutterwave = createFlutterwaveEmulator({ webhookRetryDelayMs: 50 });
let openPhone: OpenPhoneRestEmulator;
let relay: RelayProcess;
let core: ConsoleCore;
let harness: Harness;
let dir: string;
/** The relay's mail server, as notices use it: what it was given. */
const mails: ParsedMail[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then((mail) => {
      mails.push(mail);
      callback();
    }, callback);
  },
});
let danaId: string;

async function callApi<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
  const result = await dispatchApiCall(core.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error}`);
  return result.value as ApiOutputs[M];
}

test.describe.configure({ mode: 'serial' });
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  dir = mkdtempSync(join(tmpdir(), 'ringside-top-up-e2e-'));
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  await flutterwave.listen();
  const apiKey = `op_${randomBytes(12).toString('hex')}`;
  openPhone = await startOpenPhoneRestEmulator({ apiKeys: [apiKey], lines: [{ number: LINE, name: 'Front desk' }] });
  relay = await startRelayProcess({
    env: {
      FLUTTERWAVE_SECRET_KEY: emulatorDefaults.secretKey,
      FLUTTERWAVE_SECRET_HASH: emulatorDefaults.secretHash,
      FLUTTERWAVE_API_BASE_URL: flutterwave.apiBase,
      FLUTTERWAVE_REDIRECT_URL: 'https://desk.example/payments/thank-you',
      OPENPHONE_API_KEY: apiKey,
      OPENPHONE_API_BASE_URL: openPhone.url,
      RELAY_SMTP_HOST: '127.0.0.1',
      RELAY_SMTP_PORT: String((smtp.server.address() as AddressInfo).port),
      RELAY_SMTP_SECURITY: 'none',
      RELAY_NOTICE_EMAIL_FROM: 'Front Desk <desk@frontdesk.example>',
    },
  });
  flutterwave.setWebhookUrl(`${relay.url}/webhooks/flutterwave`);
  core = startConsoleCoreWorker({
    dbPath: join(dir, 'console.db'),
    settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: await relay.addDevice('Front desk', 'admin'), phoneRegion: 'US' }),
    logger: quietLogger,
  });
  await core.start();
  harness = await startHarness({ core, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });

  const report = await callApi('customers.importCsv', { csv: `name,company,email,phones\n${DANA.name},${DANA.company},${DANA.email},${DANA.phone}`, fileName: 'dana.csv' });
  expect(report.rejected).toEqual([]);
  await expect.poll(async () => (await callApi('customers.search', { query: DANA.name, limit: 5 })).length, { timeout: 15_000 }).toBe(1);
  danaId = (await callApi('customers.search', { query: DANA.name, limit: 5 }))[0]!.id;
  // Earlier links: a $100 one she paid, and a $25 one her bank declined.
  const paid = await callApi('payments.createLink', { requestId: randomUUID(), customerId: danaId, purpose: 'top_up', amountMinor: 10_000, currency: 'USD' });
  const declined = await callApi('payments.createLink', { requestId: randomUUID(), customerId: danaId, purpose: 'top_up', amountMinor: 2_500, currency: 'USD' });
  if (paid.outcome !== 'created' || declined.outcome !== 'created') throw new Error(`the relay made no link: ${JSON.stringify([paid, declined])}`);
  await flutterwave.pay(paid.link.url);
  await flutterwave.pay(declined.link.url, { outcome: 'failed' });
  // She texted the line an hour ago asking for a link: the text goes back on it.
  const asked = messageEvent({ type: 'message.received', line: LINE, participants: [DANA.phone], body: 'Hi, can you send me a link to add credit to my account?', at: new Date(Date.now() - 3_600_000) });
  expect((await sendOpenPhoneWebhook(relay.url, asked.body, { secretBase64: relay.secretBase64 })).status).toBeLessThan(300);
  await expect
    .poll(async () => (await callApi('payments.ofCustomer', { customerId: danaId })).links.map((link) => link.state).sort(), { timeout: 15_000 })
    .toEqual(['failed', 'paid']);
});

test.afterAll(async () => {
  await harness?.close();
  await core?.stop();
  await relay?.stop();
  await openPhone?.close();
  await flutterwave.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
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

test("a $50 top-up link is made from the customer page, texted to her on the line she texted, and listed as waiting beside her paid and declined links; the wallet holds what she paid", async ({ page }) => {
  await openDana(page);
  const links = page.getByTestId('payment-link-row');
  await expect(links).toHaveCount(2);
  await expect(page.getByTestId('customer-wallet')).toContainText('$100.00');

  await page.getByTestId('top-up').click();
  const dialog = page.getByTestId('top-up-dialog');
  await expect(dialog.getByRole('heading', { name: `Top up ${DANA.name}'s wallet` })).toBeVisible();
  await expect(dialog.getByTestId('top-up-balance')).toHaveText('Wallet now: $100.00');
  await expect(dialog.getByTestId('top-up-preset')).toHaveText(['$25.00', '$50.00', '$100.00']);

  // Plain words for what cannot be sent.
  await dialog.getByTestId('top-up-amount').fill('fifty');
  await dialog.getByTestId('top-up-create').click();
  await expect(dialog.getByTestId('top-up-amount-error')).toHaveText('The amount must be an amount like 12.50.');
  await dialog.getByTestId('top-up-amount').fill('25000');
  await expect(dialog.getByTestId('top-up-amount-error')).toHaveText('A top-up can be at most $10,000.00.');
  await dialog.getByTestId('top-up-preset').filter({ hasText: '$50.00' }).click();
  await expect(dialog.getByTestId('top-up-amount-error')).toHaveCount(0);
  await expect(dialog.getByTestId('top-up-preset').filter({ hasText: '$50.00' })).toHaveAttribute('aria-pressed', 'true');

  await dialog.getByTestId('top-up-create').click();
  const url = dialog.getByTestId('top-up-url');
  await expect(url).toHaveValue(/\/v3\/hosted\/pay\//);
  const linkUrl = await url.inputValue();
  await expect(dialog.getByTestId('top-up-text-preview')).toHaveText(`The text: Hi Dana, here is your link to add $50.00 of call credit: ${linkUrl}`);
  await expect(dialog.getByTestId('top-up-text-to')).toHaveText('Text goes to +1 617 555 0251 from Front desk (+1 617 555 0250).');
  await page.screenshot({ path: picturePath('top-up-dialog.png') });

  await dialog.getByTestId('top-up-copy').click();
  await expect(dialog.getByTestId('top-up-note-success')).toHaveText('Link copied.');
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(linkUrl);
  await dialog.getByTestId('top-up-email').click();
  await expect(dialog.getByTestId('top-up-note-success')).toHaveText(`Email copied (subject and text): paste it into a new email to ${DANA.email}. Ringside does not open your mail program.`);
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toContain('Subject: Your link to add $50.00 of call credit');

  const textsBefore = openPhone.messages.length;
  await dialog.getByTestId('top-up-send-text').click();
  await expect(dialog.getByTestId('top-up-note-success')).toHaveText('Texted to +1 617 555 0251 from +1 617 555 0250.');
  await expect(dialog.getByTestId('top-up-send-text')).toHaveText('Texted');
  expect(openPhone.messages.slice(textsBefore)).toEqual([expect.objectContaining({ from: LINE, to: [DANA.phone], text: `Hi Dana, here is your link to add $50.00 of call credit: ${linkUrl}` })]);
  // And by email, to her address on file: the relay mails it.
  await expect(dialog.getByTestId('top-up-email-goes-to')).toHaveText(`Email goes to ${DANA.email}.`);
  await dialog.getByTestId('top-up-send-email').click();
  await expect(dialog.getByTestId('top-up-note-success')).toHaveText(`Emailed to ${DANA.email}.`);
  await expect(dialog.getByTestId('top-up-send-email')).toHaveText('Emailed');
  await expect.poll(() => mails.length, { timeout: 10_000 }).toBe(1);
  expect(mails[0]).toMatchObject({ subject: 'Your link to add $50.00 of call credit' });
  expect(mails[0]!.text).toContain(linkUrl);
  expect(flutterwave.paymentLinks().filter((link) => link.amount === 50)).toHaveLength(1);
  await dialog.getByTestId('top-up-close').click();

  await expect(links).toHaveCount(3);
  await expect(links.first()).toHaveAttribute('data-state', 'waiting');
  await expect(links.first().getByTestId('payment-link-state')).toHaveText('Waiting for payment');
  await expect(page.locator('[data-testid="payment-link-row"][data-state="paid"]')).toContainText('Paid $100.00');
  await expect(page.locator('[data-testid="payment-link-row"][data-state="failed"]').getByTestId('payment-link-state')).toContainText('Failed');
  // The same money format as the rest of the screen, and Flutterwave's own reason said once.
  await expect(page.locator('[data-testid="payment-link-row"][data-state="failed"]').getByTestId('payment-link-state')).toContainText('The payment of $25.00 did not go through. Flutterwave says: Insufficient funds. Nothing was charged.');
  await page.getByTestId('payment-links').scrollIntoViewIfNeeded();
  await page.screenshot({ path: picturePath('customer-payment-links.png') });

  // She pays the new link: it shows paid and the wallet holds $150.00, without anyone pressing anything.
  await flutterwave.pay(linkUrl);
  await expect(links.first()).toHaveAttribute('data-state', 'paid', { timeout: 15_000 });
  await expect(page.getByTestId('customer-wallet')).toContainText('$150.00', { timeout: 15_000 });
});

test('the caller card offers Top up for a known caller, with her wallet in the dialog', async ({ page }) => {
  await page.goto(harness.url);
  await expect(page.getByTestId('link-state')).toHaveText('Live');
  const ring = callRingingEvent({ callId: newCallId(), from: DANA.phone, to: LINE, at: new Date() });
  expect((await sendOpenPhoneWebhook(relay.url, ring.body, { secretBase64: relay.secretBase64 })).status).toBeLessThan(300);
  const card = page.getByTestId('caller-card').filter({ hasText: DANA.name }).first();
  await expect(card).toBeVisible({ timeout: 15_000 });
  await expect(card.getByTestId('card-wallet')).toContainText('$150.00');
  await card.getByTestId('top-up').click();
  const dialog = card.getByTestId('top-up-dialog');
  await expect(dialog.getByRole('heading', { name: `Top up ${DANA.name}'s wallet` })).toBeVisible();
  await page.screenshot({ path: picturePath('caller-card-top-up.png') });
  await expect(dialog.getByTestId('top-up-balance')).toHaveText(/^Wallet now: \$1\d\d\.00$/);
  await dialog.getByTestId('top-up-close').click();
  await expect(dialog).toBeHidden();
});

test('where the relay has no Flutterwave, the dialog says so in its words and Create link stays off', async ({ page }) => {
  test.setTimeout(90_000);
  const bare = await startRelayProcess();
  const bareDir = mkdtempSync(join(tmpdir(), 'ringside-top-up-off-e2e-'));
  const bareCore = startConsoleCoreWorker({
    dbPath: join(bareDir, 'console.db'),
    settings: new MemorySettingsStore({ relayUrl: bare.url, deviceToken: await bare.addDevice('Front desk', 'admin'), phoneRegion: 'US' }),
    logger: quietLogger,
  });
  await bareCore.start();
  const bareHarness = await startHarness({ core: bareCore, rendererDir: RENDERER_DIR, host: '127.0.0.1', port: 0 });
  try {
    const imported = await dispatchApiCall(bareCore.handlers, 'customers.importCsv', { csv: `name,company,email,phones\n${DANA.name},${DANA.company},${DANA.email},${DANA.phone}`, fileName: 'dana.csv' });
    expect(imported.ok).toBe(true);
    await page.goto(bareHarness.url);
    await expect(page.getByTestId('link-state')).toHaveText('Live');
    await page.getByRole('button', { name: 'Customers' }).click();
    await page.getByLabel('Name, company, email or phone').fill(DANA.name);
    await page.getByRole('button', { name: DANA.name }).click();
    await expect(page.getByTestId('payment-links')).toContainText('No payment links yet.');

    await page.getByTestId('top-up').click();
    const dialog = page.getByTestId('top-up-dialog');
    await expect(dialog.getByTestId('top-up-balance')).toHaveText('No wallet yet: the payment opens one.');
    await dialog.getByTestId('top-up-create').click();
    await expect(dialog.getByTestId('top-up-unavailable')).toContainText('Flutterwave is not set up on the relay yet, so a payment link cannot be made.');
    await expect(dialog.getByTestId('top-up-create')).toBeDisabled();
    await dialog.getByTestId('top-up-close').click();
    // Opened again, it starts off, with the reason.
    await page.getByTestId('top-up').click();
    await expect(dialog.getByTestId('top-up-unavailable')).toContainText('Flutterwave is not set up on the relay yet');
    await expect(dialog.getByTestId('top-up-create')).toBeDisabled();
  } finally {
    await bareHarness.close();
    await bareCore.stop();
    await bare.stop();
    rmSync(bareDir, { recursive: true, force: true });
  }
});

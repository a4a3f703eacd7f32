import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { createFlutterwaveEmulator, emulatorDefaults } from '../../../tools/emulators/flutterwave/emulator';
import { callRingingEvent, newCallId } from '../../../tools/emulators/openphone/payloads';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../../tools/emulators/openphone/rest-api';
import { sendOpenPhoneWebhook } from '../../../tools/emulators/openphone/sender';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../shared/api/contract';
import { dispatchApiCall } from '../api/dispatch';
import { createConsoleCore, type ConsoleCore } from '../core/console-core';
import { MemorySettingsStore } from '../settings';

const LINE = '+16175550240';
const DANA = { name: 'Dana Whitfield', phone: '+16175550241', email: 'dana@whitfield.example' };
const API_KEY = 'top-up-test-openphone-key';

async function call<M extends ApiMethod>(core: ConsoleCore, method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
  const result = await dispatchApiCall(core.handlers, method, input);
  if (!result.ok) throw new Error(result.error);
  return result.value as ApiOutputs[M];
}

/** Polls until `read` satisfies `ok` (the stream brings the relay's events within moments). */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Top up from the console, against the real relay and the Flutterwave emulator', () => {
  const flutterwave = createFlutterwaveEmulator({ webhookRetryDelayMs: 50 });
  let openPhone: OpenPhoneRestEmulator;
  let relay: RelayProcess;
  let dir: string;
  /** The agent at the desk makes and texts links; the office (admin) console sees them too. */
  let desk: ConsoleCore;
  let office: ConsoleCore;
  let danaId: string;
  /** The relay's mail server (as notices use it): a real one on loopback, keeping what it is given. */
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

  beforeAll(async () => {
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    await flutterwave.listen();
    openPhone = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: [{ number: LINE, name: 'Front desk' }] });
    relay = await startRelayProcess({
      env: {
        FLUTTERWAVE_SECRET_KEY: emulatorDefaults.secretKey,
        FLUTTERWAVE_SECRET_HASH: emulatorDefaults.secretHash,
        FLUTTERWAVE_API_BASE_URL: flutterwave.apiBase,
        FLUTTERWAVE_REDIRECT_URL: 'https://desk.example/payments/thank-you',
        OPENPHONE_API_KEY: API_KEY,
        OPENPHONE_API_BASE_URL: openPhone.url,
        RELAY_SMTP_HOST: '127.0.0.1',
        RELAY_SMTP_PORT: String((smtp.server.address() as AddressInfo).port),
        RELAY_SMTP_SECURITY: 'none',
        RELAY_NOTICE_EMAIL_FROM: 'Whitfield Front Desk <desk@frontdesk.example>',
      },
    });
    flutterwave.setWebhookUrl(`${relay.url}/webhooks/flutterwave`);
    dir = mkdtempSync(join(tmpdir(), 'ringside-top-up-'));
    desk = createConsoleCore({ dbPath: join(dir, 'desk.db'), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: await relay.addDevice('Front desk', 'agent', [LINE]) }), backoff: { baseMs: 50, capMs: 300 } });
    await desk.start();
    // The office adds Dana; the desk's console learns her from the log.
    office = createConsoleCore({ dbPath: join(dir, 'office.db'), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: await relay.addDevice('Office', 'admin') }), backoff: { baseMs: 50, capMs: 300 } });
    await office.start();
    await call(office, 'customers.importCsv', { csv: `name,company,email,phones\n${DANA.name},,${DANA.email},${DANA.phone}`, fileName: 'dana.csv' });
    const found = await eventually(() => call(desk, 'customers.search', { query: 'Dana', limit: 5 }), (rows) => rows.length === 1);
    danaId = found[0]!.id;
    // She called the line earlier today: the text goes back on it.
    const ring = callRingingEvent({ callId: newCallId(), from: DANA.phone, to: LINE, at: new Date(Date.now() - 3_600_000) });
    expect((await sendOpenPhoneWebhook(relay.url, ring.body, { secretBase64: relay.secretBase64 })).status).toBeLessThan(300);
  }, 60_000);

  afterAll(async () => {
    await desk?.stop();
    await office?.stop();
    await relay?.stop();
    await openPhone?.close();
    await flutterwave.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("makes one link per press however often it is retried, and the link shows on the customer's list as waiting", async () => {
    const context = await call(desk, 'payments.topUpContext', { customerId: danaId });
    expect(context).toMatchObject({ customerName: DANA.name, currency: 'USD', email: DANA.email, unavailable: null });
    const press = { requestId: randomUUID(), customerId: danaId, purpose: 'top_up' as const, amountMinor: 5000, currency: 'USD' };
    const first = await call(desk, 'payments.createLink', press);
    const again = await call(desk, 'payments.createLink', press);
    if (first.outcome !== 'created' || again.outcome !== 'created') throw new Error('no link made');
    expect(again.link).toEqual({ ...first.link, duplicate: true });
    expect(first.link.duplicate).toBe(false);
    expect(flutterwave.paymentLinks().filter((link) => link.txRef === first.link.linkId)).toHaveLength(1);
    expect(first.link.textMessage).toBe(`Hi Dana, here is your link to add $50.00 of call credit: ${first.link.url}`);

    // The desk that made it lists it, as every console does (the relay tags payment facts with every line of the team).
    const listed = await eventually(() => call(desk, 'payments.ofCustomer', { customerId: danaId }), (payments) => payments.links.length === 1);
    expect(listed.links).toEqual([expect.objectContaining({ linkId: first.link.linkId, url: first.link.url, amountMinor: 5000, currency: 'USD', state: 'waiting', createdBy: 'Front desk' })]);
  });

  it('texts the link from the line she called, once per press', async () => {
    const made = await call(desk, 'payments.createLink', { requestId: randomUUID(), customerId: danaId, purpose: 'top_up', amountMinor: 2500, currency: 'USD' });
    if (made.outcome !== 'created') throw new Error('no link made');
    const context = await call(desk, 'payments.topUpContext', { customerId: danaId });
    expect(context.text).toEqual({ to: DANA.phone, from: LINE, fromName: 'Front desk' });
    const press = { requestId: randomUUID(), customerId: danaId, linkId: made.link.linkId };
    const before = openPhone.messages.length;
    const sent = await call(desk, 'payments.sendByText', press);
    expect(await call(desk, 'payments.sendByText', press)).toEqual(sent);
    expect(sent).toMatchObject({ to: DANA.phone, from: LINE });
    expect(openPhone.messages.slice(before)).toEqual([expect.objectContaining({ text: made.link.textMessage, to: [DANA.phone], from: LINE })]);
  });

  it("emails the link to her address on file through the relay's mail server, with the dialog's words; an address not on file is refused", async () => {
    const made = await call(desk, 'payments.createLink', { requestId: randomUUID(), customerId: danaId, purpose: 'top_up', amountMinor: 2500, currency: 'USD' });
    if (made.outcome !== 'created') throw new Error('no link made');
    const context = await call(desk, 'payments.topUpContext', { customerId: danaId });
    expect(context.emails).toEqual([DANA.email]);
    const press = { requestId: randomUUID(), customerId: danaId, linkId: made.link.linkId, to: DANA.email };
    const sent = await call(desk, 'payments.sendByEmail', press);
    expect(sent.to).toBe(DANA.email);
    const mail = await eventually(async () => mails.find((m) => m.messageId === sent.messageId), (found) => found !== undefined);
    expect(mail).toMatchObject({ subject: made.link.emailSubject, text: `${made.link.emailBody}\n` });
    expect(mail!.from?.text).toBe('"Whitfield Front Desk" <desk@frontdesk.example>');
    expect(made.link.emailBody).toContain(made.link.url);
    const refused = await dispatchApiCall(desk.handlers, 'payments.sendByEmail', { ...press, requestId: randomUUID(), to: 'someone@else.example' });
    expect(refused).toEqual({ ok: false, error: "someone@else.example is not one of Dana Whitfield's email addresses on file." });
  });

  it('shows a paid link once Flutterwave confirms it, and a declined card as failed with the reason', async () => {
    const made = await call(desk, 'payments.createLink', { requestId: randomUUID(), customerId: danaId, purpose: 'top_up', amountMinor: 10_000, currency: 'USD' });
    if (made.outcome !== 'created') throw new Error('no link made');
    await flutterwave.pay(made.link.url, { outcome: 'failed' });
    const failed = await eventually(() => call(office, 'payments.ofCustomer', { customerId: danaId }), (payments) => payments.links.find((link) => link.linkId === made.link.linkId)?.state === 'failed');
    expect(failed.links.find((link) => link.linkId === made.link.linkId)).toMatchObject({ state: 'failed', failure: 'The payment of $100.00 did not go through. Flutterwave says: Insufficient funds. Nothing was charged.' });
    await flutterwave.pay(made.link.url);
    const paid = await eventually(() => call(office, 'payments.ofCustomer', { customerId: danaId }), (payments) => payments.links.find((link) => link.linkId === made.link.linkId)?.state === 'paid');
    expect(paid.links.find((link) => link.linkId === made.link.linkId)).toMatchObject({ state: 'paid', paidMinor: 10_000, failure: null });
    // The billing fold credits it: the wallet holds the $100.00 on both consoles.
    for (const core of [office, desk]) {
      const wallets = await eventually(() => call(core, 'billing.wallets', {}), (rows) => rows.some((row) => row.customerId === danaId && row.balanceMinor === 10_000));
      expect(wallets.find((row) => row.customerId === danaId)).toMatchObject({ balanceMinor: 10_000, currency: 'USD' });
    }
  });

  it('a wallet in a currency without cents (UGX) opens the dialog disabled with the relay\'s words: a link would ask for 100 times the amount', async () => {
    await call(office, 'customers.importCsv', { csv: 'name,company,email,phones\nKato Mugisha,,kato@mugisha.example,+256772000111', fileName: 'kato.csv' });
    const [kato] = await eventually(() => call(office, 'customers.search', { query: 'Kato', limit: 5 }), (rows) => rows.length === 1);
    await call(office, 'billing.creditWallet', { customerId: kato!.id, kind: 'top_up', amountMinor: 50_000, currency: 'UGX', expiresOn: null, note: '' });
    const context = await eventually(() => call(office, 'payments.topUpContext', { customerId: kato!.id }), (c) => c.currency === 'UGX');
    expect(context).toMatchObject({ currency: 'UGX', unavailable: 'Payments in UGX are not supported yet: Ringside bills in currencies with cents.' });
  });
});

describe('Top up where the relay has no Flutterwave', () => {
  it('answers the relay\'s words, and the dialog opens disabled with them afterwards', async () => {
    const relay = await startRelayProcess();
    const dir = mkdtempSync(join(tmpdir(), 'ringside-top-up-off-'));
    const desk = createConsoleCore({ dbPath: join(dir, 'desk.db'), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: await relay.addDevice('Office', 'admin') }) });
    try {
      await desk.start();
      await call(desk, 'customers.importCsv', { csv: `name,company,email,phones\n${DANA.name},,${DANA.email},${DANA.phone}`, fileName: 'dana.csv' });
      const [dana] = await eventually(() => call(desk, 'customers.search', { query: 'Dana', limit: 5 }), (rows) => rows.length === 1);
      expect((await call(desk, 'payments.topUpContext', { customerId: dana!.id })).unavailable).toBeNull();
      const answer = await call(desk, 'payments.createLink', { requestId: randomUUID(), customerId: dana!.id, purpose: 'top_up', amountMinor: 5000, currency: 'USD' });
      expect(answer).toEqual({ outcome: 'unavailable', reason: expect.stringContaining('Flutterwave is not set up on the relay') });
      expect((await call(desk, 'payments.topUpContext', { customerId: dana!.id })).unavailable).toBe(answer.outcome === 'unavailable' ? answer.reason : null);
    } finally {
      await desk.stop();
      await relay.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

import type { ParsedMail } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { addMonths, msToDate } from '../../../src/shared/billing/engine/calendar';
import { addDays } from '../../../src/shared/billing/engine/day-words';
import { customerUpserted, paymentRecorded, planWith, subscriptionCancelled, subscriptionWith, walletCredited } from '../../../tests/support/event-builders';
import { DEFAULT_NOTICE_SETTINGS } from '../../src/notices/notice-setup-store';
import { MAY_HAVE_BEEN_SENT } from '../../src/notices/notice-outbox';
import { invoiceNumber } from '../../src/invoices/invoice-document';
import { startNoticesRelay, type NoticesRelay } from './notices-relay';
import { startOpenPhoneRestEmulator } from '../../../tools/emulators/openphone/rest-api';

const DAY_MS = 86_400_000;
const REMINDERS = { ...DEFAULT_NOTICE_SETTINGS.paymentReminder, enabled: true, firstAfterDueDays: 3, everyDays: 7, maxCount: 3, dueAfterIssueDays: 0 };

let running: NoticesRelay | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

async function start(env: Record<string, string> = {}): Promise<NoticesRelay> {
  running = await startNoticesRelay(env);
  return running;
}

/** A customer on the Growth plan since `daysAgo` days: its first period's invoice is issued then, due that day. */
async function subscriber(relay: NoticesRelay, id: string, email: string | null, daysAgo: number): Promise<string> {
  const start = addDays(msToDate(relay.now()), -daysAgo);
  await relay.append(customerUpserted(id, `Customer ${id}`, [], { email }), subscriptionWith(`sub-${id}`, id, 'growth', start));
  return `sub:sub-${id}:${start}`;
}

const plan = planWith('growth', { name: 'Growth', includedSeconds: 36_000, priceMinor: 19_900 });

/** A header as the relay wrote it (mailparser reads List-* headers into its own shape). */
function headerOf(mail: ParsedMail, name: string): string | undefined {
  return mail.headerLines.find((line) => line.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, '');
}

function outboxRows(relay: NoticesRelay): { notice_key: string; state: string; last_error: string | null }[] {
  return relay.db.prepare('SELECT notice_key, state, last_error FROM notice_outbox ORDER BY notice_id').all() as never;
}

describe('payment reminders from a running relay', () => {
  it('a customer who pays between two reminders gets no second one; one who does not gets the second a week later', async () => {
    const relay = await start();
    await relay.turnOn({ paymentReminder: REMINDERS });
    await relay.append(plan);
    const paysKey = await subscriber(relay, 'pays', 'pays@clients.example', 4);
    await subscriber(relay, 'late', 'late@clients.example', 4);
    await relay.smtp.waitFor(() => relay.smtp.mails.length === 2, 'the first reminders');
    const [first] = relay.smtp.mailsTo('pays@clients.example');
    expect(first!.subject).toMatch(/^Reminder: invoice .+ is due$/);
    expect(first!.text).toContain('Hello Customer pays,');
    expect(first!.text).toMatch(/for \$199\.00 was due on /);
    expect(headerOf(first!, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    const owed = relay.relay.accounts.accountOf('pays', relay.now())!.invoices.find((invoice) => invoice.invoiceKey === paysKey)!;
    await relay.append(paymentRecorded('pay-1', 'pays', paysKey, owed.totalMinor, new Date(relay.now()).toISOString()));
    relay.advance(7 * DAY_MS);
    // Any change to billing makes the relay look again (as its timer would).
    await relay.append(customerUpserted('someone', 'Someone else', []));
    await relay.smtp.waitFor(() => relay.smtp.mailsTo('late@clients.example').length === 2, 'the second reminder to the customer who did not pay');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(relay.smtp.mailsTo('pays@clients.example')).toHaveLength(1);
    expect(outboxRows(relay).map((row) => row.notice_key).filter((key) => key.includes('sub-late'))).toEqual([expect.stringMatching(/:1:email$/), expect.stringMatching(/:2:email$/)]);
  });

  it('a reminder already queued is dropped, not sent, when the invoice is paid before its turn comes', async () => {
    const relay = await start();
    await relay.turnOn({ paymentReminder: REMINDERS });
    await relay.append(plan);
    // The mail server holds the first reminder's answer, so the second waits in the outbox.
    relay.smtp.holdAfter = 0;
    const keys = { amy: await subscriber(relay, 'amy', 'amy@clients.example', 4), ben: await subscriber(relay, 'ben', 'ben@clients.example', 4) };
    await relay.smtp.waitFor(() => relay.smtp.held === 1, 'the first reminder under way');
    const waiting = relay.db.prepare("SELECT customer_id FROM notice_outbox WHERE state = 'pending'").pluck().get() as 'amy' | 'ben';
    const owed = relay.relay.accounts.invoiceOf(waiting, keys[waiting])!;
    await relay.append(paymentRecorded('pay-waiting', waiting, keys[waiting], owed.totalMinor, new Date(relay.now()).toISOString()));
    relay.smtp.holdAfter = null;
    relay.smtp.releaseHeld();
    await relay.smtp.waitFor(() => relay.smtp.mails.length === 1, 'the held reminder');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(relay.smtp.mails).toHaveLength(1);
    expect(relay.smtp.mailsTo(`${waiting}@clients.example`)).toHaveLength(0);
    expect(outboxRows(relay).map((row) => row.notice_key)).toEqual([expect.not.stringContaining(`sub-${waiting}:`)]);
  });

  it('a relay restarted in the middle of a reminder run sends nothing twice: the one under way finishes, the rest go after the restart', async () => {
    const relay = await start();
    await relay.turnOn({ paymentReminder: REMINDERS });
    await relay.append(plan);
    // The mail server takes one mail, then holds the next one's answer: the run is under way when the relay is stopped.
    relay.smtp.holdAfter = 1;
    const customers = ['ann', 'bob', 'cat', 'dan'];
    for (const id of customers) await subscriber(relay, id, `${id}@clients.example`, 4);
    await relay.smtp.waitFor(() => relay.smtp.held === 1, 'a mail held mid-run');
    const stopping = relay.restart();
    // The relay waits for the mail under way; the server answers it now and takes the rest as they come.
    relay.smtp.holdAfter = null;
    relay.smtp.releaseHeld();
    await stopping;
    await relay.smtp.waitFor(() => relay.smtp.mails.length >= customers.length, 'every reminder after the restart');
    await relay.append(customerUpserted('someone', 'Someone else', []));
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const id of customers) expect(relay.smtp.mailsTo(`${id}@clients.example`), id).toHaveLength(1);
    expect(outboxRows(relay).map((row) => row.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  it('a notice the last relay left half-sent (it stopped mid-mail) is shown as failed with "may have been sent", not sent again; a retry by hand sends it', async () => {
    const relay = await start();
    await relay.turnOn({ paymentReminder: REMINDERS });
    await relay.append(plan);
    await subscriber(relay, 'eve', 'eve@clients.example', 4);
    await relay.smtp.waitFor(() => relay.db.prepare("SELECT state FROM notice_outbox").pluck().get() === 'sent', 'the reminder sent');
    // As the relay would leave it when killed between claiming the notice and hearing the mail server.
    relay.db.prepare("UPDATE notice_outbox SET state = 'sending', sent_at = NULL").run();
    await relay.restart();
    const failed = await relay.call('GET', '/v1/notices/failed', relay.admin);
    expect(failed.body.notices).toEqual([expect.objectContaining({ customerId: 'eve', kind: 'payment_reminder', state: 'failed', error: MAY_HAVE_BEEN_SENT })]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(relay.smtp.mails).toHaveLength(1);
    const retried = await relay.call('POST', '/v1/notices/retry', relay.admin, { noticeId: failed.body.notices[0].noticeId });
    expect(retried.status).toBe(200);
    await relay.smtp.waitFor(() => relay.smtp.mails.length === 2, 'the retried reminder');
  });
});

describe('failures and retries', () => {
  it('a mail server that refuses the address for good: the notice is failed with its words at once, and a retry after the address is fixed sends it', async () => {
    const relay = await start();
    relay.smtp.refused.add('gone@clients.example');
    await relay.turnOn({ paymentReminder: REMINDERS });
    await relay.append(plan);
    await subscriber(relay, 'gone', 'gone@clients.example', 4);
    let failed = await relay.call('GET', '/v1/notices/failed', relay.admin);
    for (let i = 0; failed.body.notices.length === 0 && i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      failed = await relay.call('GET', '/v1/notices/failed', relay.admin);
    }
    expect(failed.body.notices).toEqual([expect.objectContaining({ customerName: 'Customer gone', recipient: 'gone@clients.example', state: 'failed', attempts: 1, error: expect.stringContaining('This address does not take mail: gone@clients.example.') })]);
    const agent = relay.token('Front desk', 'agent');
    expect((await relay.call('POST', '/v1/notices/retry', agent, { noticeId: failed.body.notices[0].noticeId })).status).toBe(403);

    relay.smtp.refused.clear();
    const retried = await relay.call('POST', '/v1/notices/retry', relay.token('Books', 'bookkeeper'), { noticeId: failed.body.notices[0].noticeId });
    expect(retried.body.notice).toMatchObject({ state: 'pending', attempts: 0 });
    await relay.smtp.waitFor(() => relay.smtp.mails.length === 1, 'the retried mail');
    const log = await relay.call('GET', '/v1/notices/log?customerId=gone', agent);
    expect(log.body.notices[0]).toMatchObject({ kind: 'payment_reminder', channel: 'email' });
    expect((await relay.call('POST', '/v1/notices/retry', relay.admin, { noticeId: 999 })).body.error).toBe('There is no such notice.');
  });
});

describe('a mail server that cannot be reached', () => {
  it('leaves the notice pending with the reason and its next try, within the backoff, and the failed list empty', async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    const relay = await start({ RELAY_SMTP_PORT: '9' });
    await relay.turnOn({ paymentReminder: REMINDERS });
    await relay.append(plan);
    await subscriber(relay, 'kim', 'kim@clients.example', 4);
    let entry: { state: string; attempts: number; nextAttemptAt: string | null; error: string | null } | undefined;
    for (let i = 0; i < 400 && !(entry?.state === 'pending' && entry.error !== null); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      entry = (await relay.call('GET', '/v1/notices/log?customerId=kim', relay.admin)).body.notices[0];
    }
    expect(entry).toMatchObject({ state: 'pending', error: expect.stringContaining('The mail server could not be reached') });
    // Full jitter can draw a first wait of a few milliseconds, so a loaded machine may already
    // have made the second try: the next one is then within that try's ceiling (30 s · 2^(n−1)).
    expect(entry!.attempts).toBeGreaterThanOrEqual(1);
    const wait = Date.parse(entry!.nextAttemptAt!) - relay.now();
    expect(wait).toBeGreaterThan(-5000);
    expect(wait).toBeLessThan(30_000 * 2 ** (entry!.attempts - 1));
    expect((await relay.call('GET', '/v1/notices/failed', relay.admin)).body.notices).toEqual([]);
  });
});

describe('a mail server that keeps failing', () => {
  it('is given up on after RELAY_NOTICES_MAX_ATTEMPTS tries: the notice is failed, saying so and why', async () => {
    const relay = await start({ RELAY_SMTP_PORT: '9', RELAY_NOTICES_MAX_ATTEMPTS: '1' });
    await relay.turnOn({ paymentReminder: REMINDERS });
    await relay.append(plan);
    await subscriber(relay, 'lee', 'lee@clients.example', 4);
    let failed = (await relay.call('GET', '/v1/notices/failed', relay.admin)).body.notices;
    for (let i = 0; i < 200 && failed.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      failed = (await relay.call('GET', '/v1/notices/failed', relay.admin)).body.notices;
    }
    expect(failed).toEqual([expect.objectContaining({ customerId: 'lee', attempts: 1, error: expect.stringMatching(/^Gave up after 1 try \(RELAY_NOTICES_MAX_ATTEMPTS\): The mail server could not be reached/) })]);
  });
});

describe('unsubscribe', () => {
  it('the link in a reminder shows a page with a button (opening it stops nothing); pressing it, or a one-click POST, stops the next reminders of that kind only', async () => {
    const relay = await start();
    await relay.turnOn({ paymentReminder: REMINDERS });
    await relay.append(plan);
    await subscriber(relay, 'sue', 'sue@clients.example', 4);
    await relay.smtp.waitFor(() => relay.smtp.mails.length === 1, 'the reminder');
    const mail = relay.smtp.mails[0]!;
    const link = /^<(http:\/\/127\.0\.0\.1:\d+\/notices\/unsubscribe\/[^>]+)>$/.exec(headerOf(mail, 'list-unsubscribe')!)![1]!;
    expect(mail.text).toContain(link);

    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; form-action 'self'/);
    const html = await page.text();
    expect(html).toContain('Stop payment reminder messages?');
    expect(html).toContain('<form method="post"><button type="submit">Unsubscribe</button></form>');
    expect((await relay.call('GET', '/v1/notices/log?customerId=sue', relay.admin)).body.unsubscribed).toEqual([]);

    const pressed = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(pressed.status).toBe(200);
    expect(await pressed.text()).toContain('You will no longer get payment reminder messages from Front Desk Co.');
    expect((await relay.call('GET', '/v1/notices/log?customerId=sue', relay.admin)).body.unsubscribed).toEqual(['payment_reminder']);

    relay.advance(7 * DAY_MS);
    await subscriber(relay, 'tom', 'tom@clients.example', 4);
    await relay.smtp.waitFor(() => relay.smtp.mailsTo('tom@clients.example').length === 1, "another customer's reminder");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(relay.smtp.mailsTo('sue@clients.example')).toHaveLength(1);
  });

  it('an unsubscribe holds after the customer is merged into another: the moved invoice gets no more reminders, at either address', async () => {
    const relay = await start();
    await relay.turnOn({ paymentReminder: REMINDERS });
    await relay.append(plan);
    await subscriber(relay, 'bea', 'bea@clients.example', 4);
    await relay.smtp.waitFor(() => relay.smtp.mails.length === 1, 'the reminder');
    const link = /^<([^>]+)>$/.exec(headerOf(relay.smtp.mails[0]!, 'list-unsubscribe')!)![1]!;
    expect((await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).status).toBe(200);
    await relay.append(customerUpserted('abe', 'Abe Main', [], { email: 'abe@clients.example' }));
    const at = new Date(relay.now()).toISOString();
    await relay.append({ v: 2, id: 'merge:bea:abe', source: 'console', occurredAt: at, receivedAt: at, lines: [], type: 'customer.merged', data: { fromCustomerId: 'bea', intoCustomerId: 'abe', by: 'owner' } } as never);
    relay.advance(7 * DAY_MS);
    await subscriber(relay, 'cal', 'cal@clients.example', 4);
    await relay.smtp.waitFor(() => relay.smtp.mailsTo('cal@clients.example').length === 1, "another customer's reminder");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(relay.smtp.mailsTo('bea@clients.example')).toHaveLength(1);
    expect(relay.smtp.mailsTo('abe@clients.example')).toEqual([]);
  });

  it('a customer who asks to get reminders again has them turned back on by a bookkeeper (POST /v1/notices/resubscribe), and the next one is sent; an agent may not', async () => {
    const relay = await start();
    await relay.turnOn({ paymentReminder: REMINDERS });
    await relay.append(plan);
    await subscriber(relay, 'kim', 'kim@clients.example', 4);
    await relay.smtp.waitFor(() => relay.smtp.mails.length === 1, 'the reminder');
    const link = /^<([^>]+)>$/.exec(headerOf(relay.smtp.mails[0]!, 'list-unsubscribe')!)![1]!;
    const page = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(await page.text()).toContain('If this was a mistake, ask Front Desk Co to turn them back on.');
    const ask = { customerId: 'kim', kind: 'payment_reminder' };
    expect((await relay.call('POST', '/v1/notices/resubscribe', relay.token('Desk', 'agent'), ask)).status).toBe(403);
    expect(await relay.call('POST', '/v1/notices/resubscribe', relay.token('Books', 'bookkeeper'), ask)).toMatchObject({ status: 200, body: { unsubscribed: [] } });
    expect((await relay.call('POST', '/v1/notices/resubscribe', relay.admin, { customerId: 'nobody', kind: 'payment_reminder' })).status).toBe(404);
    relay.advance(7 * DAY_MS);
    await relay.append(customerUpserted('someone', 'Someone else', []));
    await relay.smtp.waitFor(() => relay.smtp.mailsTo('kim@clients.example').length === 2, 'the next reminder');
  });

  it('a token the relay did not sign is a plain 404 page, and a tampered one too', async () => {
    const relay = await start();
    const bad = await fetch(`${relay.url}/notices/unsubscribe/not-a-token`);
    expect(bad.status).toBe(404);
    expect(await bad.text()).toContain('This unsubscribe link is not one we sent');
    const forged = Buffer.from('sue\npayment_reminder').toString('base64url');
    expect((await fetch(`${relay.url}/notices/unsubscribe/${forged}.${'A'.repeat(24)}`, { method: 'POST' })).status).toBe(404);
  });
});

describe('settings, templates and preview over REST', () => {
  it('bad settings are refused 400 with words, and roles are kept: bookkeepers read, only admins change, agents neither', async () => {
    const relay = await start();
    const bookkeeper = relay.token('Books', 'bookkeeper');
    const agent = relay.token('Front desk', 'agent');
    const put = (settings: unknown, token = relay.admin) => relay.call('PUT', '/v1/notices/settings', token, { settings });

    const everyDaysZero = await put({ ...DEFAULT_NOTICE_SETTINGS, paymentReminder: { ...REMINDERS, everyDays: 0 } });
    expect(everyDaysZero.status).toBe(400);
    expect(everyDaysZero.body.error).toContain('paymentReminder.everyDays');
    const noChannel = await put({ ...DEFAULT_NOTICE_SETTINGS, renewal: { enabled: true, channels: [], daysBefore: 7 } });
    expect(noChannel.body.error).toBe('Renewal notice is on but has no way of sending: choose email, SMS or both');
    const quickbooksReminder = await put({ ...DEFAULT_NOTICE_SETTINGS, paymentReminder: { ...REMINDERS, channels: ['quickbooks'] } });
    expect(quickbooksReminder.body.error).toBe('Payment reminder cannot go by QuickBooks: QuickBooks only sends invoices');
    const badLine = await put({ ...DEFAULT_NOTICE_SETTINGS, smsFromLine: '617-555-0100' });
    expect(badLine.body.error).toContain('must be a phone number such as +16175550100');

    expect((await put(DEFAULT_NOTICE_SETTINGS, bookkeeper)).body.error).toBe('A bookkeeper console may not change the notice settings.');
    expect((await relay.call('GET', '/v1/notices/settings', agent)).status).toBe(403);
    expect((await relay.call('GET', '/v1/notices/settings', null)).status).toBe(401);
    const setup = await relay.call('GET', '/v1/notices/settings', bookkeeper);
    expect(setup.body).toMatchObject({ settings: DEFAULT_NOTICE_SETTINGS, businessName: 'Front Desk Co', channels: { email: { available: true, reason: null }, sms: { available: false } } });
    expect(setup.body.templates).toHaveLength(6);
  });

  it('a template with an unknown variable is refused naming it; a saved one is what the next notice says; the preview fills a real customer\'s figures or samples', async () => {
    const relay = await start();
    const refused = await relay.call('PUT', '/v1/notices/templates', relay.admin, { template: { kind: 'payment_reminder', subject: 'Pay {{amonut}}', body: 'x' } });
    expect(refused.body.error).toContain('{{amonut}}');
    const saved = await relay.call('PUT', '/v1/notices/templates', relay.admin, { template: { kind: 'payment_reminder', subject: '{{business}}: {{amount}} owed', body: 'Dear {{name}}, {{amount}} is open since {{dueDate}}. Stop: {{unsubscribeLink}}' } });
    expect(saved.status).toBe(200);

    await relay.turnOn({ paymentReminder: REMINDERS });
    await relay.append(plan);
    await subscriber(relay, 'max', 'max@clients.example', 4);
    await relay.smtp.waitFor(() => relay.smtp.mails.length === 1, 'the reminder');
    expect(relay.smtp.mails[0]!.subject).toBe('Front Desk Co: $199.00 owed');

    const sample = await relay.call('POST', '/v1/notices/preview', relay.admin, { kind: 'renewal', subject: 'Renews {{renewalDate}}', body: 'Hi {{name}}, {{hoursRemaining}} left', customerId: null });
    expect(sample.body).toEqual({ subject: 'Renews January 1, 2027', body: 'Hi Jordan Lee, 2.5 hours left' });
    const real = await relay.call('POST', '/v1/notices/preview', relay.token('Books', 'bookkeeper'), { kind: 'renewal', subject: 'Renews {{renewalDate}}', body: 'Hi {{name}}, {{hoursRemaining}} left of {{planName}}', customerId: 'max' });
    expect(real.body.body).toBe('Hi Customer max, 10 hours left of Growth');
    expect((await relay.call('POST', '/v1/notices/preview', relay.admin, { kind: 'renewal', subject: 's', body: 'b', customerId: 'nobody' })).status).toBe(404);
  });
});

describe('invoice issued', () => {
  it('an invoice issued after the kind is turned on is mailed once, with its PDF attached, whose text is the invoice; invoices issued before are not mailed', async () => {
    const relay = await start();
    await relay.append(plan);
    await subscriber(relay, 'old', 'old@clients.example', 2);
    await relay.turnOn({ invoiceIssued: { ...DEFAULT_NOTICE_SETTINGS.invoiceIssued, enabled: true } });
    const key = await subscriber(relay, 'new', 'new@clients.example', 2);
    await relay.smtp.waitFor(() => relay.smtp.mails.length === 1, 'the invoice mail');
    await relay.append(customerUpserted('someone', 'Someone else', []));
    relay.advance(DAY_MS);
    await relay.append(customerUpserted('someone', 'Someone else again', []));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(relay.smtp.mails).toHaveLength(1);

    const mail = relay.smtp.mails[0]!;
    const invoice = relay.relay.accounts.invoiceOf('new', key)!;
    const number = invoiceNumber(invoice);
    expect(number).toMatch(/^SUB-\d{6}-[0-9A-Z]{8}$/);
    expect(mail.to).toMatchObject({ value: [{ address: 'new@clients.example' }] });
    expect(mail.subject).toBe(`Your invoice ${number}`);
    // QuickBooks has given it no due date yet: the mail states none.
    expect(mail.text).toContain(`Here is invoice ${number} for $199.00. The invoice is attached.`);
    expect(mail.text).not.toContain('due on');
    expect(mail.attachments).toHaveLength(1);
    const pdf = mail.attachments[0]!;
    expect(pdf.contentType).toBe('application/pdf');
    const { extractText } = await import('unpdf');
    const text = (await extractText(new Uint8Array(pdf.content), { mergePages: true })).text.replace(/\s+/g, ' ');
    expect(text).toContain('Front Desk Co');
    expect(text).toContain('Customer new');
    expect(text).toContain(invoice.lines[0]!.description);
    expect(text).toContain(`Invoice ${number}`);
    expect(text).toContain('Total $199.00');
  });
});

describe('a notice asked for: the portal link a receptionist sends', () => {
  it('goes once however often it is asked, with the link in the mail, and the outbox keeps the text without the token once sent', async () => {
    const relay = await start();
    await relay.append(customerUpserted('pia', 'Pia Lund', ['+16175550177'], { email: 'pia@clients.example' }));
    const agent = relay.token('Front desk', 'agent');
    const made = await relay.call('POST', '/v1/portal/links', agent, { requestId: 'press-0001', customerId: 'pia', expiresInDays: null });
    expect(made.status).toBe(201);
    const send = { requestId: 'send-0001', linkId: made.body.link.linkId, url: made.body.url, channel: 'email', to: null };
    const first = await relay.call('POST', '/v1/portal/links/send', agent, send);
    const again = await relay.call('POST', '/v1/portal/links/send', agent, send);
    expect(first.status).toBe(202);
    expect(again.body.notice.noticeId).toBe(first.body.notice.noticeId);
    await relay.smtp.waitFor(() => relay.smtp.mails.length === 1, 'the portal link mail');
    expect(relay.smtp.mails[0]!.text).toContain(made.body.url);
    await relay.smtp.waitFor(() => (relay.db.prepare("SELECT state FROM notice_outbox").pluck().get() as string) === 'sent', 'the notice marked sent');
    const kept = relay.db.prepare('SELECT body FROM notice_outbox').pluck().get() as string;
    const token = made.body.url.split('/').at(-1)!;
    expect(kept).not.toContain(token);
    expect((await relay.call('GET', '/v1/notices/log?customerId=pia', agent)).body.notices).toEqual([expect.objectContaining({ kind: 'portal_link', state: 'sent', recipient: 'pia@clients.example' })]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(relay.smtp.mails).toHaveLength(1);
  });
});

describe('a queued notice checked again when its turn comes', () => {
  it("a portal link whose mail is refused for good keeps no token in the outbox, and is not tried again by hand (it is sent again instead)", async () => {
    const relay = await start();
    await relay.append(customerUpserted('uma', 'Uma Roy', [], { email: 'uma@clients.example' }));
    relay.smtp.refused.add('uma@clients.example');
    const agent = relay.token('Front desk', 'agent');
    const made = (await relay.call('POST', '/v1/portal/links', agent, { requestId: 'press-0201', customerId: 'uma', expiresInDays: null })).body;
    await relay.call('POST', '/v1/portal/links/send', agent, { requestId: 'send-0201', linkId: made.link.linkId, url: made.url, channel: 'email', to: null });
    await relay.smtp.waitFor(() => (relay.db.prepare("SELECT state FROM notice_outbox WHERE customer_id = 'uma'").pluck().get() as string) === 'failed', 'the notice failed');
    const row = relay.db.prepare("SELECT body, redact_json FROM notice_outbox WHERE customer_id = 'uma'").get() as { body: string; redact_json: string | null };
    const token = String(made.url).split('/').at(-1)!;
    expect(row.body).not.toContain(token);
    expect(row.body).toContain('/portal/…');
    expect(row.redact_json).toBeNull();
    const noticeId = relay.db.prepare("SELECT notice_id FROM notice_outbox WHERE customer_id = 'uma'").pluck().get();
    const retried = await relay.call('POST', '/v1/notices/retry', relay.admin, { noticeId });
    expect(retried).toMatchObject({ status: 409, body: { error: expect.stringMatching(/send the link again/) } });
  });

  it('a channel not available for now (texts without OpenPhone) leaves the notice waiting with the reason and its next try, not failed for good', async () => {
    const relay = await start();
    await relay.turnOn({ invoiceIssued: { enabled: true, channels: ['sms'], attachPdf: false } });
    await relay.append(plan, customerUpserted('noa', 'Noa Park', ['+16175550188']), subscriptionWith('sub-noa', 'noa', 'growth', msToDate(relay.now())));
    await relay.smtp.waitFor(() => (relay.db.prepare("SELECT attempts FROM notice_outbox WHERE customer_id = 'noa'").pluck().get() as number | undefined ?? 0) >= 1, 'a try');
    const row = relay.db.prepare("SELECT state, last_error, next_attempt_at FROM notice_outbox WHERE customer_id = 'noa'").get() as { state: string; last_error: string; next_attempt_at: string | null };
    expect(row).toMatchObject({ state: 'pending', last_error: expect.stringContaining('OpenPhone') });
    expect(row.next_attempt_at).not.toBeNull();
    expect((await relay.call('GET', '/v1/notices/failed', relay.admin)).body.notices).toEqual([]);
  });

  it('a portal link revoked while its mail waited (the mail server busy with another) is dropped, not sent', async () => {
    const relay = await start();
    await relay.append(customerUpserted('pia', 'Pia Lund', [], { email: 'pia@clients.example' }), customerUpserted('ola', 'Ola Berg', [], { email: 'ola@clients.example' }));
    const agent = relay.token('Front desk', 'agent');
    const link = async (customerId: string, n: string) => (await relay.call('POST', '/v1/portal/links', agent, { requestId: `press-${n}`, customerId, expiresInDays: null })).body;
    const pia = await link('pia', '0101');
    const ola = await link('ola', '0102');
    relay.smtp.holdAfter = 0;
    expect((await relay.call('POST', '/v1/portal/links/send', agent, { requestId: 'send-0101', linkId: pia.link.linkId, url: pia.url, channel: 'email', to: null })).status).toBe(202);
    await relay.smtp.waitFor(() => (relay.db.prepare("SELECT state FROM notice_outbox WHERE customer_id = 'pia'").pluck().get() as string) === 'sending', "Pia's mail under way");
    expect((await relay.call('POST', '/v1/portal/links/send', agent, { requestId: 'send-0102', linkId: ola.link.linkId, url: ola.url, channel: 'email', to: null })).status).toBe(202);
    expect((await relay.call('POST', '/v1/portal/links/revoke', agent, { linkId: ola.link.linkId })).status).toBe(200);
    relay.smtp.holdAfter = null;
    relay.smtp.releaseHeld();
    await relay.smtp.waitFor(() => relay.db.prepare("SELECT count(*) FROM notice_outbox WHERE state IN ('pending', 'sending')").pluck().get() === 0, 'the queue settled');
    expect(relay.smtp.mailsTo('pia@clients.example')).toHaveLength(1);
    expect(relay.smtp.mailsTo('ola@clients.example')).toEqual([]);
    expect(relay.db.prepare("SELECT count(*) FROM notice_outbox WHERE customer_id = 'ola'").pluck().get()).toBe(0);
  });
});

describe('renewal, low balance and plan ended', () => {
  it('a plan ending in 4 days gets its renewal notice, a wallet under $5.00 its low-balance notice, and the plan cancelled its "pay-per-call" notice, each once', async () => {
    const relay = await start();
    const on = DEFAULT_NOTICE_SETTINGS;
    await relay.turnOn({ renewal: { ...on.renewal, enabled: true }, lowBalance: { ...on.lowBalance, enabled: true, hoursBelowSeconds: null }, subscriptionExpired: { ...on.subscriptionExpired, enabled: true } });
    await relay.append(plan);
    const today = msToDate(relay.now());
    // A monthly plan that began a month before 4 days from now: its period ends within the week.
    const startedOn = addMonths(addDays(today, 4), -1);
    await relay.append(customerUpserted('rae', 'Rae Quinn', [], { email: 'rae@clients.example' }), subscriptionWith('sub-rae', 'rae', 'growth', startedOn), walletCredited('w-rae', 'rae', 300));
    await relay.smtp.waitFor(() => relay.smtp.mails.length === 2, 'the renewal and low-balance notices');
    const subjects = relay.smtp.mails.map((mail) => mail.subject).sort();
    expect(subjects[1]).toBe('Your balance is running low');
    expect(subjects[0]).toMatch(/^Your Growth plan: this period ends on [A-Z][a-z]+ \d{1,2}, \d{4}$/);
    // The wallet ran low, not the hours: the notice speaks of the wallet only.
    const low = relay.smtp.mails.find((mail) => mail.subject!.startsWith('Your balance'))!.text!;
    expect(low).toContain('Your wallet is down to $3.00.');
    expect(low).not.toContain('left this period');

    await relay.append(subscriptionCancelled('sub-rae', today, new Date(relay.now()).toISOString()));
    await relay.smtp.waitFor(() => relay.smtp.mails.length === 3, 'the plan-ended notice');
    expect(relay.smtp.mails[2]!.subject).toBe('Your Growth plan has ended');
    expect(relay.smtp.mails[2]!.text).toContain('calls are billed pay-per-call');
    await relay.append(customerUpserted('someone', 'Someone else', []));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(relay.smtp.mails).toHaveLength(3);
  });
});

describe('by text', () => {
  it('an invoice notice by SMS goes to the customer\'s number from the line the admin chose, once, and one without a number gets none', async () => {
    const LINE = '+16175550140';
    const OTHER = '+16175550141';
    const emulator = await startOpenPhoneRestEmulator({ apiKeys: ['notice-sms-key'], lines: [{ number: LINE }, { number: OTHER }] });
    try {
      const relay = await start({ OPENPHONE_API_KEY: 'notice-sms-key', OPENPHONE_API_BASE_URL: emulator.url, OPENPHONE_DIRECTORY_SYNC_MINUTES: '0' });
      await relay.turnOn({ invoiceIssued: { enabled: true, channels: ['sms'], attachPdf: true }, smsFromLine: OTHER });
      await relay.append(plan, customerUpserted('ned', 'Ned Park', ['+16175550188'], { email: 'ned@clients.example' }), subscriptionWith('sub-ned', 'ned', 'growth', msToDate(relay.now())));
      await relay.append(customerUpserted('nan', 'Nan Park', [], { email: 'nan@clients.example' }), subscriptionWith('sub-nan', 'nan', 'growth', msToDate(relay.now())));
      const deadline = Date.now() + 10_000;
      while (emulator.messages.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(emulator.messages).toEqual([expect.objectContaining({ from: OTHER, to: ['+16175550188'], text: expect.stringContaining('Hello Ned Park,') })]);
      expect(relay.smtp.mails).toHaveLength(0);
    } finally {
      await running?.stop();
      running = null;
      await emulator.close();
    }
  });
});

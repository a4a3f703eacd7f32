import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { extractText } from 'unpdf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerInvoiceWithLines } from '../../../src/accounts/customer-accounts';
import { renderInvoicePdf } from '../../../src/invoices/render-invoice-pdf';
import { parseRelaySettings } from '../../../src/config';
import { openRelayDatabase, type RelayDatabase } from '../../../src/database';
import { EventLog } from '../../../src/log/event-log';
import { createLogger } from '../../../src/logger';
import type { NoticeChannel, OutgoingNotice } from '../../../src/notices/notice-channel';
import { createNoticeChannels } from '../../../src/notices/channels/notice-channels';
import { invoiceFileName, noticeMessageId } from '../../../src/notices/channels/email-channel';

/**
 * Notice mail (issue 14 §2) sent to a real SMTP server on loopback (smtp-server) and read
 * back with mailparser: what the customer's mail system receives, and how the outbox is
 * told when the server refuses.
 */

const FROM = 'Front Desk Co <billing@frontdesk.example>';
/** Harbor Dental's November invoice as the relay's accounts hold it, synced to QuickBooks as 1042. */
const INVOICE: CustomerInvoiceWithLines = {
  invoiceKey: 'inv-2026-11-harbor',
  kind: 'usage',
  status: 'synced',
  issueDate: '2026-12-01',
  dueDate: '2026-12-15',
  totalMinor: 9500,
  balanceMinor: 9500,
  currency: 'USD',
  docNumber: '1042',
  quickbooksId: '130',
  issuedSeq: 12,
  periodStart: '2026-11-01',
  periodEnd: '2026-11-30',
  subtotalMinor: 9500,
  taxMinor: 0,
  lines: [{ description: 'Live phone support, 38 min at $2.50/min', quantity: '38', unit: 'minute', unitPriceMinor: 250, amountMinor: 9500, taxBasisPoints: 0, taxMinor: 0 }],
};
let PDF: Buffer;

let smtpServer: SMTPServer;
let smtpPort: number;
const mails: ParsedMail[] = [];
let dir: string;
let db: RelayDatabase;
let log: EventLog;
const opened: NoticeChannel[] = [];

beforeAll(async () => {
  PDF = await renderInvoicePdf({ invoice: INVOICE, business: { name: 'Front Desk Co' }, customer: { name: 'Harbor Dental Group' } });
  smtpServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('gone@')) return callback(Object.assign(new Error('5.1.1 <gone@customer.example>: Recipient address rejected: User unknown'), { responseCode: 550 }));
      if (address.address.startsWith('busy@')) return callback(Object.assign(new Error('4.7.1 Greylisted, try again in 5 minutes'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      if (session.envelope.rcptTo.some((to) => to.address.startsWith('full@'))) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('5.2.2 Mailbox full'), { responseCode: 552 })));
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => smtpServer.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtpServer.server.address() as AddressInfo).port;
  dir = mkdtempSync(path.join(tmpdir(), 'ringside-notice-email-'));
  db = openRelayDatabase(dir);
  log = new EventLog(db);
});

afterEach(async () => {
  for (const channel of opened.splice(0)) await channel.close();
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtpServer.close(() => resolve()));
  log.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function emailChannelOn(port: number, env: Record<string, string> = {}): NoticeChannel {
  const parsed = parseRelaySettings({ RELAY_NOTICE_EMAIL_FROM: FROM, RELAY_NOTICE_REPLY_TO: 'accounts@frontdesk.example', RELAY_SMTP_HOST: '127.0.0.1', RELAY_SMTP_PORT: String(port), RELAY_SMTP_SECURITY: 'none', RELAY_SMTP_TIMEOUT_SECONDS: '2', ...env });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const channels = createNoticeChannels({
    settings: parsed.settings.noticeChannels,
    openPhone: null,
    configuredLines: {},
    quickBooks: null,
    accounts: { invoiceOf: (customerId, invoiceKey) => (customerId === 'cust-harbor' && invoiceKey === INVOICE.invoiceKey ? INVOICE : null) },
    invoicePdf: async (customerId, invoiceKey) => (customerId === 'cust-harbor' && invoiceKey === 'inv-2026-11-harbor' ? PDF : null),
    log,
    logger: createLogger('error', Date.now),
    clock: Date.now,
  });
  opened.push(...channels);
  return channels.find((channel) => channel.name === 'email')!;
}

const headerLine = (mail: ParsedMail, key: string) => mail.headerLines.find((line) => line.key === key)?.line;

function notice(overrides: Partial<OutgoingNotice> = {}): OutgoingNotice {
  return {
    noticeId: 7,
    noticeKey: 'invoice_issued:cust-harbor:inv-2026-11-harbor',
    kind: 'invoice_issued',
    customerId: 'cust-harbor',
    recipient: 'billing@harbordental.example',
    subject: 'Invoice 1042 from Front Desk Co',
    body: 'Hello Harbor Dental Group,\n\nYour invoice 1042 for $95.00 is due on 2026-12-15.\n\nFront Desk Co',
    invoiceKey: null,
    unsubscribeUrl: null,
    ...overrides,
  };
}

describe('email notices', () => {
  it('deliver an invoice notice to the customer with its text, the PDF attached as "Invoice 1042.pdf", a Message-ID made from the notice key, and the reply-to address', async () => {
    const channel = emailChannelOn(smtpPort);
    expect(channel.unavailable()).toBeNull();
    const before = mails.length;
    const result = await channel.send(notice({ invoiceKey: 'inv-2026-11-harbor' }));
    expect(result).toEqual({ ok: true, providerId: '<invoice_issued=3Acust-harbor=3Ainv-2026-11-harbor@frontdesk.example>' });
    const mail = mails[before]!;
    expect(mail.from?.text).toBe('"Front Desk Co" <billing@frontdesk.example>');
    expect(mail.to).toMatchObject({ text: 'billing@harbordental.example' });
    expect(mail.replyTo?.text).toBe('accounts@frontdesk.example');
    expect(mail.subject).toBe('Invoice 1042 from Front Desk Co');
    expect(mail.text?.trim()).toBe('Hello Harbor Dental Group,\n\nYour invoice 1042 for $95.00 is due on 2026-12-15.\n\nFront Desk Co');
    expect(mail.messageId).toBe('<invoice_issued=3Acust-harbor=3Ainv-2026-11-harbor@frontdesk.example>');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(headerLine(mail, 'list-unsubscribe')).toBeUndefined();
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: 'Invoice 1042.pdf', contentType: 'application/pdf' });
    expect(Buffer.compare(mail.attachments[0]!.content, PDF)).toBe(0);
    const { text } = await extractText(new Uint8Array(mail.attachments[0]!.content), { mergePages: true });
    expect(text).toContain('Invoice 1042');
    expect(text).toContain('Harbor Dental Group');
    expect(text).toContain('Live phone support, 38 min at $2.50/min');
  });

  it('carry one-click unsubscribe headers on a reminder, and the same Message-ID when the same notice is sent again', async () => {
    const channel = emailChannelOn(smtpPort);
    const before = mails.length;
    const reminder = notice({ noticeKey: 'payment_reminder:cust-harbor:inv-2026-11-harbor:1', kind: 'payment_reminder', subject: 'Reminder: invoice 1042 is overdue', unsubscribeUrl: 'https://relay.example.com/notices/unsubscribe/tok3n' });
    expect(await channel.send(reminder)).toMatchObject({ ok: true });
    expect(await channel.send(reminder)).toMatchObject({ ok: true });
    const [first, again] = mails.slice(before);
    expect(headerLine(first!, 'list-unsubscribe')).toBe('List-Unsubscribe: <https://relay.example.com/notices/unsubscribe/tok3n>');
    expect(headerLine(first!, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(first!.attachments).toEqual([]);
    expect(again!.messageId).toBe(first!.messageId);
  });

  it('answer an address the mail server refuses with 550, or a message refused with 552, as a permanent failure naming it, and a 451 as one to try again', async () => {
    const channel = emailChannelOn(smtpPort);
    const refused = await channel.send(notice({ recipient: 'gone@customer.example' }));
    expect(refused).toMatchObject({ ok: false, permanent: true });
    if (!refused.ok) expect(refused.error).toMatch(/^This address does not take mail: gone@customer\.example\. Check it on the customer's page\. The mail server said: 550.*User unknown/);
    expect(await channel.send(notice({ recipient: 'full@customer.example' }))).toMatchObject({ ok: false, permanent: true, error: expect.stringMatching(/^The mail server would not take this message \(too large, or refused as it is\)\. The mail server said: 552.*Mailbox full/) });
    const later = await channel.send(notice({ recipient: 'busy@customer.example' }));
    expect(later).toMatchObject({ ok: false, permanent: false });
    if (!later.ok) expect(later.error).toMatch(/^The mail server asked to try again later; Ringside will\. The mail server said: 451.*Greylisted/);
    expect(await channel.send(notice({ recipient: 'billing at harbordental' }))).toEqual({ ok: false, permanent: true, error: 'billing at harbordental is not an email address a notice can be sent to.' });
  });

  it('answer a mail server that is down as a failure to try again, without the password in its words', async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const channel = emailChannelOn(port, { RELAY_SMTP_USER: 'billing@frontdesk.example', RELAY_SMTP_PASSWORD: 'app-password-5ecret' });
    const result = await channel.send(notice());
    expect(result).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/^The mail server could not be reached/) });
    expect(JSON.stringify(result)).not.toContain('5ecret');
  });

  it('go through RELAY_SMTP_URL alone, and give up on a server that never greets after RELAY_SMTP_TIMEOUT_SECONDS, to try again', async () => {
    const before = mails.length;
    const byUrl = emailChannelOn(0, { RELAY_SMTP_HOST: '', RELAY_SMTP_PORT: '', RELAY_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, RELAY_SMTP_TIMEOUT_SECONDS: '1' });
    expect(await byUrl.send(notice())).toMatchObject({ ok: true });
    expect(mails.length).toBe(before + 1);
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const started = Date.now();
      const result = await emailChannelOn(0, { RELAY_SMTP_HOST: '', RELAY_SMTP_PORT: '', RELAY_SMTP_URL: `smtp://127.0.0.1:${port}`, RELAY_SMTP_TIMEOUT_SECONDS: '1' }).send(notice());
      expect(result).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/^The mail server could not be reached; Ringside will try again\. \(ETIMEDOUT/) });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('refuse an invoice notice whose invoice is no longer the customer\'s for good, sending nothing', async () => {
    const channel = emailChannelOn(smtpPort);
    const before = mails.length;
    expect(await channel.send(notice({ customerId: 'cust-other', invoiceKey: 'inv-2026-11-harbor' }))).toMatchObject({ ok: false, permanent: true });
    expect(mails.length).toBe(before);
  });

  it('are unavailable in plain words while RELAY_NOTICE_EMAIL_FROM is unset', () => {
    const parsed = parseRelaySettings({});
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    expect(parsed.settings.noticeChannels.email).toBeNull();
    const channels = createNoticeChannels({ settings: parsed.settings.noticeChannels, openPhone: null, configuredLines: {}, quickBooks: null, accounts: { invoiceOf: () => null }, invoicePdf: async () => null, log, logger: createLogger('error', Date.now), clock: Date.now });
    opened.push(...channels);
    expect(channels.map((channel) => channel.name)).toEqual(['email', 'sms', 'quickbooks']);
    expect(channels[0]!.unavailable()).toMatch(/RELAY_NOTICE_EMAIL_FROM/);
    expect(channels[1]!.unavailable()).toMatch(/OPENPHONE_API_KEY/);
    expect(channels[2]!.unavailable()).toMatch(/QUICKBOOKS_CLIENT_ID/);
  });
});

describe('notice mail settings', () => {
  it('stop start-up naming the setting: a sender without a mail server, a bad reply-to, a reply-to without a sender', () => {
    const noServer = parseRelaySettings({ RELAY_NOTICE_EMAIL_FROM: FROM });
    expect(noServer.ok ? [] : noServer.errors).toEqual([expect.stringMatching(/^RELAY_NOTICE_EMAIL_FROM needs a mail server: set RELAY_SMTP_URL, or RELAY_SMTP_HOST/)]);
    const badReplyTo = parseRelaySettings({ RELAY_NOTICE_REPLY_TO: 'accounts at frontdesk' });
    expect(badReplyTo.ok ? [] : badReplyTo.errors).toEqual([
      expect.stringMatching(/^RELAY_NOTICE_REPLY_TO must be an email address/),
      'RELAY_NOTICE_REPLY_TO is set without RELAY_NOTICE_EMAIL_FROM (the sender of notice mail)',
    ]);
  });

  it('name a bad mail server setting once, though alerts and notices share it', () => {
    const result = parseRelaySettings({ RELAY_NOTICE_EMAIL_FROM: FROM, RELAY_ALERT_EMAIL_TO: 'owner@frontdesk.example', RELAY_ALERT_EMAIL_FROM: FROM, RELAY_SMTP_HOST: 'smtp.gmail.com', RELAY_SMTP_SECURITY: 'ssl' });
    expect(result.ok ? [] : result.errors).toEqual(["RELAY_SMTP_SECURITY must be one of starttls, tls, none, got 'ssl'"]);
  });

  it('make a Message-ID any key fits in, and a file name from the invoice number', () => {
    expect(noticeMessageId('renewal:cust 1:2027-01', 'billing@frontdesk.example')).toBe('<renewal=3Acust=201=3A2027-01@frontdesk.example>');
    expect(noticeMessageId('x'.repeat(300), FROM)).toMatch(/^<notice-[0-9a-f]{64}@frontdesk\.example>$/);
    expect(invoiceFileName('1042', 'inv-key')).toBe('Invoice 1042.pdf');
    expect(invoiceFileName('PPC/2026:07', 'inv-key')).toBe('Invoice PPC-2026-07.pdf');
    expect(invoiceFileName(null, 'inv-2026-11-harbor')).toBe('Invoice inv-2026-11-harbor.pdf');
  });
});

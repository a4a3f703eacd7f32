import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createQuickBooksEmulator, type QuickBooksEmulator } from '../../../../tools/emulators/quickbooks/emulator';
import { relaySettingsForEmulator } from '../../../../tools/emulators/quickbooks/relay-settings';
import { api } from '../../../../tools/emulators/quickbooks/test-session';
import { parseRelaySettings } from '../../../src/config';
import { openRelayDatabase, type RelayDatabase } from '../../../src/database';
import { addDevice } from '../../../src/devices/device-store';
import { EventLog } from '../../../src/log/event-log';
import { createLogger } from '../../../src/logger';
import type { NoticeChannel, OutgoingNotice } from '../../../src/notices/notice-channel';
import { createNoticeChannels } from '../../../src/notices/channels/notice-channels';
import { QuickBooksTokenBroker } from '../../../src/quickbooks/token-broker';
import { LoggedQuickBooksAlerts } from '../../../src/quickbooks/token-care';

/**
 * Invoices sent by QuickBooks' own send-invoice, against the QuickBooks emulator over HTTP,
 * with the relay's token broker on a real relay.db: connected through the emulator's consent.
 */

const REDIRECT_URI = 'http://localhost:1/quickbooks/callback';

let emulator: QuickBooksEmulator;
let dir: string;
let db: RelayDatabase;
let log: EventLog;
let broker: QuickBooksTokenBroker;
let channel: NoticeChannel;
/** Ringside's invoice key → QuickBooks' invoice (its Id and DocNumber), as the accounts know it after a sync. */
let synced: Map<string, { quickbooksId: string | null; docNumber: string | null }>;

beforeEach(async () => {
  emulator = createQuickBooksEmulator({ redirectUris: [REDIRECT_URI] });
  await emulator.listen();
  const parsed = parseRelaySettings(relaySettingsForEmulator(emulator, REDIRECT_URI));
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  dir = mkdtempSync(path.join(tmpdir(), 'ringside-notice-quickbooks-'));
  db = openRelayDatabase(dir);
  log = new EventLog(db);
  const settings = parsed.settings.quickBooks;
  broker = new QuickBooksTokenBroker({ db, settings, client: settings.client!, log, logger: createLogger('error', Date.now), clock: Date.now, alerts: new LoggedQuickBooksAlerts({ db, log, clock: Date.now }) });
  synced = new Map();
  channel = createNoticeChannels({
    settings: parsed.settings.noticeChannels,
    openPhone: null,
    configuredLines: {},
    quickBooks: broker,
    accounts: { invoiceOf: (customerId, invoiceKey) => (customerId === 'cust-harbor' ? ((synced.get(invoiceKey) ?? null) as never) : null) },
    invoicePdf: async () => null,
    log,
    logger: createLogger('error', Date.now),
    clock: Date.now,
  }).find((candidate) => candidate.name === 'quickbooks')!;
});

afterEach(async () => {
  log.close();
  db.close();
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

async function connect(): Promise<void> {
  const admin = addDevice(db, { name: 'Owner', role: 'admin', numbers: [] }, new Date()).device;
  const consent = await fetch(broker.startConnect(admin.id).authorizeUrl, { redirect: 'manual' });
  const outcome = await broker.completeConnect(new URL(consent.headers.get('location')!).searchParams);
  if (!outcome.ok) throw new Error(outcome.message);
}

/** An invoice as a bookkeeper console's sync creates it in QuickBooks. */
async function invoiceInQuickBooks(invoiceKey: string, docNumber: string): Promise<string> {
  const token = await broker.accessToken(null);
  if (!token.ok) throw new Error('no token');
  const customer = emulator.customers().find((c) => c.DisplayName === 'Harbor Dental Group')!;
  const item = emulator.items().find((i) => i.Name === 'Per-call fee')!;
  const created = await api(emulator, token.handout.accessToken, 'POST', '/invoice', {
    CustomerRef: { value: String(customer.Id) },
    DocNumber: docNumber,
    Line: [{ DetailType: 'SalesItemLineDetail', Amount: 95, SalesItemLineDetail: { ItemRef: { value: String(item.Id) }, Qty: 38, UnitPrice: 2.5 } }],
  });
  const id = String(created.json.Invoice.Id);
  synced.set(invoiceKey, { quickbooksId: id, docNumber });
  return id;
}

function notice(overrides: Partial<OutgoingNotice> = {}): OutgoingNotice {
  return {
    noticeId: 21,
    noticeKey: 'invoice_issued:cust-harbor:inv-1042:quickbooks',
    kind: 'invoice_issued',
    customerId: 'cust-harbor',
    recipient: 'billing@harbordental.example',
    subject: 'Invoice 1042',
    body: 'Your invoice is attached.',
    invoiceKey: 'inv-1042',
    unsubscribeUrl: null,
    ...overrides,
  };
}

const emailStatusOf = (id: string) => emulator.invoices().find((invoice) => String(invoice.Id) === id) as { EmailStatus?: string; BillEmail?: { Address?: string } } | undefined;

describe("QuickBooks' send-invoice", () => {
  it('is unavailable until QuickBooks is connected, then has QuickBooks email the synced invoice to the customer (EmailSent)', async () => {
    expect(channel.unavailable()).toBe('QuickBooks is not connected: an admin connects it in Settings → QuickBooks.');
    await connect();
    expect(channel.unavailable()).toBeNull();
    const id = await invoiceInQuickBooks('inv-1042', '1042');
    expect(await channel.send(notice())).toEqual({ ok: true, providerId: `quickbooks:invoice:${id}` });
    expect(emulator.sentEmails()).toEqual([expect.objectContaining({ invoiceId: id, to: 'billing@harbordental.example' })]);
    expect(emailStatusOf(id)).toMatchObject({ EmailStatus: 'EmailSent', BillEmail: { Address: 'billing@harbordental.example' } });
    const send = emulator.requests().find((request) => request.path.endsWith(`/invoice/${id}/send`))!;
    expect(send).toMatchObject({ method: 'POST', status: 200 });
  });

  it('waits for the sync while the invoice has no QuickBooks id yet, and fails for good once QuickBooks has deleted it', async () => {
    await connect();
    synced.set('inv-1042', { quickbooksId: null, docNumber: null });
    expect(await channel.send(notice())).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/^Waiting for QuickBooks sync/) });
    const id = await invoiceInQuickBooks('inv-1042', '1042');
    const token = await broker.accessToken(null);
    if (!token.ok) throw new Error('no token');
    const invoice = emulator.invoices().find((candidate) => String(candidate.Id) === id)!;
    await api(emulator, token.handout.accessToken, 'POST', '/invoice?operation=delete', { Id: id, SyncToken: invoice.SyncToken });
    expect(await channel.send(notice())).toMatchObject({ ok: false, permanent: true, error: expect.stringMatching(/^QuickBooks no longer has invoice 1042/) });
    expect(emulator.sentEmails()).toEqual([]);
  });

  it('is tried again after a send whose answer was lost, and QuickBooks mails the invoice once (the same requestid)', async () => {
    await connect();
    const id = await invoiceInQuickBooks('inv-1042', '1042');
    emulator.faults.inject({ path: '/send', method: 'POST', fault: 'drop-after-commit' });
    expect(await channel.send(notice())).toMatchObject({ ok: false, permanent: false });
    expect(await channel.send(notice())).toEqual({ ok: true, providerId: `quickbooks:invoice:${id}` });
    expect(emulator.sentEmails()).toHaveLength(1);
  });

  it('counts a 200 carrying a Fault, and a 503, as not sent, to be tried again', async () => {
    await connect();
    await invoiceInQuickBooks('inv-1042', '1042');
    emulator.faults.inject({ path: '/send', method: 'POST', fault: 'fault-200' });
    expect(await channel.send(notice())).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/with a fault/) });
    emulator.faults.inject({ path: '/send', method: 'POST', fault: 503 });
    expect(await channel.send(notice())).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/HTTP 503/) });
  });

  it('says QuickBooks needs reconnecting once Intuit has cut the connection, and sends nothing', async () => {
    await connect();
    await invoiceInQuickBooks('inv-1042', '1042');
    emulator.disconnect();
    expect(await channel.send(notice())).toMatchObject({ ok: false, permanent: false });
    expect(channel.unavailable()).toBe('QuickBooks needs reconnecting: an admin reconnects it in Settings → QuickBooks.');
    expect(emulator.sentEmails()).toEqual([]);
  });
});

describe('a customer whose email only QuickBooks has', () => {
  it("is sent the invoice at the invoice's BillEmail: no placeholder goes to QuickBooks as sendTo", async () => {
    await connect();
    const token = await broker.accessToken(null);
    if (!token.ok) throw new Error('no token');
    const customer = emulator.customers().find((c) => c.DisplayName === 'Harbor Dental Group')!;
    const item = emulator.items().find((i) => i.Name === 'Per-call fee')!;
    const created = await api(emulator, token.handout.accessToken, 'POST', '/invoice', {
      CustomerRef: { value: String(customer.Id) },
      BillEmail: { Address: 'ap@harbordental.example' },
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: 95, SalesItemLineDetail: { ItemRef: { value: String(item.Id) }, Qty: 38, UnitPrice: 2.5 } }],
    });
    const id = String(created.json.Invoice.Id);
    synced.set('inv-1042', { quickbooksId: id, docNumber: null });
    expect(await channel.send(notice({ recipient: 'the billing email in QuickBooks' }))).toEqual({ ok: true, providerId: `quickbooks:invoice:${id}` });
    expect(emulator.sentEmails()).toEqual([expect.objectContaining({ invoiceId: id, to: 'ap@harbordental.example' })]);
    const send = emulator.requests().find((request) => request.path.endsWith(`/invoice/${id}/send`))!;
    expect(JSON.stringify(send)).not.toContain('sendTo');
  });
});

describe("QuickBooks' balance, asked before a reminder", () => {
  it('reads the balance QuickBooks has now: a payment made in QuickBooks, with no console running, brings it to 0', async () => {
    await connect();
    const id = await invoiceInQuickBooks('inv-1042', '1042');
    expect(await channel.invoiceBalance!('cust-harbor', 'inv-1042')).toEqual({ known: true, balanceMinor: 9500 });
    const token = await broker.accessToken(null);
    if (!token.ok) throw new Error('no token');
    const customer = emulator.customers().find((c) => c.DisplayName === 'Harbor Dental Group')!;
    const paid = await api(emulator, token.handout.accessToken, 'POST', '/payment', {
      CustomerRef: { value: String(customer.Id) },
      TotalAmt: 95,
      Line: [{ Amount: 95, LinkedTxn: [{ TxnId: id, TxnType: 'Invoice' }] }],
    });
    expect(paid.status).toBe(200);
    expect(await channel.invoiceBalance!('cust-harbor', 'inv-1042')).toEqual({ known: true, balanceMinor: 0 });
    expect(emulator.requests().some((request) => request.method === 'GET' && request.path.endsWith(`/invoice/${id}`))).toBe(true);
  });

  it('says it could not ask (the reminder waits) when QuickBooks is not connected or does not answer, and has nothing to ask for an invoice not in QuickBooks', async () => {
    synced.set('inv-1042', { quickbooksId: '77', docNumber: null });
    expect(await channel.invoiceBalance!('cust-harbor', 'inv-1042')).toMatchObject({ known: false, reason: expect.stringMatching(/^QuickBooks could not be asked whether the invoice is paid: QuickBooks is not connected/) });
    await connect();
    await invoiceInQuickBooks('inv-1042', '1042');
    emulator.faults.inject({ path: '/invoice/', method: 'GET', fault: 503 });
    expect(await channel.invoiceBalance!('cust-harbor', 'inv-1042')).toMatchObject({ known: false });
    synced.set('inv-1043', { quickbooksId: null, docNumber: null });
    expect(await channel.invoiceBalance!('cust-harbor', 'inv-1043')).toBeNull();
  });
});

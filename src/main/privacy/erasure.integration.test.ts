import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { callRecordingCompletedEvent, callSummaryCompletedEvent, callTranscriptCompletedEvent, recordingPath, voicemailPath } from '../../../tools/emulators/openphone/artifact-payloads';
import { MediaHost } from '../../../tools/emulators/openphone/media-host';
import { inboundMms, inboundSms, mmsPath } from '../../../tools/emulators/openphone/message-script';
import { callCompletedEvent, newCallId, phoneNumberIdFor } from '../../../tools/emulators/openphone/payloads';
import { sendOpenPhoneWebhook } from '../../../tools/emulators/openphone/sender';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../shared/api/contract';
import { dispatchApiCall } from '../api/dispatch';
import { createConsoleCore, type ConsoleCore } from '../core/console-core';
import { MemorySettingsStore } from '../settings';

/**
 * THE scan (issue 15 §4): a real relay process and a real console core on its own SQLite file.
 * Maria Lopez called (recorded, transcribed, summarized), texted a photo and a message, and
 * left a voicemail that was transcribed; the console showed her photo and recording (so its
 * media cache holds them). An admin erases her from the console. Then every file the relay
 * keeps (relay.db and its -wal and -shm, the media folder) and every file of the console
 * (its database, -wal, -shm, and the media cache) is read byte by byte: none holds her
 * name, her numbers in any spelling, her email or the words she said or wrote. Theodore,
 * another customer, is still there, whole, and the console's charges, wallet balances and
 * invoice totals, hers and his, are what they were before.
 */

const LINE = '+16175550190';
const MARIA = { name: 'Maria Lopez', phone: '+16175550181', email: 'maria.lopez@example.org' };
const THEO = { name: 'Theodore Blackwood', phone: '+16175550182' };
const HER_TEXT = 'The crack by the north wall got wider overnight';
const HER_MMS = 'Here is the photo of the basement crack';
const HER_WORDS = 'water is coming through the basement floor at 48 Larchmont Terrace';
const HER_VOICEMAIL = 'please ring me back about the foundation quote';
const HIS_TEXT = 'Theodore here, the sump pump is fine now';
const HIS_WORDS = 'calling about the invoice from March';

const needles = [
  MARIA.name,
  'Lopez',
  MARIA.email,
  MARIA.phone,
  MARIA.phone.slice(1),
  '6175550181',
  '(617) 555-0181',
  '617-555-0181',
  '617 555 0181',
  '5550181',
  HER_TEXT,
  HER_MMS,
  HER_WORDS,
  'Larchmont',
  HER_VOICEMAIL,
];

let dir: string;
let host: MediaHost;
let relay: RelayProcess;
let core: ConsoleCore;
let secret: string;
const dbPath = () => join(dir, 'console.db');
const mediaCacheDir = () => join(dir, 'media-cache');

async function api<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
  const result = await dispatchApiCall(core.handlers, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error}`);
  return result.value as ApiOutputs[M];
}

async function post(body: string): Promise<void> {
  const answer = await sendOpenPhoneWebhook(relay.url, body, { secretBase64: secret, generation: 'legacy' });
  expect(answer.status, answer.text).toBeLessThan(300);
}

/** Reads the console's database on its own connection (closed at once, so it never holds a checkpoint back). */
function consoleRows<T>(sql: string, ...params: unknown[]): T[] {
  const db = new BetterSqlite3(dbPath(), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const full = join(folder, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function needlesIn(files: readonly string[], wanted: readonly string[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      continue; // a -wal or -shm SQLite removed meanwhile
    }
    for (const needle of wanted) {
      if (bytes.includes(Buffer.from(needle, 'utf8')) || bytes.includes(Buffer.from(needle, 'utf16le'))) hits.push(`${file.slice(dir.length + 1)}: ${needle}`);
    }
  }
  return hits;
}

const relayFiles = () => filesUnder(relay.dataDir);
const consoleFiles = () => [dbPath(), `${dbPath()}-wal`, `${dbPath()}-shm`, ...filesUnder(mediaCacheDir())];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringside-erasure-scan-'));
  secret = randomBytes(32).toString('base64');
  host = await MediaHost.start();
  relay = await startRelayProcess({
    dataDir: join(dir, 'relay'),
    secretBase64: secret,
    env: { OPENPHONE_PHONE_NUMBER_IDS: `${phoneNumberIdFor(LINE)}=${LINE}`, RELAY_MEDIA_ALLOWED_HOSTS: host.hostPort, RELAY_MEDIA_RETRY_BASE_MS: '20', RELAY_MEDIA_RETRY_CAP_MS: '80' },
  });
  const token = await relay.addDevice('Front desk', 'admin');
  core = createConsoleCore({ dbPath: dbPath(), mediaCacheDir: mediaCacheDir(), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: token, phoneRegion: 'US' }), backoff: { baseMs: 50, capMs: 300 }, quickBooksSync: false });
  await core.start();

  const csv = ['name,company,email,phones,plan,plan_period,included_hours,plan_price,currency,subscription_start', `${MARIA.name},,${MARIA.email},(617) 555-0181,,,,,,`, `${THEO.name},,,617-555-0182,,,,,,`].join('\n');
  expect((await api('customers.importCsv', { csv, fileName: 'people.csv' })).rejected).toEqual([]);
  // Billing: each pay-per-call call invoiced on its own; Maria's wallet credited less than her call costs (the rest billed), and a top-up invoiced to her.
  await api('billing.definePolicy', { invoicing: { mode: 'per_call' } });
  // The import posts to the relay; the customers are here once the stream brings them back.
  await vi.waitFor(async () => expect(await api('customers.search', { query: 'Maria', limit: 1 })).toHaveLength(1), { timeout: 15_000 });
  const mariaId = (await api('customers.search', { query: 'Maria', limit: 1 }))[0]!.id;
  await api('billing.creditWallet', { customerId: mariaId, kind: 'grant', amountMinor: 500, currency: 'USD' });
  await api('billing.invoiceTopUp', { customerId: mariaId, amountMinor: 4_000, currency: 'USD' });

  const signed = (path: string) => host.signedUrl(path, 3600);
  const start = new Date(Date.now() - 3_600_000);
  const later = (seconds: number) => new Date(start.getTime() + seconds * 1000);

  // Maria's answered call: recorded, transcribed, summarized.
  const herCall = { callId: newCallId(), from: MARIA.phone, to: LINE, createdAt: start, answeredAt: later(5), completedAt: later(185) };
  host.addRecording(recordingPath(herCall.callId), 3, `${MARIA.name} call`);
  await post(callCompletedEvent(herCall).body);
  await post(callRecordingCompletedEvent({ ...herCall, at: later(190), mediaBaseUrl: signed, durationSeconds: 180 }).body);
  await post(
    callTranscriptCompletedEvent({
      callId: herCall.callId,
      at: later(200),
      durationSeconds: 180,
      dialogue: [
        { identifier: LINE, userId: 'US1', content: 'Thanks for calling, how can I help?', start: 0, end: 3 },
        { identifier: MARIA.phone, userId: null, content: `This is ${MARIA.name}, ${HER_WORDS}, call me on (617) 555-0181`, start: 4, end: 20 },
      ],
    }).body,
  );
  await post(callSummaryCompletedEvent({ callId: herCall.callId, at: later(210), summary: [`${MARIA.name} reports ${HER_WORDS}`], nextSteps: ['Send a quote'] }).body);

  // Her MMS with a photo, and a plain text.
  const mms = inboundMms({ line: LINE, from: MARIA.phone, body: HER_MMS, photos: 1, mediaBaseUrl: signed, start: later(300) });
  host.addPhoto(mmsPath(mms.messageIds[0]!, 0), `photo of ${MARIA.name}'s basement`, 20_000);
  await post(mms.deliveries[0]!.body);
  await post(inboundSms({ line: LINE, from: MARIA.phone, body: HER_TEXT, start: later(320) }).deliveries[0]!.body);

  // Her missed call with a voicemail, transcribed.
  const missed = { callId: newCallId(), from: MARIA.phone, to: LINE, createdAt: later(400), answeredAt: null, completedAt: later(430) };
  host.addRecording(voicemailPath(missed.callId), 3, `voicemail from ${MARIA.phone}`);
  await post(callCompletedEvent({ ...missed, voicemailUrl: signed(voicemailPath(missed.callId)), voicemailDurationSeconds: 3 }).body);
  await post(callTranscriptCompletedEvent({ callId: missed.callId, at: later(440), durationSeconds: 3, dialogue: [{ identifier: MARIA.phone, userId: null, content: `Hi it is ${MARIA.name} again, ${HER_VOICEMAIL}`, start: 0, end: 3 }] }).body);

  // Theodore's call with a transcript and his text: they stay.
  const hisCall = { callId: newCallId(), from: THEO.phone, to: LINE, createdAt: later(500), answeredAt: later(505), completedAt: later(565) };
  await post(callCompletedEvent(hisCall).body);
  await post(callTranscriptCompletedEvent({ callId: hisCall.callId, at: later(570), durationSeconds: 60, dialogue: [{ identifier: THEO.phone, userId: null, content: `${THEO.name} ${HIS_WORDS}`, start: 0, end: 5 }] }).body);
  await post(inboundSms({ line: LINE, from: THEO.phone, body: HIS_TEXT, start: later(600) }).deliveries[0]!.body);

  // The console has all of it, and has shown her photo, recording and voicemail (its cache holds them).
  await vi.waitFor(
    () => {
      expect(consoleRows('SELECT body FROM messages').length).toBe(3);
      expect(consoleRows('SELECT 1 FROM transcript_lines').length).toBe(4);
      expect(consoleRows('SELECT 1 FROM media_captures').length).toBe(3);
    },
    { timeout: 30_000, interval: 100 },
  );
  for (const { media_id } of consoleRows<{ media_id: string }>('SELECT media_id FROM media_captures')) {
    expect(await api('media.fetch', { mediaId: media_id })).toMatchObject({ available: true });
  }
  expect(filesUnder(mediaCacheDir())).toHaveLength(3);
  // Her answered call and Theodore's are charged and invoiced.
  await vi.waitFor(async () => expect((await billingTotals()).invoices.filter((invoice) => invoice.kind === 'pay_per_call')).toHaveLength(2), { timeout: 30_000, interval: 100 });
}, 120_000);

/** What the console bills, as its billing pages read it: every charge, wallet and invoice by id with its figures (names and numbers left out: they are what erasure replaces). */
async function billingTotals() {
  const charges = (await api('billing.charges', { limit: 1000 })).map((charge) => ({
    chargeId: charge.chargeId,
    callId: charge.callId,
    customerId: charge.customerId,
    startedAt: charge.startedAt,
    rawSeconds: charge.rawSeconds,
    billableSeconds: charge.billableSeconds,
    lines: charge.lines,
    totalMinor: charge.totalMinor,
    currency: charge.currency,
  }));
  const wallets = await Promise.all(
    (await api('billing.wallets', {})).map(async (wallet) => ({
      customerId: wallet.customerId,
      balanceMinor: wallet.balanceMinor,
      currency: wallet.currency,
      ledger: (await api('billing.walletLedger', { customerId: wallet.customerId })).map((entry) => ({ entryId: entry.entryId, kind: entry.kind, amountMinor: entry.amountMinor, balanceAfterMinor: entry.balanceAfterMinor })),
    })),
  );
  const invoices = (await api('billing.invoices', { limit: 1000 })).map((invoice) => ({
    invoiceKey: invoice.invoiceKey,
    customerId: invoice.customerId,
    kind: invoice.kind,
    status: invoice.status,
    issueDate: invoice.issueDate,
    amounts: invoice.lines.map((line) => [line.quantity, line.unitPriceMinor, line.amountMinor, line.taxMinor]),
    subtotalMinor: invoice.subtotalMinor,
    taxMinor: invoice.taxMinor,
    totalMinor: invoice.totalMinor,
    balanceMinor: invoice.balanceMinor,
  }));
  const byKey = <T>(rows: T[], key: (row: T) => string): T[] => rows.sort((a, b) => key(a).localeCompare(key(b)));
  return { charges: byKey(charges, (row) => row.chargeId), wallets: byKey(wallets, (row) => row.customerId), invoices: byKey(invoices, (row) => row.invoiceKey) };
}

afterAll(async () => {
  await core?.stop();
  await relay?.stop();
  await host?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('after a customer is erased', () => {
  it('no byte of their name, numbers, email or words is left in any relay file, the console database files or its media cache; the other customer is still there, and every charge, wallet balance and invoice total is what it was', async () => {
    // Before: she is in both (the scan finds what it looks for).
    expect(needlesIn(relayFiles(), [MARIA.name]).length).toBeGreaterThan(0);
    expect(needlesIn(consoleFiles(), [MARIA.name, HER_TEXT]).length).toBeGreaterThan(0);

    const customerId = consoleRows<{ customer_id: string }>('SELECT customer_id FROM customers WHERE name = ?', MARIA.name)[0]!.customer_id;
    const billedBefore = await billingTotals();
    // She has charges, a wallet and invoices of her own, as Theodore has.
    expect(billedBefore.charges.filter((charge) => charge.customerId === customerId && charge.totalMinor > 0).length).toBeGreaterThan(0);
    expect(billedBefore.charges.find((charge) => charge.customerId === customerId && charge.totalMinor > 0)?.lines.map((line) => line.bucket)).toEqual(['wallet', 'pay_per_call']);
    expect(billedBefore.wallets.find((wallet) => wallet.customerId === customerId)?.ledger.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['grant', 'usage']));
    expect(billedBefore.invoices.filter((invoice) => invoice.customerId === customerId).map((invoice) => invoice.kind).sort()).toEqual(['pay_per_call', 'wallet_top_up']);
    expect(billedBefore.invoices.filter((invoice) => invoice.customerId !== customerId).length).toBeGreaterThan(0);
    await expect(api('privacy.eraseCustomer', { requestId: 'erase-maria-0001', customerId, confirmName: 'Maria' })).rejects.toThrow('Type the customer’s name exactly as shown (Maria Lopez) to erase them.');
    const erasure = await api('privacy.eraseCustomer', { requestId: 'erase-maria-0001', customerId, confirmName: ' maria  lopez ' });
    expect(erasure.customerId).toBe(customerId);

    await vi.waitFor(async () => expect((await api('privacy.erasures', {})).find((e) => e.erasureId === erasure.erasureId)?.state).toBe('done'), { timeout: 60_000, interval: 200 });
    // The console followed every part of the relay's redaction to the end.
    await vi.waitFor(
      () => {
        const parts = consoleRows<{ state: string }>('SELECT state FROM privacy_redactions');
        expect(parts.length).toBeGreaterThan(0);
        expect(parts.filter((part) => part.state !== 'done')).toEqual([]);
      },
      { timeout: 60_000, interval: 200 },
    );

    expect(needlesIn(relayFiles(), needles)).toEqual([]);
    expect(needlesIn(consoleFiles(), needles)).toEqual([]);
    expect(filesUnder(mediaCacheDir())).toHaveLength(0);

    // Theodore is whole; her calls and texts still happened, without her.
    expect(consoleRows<{ name: string }>('SELECT name FROM customers ORDER BY name').map((row) => row.name)).toContain(THEO.name);
    expect(consoleRows<{ body: string }>('SELECT body FROM messages').map((row) => row.body)).toContain(HIS_TEXT);
    expect(consoleRows<{ text: string }>('SELECT text FROM transcript_lines').map((row) => row.text)).toContain(`${THEO.name} ${HIS_WORDS}`);
    expect(consoleRows('SELECT 1 FROM calls')).toHaveLength(3);
    expect(consoleRows('SELECT 1 FROM messages')).toHaveLength(3);
    expect(needlesIn([...relayFiles(), ...consoleFiles()], [THEO.name, HIS_TEXT]).length).toBeGreaterThan(0);
    const search = await api('customers.search', { query: 'Lopez', limit: 10 });
    expect(search).toEqual([]);

    // What the console bills is what it billed: every charge, wallet balance and invoice total, hers and Theodore's.
    expect(await billingTotals()).toEqual(billedBefore);
  }, 180_000);
});

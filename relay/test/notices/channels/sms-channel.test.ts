import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '../../../../src/shared/events/model';
import { phoneNumberIdFor } from '../../../../tools/emulators/openphone/payloads';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../../../tools/emulators/openphone/rest-api';
import { parseRelaySettings } from '../../../src/config';
import { openRelayDatabase, type RelayDatabase } from '../../../src/database';
import { EventLog } from '../../../src/log/event-log';
import { createLogger } from '../../../src/logger';
import type { NoticeChannel, OutgoingNotice } from '../../../src/notices/notice-channel';
import { createNoticeChannels } from '../../../src/notices/channels/notice-channels';
import type { OpenPhoneSettings } from '../../../src/providers/openphone/settings';
import { relayOpenPhoneClient } from '../../../src/providers/openphone/rest/relay-openphone-client';

/**
 * Notices by text through the OpenPhone REST emulator, with the relay's own OpenPhone client
 * and a real event log: the text goes from the right line and is recorded as a sent text, so
 * it shows in the customer's conversation on every console.
 */

const API_KEY = 'notice-test-openphone-key-0001';
const MAIN_LINE = '+16175550140';
const BILLING_LINE = '+16175550141';
const CUSTOMER = '+16175550177';

let emulator: OpenPhoneRestEmulator;
let dir: string;
let db: RelayDatabase;
let log: EventLog;

beforeAll(async () => {
  emulator = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: [{ number: MAIN_LINE }, { number: BILLING_LINE }] });
  dir = mkdtempSync(path.join(tmpdir(), 'ringside-notice-sms-'));
  db = openRelayDatabase(dir);
  log = new EventLog(db);
});

afterAll(async () => {
  await emulator?.close();
  log.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function smsChannel(env: Record<string, string> = {}): NoticeChannel {
  const parsed = parseRelaySettings({ OPENPHONE_API_KEY: API_KEY, OPENPHONE_API_BASE_URL: emulator.url, ...env });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const { settings } = parsed;
  const channels = createNoticeChannels({
    settings: settings.noticeChannels,
    openPhone: relayOpenPhoneClient(settings.openPhoneRest, Date.now),
    configuredLines: (settings.providers.openphone as OpenPhoneSettings | undefined)?.phoneNumberIds ?? {},
    quickBooks: null,
    accounts: { invoiceOf: () => null },
    invoicePdf: async () => null,
    log,
    logger: createLogger('error', Date.now),
    clock: Date.now,
  });
  return channels.find((channel) => channel.name === 'sms')!;
}

function notice(overrides: Partial<OutgoingNotice> = {}): OutgoingNotice {
  return {
    noticeId: 11,
    noticeKey: 'low_balance:cust-harbor:2026-12',
    kind: 'low_balance',
    customerId: 'cust-harbor',
    recipient: CUSTOMER,
    subject: 'Your support hours are running low',
    body: 'Hi Harbor Dental, you have 0.5 hours of support left this month. Top up: https://relay.example.com/portal/abc',
    invoiceKey: null,
    unsubscribeUrl: null,
    ...overrides,
  };
}

const recordedTexts = () =>
  log
    .readAfter(0, 10_000)
    .map((entry) => JSON.parse(entry.json) as EventOf<'message.recorded'>)
    .filter((event) => event.type === 'message.recorded');

describe('text notices', () => {
  it('go through OpenPhone from the first configured line and are recorded as a sent text in the customer\'s conversation', async () => {
    const channel = smsChannel({ OPENPHONE_PHONE_NUMBER_IDS: `${phoneNumberIdFor(MAIN_LINE)}=${MAIN_LINE},${phoneNumberIdFor(BILLING_LINE)}=${BILLING_LINE}` });
    expect(channel.unavailable()).toBeNull();
    const result = await channel.send(notice());
    const accepted = emulator.messages.at(-1)!;
    expect(result).toEqual({ ok: true, providerId: `openphone:${accepted.id}` });
    expect(accepted).toMatchObject({ phoneNumberId: phoneNumberIdFor(MAIN_LINE), to: [CUSTOMER], text: notice().body });
    const recorded = recordedTexts().find((event) => event.data.messageId === `openphone:${accepted.id}`);
    expect(recorded).toMatchObject({
      source: 'relay',
      lines: [MAIN_LINE],
      data: { direction: 'outgoing', businessNumber: MAIN_LINE, from: MAIN_LINE, participants: [CUSTOMER], body: notice().body, status: 'queued' },
    });
  });

  it("carry a portal link's token to the customer, and record the sent text with the token replaced, as the outbox keeps it", async () => {
    const channel = smsChannel({ OPENPHONE_PHONE_NUMBER_IDS: `${phoneNumberIdFor(MAIN_LINE)}=${MAIN_LINE}` });
    const url = 'https://relay.example.com/portal/Tok3nTok3nTok3nTok3nTok3nTok3nTok3nTok3nTo';
    const linkNotice = notice({ kind: 'portal_link', body: `Here is your link: ${url}`, redact: { secret: url, replacement: 'https://relay.example.com/portal/…' } });
    const result = await channel.send(linkNotice);
    expect(result.ok).toBe(true);
    expect(emulator.messages.at(-1)!.text).toBe(`Here is your link: ${url}`);
    const recorded = recordedTexts().at(-1)!;
    expect(recorded.data.body).toBe('Here is your link: https://relay.example.com/portal/…');
    expect(JSON.stringify(recordedTexts())).not.toContain('Tok3n');
  });

  it('go from the notice\'s own line when it names one, found in OpenPhone\'s list of lines', async () => {
    const channel = smsChannel();
    const result = await channel.send(notice({ noticeKey: 'portal_link:cust-harbor:1', kind: 'portal_link', from: BILLING_LINE }));
    expect(result).toMatchObject({ ok: true });
    expect(emulator.messages.at(-1)).toMatchObject({ phoneNumberId: phoneNumberIdFor(BILLING_LINE), to: [CUSTOMER] });
    expect(recordedTexts().at(-1)).toMatchObject({ lines: [BILLING_LINE], data: { from: BILLING_LINE } });
  });

  it('without a configured line, go from the first line OpenPhone lists', async () => {
    const result = await smsChannel().send(notice({ noticeKey: 'renewal:cust-harbor:2027-01' }));
    expect(result).toMatchObject({ ok: true });
    expect(emulator.messages.at(-1)).toMatchObject({ phoneNumberId: phoneNumberIdFor(MAIN_LINE) });
  });

  it('fail for good on a text OpenPhone refuses as made, and are tried again while the line is not registered for texting', async () => {
    const channel = smsChannel();
    const sent = emulator.messages.length;
    const tooLong = await channel.send(notice({ body: 'x'.repeat(1601) }));
    expect(tooLong).toMatchObject({ ok: false, permanent: true, error: expect.stringMatching(/^OpenPhone refused the text \(400\)/) });
    emulator.refuseSends('0206400');
    try {
      expect(await channel.send(notice())).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/^OpenPhone refused the text \(400\)/) });
    } finally {
      emulator.refuseSends(null);
    }
    expect(emulator.messages.length).toBe(sent);
    expect(await channel.send(notice({ recipient: 'not a number' }))).toMatchObject({ ok: false, permanent: true, error: 'not a number is not a phone number a text can be sent to.' });
  });

  it('are tried again when OpenPhone keeps asking the relay to slow down', async () => {
    emulator.answerTooManyRequests(4);
    const result = await smsChannel({ OPENPHONE_PHONE_NUMBER_IDS: `${phoneNumberIdFor(MAIN_LINE)}=${MAIN_LINE}` }).send(notice());
    expect(result).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/429/) });
  });
});

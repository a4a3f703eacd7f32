import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '../../../src/shared/events/model';
import type { SendMessageAnswer, SendMessageRefusal } from '../../../src/shared/relay-rest/messages';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { phoneNumberIdFor } from '../../../tools/emulators/openphone/payloads';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../../tools/emulators/openphone/rest-api';
import { StreamClient } from '../support/stream-client';

const API_KEY = 'relay-test-openphone-key-0001';
const FRONT_DESK_LINE = '+16175550100';
const BACK_OFFICE_LINE = '+16175550101';
const CUSTOMER = '+16175550111';

let emulator: OpenPhoneRestEmulator;
let relay: RelayProcess;
let admin: string;
let frontDesk: string;
let backOffice: string;

beforeAll(async () => {
  emulator = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: [{ number: FRONT_DESK_LINE }, { number: BACK_OFFICE_LINE }] });
  const legacySecretBase64 = randomBytes(32).toString('base64');
  const standardSecret = `whsec_${randomBytes(32).toString('base64')}`;
  relay = await startRelayProcess({
    secretBase64: legacySecretBase64,
    env: { OPENPHONE_API_KEY: API_KEY, OPENPHONE_API_BASE_URL: emulator.url, OPENPHONE_WEBHOOK_SECRET: `${legacySecretBase64},${standardSecret}` },
  });
  emulator.deliverOutcomesTo({ relayUrl: relay.url, legacySecretBase64, standardSecret, delayMs: 30 });
  [admin, frontDesk, backOffice] = await Promise.all([
    relay.addDevice('Owner', 'admin'),
    relay.addDevice('Front desk', 'agent', [FRONT_DESK_LINE]),
    relay.addDevice('Back office', 'agent', [BACK_OFFICE_LINE]),
  ]);
});

afterAll(async () => {
  await relay?.stop();
  await emulator?.close();
});

function reply(overrides: Partial<{ requestId: string; from: string; to: string[]; content: string }> = {}) {
  return { requestId: randomUUID(), from: FRONT_DESK_LINE, to: [CUSTOMER], content: 'Hi, your invoice is ready.', ...overrides };
}

async function post(token: string, body: unknown, relayUrl = relay.url): Promise<{ status: number; body: SendMessageAnswer & SendMessageRefusal }> {
  const res = await fetch(`${relayUrl}/v1/messages`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as SendMessageAnswer & SendMessageRefusal };
}

const messageRecords = (stream: StreamClient, messageId: string) =>
  stream
    .events()
    .map(({ event }) => event)
    .filter((event): event is EventOf<'message.recorded'> => event.type === 'message.recorded' && event.data.messageId === messageId);

const sendsAccepted = () => emulator.messages.length;

describe('POST /v1/messages', () => {
  it('sends a reply through OpenPhone, records it as sent by the relay, and the same messageId shows delivered once OpenPhone reports it', async () => {
    const stream = await StreamClient.open(relay.wsUrl, frontDesk);
    const sent = await post(frontDesk, reply({ content: 'Your invoice INV-104 is ready.' }));
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ messageId: expect.stringMatching(/^openphone:AC[0-9a-f]{32}$/), status: 'queued', duplicate: false, seq: expect.any(Number) });
    const accepted = emulator.messages.at(-1)!;
    expect(sent.body.messageId).toBe(`openphone:${accepted.id}`);
    // The relay sent from the line's PN id, with the key as OpenPhone takes it.
    expect(accepted).toMatchObject({ phoneNumberId: phoneNumberIdFor(FRONT_DESK_LINE), to: [CUSTOMER], text: 'Your invoice INV-104 is ready.' });

    await stream.waitFor((client) => messageRecords(client, sent.body.messageId).some((event) => event.data.status === 'delivered'), 'the delivered record');
    const [recorded, delivered] = messageRecords(stream, sent.body.messageId);
    expect(recorded).toMatchObject({
      source: 'relay',
      lines: [FRONT_DESK_LINE],
      data: { direction: 'outgoing', businessNumber: FRONT_DESK_LINE, from: FRONT_DESK_LINE, participants: [CUSTOMER], body: 'Your invoice INV-104 is ready.', status: 'queued', errorCode: null },
    });
    expect(stream.events().find(({ event }) => event === recorded)!.seq).toBe(sent.body.seq);
    expect(delivered).toMatchObject({ source: 'openphone', lines: [FRONT_DESK_LINE], data: { status: 'delivered', participants: [CUSTOMER] } });
    await emulator.settled();
    expect(emulator.webhookAnswers.at(-1)).toMatchObject({ messageId: accepted.id, status: 200 });
    await stream.close();
  });

  it('shows a text OpenPhone could not deliver as failed, under the messageId the send answered', async () => {
    const stream = await StreamClient.open(relay.wsUrl, frontDesk);
    emulator.reportOutcome('failed');
    try {
      const sent = await post(frontDesk, reply());
      expect(sent.status).toBe(200);
      await stream.waitFor((client) => messageRecords(client, sent.body.messageId).some((event) => event.data.status === 'failed'), 'the failed record');
      expect(messageRecords(stream, sent.body.messageId).map((event) => [event.source, event.data.status])).toEqual([
        ['relay', 'queued'],
        ['openphone', 'failed'],
      ]);
    } finally {
      emulator.reportOutcome('delivered');
      await stream.close();
    }
  });

  it('refuses an agent texting from a line that is not assigned to it with 403 in plain words, and sends nothing', async () => {
    const before = sendsAccepted();
    const refused = await post(backOffice, reply());
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ code: 'line_not_assigned', error: `This console may not text from ${FRONT_DESK_LINE}: it is not one of the lines assigned to it.` });
    expect(sendsAccepted()).toBe(before);
    // The admin may text from any line, the agent from its own.
    expect((await post(admin, reply())).status).toBe(200);
    expect((await post(backOffice, reply({ from: BACK_OFFICE_LINE }))).status).toBe(200);
    expect(sendsAccepted()).toBe(before + 2);
  });

  it('sends a retried requestId once, whether the retry comes after the answer or while the first is still sending', async () => {
    const before = sendsAccepted();
    const message = reply();
    const first = await post(frontDesk, message);
    const again = await post(frontDesk, message);
    expect(first.status).toBe(200);
    expect(again).toEqual({ status: 200, body: { ...first.body, duplicate: true } });

    const racing = reply();
    const answers = await Promise.all([post(frontDesk, racing), post(frontDesk, racing), post(frontDesk, racing)]);
    expect(new Set(answers.map((answer) => answer.body.messageId)).size).toBe(1);
    expect(answers.map((answer) => answer.body.duplicate).sort()).toEqual([false, true, true]);
    expect(sendsAccepted()).toBe(before + 2);

    // The same requestId for another text is a console bug, refused rather than guessed at.
    const reused = await post(frontDesk, { ...message, content: 'Something else' });
    expect(reused).toMatchObject({ status: 409, body: { code: 'request_id_reused' } });
    expect(reused.body.error).toContain('already used for a different message');
    // The same text under the same requestId from another console (the admin may text from any line) is not a retry.
    const fromAnother = await post(admin, message);
    expect(fromAnother).toMatchObject({ status: 409, body: { code: 'request_id_reused' } });
    expect(fromAnother.body.error).toBe('Another console already used this requestId for its own message, so this one was not sent, even with the same text; every new message needs a new requestId.');
    expect(sendsAccepted()).toBe(before + 2);
  });

  it('says in plain words that A2P registration or credits are missing, and sends the same request once they are fixed', async () => {
    const message = reply();
    emulator.refuseSends('0206400');
    const a2p = await post(frontDesk, message);
    expect(a2p.status).toBe(422);
    expect(a2p.body.code).toBe('0206400');
    expect(a2p.body.error).toMatch(/^Texting to US numbers needs an approved A2P 10DLC registration in OpenPhone\. The message was not sent\./);

    emulator.refuseSends('0200402');
    const credits = await post(frontDesk, message);
    expect(credits.status).toBe(402);
    expect(credits.body).toMatchObject({ code: '0200402', error: expect.stringMatching(/^The OpenPhone workspace is out of prepaid credits\./) });

    emulator.refuseSends(null);
    const sent = await post(frontDesk, message);
    expect(sent).toMatchObject({ status: 200, body: { duplicate: false } });
  });

  it('refuses a reply to a group thread in plain words: OpenPhone\'s API texts one person at a time', async () => {
    const before = sendsAccepted();
    const group = await post(frontDesk, reply({ to: [CUSTOMER, '+16175550112'] }));
    expect(group.status).toBe(422);
    expect(group.body.code).toBe('group_thread');
    expect(group.body.error).toContain('group conversation');
    expect(sendsAccepted()).toBe(before);
  });

  it('refuses what is not a text it can send with 400 naming the problem', async () => {
    const cases: [unknown, string][] = [
      [reply({ content: '   \n ' }), 'only spaces'],
      [reply({ content: 'x'.repeat(1601) }), 'at most 1600 characters'],
      [reply({ to: ['617-555-0111'] }), 'E.164'],
      [{ ...reply(), requestId: undefined }, 'requestId'],
      [{ ...reply(), mediaUrls: ['https://example.test/a.png'] }, 'mediaUrls'],
    ];
    for (const [body, words] of cases) {
      const refused = await post(frontDesk, body);
      expect(refused.status, words).toBe(400);
      expect(refused.body.code).toBe('invalid_request');
      expect(refused.body.error).toContain(words);
    }
    expect((await post('rs_not-a-device-token-0000000000000000000000', reply())).status).toBe(401);
  });

  it('spreads 11 quick sends under OpenPhone\'s 10 a second, and retries a 429 OpenPhone answers anyway', async () => {
    // Let the key's allowance refill from the tests before.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const firstRequest = emulator.requests.length;
    const answers = await Promise.all(Array.from({ length: 11 }, () => post(admin, reply())));
    expect(answers.map((answer) => answer.status)).toEqual(Array(11).fill(200));
    const seen = emulator.requests.slice(firstRequest).filter((request) => request.path === '/v1/messages');
    expect(seen.map((request) => request.status)).toEqual(Array(11).fill(202));
    // Paced: the eleventh left at least a tenth of a second after the first.
    expect(seen.at(-1)!.atMs - seen[0]!.atMs).toBeGreaterThanOrEqual(100);

    emulator.answerTooManyRequests(2);
    const afterBusy = emulator.requests.length;
    const retried = await post(admin, reply());
    expect(retried).toMatchObject({ status: 200, body: { duplicate: false } });
    expect(emulator.requests.slice(afterBusy).map((request) => request.status)).toEqual([429, 429, 202]);
  });

  it('names the setting to set while OPENPHONE_API_KEY is unset, and says the key was refused when OpenPhone refuses it', async () => {
    const unconfigured = await startRelayProcess();
    const badKey = await startRelayProcess({ env: { OPENPHONE_API_KEY: 'not-the-workspace-key', OPENPHONE_API_BASE_URL: emulator.url } });
    try {
      const [unconfiguredToken, badKeyToken] = await Promise.all([unconfigured.addDevice('Owner', 'admin'), badKey.addDevice('Owner', 'admin')]);
      const notSetUp = await post(unconfiguredToken, reply(), unconfigured.url);
      expect(notSetUp).toMatchObject({ status: 503, body: { code: 'not_configured', error: expect.stringContaining('OPENPHONE_API_KEY') } });
      const refusedKey = await post(badKeyToken, reply(), badKey.url);
      expect(refusedKey).toMatchObject({ status: 502, body: { code: 'api_key_refused', error: expect.stringContaining("OpenPhone refused the relay's OpenPhone API key") } });
      expect(badKey.output()).not.toContain('not-the-workspace-key');
    } finally {
      await Promise.all([unconfigured.stop(), badKey.stop()]);
    }
  });
});

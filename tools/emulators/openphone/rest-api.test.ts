import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { phoneNumberIdFor } from './payloads';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator, type OpenPhoneRestEmulatorOptions } from './rest-api';
import { signLegacy, signStandard } from './signature';

const KEY = 'emulated-api-key-0001';
const LINE = '+16175550100';
const CUSTOMER = '+16175550111';

let emulator: OpenPhoneRestEmulator | null = null;
let receiver: Server | null = null;

afterEach(async () => {
  await emulator?.close();
  emulator = null;
  await new Promise<void>((resolve) => (receiver === null ? resolve() : receiver.close(() => resolve())));
  receiver = null;
});

async function start(options: Partial<OpenPhoneRestEmulatorOptions> = {}): Promise<OpenPhoneRestEmulator> {
  emulator = await startOpenPhoneRestEmulator({ apiKeys: [KEY], lines: [{ number: LINE }], ...options });
  return emulator;
}

function call(method: string, path: string, body?: unknown, authorization: string | null = KEY) {
  return fetch(`${emulator!.url}${path}`, {
    method,
    headers: { ...(authorization === null ? {} : { authorization }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const send = (body: unknown, authorization: string | null = KEY) => call('POST', '/v1/messages', body, authorization);
const reply = { content: 'Your invoice is ready', from: LINE, to: [CUSTOMER] };

/** A loopback stand-in for the relay's webhook endpoint that records what it is sent. */
async function webhookReceiver(): Promise<{ url: string; received: { headers: Record<string, string | string[] | undefined>; body: string }[] }> {
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"seq":1,"duplicate":false}');
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`, received };
}

describe('the OpenPhone REST emulator', () => {
  it('takes the API key as the whole Authorization header and refuses "Bearer <key>" with OpenPhone\'s error body', async () => {
    await start();
    expect((await call('GET', '/v1/phone-numbers')).status).toBe(200);
    for (const authorization of [`Bearer ${KEY}`, null, 'another-key']) {
      const refused = await call('GET', '/v1/phone-numbers', undefined, authorization);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ code: '0400401', status: 401, title: 'Unauthorized', docs: 'https://openphone.com/docs', message: expect.any(String) });
    }
  });

  it('lists the workspace lines with their PN ids, unpaginated', async () => {
    await start({ lines: [{ number: LINE, name: 'Front desk' }, { number: '+16175550101' }] });
    const body = (await (await call('GET', '/v1/phone-numbers')).json()) as { data: { id: string; number: string; users: unknown[] }[]; nextPageToken?: unknown };
    expect(body.data.map((line) => [line.id, line.number])).toEqual([
      [phoneNumberIdFor(LINE), LINE],
      [phoneNumberIdFor('+16175550101'), '+16175550101'],
    ]);
    expect(body.data[0]!.users).toHaveLength(1);
    expect(body).not.toHaveProperty('nextPageToken');
  });

  it('accepts a text with 202 and the message, from the number or its PN id, and shows it at GET /v1/messages/{id}', async () => {
    await start();
    const accepted = await send(reply);
    expect(accepted.status).toBe(202);
    const { data } = (await accepted.json()) as { data: { id: string; status: string; from: string; to: string[]; text: string; phoneNumberId: string } };
    expect(data).toMatchObject({ status: 'queued', from: LINE, to: [CUSTOMER], text: reply.content, phoneNumberId: phoneNumberIdFor(LINE) });
    expect(data.id).toMatch(/^AC[0-9a-f]{32}$/);
    expect((await send({ ...reply, from: phoneNumberIdFor(LINE) })).status).toBe(202);
    expect(await (await call('GET', `/v1/messages/${data.id}`)).json()).toEqual({ data: expect.objectContaining({ id: data.id, text: reply.content }) });
    expect((await call('GET', '/v1/messages/ACnothing')).status).toBe(404);
    expect(emulator!.messages).toHaveLength(2);
  });

  it('refuses what OpenPhone\'s schema refuses, naming each field in `errors`', async () => {
    await start();
    const cases: [unknown, string, string][] = [
      [{ ...reply, content: '   ' }, '/content', 'non-whitespace'],
      [{ ...reply, content: 'x'.repeat(1601) }, '/content', 'between 1 and 1600'],
      [{ ...reply, content: '' }, '/content', 'between 1 and 1600'],
      [{ ...reply, to: [CUSTOMER, '+16175550112'] }, '/to', 'less or equal to 1'],
      [{ ...reply, to: CUSTOMER }, '/to', 'Expected array'],
      [{ ...reply, to: ['617-555-0111'] }, '/to/0', 'E.164'],
      [{ ...reply, from: 'front desk' }, '/from', 'PN'],
    ];
    for (const [body, path, words] of cases) {
      const refused = await send(body);
      expect(refused.status).toBe(400);
      const error = (await refused.json()) as { code: string; errors: { path: string; message: string; schema: unknown }[] };
      expect(error.code).toBe('0200400');
      expect(error.errors).toContainEqual(expect.objectContaining({ path, message: expect.stringContaining(words), schema: expect.any(Object) }));
    }
    expect((await send({ ...reply, content: 'x'.repeat(1600) })).status).toBe(202);
    expect((await send({ ...reply, from: '+16175550199' })).status).toBe(400);
    expect(emulator!.messages).toHaveLength(1);
  });

  it('refuses sends with 0206400 (A2P not approved), 0200402 (no credits) or 0101403 (not a user of the number) while told to', async () => {
    await start({ lines: [{ number: LINE }, { number: '+16175550101', keyIsUser: false }] });
    emulator!.refuseSends('0206400');
    let refused = await send(reply);
    expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([400, '0206400']);
    emulator!.refuseSends('0200402');
    refused = await send(reply);
    expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([402, '0200402']);
    emulator!.refuseSends(null);
    expect((await send(reply)).status).toBe(202);
    refused = await send({ ...reply, from: '+16175550101' });
    expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([403, '0101403']);
  });

  it('answers 429 past 10 requests a second per key, and takes the next once a tenth of a second has passed', async () => {
    let nowMs = Date.parse('2026-12-02T10:00:00Z');
    await start({ apiKeys: [KEY, 'second-key-0002'], clock: () => nowMs });
    const statuses = await Promise.all(Array.from({ length: 11 }, () => call('GET', '/v1/phone-numbers').then((res) => res.status)));
    expect(statuses.filter((status) => status === 200)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(1);
    // Another key has its own allowance.
    expect((await call('GET', '/v1/phone-numbers', undefined, 'second-key-0002')).status).toBe(200);
    expect((await call('GET', '/v1/phone-numbers')).status).toBe(429);
    nowMs += 100;
    expect((await call('GET', '/v1/phone-numbers')).status).toBe(200);
  });

  it('answers 429 to the next requests when told, as if another program used the key', async () => {
    await start();
    emulator!.answerTooManyRequests(2);
    expect([(await send(reply)).status, (await send(reply)).status, (await send(reply)).status]).toEqual([429, 429, 202]);
    expect(emulator!.messages).toHaveLength(1);
  });

  it('reports a delivered text to the relay as a signed legacy message.delivered for the same message', async () => {
    const relay = await webhookReceiver();
    const legacySecretBase64 = Buffer.from('emulated-legacy-signing-key-0001').toString('base64');
    await start({ webhooks: { relayUrl: relay.url, legacySecretBase64, delayMs: 1 } });
    const { data } = (await (await send(reply)).json()) as { data: { id: string } };
    await emulator!.settled();
    expect(relay.received).toHaveLength(1);
    const [{ headers, body }] = relay.received as [{ headers: Record<string, string>; body: string }];
    const timestamp = Number(headers['openphone-signature']!.split(';')[2]);
    expect(headers['openphone-signature']).toBe(signLegacy(legacySecretBase64, timestamp, body));
    expect(JSON.parse(body)).toMatchObject({ object: 'event', type: 'message.delivered', data: { object: { id: data.id, status: 'delivered', direction: 'outgoing', body: reply.content, to: CUSTOMER, from: LINE } } });
    expect(emulator!.webhookAnswers).toEqual([{ type: 'message.delivered', messageId: data.id, status: 200, text: '{"seq":1,"duplicate":false}' }]);
    expect(await (await call('GET', `/v1/messages/${data.id}`)).json()).toMatchObject({ data: { status: 'delivered' } });
  });

  it('reports a failed text as a signed new-generation message.failed when told to', async () => {
    const relay = await webhookReceiver();
    const standardSecret = `whsec_${Buffer.from('emulated-standard-signing-key-01').toString('base64')}`;
    await start({ webhooks: { relayUrl: relay.url, standardSecret, delayMs: 1 } });
    emulator!.reportOutcome('failed');
    const { data } = (await (await send(reply)).json()) as { data: { id: string } };
    await emulator!.settled();
    const [{ headers, body }] = relay.received as [{ headers: Record<string, string>; body: string }];
    expect(headers['webhook-signature']).toBe(signStandard(standardSecret, headers['webhook-id']!, Number(headers['webhook-timestamp']), body));
    expect(JSON.parse(body)).toMatchObject({ apiVersion: '2026-03-30', type: 'message.failed', data: { resource: { id: data.id, status: 'failed', text: reply.content, to: [CUSTOMER] } } });
  });
});

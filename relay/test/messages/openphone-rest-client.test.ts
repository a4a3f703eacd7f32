import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRelaySettings } from '../../src/config';
import { refusalForFailure } from '../../src/messages/send-refusal';
import { createOpenPhoneRestClient, type OpenPhoneRestOptions } from '../../src/providers/openphone/rest/openphone-rest-client';
import { PhoneNumberDirectory } from '../../src/providers/openphone/rest/phone-number-directory';
import { RequestPacer } from '../../src/providers/openphone/rest/request-pacer';
import { phoneNumberIdFor } from '../../../tools/emulators/openphone/payloads';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../../../tools/emulators/openphone/rest-api';

const KEY = 'unit-test-openphone-key-01';
const LINE = '+16175550100';

let emulator: OpenPhoneRestEmulator | null = null;
let silent: Server | null = null;

afterEach(async () => {
  await emulator?.close();
  emulator = null;
  silent?.closeAllConnections();
  await new Promise<void>((resolve) => (silent === null ? resolve() : silent.close(() => resolve())));
  silent = null;
});

function client(baseUrl: string, overrides: Partial<OpenPhoneRestOptions> = {}) {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  return createOpenPhoneRestClient({
    apiKey: KEY,
    baseUrl,
    pacer: new RequestPacer({ perSecond: 1000, burst: 1000 }, Date.now, sleep),
    timeoutMs: 2000,
    attempts: 3,
    backoff: { baseMs: 5, capMs: 10 },
    sleep,
    random: () => 0.5,
    ...overrides,
  });
}

describe('the request pacer', () => {
  it('lets a burst go at once, then one request per token, in the order they asked', async () => {
    let now = 0;
    const slept: number[] = [];
    const pacer = new RequestPacer({ perSecond: 10, burst: 3 }, () => now, async (ms) => {
      slept.push(ms);
    });
    for (let i = 0; i < 6; i++) await pacer.wait();
    // Three at once; the fourth waits 100 ms, the fifth 200 ms, the sixth 300 ms (they queue behind each other).
    expect(slept).toEqual([100, 200, 300]);
    now = 1000;
    slept.length = 0;
    await pacer.wait();
    expect(slept).toEqual([]);
  });
});

describe('the OpenPhone REST client', () => {
  it('sends the key as the whole Authorization header and reads the 202 message', async () => {
    emulator = await startOpenPhoneRestEmulator({ apiKeys: [KEY], lines: [{ number: LINE }] });
    const sent = await client(emulator.url).sendMessage({ from: LINE, to: '+16175550111', content: 'Hello' });
    expect(sent).toMatchObject({ ok: true, value: { status: 'queued', text: 'Hello' } });
    expect(await client(emulator.url, { apiKey: `Bearer ${KEY}` }).listPhoneNumbers()).toMatchObject({ ok: false, kind: 'refused', httpStatus: 401 });
  });

  it('retries 429 a bounded number of times, then reports it', async () => {
    emulator = await startOpenPhoneRestEmulator({ apiKeys: [KEY], lines: [{ number: LINE }] });
    emulator.answerTooManyRequests(5);
    expect(await client(emulator.url).listPhoneNumbers()).toMatchObject({ ok: false, kind: 'rate_limited' });
    expect(emulator.requests.map((request) => request.status)).toEqual([429, 429, 429]);
  });

  it('retries a refused connection (nothing was sent) and reports OpenPhone unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await client(`http://127.0.0.1:${port}`).sendMessage({ from: LINE, to: '+16175550111', content: 'Hello' })).toMatchObject({ ok: false, kind: 'unreachable' });
  });

  it('never repeats a POST that got no answer: OpenPhone may have sent it', async () => {
    let received = 0;
    silent = createServer(() => {
      received++;
    });
    await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    expect(await client(url, { timeoutMs: 200 }).sendMessage({ from: LINE, to: '+16175550111', content: 'Hello' })).toMatchObject({ ok: false, kind: 'no_answer' });
    expect(received).toBe(1);
  });
});

describe('the line directory', () => {
  it('knows configured lines without asking, lists the rest once, and asks again for a missing line only after a while', async () => {
    emulator = await startOpenPhoneRestEmulator({ apiKeys: [KEY], lines: [{ number: LINE }] });
    let now = 0;
    const directory = new PhoneNumberDirectory(client(emulator.url), { configured: { PNconfigured: '+16175550109' }, clock: () => now, ttlMs: 600_000, refetchMs: 30_000 });
    expect(await directory.lookup('+16175550109')).toEqual({ found: true, phoneNumberId: 'PNconfigured' });
    expect(emulator.requests).toHaveLength(0);
    const [first, second] = await Promise.all([directory.lookup(LINE), directory.lookup(LINE)]);
    expect(first).toEqual({ found: true, phoneNumberId: phoneNumberIdFor(LINE) });
    expect(second).toEqual(first);
    expect(await directory.lookup('+16175550199')).toEqual({ found: false });
    expect(emulator.requests).toHaveLength(1);
    now = 31_000;
    expect(await directory.lookup('+16175550199')).toEqual({ found: false });
    expect(emulator.requests).toHaveLength(2);
  });
});

describe('refusals in plain words', () => {
  it('names the line when the key\'s user is not a user of it, and warns that an unanswered send may have gone out', () => {
    const notUser = refusalForFailure({ kind: 'refused', httpStatus: 403, body: { code: '0101403' } }, { from: LINE });
    expect(notUser).toMatchObject({ status: 422, body: { code: '0101403', error: expect.stringContaining(`is not a user of ${LINE} in OpenPhone`) } });
    const unknown = refusalForFailure({ kind: 'refused', httpStatus: 400, body: { code: '0200400', message: 'Invalid request body', errors: [{ path: '/to/0', message: 'Expected an E.164 phone number' }] } }, { from: LINE });
    expect(unknown.body.error).toBe('OpenPhone refused the message: Invalid request body; /to/0: Expected an E.164 phone number. The message was not sent.');
    expect(refusalForFailure({ kind: 'no_answer', message: 'timeout' }, { from: LINE }).body.error).toContain('may or may not have gone out');
  });
});

describe('OpenPhone REST settings', () => {
  it('default to OpenPhone\'s API with no key, and stop start-up naming a bad value', () => {
    const defaults = parseRelaySettings({});
    expect(defaults.ok && defaults.settings.openPhoneRest).toEqual({ apiKey: null, apiBaseUrl: 'https://api.openphone.com', rateLimitPerSecond: 10 });
    const emulated = parseRelaySettings({ OPENPHONE_API_KEY: KEY, OPENPHONE_API_BASE_URL: 'http://127.0.0.1:4010/' });
    expect(emulated.ok && emulated.settings.openPhoneRest).toEqual({ apiKey: KEY, apiBaseUrl: 'http://127.0.0.1:4010', rateLimitPerSecond: 10 });
    for (const [name, value] of [
      ['OPENPHONE_API_BASE_URL', 'http://api.openphone.com'],
      ['OPENPHONE_API_BASE_URL', 'api.openphone.com'],
      ['OPENPHONE_API_BASE_URL', 'https://api.openphone.com/?x=1'],
      ['OPENPHONE_API_KEY', 'two keys'],
    ] as const) {
      const result = parseRelaySettings({ [name]: value });
      expect(result.ok, `${name}=${value}`).toBe(false);
      if (!result.ok) expect(result.errors.join('\n')).toContain(name);
      if (!result.ok && name === 'OPENPHONE_API_KEY') expect(result.errors.join('\n')).not.toContain(value);
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { startMightyCallEmulator, type MightyCallEmulator, type MightyCallEmulatorOptions } from './emulator';
import { seedMightyCall } from './seed';

let emulator: MightyCallEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const KEYS = { apiKey: 'mc-emulator-api-key', userKey: 'mc-emulator-user-key' };
const NOW = Date.parse('2026-11-30T15:00:00Z');

async function start(options: Partial<MightyCallEmulatorOptions> = {}): Promise<MightyCallEmulator> {
  emulator = await startMightyCallEmulator({ ...KEYS, clock: () => NOW, ...options });
  Object.assign(emulator.data, seedMightyCall(NOW, emulator.url));
  return emulator;
}

async function token(target: MightyCallEmulator, form: Record<string, string>, apiKey = KEYS.apiKey): Promise<Response> {
  return fetch(`${target.baseUrl}/auth/token`, { method: 'POST', headers: { 'x-api-key': apiKey, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
}

async function accessToken(target: MightyCallEmulator): Promise<string> {
  const answer = (await (await token(target, { grant_type: 'client_credentials', client_id: KEYS.apiKey, client_secret: KEYS.userKey })).json()) as { access_token: string };
  return answer.access_token;
}

const get = (target: MightyCallEmulator, path: string, bearer: string, apiKey = KEYS.apiKey) => fetch(`${target.baseUrl}${path}`, { headers: { authorization: `Bearer ${bearer}`, 'x-api-key': apiKey } });

describe('the MightyCall emulator', () => {
  it('exchanges the API key and User key for a 24-hour bearer token with a refresh token, and refuses wrong keys with invalid_client', async () => {
    const target = await start();
    const good = await token(target, { grant_type: 'client_credentials', client_id: KEYS.apiKey, client_secret: KEYS.userKey });
    const body = (await good.json()) as Record<string, unknown>;
    expect(good.status).toBe(200);
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 86_400 });
    const refreshed = await token(target, { grant_type: 'refresh_token', refresh_token: String(body.refresh_token) });
    expect(refreshed.status).toBe(200);
    // A refresh token is used once.
    expect((await token(target, { grant_type: 'refresh_token', refresh_token: String(body.refresh_token) })).status).toBe(400);
    const wrong = await token(target, { grant_type: 'client_credentials', client_id: KEYS.apiKey, client_secret: 'nope' });
    expect([wrong.status, await wrong.json()]).toEqual([400, { error: 'invalid_client' }]);
    expect((await token(target, { grant_type: 'client_credentials', client_id: KEYS.apiKey, client_secret: KEYS.userKey }, 'other-key')).status).toBe(400);
  });

  it('answers data only with the bearer token and x-api-key both', async () => {
    const target = await start();
    const bearer = await accessToken(target);
    expect((await get(target, '/phonenumbers', bearer)).status).toBe(200);
    expect((await get(target, '/phonenumbers', bearer, 'other-key')).status).toBe(401);
    expect((await get(target, '/phonenumbers', 'forged')).status).toBe(401);
  });

  it('pages calls by pageSize and skip (newest first, with the total), the journal by page, within the window asked', async () => {
    const target = await start();
    const bearer = await accessToken(target);
    const window = `startUtc=${new Date(NOW - 86_400_000).toISOString()}&endUtc=${new Date(NOW).toISOString()}`;
    const first = (await (await get(target, `/calls?${window}&pageSize=2&skip=0`, bearer)).json()) as { data: { calls: { id: string }[]; total: number }; isSuccess: boolean };
    const third = (await (await get(target, `/calls?${window}&pageSize=2&skip=4`, bearer)).json()) as { data: { calls: { id: string }[]; total: number } };
    expect(first).toMatchObject({ isSuccess: true, data: { total: 5 } });
    expect(first.data.calls.map((call) => call.id)).toEqual(['mc-call-1005', 'mc-call-1004']);
    expect(third.data.calls.map((call) => call.id)).toEqual(['mc-call-1001']);
    const narrow = (await (await get(target, `/calls?startUtc=${new Date(NOW - 60 * 60_000).toISOString()}&endUtc=${new Date(NOW).toISOString()}&pageSize=10`, bearer)).json()) as { data: { calls: unknown[] } };
    expect(narrow.data.calls).toHaveLength(1);
    const journal = (await (await get(target, `/journal/requests?type=Message&from=${new Date(NOW - 86_400_000).toISOString()}&to=${new Date(NOW).toISOString()}&pageSize=1&page=2`, bearer)).json()) as { requests: { id: string }[]; currentPage: number };
    expect(journal).toMatchObject({ currentPage: 2, requests: [{ id: 'mc-msg-3001' }] });
  });

  it.each([
    ['429', 429],
    ['403-quota', 403],
    ['unsuccessful-200', 200],
  ] as const)('past its daily limit answers %s, token requests counted too, until the day ends', async (overLimit, status) => {
    let now = NOW;
    emulator = await startMightyCallEmulator({ ...KEYS, clock: () => now, dailyLimit: 2, overLimit });
    const bearer = await accessToken(emulator);
    expect((await get(emulator, '/phonenumbers', bearer)).status).toBe(200);
    const over = await get(emulator, '/phonenumbers', bearer);
    const body = (await over.json()) as { isSuccess: boolean };
    expect([over.status, body.isSuccess]).toEqual([status, false]);
    if (overLimit === '429') expect(Number(over.headers.get('retry-after'))).toBe(9 * 3600);
    now = Date.parse('2026-12-01T00:00:01Z');
    expect((await get(emulator, '/phonenumbers', bearer)).status).toBe(200);
  });
});

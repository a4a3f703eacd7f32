import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { createQuickBooksEmulator, type QuickBooksEmulator } from '../../../tools/emulators/quickbooks/emulator';
import { postSignedWebhook } from '../../../tools/emulators/quickbooks/webhooks';
import { RELAY_DB_FILE } from '../../src/database';
import { decryptToken } from '../../src/quickbooks/token-cipher';
import { StreamClient } from '../support/stream-client';
import { FrontProxy } from './support/front-proxy';

/**
 * The relay as QuickBooks token broker, end to end: the real relay process, the
 * QuickBooks Online emulator on loopback (its clock driven by the test), and a front
 * proxy standing in for the TLS proxy that serves QUICKBOOKS_REDIRECT_URI.
 */

const HOUR_MS = 3_600_000;
const VERIFIER = 'relay-test-verifier-token';
const KEY = randomBytes(32);

let relay: RelayProcess;
let emulator: QuickBooksEmulator;
let proxy: FrontProxy;
let admin: string;
let bookkeeper: string;
let agent: string;

beforeAll(async () => {
  proxy = await FrontProxy.start();
  emulator = createQuickBooksEmulator({ redirectUris: [`${proxy.url}/quickbooks/callback`], webhookVerifierToken: VERIFIER });
  await emulator.listen();
  relay = await startRelayProcess({
    env: {
      QUICKBOOKS_CLIENT_ID: emulator.clientId,
      QUICKBOOKS_CLIENT_SECRET: emulator.clientSecret,
      QUICKBOOKS_REDIRECT_URI: `${proxy.url}/quickbooks/callback`,
      QUICKBOOKS_TOKEN_ENCRYPTION_KEY: KEY.toString('base64'),
      QUICKBOOKS_AUTH_BASE_URL: emulator.urls.authorize,
      QUICKBOOKS_TOKEN_URL: emulator.urls.token,
      QUICKBOOKS_REVOKE_URL: emulator.urls.revoke,
      QUICKBOOKS_API_BASE_URL: emulator.urls.base,
      QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER,
    },
  });
  proxy.target = relay.url;
  [admin, bookkeeper, agent] = await Promise.all([
    relay.addDevice('Owner', 'admin'),
    relay.addDevice('Books', 'bookkeeper'),
    relay.addDevice('Front desk', 'agent', ['+16175550100']),
  ]);
});

afterAll(async () => {
  await relay?.stop();
  await emulator?.close();
  await proxy?.close();
});

type Json = Record<string, unknown>;

async function call(method: 'GET' | 'POST', route: string, token: string | null, body?: unknown): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${relay.url}${route}`, {
    method,
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

/** The admin clicks "Connect QuickBooks"; the system browser follows Intuit's redirect back to the relay. */
async function connectInBrowser(): Promise<{ status: number; page: string; headers: Headers; callbackUrl: string }> {
  const started = await call('POST', '/v1/quickbooks/connect', admin);
  expect(started.status).toBe(200);
  const res = await fetch(String(started.json.authorizeUrl));
  return { status: res.status, page: await res.text(), headers: res.headers, callbackUrl: res.url };
}

function storedRefreshToken(): string | null {
  const db = new Database(path.join(relay.dataDir, RELAY_DB_FILE), { readonly: true });
  try {
    const cipher = db.prepare('SELECT refresh_token FROM quickbooks_connection').pluck().get() as string | null | undefined;
    return cipher ? decryptToken(cipher, KEY) : null;
  } finally {
    db.close();
  }
}

function tokenEndpointCalls(): number {
  return emulator.requests().filter((request) => request.path === new URL(emulator.urls.token).pathname).length;
}

async function companyInfo(accessToken: string): Promise<number> {
  const res = await fetch(`${emulator.urls.company}/companyinfo/${emulator.realmId}?minorversion=75`, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } });
  await res.arrayBuffer();
  return res.status;
}

async function refreshAtIntuit(refreshToken: string): Promise<Json> {
  const res = await fetch(emulator.urls.token, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${emulator.clientId}:${emulator.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
  });
  return (await res.json()) as Json;
}

async function connectionEvents(token: string): Promise<Json[]> {
  const stream = await StreamClient.open(relay.wsUrl, token);
  try {
    await stream.waitFor((client) => client.caughtUp(), 'catch-up');
    return stream.events().filter((frame) => frame.event.type === 'quickbooks.connection_changed').map((frame) => ({ source: frame.event.source, ...(frame.event.data as Json) }));
  } finally {
    await stream.close();
  }
}

describe('connecting QuickBooks through the relay', () => {
  it('an admin connects in the browser, and every console, agents included, hears of it', async () => {
    const { status, page, headers } = await connectInBrowser();
    expect(status).toBe(200);
    expect(page).toContain('QuickBooks connected');
    expect(page).toContain('You can close this tab');
    expect(page).toContain(emulator.companyName);
    expect(headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(headers.get('referrer-policy')).toBe('no-referrer');

    expect(await call('GET', '/v1/quickbooks/status', agent)).toMatchObject({
      status: 200,
      json: { state: 'connected', realmId: emulator.realmId, companyName: emulator.companyName, environment: 'sandbox', reason: null },
    });
    expect((await connectionEvents(agent)).at(-1)).toEqual({
      source: 'console',
      state: 'connected',
      realmId: emulator.realmId,
      companyName: emulator.companyName,
      environment: 'sandbox',
      reason: null,
    });
    expect(storedRefreshToken()).toMatch(/^RT1-/);
  });

  it('a connect link works once, and a denied consent changes nothing', async () => {
    const first = await connectInBrowser();
    expect(first.status).toBe(200);
    const replay = await fetch(first.callbackUrl);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('already used');

    const before = storedRefreshToken();
    emulator.setConsentMode('deny');
    try {
      const denied = await connectInBrowser();
      expect(denied.status).toBe(400);
      expect(denied.page).toContain('access_denied');
    } finally {
      emulator.setConsentMode('auto');
    }
    expect(storedRefreshToken()).toBe(before);
    expect((await call('GET', '/v1/quickbooks/status', admin)).json.state).toBe('connected');
  });

  it('only an admin may start a connection', async () => {
    expect((await call('POST', '/v1/quickbooks/connect', bookkeeper)).status).toBe(403);
    expect((await call('POST', '/v1/quickbooks/connect', null)).status).toBe(401);
  });
});

describe('access tokens for bookkeeper consoles', () => {
  it('hands a bookkeeper a working access token, cached between requests; an agent is refused', async () => {
    const callsBefore = tokenEndpointCalls();
    const first = await call('POST', '/v1/quickbooks/token', bookkeeper);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ accessToken: expect.any(String), expiresAt: expect.any(String), realmId: emulator.realmId, apiBaseUrl: emulator.urls.base });
    expect(Date.parse(String(first.json.expiresAt))).toBeGreaterThan(Date.now());
    expect(await companyInfo(String(first.json.accessToken))).toBe(200);

    const again = await call('POST', '/v1/quickbooks/token', bookkeeper);
    expect(again.json.accessToken).toBe(first.json.accessToken);
    expect(tokenEndpointCalls()).toBe(callsBefore);

    expect(await call('POST', '/v1/quickbooks/token', agent)).toMatchObject({ status: 403 });
    expect((await call('POST', '/v1/quickbooks/token', null)).status).toBe(401);
  });

  it('refuses a token request body nested deeper than RELAY_MAX_JSON_DEPTH with 400 before parsing it', async () => {
    const deep = `{"rejectedAccessToken":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const res = await fetch(`${relay.url}/v1/quickbooks/token`, { method: 'POST', headers: { authorization: `Bearer ${bookkeeper}`, 'content-type': 'application/json' }, body: deep });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('RELAY_MAX_JSON_DEPTH');
  });

  it('refreshes once for many consoles after expiry, and stores the rotated refresh token', async () => {
    const stale = String((await call('POST', '/v1/quickbooks/token', bookkeeper)).json.accessToken);
    const oldRefreshToken = storedRefreshToken()!;
    emulator.advanceClock(25 * HOUR_MS); // past the access token's hour and the refresh token's 24 h rotation
    expect(await companyInfo(stale)).toBe(401);

    const callsBefore = tokenEndpointCalls();
    const answers = await Promise.all(Array.from({ length: 5 }, () => call('POST', '/v1/quickbooks/token', bookkeeper, { rejectedAccessToken: stale })));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    const fresh = new Set(answers.map((answer) => answer.json.accessToken));
    expect(fresh.size).toBe(1);
    expect(fresh.has(stale)).toBe(false);
    expect(tokenEndpointCalls()).toBe(callsBefore + 1);

    // A console still holding the stale token gets the new one without another refresh.
    expect((await call('POST', '/v1/quickbooks/token', bookkeeper, { rejectedAccessToken: stale })).json.accessToken).toBe(answers[0]!.json.accessToken);
    expect(tokenEndpointCalls()).toBe(callsBefore + 1);

    const newRefreshToken = storedRefreshToken()!;
    expect(newRefreshToken).not.toBe(oldRefreshToken);
    expect(await refreshAtIntuit(oldRefreshToken)).toMatchObject({ error: 'invalid_grant' });
    expect(await companyInfo(String(answers[0]!.json.accessToken))).toBe(200);
    // Operators see the refresh in /healthz (check token_refresh).
    const health = (await (await fetch(`${relay.url}/healthz`)).json()) as { checks: Record<string, { lastSuccessAt: string | null }> };
    expect(health.checks.token_refresh!.lastSuccessAt).not.toBeNull();
  });

  it('answers 502 while the token endpoint fails, and the caller may retry', async () => {
    const current = String((await call('POST', '/v1/quickbooks/token', bookkeeper)).json.accessToken);
    emulator.faults.inject({ path: new URL(emulator.urls.token).pathname, fault: 503 });
    const failed = await call('POST', '/v1/quickbooks/token', bookkeeper, { rejectedAccessToken: current });
    expect(failed.status).toBe(502);
    expect(String(failed.json.error)).toContain('503');
    const health = (await (await fetch(`${relay.url}/healthz`)).json()) as { checks: Record<string, { lastFailureAt: string | null; lastFailure: string | null }> };
    expect(health.checks.token_refresh).toMatchObject({ lastFailureAt: expect.any(String), lastFailure: expect.stringContaining('503') });
    const retried = await call('POST', '/v1/quickbooks/token', bookkeeper, { rejectedAccessToken: current });
    expect(retried.status).toBe(200);
    expect((await call('GET', '/v1/quickbooks/status', bookkeeper)).json.state).toBe('connected');
  });

  it('turns invalid_grant into "reconnect QuickBooks" once, without retrying, until an admin reconnects', async () => {
    const current = String((await call('POST', '/v1/quickbooks/token', bookkeeper)).json.accessToken);
    emulator.disconnect(); // the owner removed the app in QuickBooks
    const refused = await call('POST', '/v1/quickbooks/token', bookkeeper, { rejectedAccessToken: current });
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ error: 'reconnect QuickBooks', state: 'needs_reconnect' });
    expect(String(refused.json.reason)).toContain('invalid_grant');

    const callsAfter = tokenEndpointCalls();
    expect((await call('POST', '/v1/quickbooks/token', bookkeeper)).status).toBe(409);
    expect(tokenEndpointCalls()).toBe(callsAfter);
    expect(storedRefreshToken()).toBeNull();
    expect((await call('GET', '/v1/quickbooks/status', agent)).json).toMatchObject({ state: 'needs_reconnect', realmId: emulator.realmId, companyName: emulator.companyName });
    expect((await connectionEvents(bookkeeper)).at(-1)).toMatchObject({ state: 'needs_reconnect', realmId: emulator.realmId });

    expect((await connectInBrowser()).status).toBe(200);
    const handout = await call('POST', '/v1/quickbooks/token', bookkeeper);
    expect(handout.status).toBe(200);
    expect(await companyInfo(String(handout.json.accessToken))).toBe(200);
  });
});

describe('disconnecting QuickBooks', () => {
  it('revokes the tokens at Intuit, forgets them, and tells every console', async () => {
    const accessToken = String((await call('POST', '/v1/quickbooks/token', bookkeeper)).json.accessToken);
    const refreshToken = storedRefreshToken()!;
    expect((await call('POST', '/v1/quickbooks/disconnect', bookkeeper)).status).toBe(403);

    expect(await call('POST', '/v1/quickbooks/disconnect', admin)).toEqual({ status: 200, json: { state: 'disconnected', revoked: true } });
    expect(await refreshAtIntuit(refreshToken)).toMatchObject({ error: 'invalid_grant' });
    expect(await companyInfo(accessToken)).toBe(401);
    expect(storedRefreshToken()).toBeNull();
    expect((await call('GET', '/v1/quickbooks/status', agent)).json).toEqual({
      state: 'disconnected',
      realmId: null,
      companyName: null,
      environment: 'sandbox',
      connectedAt: null,
      reason: null,
    });
    expect((await connectionEvents(agent)).at(-1)).toMatchObject({ state: 'disconnected', realmId: emulator.realmId });
    expect(await call('POST', '/v1/quickbooks/token', bookkeeper)).toMatchObject({ status: 409, json: { state: 'disconnected' } });
    expect(relay.output()).not.toContain(emulator.clientSecret);
    expect(relay.output()).not.toContain(refreshToken);
    expect(relay.output()).not.toContain(accessToken);
  });
});

describe('POST /webhooks/quickbooks', () => {
  const webhookUrl = () => `${relay.url}/webhooks/quickbooks`;

  it('stores a signed notification once, even when Intuit delivers it twice', async () => {
    const delivery = await emulator.sendWebhook(webhookUrl(), [{ name: 'Customer', id: '58', operation: 'Update' }]);
    expect(delivery.status).toBe(200);
    const [stored] = (JSON.parse(delivery.body) as { events: { seq: number; duplicate: boolean }[] }).events;
    expect(stored!.duplicate).toBe(false);

    const again = await postSignedWebhook(webhookUrl(), delivery.sentBody, VERIFIER);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toEqual({ events: [{ seq: stored!.seq, duplicate: true }] });

    const stream = await StreamClient.open(relay.wsUrl, bookkeeper, stored!.seq - 1);
    await stream.waitFor((client) => client.caughtUp(), 'catch-up');
    const changed = stream.events().filter((frame) => frame.event.type === 'quickbooks.entities_changed');
    await stream.close();
    expect(changed).toHaveLength(1);
    expect(changed[0]!.event).toMatchObject({ source: 'quickbooks', data: { realmId: emulator.realmId, entities: [{ name: 'Customer', id: '58', operation: 'Update' }] } });
  });

  it('accepts the CloudEvents format', async () => {
    const delivery = await emulator.sendWebhook(webhookUrl(), [{ name: 'Invoice', id: '130', operation: 'Void' }], VERIFIER, { format: 'cloudevents' });
    expect(delivery.status).toBe(200);
    expect(JSON.parse(delivery.body).events).toHaveLength(1);
  });

  it('refuses a bad signature with 401, stores nothing, and counts it', async () => {
    const head = async () => ((await (await fetch(`${relay.url}/healthz`)).json()) as { headSeq: number }).headSeq;
    const before = await head();
    const forged = await emulator.sendWebhook(webhookUrl(), [{ name: 'Payment', id: '9', operation: 'Create' }], 'not-the-verifier');
    expect(forged.status).toBe(401);
    expect(await head()).toBe(before);
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toContain('ringside_webhooks_rejected_total{provider="quickbooks",reason="bad_signature"} 1');
  });

  // Intuit retries anything but 200 for days and may hold later events back (spec §10): a
  // signed body the relay cannot read is kept raw, and the bookkeeper console runs CDC on it.
  it('stores a signed body that is no QuickBooks notification raw and answers 200, once however often Intuit delivers it', async () => {
    const first = await postSignedWebhook(webhookUrl(), '{"hello":"world"}', VERIFIER);
    expect(first.status).toBe(200);
    const [stored] = (JSON.parse(first.body) as { events: { seq: number; duplicate: boolean }[] }).events;
    expect(stored!.duplicate).toBe(false);
    const again = await postSignedWebhook(webhookUrl(), '{"hello":"world"}', VERIFIER);
    expect(JSON.parse(again.body)).toEqual({ events: [{ seq: stored!.seq, duplicate: true }] });

    const stream = await StreamClient.open(relay.wsUrl, bookkeeper, stored!.seq - 1);
    await stream.waitFor((client) => client.caughtUp(), 'catch-up');
    const kept = stream.events().filter((frame) => frame.seq === stored!.seq);
    await stream.close();
    expect(kept[0]!.event).toMatchObject({ type: 'provider.unnormalized', source: 'quickbooks', raw: { hello: 'world' }, data: { providerType: 'quickbooks.webhook' } });
  });

  it('stores a signed body that is not JSON, or nested 10,000 deep, as its text and answers 200', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const answers = [await postSignedWebhook(webhookUrl(), 'eventNotifications=oops{', VERIFIER), await postSignedWebhook(webhookUrl(), deep, VERIFIER)];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const seqs = answers.map((answer) => (JSON.parse(answer.body) as { events: { seq: number }[] }).events[0]!.seq);
    const stream = await StreamClient.open(relay.wsUrl, bookkeeper, Math.min(...seqs) - 1);
    await stream.waitFor((client) => client.caughtUp(), 'catch-up');
    const kept = stream.events().filter((frame) => seqs.includes(frame.seq));
    await stream.close();
    expect(kept.map((frame) => [frame.event.type, frame.event.raw])).toEqual([
      ['provider.unnormalized', 'eventNotifications=oops{'],
      ['provider.unnormalized', deep],
    ]);
  });

  it('still answers an unreadable body without a valid signature 401 and stores nothing', async () => {
    const head = async () => ((await (await fetch(`${relay.url}/healthz`)).json()) as { headSeq: number }).headSeq;
    const before = await head();
    expect((await postSignedWebhook(webhookUrl(), 'not json at all', 'not-the-verifier')).status).toBe(401);
    const unsigned = await fetch(webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"hello":"world"}' });
    expect(unsigned.status).toBe(401);
    expect(await head()).toBe(before);
  });
});

describe('a relay without QuickBooks settings', () => {
  it('answers 503 naming the settings to set', async () => {
    const bare = await startRelayProcess();
    try {
      const callback = await fetch(`${bare.url}/quickbooks/callback?code=x&state=y&realmId=1`);
      expect(callback.status).toBe(503);
      expect(await callback.text()).toContain('QUICKBOOKS_CLIENT_ID');
      const webhook = await postSignedWebhook(`${bare.url}/webhooks/quickbooks`, '{}', VERIFIER);
      expect(webhook.status).toBe(503);
      expect(webhook.body).toContain('QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN');
    } finally {
      await bare.stop();
    }
  });
});

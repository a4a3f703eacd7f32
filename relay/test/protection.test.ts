import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../tests/support/relay-process';
import { signLegacy } from '../../tools/emulators/openphone/signature';
import { rawRequest } from './support/raw-http';
import { StreamClient, refusedStatus } from './support/stream-client';
import { ringingDelivery } from './support/webhooks';

/**
 * Rate limits, stream caps and who may read the relay's figures, against a real relay.
 * Requests pretend to come through the TLS proxy on loopback (the documented deploy):
 * X-Forwarded-For carries the internet client's address, and that address is limited.
 */

const METRICS_TOKEN = 'scrape-token-0123456789abcdef';
let relay: RelayProcess;
let admin: string;
const streams: StreamClient[] = [];

beforeAll(async () => {
  relay = await startRelayProcess({
    env: {
      RELAY_WEBHOOK_RATE_PER_SECOND: '1',
      RELAY_WEBHOOK_BURST: '3',
      RELAY_AUTH_FAILURES_PER_MINUTE: '1',
      RELAY_AUTH_FAILURE_BURST: '2',
      RELAY_MAX_STREAMS_PER_DEVICE: '2',
      RELAY_METRICS_TOKEN: METRICS_TOKEN,
    },
  });
  admin = await relay.addDevice('Back office', 'admin');
});

afterEach(async () => {
  await Promise.all(streams.splice(0).map((stream) => stream.close()));
});

afterAll(async () => {
  await relay?.stop();
});

function fromInternet(client: string, headers: Record<string, string> = {}): Record<string, string> {
  return { 'x-forwarded-for': client, ...headers };
}

function signedWebhook(client: string | null, relayUrl = relay.url): Promise<Response> {
  const body = ringingDelivery().body;
  const headers = { 'content-type': 'application/json', 'openphone-signature': signLegacy(relay.secretBase64, Date.now(), body) };
  return fetch(`${relayUrl}/webhooks/openphone`, { method: 'POST', headers: client === null ? headers : fromInternet(client, headers), body });
}

async function metricsText(): Promise<string> {
  return (await fetch(`${relay.url}/metrics`)).text();
}

describe('webhook rate limit per client address', () => {
  it('answers 429 with Retry-After past the burst, to that address only', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await signedWebhook('203.0.113.10')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await signedWebhook('203.0.113.10');
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(((await limited.json()) as { error: string }).error).toMatch(/too many webhooks/);
    expect((await signedWebhook('203.0.113.11')).status).toBe(200);
    const metrics = await metricsText();
    expect(metrics).toMatch(/^ringside_rate_limited_total\{limit="webhook"\} [1-9]/m);
    expect(metrics).toMatch(/^ringside_webhook_answer_seconds_count\{provider="openphone",status="4xx"\} [1-9]/m);
    expect(metrics).toMatch(/^ringside_webhook_answer_seconds_count\{provider="openphone",status="2xx"\} [1-9]/m);
  });

  it.each(['203.0.113.20, junk', 'unknown', '203.0.113.21:1234', '[2001:db8::1]', ''])('limits a request whose rightmost forwarded hop is malformed (%j) instead of taking it for the exempt proxy', async (forwarded) => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await signedWebhook(forwarded)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('never limits tools on the relay machine itself (RELAY_RATE_LIMIT_EXEMPT)', async () => {
    const statuses = await Promise.all(Array.from({ length: 10 }, () => signedWebhook(null).then((answer) => answer.status)));
    expect(statuses.every((status) => status === 200)).toBe(true);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const untrusting = await startRelayProcess({ secretBase64: relay.secretBase64, env: { RELAY_TRUSTED_PROXIES: 'none', RELAY_WEBHOOK_RATE_PER_SECOND: '1', RELAY_WEBHOOK_BURST: '1' } });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await signedWebhook('203.0.113.12', untrusting.url)).status);
      // The forged address is not believed: the client is the loopback peer, which is exempt.
      expect(statuses).toEqual([200, 200, 200, 200]);
    } finally {
      await untrusting.stop();
    }
  });
});

describe('failed authentication rate limit', () => {
  it('after too many bad tokens, refuses even a good one from that address with 429', async () => {
    const me = (token: string, client: string) => fetch(`${relay.url}/v1/devices/me`, { headers: fromInternet(client, { authorization: `Bearer ${token}` }) });
    expect((await me('rs_guess-1', '203.0.113.20')).status).toBe(401);
    expect((await me('rs_guess-2', '203.0.113.20')).status).toBe(401);
    const blocked = await me(admin, '203.0.113.20');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await me(admin, '203.0.113.21')).status).toBe(200);
    expect(await metricsText()).toMatch(/^ringside_rate_limited_total\{limit="auth_failures"\} [1-9]/m);
  });

  it('counts bad webhook signatures and refused stream tokens too', async () => {
    const body = ringingDelivery().body;
    const forged = () =>
      fetch(`${relay.url}/webhooks/openphone`, { method: 'POST', headers: fromInternet('203.0.113.30', { 'content-type': 'application/json', 'openphone-signature': 'hmac;1;0;AAAA' }), body });
    expect((await forged()).status).toBe(401);
    expect((await forged()).status).toBe(401);
    expect((await forged()).status).toBe(429);
    const upgrade = await rawRequest(relay.url, [
      [
        'GET /v1/stream HTTP/1.1',
        'Host: relay',
        'X-Forwarded-For: 203.0.113.30',
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        `Authorization: Bearer ${admin}`,
        '\r\n',
      ].join('\r\n'),
    ]);
    expect(upgrade.status).toBe(429);
    expect(upgrade.text).toMatch(/Retry-After: \d+/);
  });
});

describe('streams per device', () => {
  it('refuses one stream more than RELAY_MAX_STREAMS_PER_DEVICE with 429, and admits it once one closes', async () => {
    const first = await StreamClient.open(relay.wsUrl, admin);
    const second = await StreamClient.open(relay.wsUrl, admin);
    streams.push(second);
    expect(await refusedStatus(relay.wsUrl, admin)).toBe(429);
    await first.close();
    await expect.poll(() => refusedStatus(relay.wsUrl, admin)).toBe(101);
  });
});

describe('who may read the figures', () => {
  it('serves /metrics on the relay machine and with the token, never to the internet without it', async () => {
    expect((await fetch(`${relay.url}/metrics`)).status).toBe(200);
    const stranger = await fetch(`${relay.url}/metrics`, { headers: fromInternet('198.51.100.1') });
    expect(stranger.status).toBe(401);
    expect(await stranger.text()).not.toContain('ringside_');
    expect((await fetch(`${relay.url}/metrics`, { headers: fromInternet('198.51.100.2', { authorization: 'Bearer wrong-token-of-some-length' }) })).status).toBe(401);
    const scraper = await fetch(`${relay.url}/metrics`, { headers: fromInternet('198.51.100.3', { authorization: `Bearer ${METRICS_TOKEN}` }) });
    expect(scraper.status).toBe(200);
    expect(await scraper.text()).toContain('ringside_head_seq');
  });

  it('tells a stranger only that the relay is up; the operator and devices get the head, the device count, the open alerts and each check’s last success', async () => {
    const stranger = await (await fetch(`${relay.url}/healthz`, { headers: fromInternet('198.51.100.4') })).json();
    expect(stranger).toEqual({ ok: true });
    const device = await (await fetch(`${relay.url}/healthz`, { headers: fromInternet('198.51.100.5', { authorization: `Bearer ${admin}` }) })).json();
    expect(device).toEqual({ ok: true, headSeq: expect.any(Number), connectedDevices: expect.any(Number), openAlerts: 0, checks: expect.objectContaining({ reconciliation: expect.objectContaining({ lastSuccessAt: null }) }) });
    const operator = await (await fetch(`${relay.url}/healthz`, { headers: fromInternet('198.51.100.6', { authorization: `Bearer ${METRICS_TOKEN}` }) })).json();
    expect(operator).toMatchObject({ headSeq: expect.any(Number) });
    expect(await (await fetch(`${relay.url}/healthz`)).json()).toMatchObject({ headSeq: expect.any(Number) });
  });

  it('counts a wrong token on /healthz as a failed authentication, so it is no token oracle', async () => {
    const guess = (token: string) => fetch(`${relay.url}/healthz`, { headers: fromInternet('198.51.100.40', { authorization: `Bearer ${token}` }) });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await guess(`rs_guess-${i}`)).status);
    expect(statuses).toEqual([200, 200, 429]);
    // Past the limit even the right token is refused from that address, as on every other route.
    const right = await guess(admin);
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
    // A health check sending no token is never limited.
    expect((await fetch(`${relay.url}/healthz`, { headers: fromInternet('198.51.100.40') })).status).toBe(200);
  });
});

describe('connections', () => {
  const connect = (port: number, localAddress = '127.0.0.1'): Promise<net.Socket> =>
    new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1', localAddress }, () => resolve(socket));
      socket.on('error', reject);
    });
  const closedWithin = (socket: net.Socket, ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      if (socket.destroyed) return resolve(true);
      const timer = setTimeout(() => resolve(false), ms);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });

  it('closes connections past RELAY_MAX_CONNECTIONS_PER_ADDRESS from one address, and still serves other addresses', async () => {
    // Peers counted here come straight from the internet: no trusted proxy, nothing exempt.
    const capped = await startRelayProcess({ env: { RELAY_MAX_CONNECTIONS_PER_ADDRESS: '3', RELAY_TRUSTED_PROXIES: 'none', RELAY_RATE_LIMIT_EXEMPT: 'none' } });
    const port = Number(new URL(capped.url).port);
    try {
      const held = await Promise.all([connect(port), connect(port), connect(port)]);
      // Each has begun a request, so none is cut as idle meanwhile.
      for (const socket of held) socket.write('GET /healthz HTTP/1.1\r\n');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const extra = await connect(port);
      expect(await closedWithin(extra, 2000)).toBe(true);
      const other = await rawRequest(capped.url, ['GET /healthz HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n'], { localAddress: '127.0.0.2' });
      expect(other.status).toBe(200);
      held[0]!.destroy();
      await expect.poll(async () => (await rawRequest(capped.url, ['GET /healthz HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n'])).status).toBe(200);
      for (const socket of held) socket.destroy();
    } finally {
      await capped.stop();
    }
  });

  it('cuts a connection that sends nothing at all after RELAY_FIRST_BYTE_TIMEOUT_SECONDS, well before the headers timeout', async () => {
    const quick = await startRelayProcess({ env: { RELAY_FIRST_BYTE_TIMEOUT_SECONDS: '1', RELAY_HEADERS_TIMEOUT_SECONDS: '10' } });
    const port = Number(new URL(quick.url).port);
    try {
      const silent = await connect(port);
      const talking = await connect(port);
      talking.write('GET /healthz HTTP/1.1\r\n');
      const started = Date.now();
      expect(await closedWithin(silent, 4000)).toBe(true);
      expect(Date.now() - started).toBeLessThan(4000);
      expect(talking.destroyed).toBe(false);
      talking.destroy();
    } finally {
      await quick.stop();
    }
  });

  it('closes connections past RELAY_MAX_CONNECTIONS at once, and serves again when they go', async () => {
    const capped = await startRelayProcess({ env: { RELAY_MAX_CONNECTIONS: '3' } });
    const port = Number(new URL(capped.url).port);
    const open = (): Promise<net.Socket> =>
      new Promise((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
        socket.on('error', reject);
      });
    try {
      const idle = await Promise.all([open(), open(), open()]);
      // Give the relay a moment to count them before the one too many arrives.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const extra = await open();
      await new Promise<void>((resolve) => extra.once('close', () => resolve()));
      for (const socket of idle) socket.destroy();
      await expect.poll(async () => (await fetch(`${capped.url}/healthz`).catch(() => null))?.status ?? 0).toBe(200);
    } finally {
      await capped.stop();
    }
  });
});

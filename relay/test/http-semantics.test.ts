import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../tests/support/relay-process';
import { signLegacy } from '../../tools/emulators/openphone/signature';
import { rawRequest } from './support/raw-http';
import { StreamClient } from './support/stream-client';
import { headSeq, ringingDelivery } from './support/webhooks';

/**
 * Requests that are odd but legitimate, against a real relay process: an HTTP client
 * offering another protocol (`curl --http2` sends `Upgrade: h2c`), HEAD, and CONNECT.
 */

let relay: RelayProcess;
let admin: string;

beforeAll(async () => {
  relay = await startRelayProcess();
  admin = await relay.addDevice('Back office', 'admin');
});

afterAll(async () => {
  await relay?.stop();
});

const request = (...lines: string[]) => rawRequest(relay.url, [`${lines.join('\r\n')}\r\n\r\n`]);
const h2c = ['Connection: Upgrade, HTTP2-Settings', 'Upgrade: h2c', 'HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA'];

describe('a request offering to upgrade to another protocol', () => {
  it('is served as a normal request (curl --http2 on /healthz)', async () => {
    const answer = await request('GET /healthz HTTP/1.1', 'Host: relay', ...h2c);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('"ok":true');
  });

  it('stores a signed webhook whose POST offered h2c, body and all', async () => {
    const before = await headSeq(relay);
    const body = ringingDelivery().body;
    const answer = await rawRequest(relay.url, [
      `${['POST /webhooks/openphone HTTP/1.1', 'Host: relay', ...h2c, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, `openphone-signature: ${signLegacy(relay.secretBase64, Date.now(), body)}`].join('\r\n')}\r\n\r\n${body}`,
    ]);
    expect(answer.status, answer.text).toBe(200);
    expect(await headSeq(relay)).toBe(before + 1);
  });

  it('answers the stream path 426 unless the upgrade is a WebSocket, and a WebSocket upgrade elsewhere as a plain request', async () => {
    expect((await request('GET /v1/stream HTTP/1.1', 'Host: relay', ...h2c)).status).toBe(426);
    const elsewhere = await request('GET /healthz HTTP/1.1', 'Host: relay', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`);
    expect(elsewhere.status).toBe(200);
    const stream = await StreamClient.open(relay.wsUrl, admin);
    await stream.waitFor((c) => c.caughtUp(), 'caught_up');
    await stream.close();
  });
});

describe('HEAD and CONNECT', () => {
  it('answers HEAD /healthz like GET, without a body', async () => {
    const answer = await request('HEAD /healthz HTTP/1.1', 'Host: relay', 'Connection: close');
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/content-length: \d+/i);
    expect(answer.text.split('\r\n\r\n')[1]).toBe('');
  });

  it('answers CONNECT 405 instead of closing silently', async () => {
    const answer = await request('CONNECT relay.example.com:443 HTTP/1.1', 'Host: relay.example.com:443');
    expect(answer.status).toBe(405);
    expect(answer.text).toContain('not a proxy');
  });
});

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRelayCli, startRelayProcess, type RelayProcess } from '../../tests/support/relay-process';
import { signLegacy } from '../../tools/emulators/openphone/signature';
import { sendOpenPhoneWebhook } from '../../tools/emulators/openphone/sender';
import { headSeq, missedCallDelivery, postSigned, ringingDelivery } from './support/webhooks';

const BODY_LIMIT = 4096;
let relay: RelayProcess;

beforeAll(async () => {
  relay = await startRelayProcess({ env: { RELAY_MAX_BODY_BYTES: String(BODY_LIMIT) } });
});

afterAll(async () => {
  await relay?.stop();
});

function post(path: string, body: string | Buffer, headers: Record<string, string> = {}, chunked = false): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const bytes = Buffer.from(body);
    const req = http.request(
      `${relay.url}${path}`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': String(bytes.length) }), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

describe('POST /webhooks/openphone', () => {
  it('stores a correctly signed call and answers its seq', async () => {
    const before = await headSeq(relay);
    const answer = await postSigned(relay, ringingDelivery().body);
    expect(answer).toEqual({ seq: before + 1, duplicate: false });
    expect(await headSeq(relay)).toBe(before + 1);
  });

  it('accepts a missed call (completed, never answered)', async () => {
    const answer = await postSigned(relay, missedCallDelivery().body);
    expect(answer.duplicate).toBe(false);
  });

  it('refuses a bad signature with 401 and stores nothing', async () => {
    const before = await headSeq(relay);
    const forged = await sendOpenPhoneWebhook(relay.url, ringingDelivery().body, { secretBase64: randomBytes(32).toString('base64') });
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.text)).toMatchObject({ reason: 'bad_signature' });
    expect(await headSeq(relay)).toBe(before);
  });

  it('refuses a stale signature and a missing one', async () => {
    const before = await headSeq(relay);
    const stale = await sendOpenPhoneWebhook(relay.url, ringingDelivery().body, { secretBase64: relay.secretBase64, now: new Date(Date.now() - 10 * 60_000) });
    expect(stale.status).toBe(401);
    expect(JSON.parse(stale.text)).toMatchObject({ reason: 'stale_timestamp' });
    const unsigned = await post('/webhooks/openphone', ringingDelivery().body);
    expect(unsigned.status).toBe(401);
    expect(await headSeq(relay)).toBe(before);
  });

  it('stores a retried delivery once and answers it 2xx', async () => {
    const delivery = ringingDelivery();
    const first = await postSigned(relay, delivery.body);
    const retry = await postSigned(relay, delivery.body);
    expect(retry).toEqual({ seq: first.seq, duplicate: true });
    expect(await headSeq(relay)).toBe(first.seq);
  });

  it('answers 400 to a signed body that is not JSON', async () => {
    const before = await headSeq(relay);
    const answer = await sendOpenPhoneWebhook(relay.url, '{"id": "EV1", "type":', { secretBase64: relay.secretBase64 });
    expect(answer.status).toBe(400);
    expect(await headSeq(relay)).toBe(before);
  });

  it('answers 400 to signed JSON that is not an OpenPhone event', async () => {
    const answer = await sendOpenPhoneWebhook(relay.url, '[1,2,3]', { secretBase64: relay.secretBase64 });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error).toEqual(expect.any(String));
  });

  it('answers 413 to a body over the limit, declared or chunked', async () => {
    const before = await headSeq(relay);
    const big = JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT) });
    const declared = await post('/webhooks/openphone', big, { 'openphone-signature': signLegacy(relay.secretBase64, Date.now(), big) });
    expect(declared.status).toBe(413);
    expect(String(declared.json.error)).toContain('RELAY_MAX_BODY_BYTES');
    const chunked = await post('/webhooks/openphone', big, { 'openphone-signature': signLegacy(relay.secretBase64, Date.now(), big) }, true);
    expect(chunked.status).toBe(413);
    expect(await headSeq(relay)).toBe(before);
  });
});

describe('other routes', () => {
  it('answers vapi webhooks 503 naming VAPI_SECRET while it is unset', async () => {
    const answer = await post('/webhooks/vapi', '{}');
    expect(answer.status).toBe(503);
    expect(String(answer.json.error)).toContain('VAPI_SECRET');
  });

  it.each(['mightycall'])('answers 501 for %s webhooks for now', async (provider) => {
    const answer = await post(`/webhooks/${provider}`, '{}');
    expect(answer.status).toBe(501);
    expect(String(answer.json.error)).toMatch(/not implemented yet/);
  });

  it('answers 404 to an unknown path and 405 to a wrong method', async () => {
    expect((await post('/webhooks/unknown', '{}')).status).toBe(404);
    const wrongMethod = await fetch(`${relay.url}/webhooks/openphone`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });
});

describe('GET /metrics', () => {
  it('exposes stored events, rejections by reason, devices, lag and head', async () => {
    await sendOpenPhoneWebhook(relay.url, ringingDelivery().body, { secretBase64: randomBytes(32).toString('base64') });
    const text = await (await fetch(`${relay.url}/metrics`)).text();
    const head = await headSeq(relay);
    expect(text).toMatch(/^ringside_events_stored_total [1-9]\d*$/m);
    expect(text).toMatch(/^ringside_webhooks_rejected_total\{provider="openphone",reason="bad_signature"\} [1-9]\d*$/m);
    expect(text).toMatch(/^ringside_webhooks_rejected_total\{provider="openphone",reason="stale_timestamp"\} 1$/m);
    expect(text).toMatch(/^ringside_connected_devices 0$/m);
    expect(text).toContain(`ringside_head_seq ${head}\n`);
    expect(text).toContain('# TYPE ringside_stream_lag_events gauge');
  });
});

describe('relay settings at start-up', () => {
  it('answers 503 naming OPENPHONE_WEBHOOK_SECRET while it is unset', async () => {
    const unconfigured = await startRelayProcess({ env: { OPENPHONE_WEBHOOK_SECRET: '' } });
    try {
      const answer = await sendOpenPhoneWebhook(unconfigured.url, ringingDelivery().body, { secretBase64: unconfigured.secretBase64 });
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.text).error).toContain('OPENPHONE_WEBHOOK_SECRET');
      expect(await headSeq(unconfigured)).toBe(0);
    } finally {
      await unconfigured.stop();
    }
  });

  it('stops with exit code 2 and names a bad setting', async () => {
    const run = await runRelayCli(['serve'], { RELAY_PORT: 'abc', RELAY_DATA_DIR: relay.dataDir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("RELAY_PORT must be an integer 0-65535, got 'abc'");
    expect(run.stdout).not.toContain('listening');
  });

  it('stops with exit code 2 at start-up on a RELAY_HOST that is no IP address or host name', async () => {
    const run = await runRelayCli(['serve'], { RELAY_HOST: '999.1.1.1', RELAY_DATA_DIR: relay.dataDir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("RELAY_HOST must be an IP address or a host name such as localhost, got '999.1.1.1'");
  });

  it('never writes the webhook secret to its output', () => {
    expect(relay.output()).not.toContain(relay.secretBase64);
  });
});

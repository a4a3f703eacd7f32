import { createHmac, randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../tests/support/relay-process';
import { signLegacy } from '../../tools/emulators/openphone/signature';
import { formBody, signTwilio } from '../../tools/emulators/twilio/signature';
import { rawPost, rawRequest, type RawAnswer } from './support/raw-http';
import { refusedStatus, StreamClient } from './support/stream-client';
import { headSeq, postSigned, ringingDelivery } from './support/webhooks';

/**
 * Hostile input against a real relay process on loopback, over bare sockets where an
 * HTTP client would refuse to send the request. Every request is answered 4xx (or cut
 * off, for a slowloris), nothing is stored, and the relay is alive and still stores a
 * legitimate signed webhook afterwards.
 */

const BODY_LIMIT = 64 * 1024;
const FLUTTERWAVE_HASH = 'hostile-suite-secret-hash';
// Nothing hostile is ever stored, so the verifier never calls this (closed) port.
const FLUTTERWAVE_ENV = { FLUTTERWAVE_SECRET_HASH: FLUTTERWAVE_HASH, FLUTTERWAVE_SECRET_KEY: 'FLWSECK_TEST-hostile-X', FLUTTERWAVE_API_BASE_URL: 'http://127.0.0.1:9/v3' };
const VAPI_SECRET = 'hostile-suite-vapi-secret';
const VAPI_ENV = { VAPI_SECRET, VAPI_ASSISTANT_ID: 'asst-hostile' };
const TWILIO_TOKEN = 'hostile-suite-twilio-token';
const TWILIO_ACCOUNT = `AC${'a'.repeat(32)}`;
// Twilio signs the public URL (the TLS proxy's), never the relay's own address.
const TWILIO_ENV = { RELAY_PUBLIC_URL: 'https://relay.example.test', TWILIO_AUTH_TOKEN: TWILIO_TOKEN, TWILIO_ACCOUNT_SID: TWILIO_ACCOUNT, TWILIO_DEFAULT_ROUTE: 'dial:+15551110000' };
let relay: RelayProcess;
let admin: string;
let headBefore: number;

beforeAll(async () => {
  relay = await startRelayProcess({
    env: { RELAY_MAX_BODY_BYTES: String(BODY_LIMIT), RELAY_HEADERS_TIMEOUT_SECONDS: '1', RELAY_REQUEST_TIMEOUT_SECONDS: '2', RELAY_LOG_LEVEL: 'error', ...FLUTTERWAVE_ENV, ...TWILIO_ENV, ...VAPI_ENV },
  });
  admin = await relay.addDevice('Back office', 'admin');
  await postSigned(relay, ringingDelivery().body);
  headBefore = await headSeq(relay);
});

afterAll(async () => {
  await relay?.stop();
});

const signed = (body: string | Buffer, at = Date.now()) => ({ 'Content-Type': 'application/json', 'openphone-signature': signLegacy(relay.secretBase64, at, body) });
const post = (body: string | Buffer, headers: Record<string, string>) => rawPost(relay.url, '/webhooks/openphone', body, headers);
const request = (...lines: string[]) => rawRequest(relay.url, [`${lines.join('\r\n')}\r\n\r\n`]);

function expect4xx(answer: RawAnswer, what: string): void {
  expect(answer.status, `${what}: ${answer.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${what}: ${answer.text.slice(0, 200)}`).toBeLessThan(500);
}

function deeplyNested(depth: number): string {
  return `{"id":"EVdeep","type":"call.ringing","data":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

describe('malformed request lines and targets', () => {
  it.each([
    ['GET //', ['GET // HTTP/1.1', 'Host: relay', 'Connection: close']],
    ['POST //', ['POST // HTTP/1.1', 'Host: relay', 'Content-Length: 0', 'Connection: close']],
    ['PUT //', ['PUT // HTTP/1.1', 'Host: relay', 'Content-Length: 0', 'Connection: close']],
    ['GET ///webhooks//openphone', ['GET ///webhooks//openphone HTTP/1.1', 'Host: relay', 'Connection: close']],
    ['absolute-form', ['GET http://evil.example/healthz HTTP/1.1', 'Host: evil.example', 'Connection: close']],
    ['absolute-form POST', ['POST http://relay/webhooks/openphone HTTP/1.1', 'Host: relay', 'Content-Length: 0', 'Connection: close']],
    ['asterisk-form', ['OPTIONS * HTTP/1.1', 'Host: relay', 'Connection: close']],
    ['no leading slash', ['GET healthz HTTP/1.1', 'Host: relay', 'Connection: close']],
    ['a fragment', ['GET /healthz#x HTTP/1.1', 'Host: relay', 'Connection: close']],
    ['bad percent-encoding', ['GET /%zz%00 HTTP/1.1', 'Host: relay', 'Connection: close']],
    ['garbage request line', ['HELLO THERE', 'Connection: close']],
    ['unknown HTTP version', ['GET /healthz HTTP/7.1', 'Host: relay']],
    ['unknown method', ['BREW /webhooks/openphone HTTP/1.1', 'Host: relay', 'Connection: close']],
    ['wrong method', ['DELETE /webhooks/openphone HTTP/1.1', 'Host: relay', 'Connection: close']],
    ['header without a colon', ['GET /healthz HTTP/1.1', 'Host: relay', 'this is not a header']],
    ['header with a NUL byte', ['GET /healthz HTTP/1.1', 'Host: relay', 'X-Evil: a\u0000b']],
    ['header block past RELAY_MAX_HEADER_BYTES', ['GET /healthz HTTP/1.1', 'Host: relay', `X-Big: ${'a'.repeat(20_000)}`]],
    ['two content lengths', ['POST /webhooks/openphone HTTP/1.1', 'Host: relay', 'Content-Length: 1', 'Content-Length: 2', 'Connection: close']],
  ])('answers %s with a 4xx', async (what, lines) => {
    expect4xx(await request(...lines), what);
  });

  it.each(['//', 'http://evil.example/v1/stream', '/v1//stream', '*'])('answers a WebSocket upgrade to %s with a 4xx', async (target) => {
    const answer = await request(`GET ${target} HTTP/1.1`, 'Host: relay', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`, `Authorization: Bearer ${admin}`);
    expect4xx(answer, target);
  });
});

describe('signatures', () => {
  it('answers garbled, stale, future, foreign and missing signatures 401', async () => {
    const body = ringingDelivery().body;
    const now = Date.now();
    const cases: [string, Record<string, string>][] = [
      ['garbled', { 'Content-Type': 'application/json', 'openphone-signature': 'hmac;1;;;;\u00ff\u00fe' }],
      ['garbage', { 'Content-Type': 'application/json', 'openphone-signature': randomBytes(64).toString('base64') }],
      ['stale', signed(body, now - 10 * 60_000)],
      ['future', signed(body, now + 10 * 60_000)],
      ['foreign key', { 'Content-Type': 'application/json', 'openphone-signature': signLegacy(randomBytes(32).toString('base64'), now, body) }],
      ['another body', signed(ringingDelivery().body)],
      ['standard webhooks garbage', { 'Content-Type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': 'soon', 'webhook-signature': 'v1,!!!' }],
      ['missing', { 'Content-Type': 'application/json' }],
    ];
    for (const [what, headers] of cases) {
      const answer = await post(body, headers);
      expect(answer.status, what).toBe(401);
    }
  });
});

describe('validly signed bodies the relay will never store', () => {
  it.each([
    ['not JSON', '{"id": "EV1", "type":'],
    ['JSON but not an event', '[1,2,3]'],
    ['a bare string', '"call.ringing"'],
    ['an empty body', ''],
    ['a huge string in no event', JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT - 100) })],
    ['nested 10,000 deep', deeplyNested(10_000)],
    ['nested just past RELAY_MAX_JSON_DEPTH', deeplyNested(64)],
    ['a raw NUL byte in a string', '{"id":"EV\u0000","type":"call.ringing","data":{}}'],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
    ['form-encoded', 'id=EV1&type=call.ringing'],
  ])('answers %s 400', async (what, body) => {
    const answer = await post(body, signed(body));
    expect(answer.status, `${what}: ${answer.text.slice(-200)}`).toBe(400);
  });

  it('answers a wrong content type 400 when the body is not an event, and 413 to a body over the limit', async () => {
    const text = 'hello relay';
    expect((await post(text, { ...signed(text), 'Content-Type': 'text/plain' })).status).toBe(400);
    const big = 'x'.repeat(BODY_LIMIT + 1);
    expect((await post(big, signed(big))).status).toBe(413);
  });

  // The nesting scan refuses this body before it is parsed, so it never reaches a commit: this shows the refusal
  // costs the concurrent senders nothing. One event failing inside a group commit is event-log.test.ts's.
  it('answers a signed body nested 10,000 deep 400 before parsing it, and still stores the valid webhooks sent at the same time', async () => {
    const deep = deeplyNested(10_000);
    const valid = Array.from({ length: 5 }, () => ringingDelivery().body);
    const [poisoned, ...answers] = await Promise.all([post(deep, signed(deep)), ...valid.map((body) => postSigned(relay, body))]);
    expect(poisoned.status).toBe(400);
    expect(answers.every((answer) => !answer.duplicate)).toBe(true);
    headBefore += valid.length;
    expect(await headSeq(relay)).toBe(headBefore);
  });
});

describe('slow clients', () => {
  it('cuts off request headers dribbled a byte at a time', async () => {
    const slow = 'GET /healthz HTTP/1.1\r\nHost: relay\r\nX-Slow: ' + 'a'.repeat(200);
    const answer = await rawRequest(relay.url, [...slow], { gapMs: 50, waitMs: 8000 });
    expect(answer.closed).toBe(true);
    expect(answer.elapsedMs).toBeLessThan(6000);
    if (answer.status !== null) expect4xx(answer, 'slow headers');
  });

  it('cuts off a body dribbled a byte at a time', async () => {
    const body = ringingDelivery().body;
    const head = `POST /webhooks/openphone HTTP/1.1\r\nHost: relay\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nopenphone-signature: ${signLegacy(relay.secretBase64, Date.now(), body)}\r\n\r\n`;
    const answer = await rawRequest(relay.url, [head, ...body], { gapMs: 50, waitMs: 8000 });
    expect(answer.closed).toBe(true);
    expect(answer.elapsedMs).toBeLessThan(6000);
    if (answer.status !== null) expect4xx(answer, 'slow body');
  });
});

describe('WebSocket upgrades', () => {
  it('refuses bad and missing tokens 401', async () => {
    expect(await refusedStatus(relay.wsUrl, null)).toBe(401);
    expect(await refusedStatus(relay.wsUrl, 'rs_not-a-real-token')).toBe(401);
    expect(await refusedStatus(relay.wsUrl, `${admin}x`)).toBe(401);
  });

  it.each(['-1', 'abc', '1e99', '99999999999999999999', '1.5', '0x10', '%00'])('refuses after=%s with 400', async (after) => {
    const answer = await request(`GET /v1/stream?after=${after} HTTP/1.1`, 'Host: relay', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`, `Authorization: Bearer ${admin}`);
    expect(answer.status).toBe(400);
  });

  it('refuses 409 a stream asking to start after a seq beyond the head (a relay restored from an older backup), naming the head', async () => {
    const head = await headSeq(relay);
    const answer = await request(`GET /v1/stream?after=${head + 1} HTTP/1.1`, 'Host: relay', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`, `Authorization: Bearer ${admin}`);
    expect(answer.status).toBe(409);
    expect(answer.text).toContain(`head ${head}`);
    const atHead = await StreamClient.open(relay.wsUrl, admin, head);
    await atHead.waitFor((c) => c.caughtUp(), 'caught_up at the head');
    await atHead.close();
  });

  it('closes a stream that sends garbage or an oversized frame, and keeps serving others', async () => {
    const garbage = await StreamClient.open(relay.wsUrl, admin);
    garbage.sendRaw('\u0000not an ack{{{');
    expect((await garbage.closed()).code).toBe(1008);
    const oversized = await StreamClient.open(relay.wsUrl, admin);
    oversized.sendRaw(JSON.stringify({ type: 'ack', seq: 1, padding: 'x'.repeat(64 * 1024) }));
    expect((await oversized.closed()).code).toBe(1009);
    const healthy = await StreamClient.open(relay.wsUrl, admin);
    await healthy.waitFor((c) => c.caughtUp(), 'caught_up');
    await healthy.close();
  });

  /** Opens a raw socket, sends `first`, then keeps writing `frame` every 5 ms; resolves with how long until the relay closed it (null: still open after 3 s). */
  async function keepsWriting(first: string, frame: Buffer): Promise<number | null> {
    const socket = net.connect(Number(new URL(relay.url).port), '127.0.0.1');
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(first);
    await new Promise((resolve) => socket.once('data', resolve));
    const answered = Date.now();
    let closed = false;
    socket.once('close', () => (closed = true));
    while (!closed && Date.now() - answered < 3000) {
      socket.write(frame);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    socket.destroy();
    return closed ? Date.now() - answered : null;
  }
  const upgrade = (token: string) =>
    ['GET /v1/stream HTTP/1.1', 'Host: relay', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`, `Authorization: Bearer ${token}`].join('\r\n') + '\r\n\r\n';
  const mask = Buffer.from([1, 2, 3, 4]);
  const garbageFrame = Buffer.concat([Buffer.from([0x81, 0x80 | 5]), mask, Buffer.from([...'hello'].map((c, i) => c.charCodeAt(0) ^ mask[i % 4]!))]);

  it('cuts a stream it closed for a bad frame as soon as the close frame is out, however much more the console sends', async () => {
    const closedAfter = await keepsWriting(upgrade(admin), garbageFrame);
    expect(closedAfter).not.toBeNull();
    expect(closedAfter!).toBeLessThan(500);
  });

  it('refuses a broken handshake with a 4xx', async () => {
    const answer = await request('GET /v1/stream HTTP/1.1', 'Host: relay', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 99', 'Sec-WebSocket-Key: short', `Authorization: Bearer ${admin}`);
    expect4xx(answer, 'broken handshake');
  });
});

describe('Flutterwave webhooks', () => {
  const flutterwave = (body: string | Buffer, headers: Record<string, string>) => rawPost(relay.url, '/webhooks/flutterwave', body, { 'Content-Type': 'application/json', ...headers });
  const charge = JSON.stringify({ event: 'charge.completed', data: { id: 8100001, tx_ref: 'rs-topup-x', amount: 50, currency: 'USD', status: 'successful' } });

  it.each([
    ['no verif-hash', {}],
    ['a wrong verif-hash', { 'verif-hash': `${FLUTTERWAVE_HASH}-old` }],
    ['an empty verif-hash', { 'verif-hash': '' }],
    ['the secret hash as flutterwave-signature', { 'flutterwave-signature': FLUTTERWAVE_HASH }],
    ['the HMAC of another body', { 'flutterwave-signature': createHmac('sha256', FLUTTERWAVE_HASH).update('{}').digest('base64') }],
  ])('answers a charge.completed with %s 401', async (_what, headers) => {
    expect((await flutterwave(charge, headers)).status).toBe(401);
  });

  it.each([
    ['not JSON', '{"event":"charge.completed",'],
    ['nested 10,000 deep', `{"event":"charge.completed","data":${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
    ['an array', '[{"event":"charge.completed"}]'],
    ['no event name', '{"data":{"id":1}}'],
    ['an event name that is a number', '{"event":7,"data":{"id":1}}'],
    ['a transaction id that is text', '{"event":"charge.completed","data":{"id":"abc"}}'],
    ['a transaction id that is an object', '{"event":"charge.completed","data":{"id":{"$gt":0}}}'],
    ['a negative transaction id', '{"event":"charge.completed","data":{"id":-5}}'],
    ['no data', '{"event":"charge.completed"}'],
    ['a cancelled subscription without its id', '{"event":"subscription.cancelled","data":{"plan":1}}'],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
  ])('answers a body with a valid verif-hash that is %s 400', async (what, body) => {
    const answer = await flutterwave(body, { 'verif-hash': FLUTTERWAVE_HASH });
    expect(answer.status, `${what}: ${answer.text.slice(-200)}`).toBe(400);
  });
});

describe('payment links sent by email', () => {
  const send = (body: string, headers: Record<string, string>) => rawPost(relay.url, '/v1/payments/links/send', body, { 'Content-Type': 'application/json', ...headers });
  const request = JSON.stringify({ requestId: 'hostile-press-1', linkId: 'rs-link-x', channel: 'email', to: 'someone@example.com', subject: 'Pay', body: 'https://pay.example/x' });

  it.each([
    ['no device token', {}],
    ['a forged device token', { Authorization: 'Bearer rs_forged-token-0123456789' }],
    ['the token as Basic', { Authorization: `Basic ${Buffer.from('x:y').toString('base64')}` }],
  ])('answers a send with %s 401', async (_what, headers) => {
    expect((await send(request, headers)).status).toBe(401);
  });

  it.each([
    ['not JSON', '{"linkId":'],
    ['nested 10,000 deep', `{"linkId":${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
    ['an address that is an object', JSON.stringify({ requestId: 'hostile-press-2', linkId: 'x', channel: 'email', to: { $ne: '' }, subject: 'Pay', body: 'x' })],
    ['a channel it does not have', JSON.stringify({ requestId: 'hostile-press-3', linkId: 'x', channel: 'fax', to: 'a@b.example', subject: 'Pay', body: 'x' })],
    ['a field more', JSON.stringify({ requestId: 'hostile-press-4', linkId: 'x', channel: 'email', to: 'a@b.example', subject: 'Pay', body: 'x', bcc: 'everyone@example.com' })],
    ['a body of 20,000 characters', JSON.stringify({ requestId: 'hostile-press-5', linkId: 'x', channel: 'email', to: 'a@b.example', subject: 'Pay', body: 'x'.repeat(20_000) })],
  ])('answers an admin device a send that is %s 400, mailing nothing', async (what, body) => {
    const answer = await send(body, { Authorization: `Bearer ${admin}` });
    expect(answer.status, `${what}: ${answer.text.slice(-200)}`).toBe(400);
  });

  it('answers a link it never made 404 and a body over RELAY_MAX_BODY_BYTES 413', async () => {
    expect((await send(request, { Authorization: `Bearer ${admin}` })).status).toBe(404);
    expect((await send(JSON.stringify({ body: 'x'.repeat(BODY_LIMIT) }), { Authorization: `Bearer ${admin}` })).status).toBe(413);
  });
});

describe('Twilio webhooks', () => {
  const call = (fields: [string, string][] = []): [string, string][] => [
    ['AccountSid', TWILIO_ACCOUNT],
    ['CallSid', `CA${'b'.repeat(32)}`],
    ['CallStatus', 'ringing'],
    ['Direction', 'inbound'],
    ['From', '+15551230001'],
    ['To', '+15559870002'],
    ...fields,
  ];
  const signedFor = (url: string, params: [string, string][]) => signTwilio(TWILIO_TOKEN, url, params);
  const twilio = (query: string, body: string | Buffer, headers: Record<string, string>) =>
    rawPost(relay.url, `/webhooks/twilio${query}`, body, { 'Content-Type': 'application/x-www-form-urlencoded', ...headers });
  const voiceUrl = 'https://relay.example.test/webhooks/twilio?kind=voice';

  it.each([
    ['no X-Twilio-Signature', {}],
    ['an empty signature', { 'X-Twilio-Signature': '' }],
    ['a signature made with another token', { 'X-Twilio-Signature': signTwilio('another-token', voiceUrl, call()) }],
    ['a signature of the relay’s own address instead of RELAY_PUBLIC_URL', { 'X-Twilio-Signature': signedFor('http://127.0.0.1/webhooks/twilio?kind=voice', call()) }],
    ['a signature of the status URL sent to the voice URL', { 'X-Twilio-Signature': signedFor('https://relay.example.test/webhooks/twilio?kind=status', call()) }],
    ['a signature of other parameters', { 'X-Twilio-Signature': signedFor(voiceUrl, call([['Digits', '1']])) }],
  ])('answers a voice request with %s 401', async (_what, headers) => {
    expect((await twilio('?kind=voice', formBody(call()), headers)).status).toBe(401);
  });

  it('answers a signed request with a repeated CallSid added on the way 401: the signature covers every value', async () => {
    const body = `${formBody(call())}&CallSid=CA${'c'.repeat(32)}`;
    expect((await twilio('?kind=voice', body, { 'X-Twilio-Signature': signedFor(voiceUrl, call()) })).status).toBe(401);
  });

  it.each([
    ['no CallSid', [['From', '+15551230001']]],
    ['a CallSid that is not one', [['CallSid', '../../etc/passwd'], ['To', '+15559870002']]],
    ['a JSON body', [['{"CallSid":"CA1"}', '']]],
    ['percent-encoding that decodes to nothing', [['%%%', '%zz']]],
    ['another account', [...call().filter(([name]) => name !== 'AccountSid'), ['AccountSid', `AC${'f'.repeat(32)}`]]],
  ] as [string, [string, string][]][])('answers a validly signed voice request with %s 400', async (what, params) => {
    const answer = await twilio('?kind=voice', formBody(params), { 'X-Twilio-Signature': signedFor(voiceUrl, params) });
    expect(answer.status, `${what}: ${answer.text.slice(-200)}`).toBe(400);
  });

  it.each([
    ['no kind', ''],
    ['an unknown kind', '?kind=evil'],
  ])('answers a validly signed request with %s 400', async (_what, query) => {
    const answer = await twilio(query, formBody(call()), { 'X-Twilio-Signature': signedFor(`https://relay.example.test/webhooks/twilio${query}`, call()) });
    expect(answer.status).toBe(400);
  });

  it.each([
    ['an unknown CallStatus', [['CallStatus', 'exploded']]],
    ['a SequenceNumber that is not a number', [['CallStatus', 'completed'], ['SequenceNumber', '1;DROP TABLE events']]],
    ['a CallDuration that is not whole seconds', [['CallStatus', 'completed'], ['CallDuration', '9e99']]],
    ['a Timestamp in the year -271821', [['CallStatus', 'completed'], ['CallDuration', '95'], ['SequenceNumber', '9'], ['Timestamp', '-271821-04-20T00:00:00Z']]],
    ['a Timestamp in the year -271821 and no duration', [['CallStatus', 'completed'], ['CallDuration', '0'], ['SequenceNumber', '10'], ['Timestamp', '-271821-04-20T00:00:00Z']]],
    ['an RFC 2822 Timestamp in 1970', [['CallStatus', 'in-progress'], ['SequenceNumber', '11'], ['Timestamp', 'Thu, 01 Jan 1970 00:00:00 +0000']]],
  ] as [string, [string, string][]][])('answers a validly signed status callback with %s 400', async (_what, fields) => {
    const params = [...call().filter(([name]) => name !== 'CallStatus'), ...fields];
    const answer = await twilio('?kind=status', formBody(params), { 'X-Twilio-Signature': signedFor('https://relay.example.test/webhooks/twilio?kind=status', params) });
    expect(answer.status).toBe(400);
  });

  it('answers a validly signed recording callback naming a file:// recording 400', async () => {
    const params = call([['RecordingSid', `RE${'d'.repeat(32)}`], ['RecordingStatus', 'completed'], ['RecordingUrl', 'file:///etc/passwd']]);
    const answer = await twilio('?kind=recording', formBody(params), { 'X-Twilio-Signature': signedFor('https://relay.example.test/webhooks/twilio?kind=recording', params) });
    expect(answer.status).toBe(400);
  });

  it('answers a body over RELAY_MAX_BODY_BYTES 413, signed or not', async () => {
    const params = call([['Padding', 'x'.repeat(BODY_LIMIT)]]);
    expect((await twilio('?kind=voice', formBody(params), { 'X-Twilio-Signature': signedFor(voiceUrl, params) })).status).toBe(413);
  });
});

describe('Vapi server messages', () => {
  const vapi = (body: string | Buffer, headers: Record<string, string>) => rawPost(relay.url, '/webhooks/vapi', body, { 'Content-Type': 'application/json', ...headers });
  const request = JSON.stringify({ message: { type: 'assistant-request', timestamp: Date.now(), call: { id: 'call-hostile-1', type: 'inboundPhoneCall' }, phoneNumber: { number: '+15559870002' }, customer: { number: '+15551230001' } } });

  it.each([
    ['no X-Vapi-Secret', {}],
    ['another secret', { 'X-Vapi-Secret': 'hostile-suite-vapi-secreT' }],
    ['the secret cut short', { 'X-Vapi-Secret': VAPI_SECRET.slice(0, -1) }],
    ['the secret with more after it', { 'X-Vapi-Secret': `${VAPI_SECRET} ` + 'x'.repeat(4000) }],
    ['the secret as a Bearer token', { Authorization: `Bearer ${VAPI_SECRET}` }],
    ['an HMAC signature instead', { 'x-signature': 'a5d6010915493604c740f7bcd88b13724528c11127ff1a56e409280384e68cbe', 'x-timestamp': '1767225600' }],
  ])('answers an assistant-request with %s 401', async (_what, headers) => {
    expect((await vapi(request, headers)).status).toBe(401);
  });

  it.each([
    ['not JSON', '{"message": {"type":'],
    ['nested 10,000 deep', `{"message":{"type":"status-update","call":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`],
    ['no message', '{"type":"assistant-request"}'],
    ['a type that is a number', '{"message":{"type":7}}'],
    ['a call id that is an object', '{"message":{"type":"end-of-call-report","call":{"id":{"$gt":""}}}}'],
    ['a duration that is text', '{"message":{"type":"end-of-call-report","call":{"id":"c1"},"durationSeconds":"forever"}}'],
    ['a transcript that is an array', '{"message":{"type":"end-of-call-report","call":{"id":"c1"},"artifact":{"transcript":["a"]}}}'],
    ['an assistant-request naming no number called', '{"message":{"type":"assistant-request","call":{"id":"c1"},"customer":{"number":"+15551230001"}}}'],
    ['an assistant-request naming no call', '{"message":{"type":"assistant-request","phoneNumber":{"number":"+15559870002"}}}'],
    ['a call id of 10,000 characters', JSON.stringify({ message: { type: 'status-update', status: 'ringing', call: { id: 'c'.repeat(10_000) } } })],
  ])('answers a message with the right secret and %s 400', async (what, body) => {
    const answer = await vapi(body, { 'X-Vapi-Secret': VAPI_SECRET });
    expect(answer.status, `${what}: ${answer.text.slice(-200)}`).toBe(400);
  });
});

describe('MightyCall (polled: its webhook route stays off)', () => {
  it.each([
    ['a call event', '{"event":"call.completed","id":"mc-1"}', ''],
    ['a shared secret in the query', '{"event":"call.completed"}', '?secret=guess'],
    ['nested 10,000 deep', `{"event":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, ''],
    ['not JSON', '{"event":', ''],
    ['a body over RELAY_MAX_BODY_BYTES (never read)', `{"event":"${'x'.repeat(BODY_LIMIT + 1024)}"}`, ''],
  ])('answers a POST to /webhooks/mightycall with %s 501, as documented, and stores nothing', async (_what, body, query) => {
    const answer = await rawPost(relay.url, `/webhooks/mightycall${query}`, body, { 'Content-Type': 'application/json' });
    expect(answer.status).toBe(501);
    expect(JSON.parse(answer.text.slice(answer.text.indexOf('{')))).toEqual({ error: 'MightyCall webhooks are not implemented yet' });
  });

  it.each([
    ['a forged OpenPhone signature', { 'openphone-signature': 'hmac;1;1700000000000;AAAA' }],
    ['a forged Twilio signature', { 'X-Twilio-Signature': 'Zm9yZ2Vk' }],
    ['a device token of the admin', { authorization: 'Bearer <admin>' }],
  ])('answers a MightyCall webhook with %s 501 too (no header turns it on)', async (_what, headers) => {
    const sent = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value.replace('<admin>', admin)]));
    const answer = await rawPost(relay.url, '/webhooks/mightycall', '{"event":"call.completed","id":"mc-2"}', { 'Content-Type': 'application/json', ...sent });
    expect(answer.status).toBe(501);
  });

  it('answers its status without a device token, or with a forged one, 401', async () => {
    const tries: Record<string, string>[] = [{}, { authorization: 'Bearer forged-token-0123456789' }, { authorization: `Basic ${admin}` }];
    for (const headers of tries) {
      expect((await fetch(`${relay.url}/v1/mightycall/status`, { headers })).status).toBe(401);
    }
  });
});

describe('afterwards', () => {
  it('is alive, stored nothing, logged no error, and still stores a legitimate signed webhook', async () => {
    expect(relay.process.exitCode).toBeNull();
    expect(relay.output()).not.toContain('"level":"error"');
    expect(await headSeq(relay)).toBe(headBefore);
    const stored = await postSigned(relay, ringingDelivery().body);
    expect(stored).toEqual({ seq: headBefore + 1, duplicate: false });
  });
});

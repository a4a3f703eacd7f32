import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playVapiCall } from './call-script';
import { assistantRequest, endOfCallReport, newVapiCall } from './messages';
import { judgeAssistantAnswer, requestAssistant } from './server-url';
import { vapiAuthHeaders } from './signature';

/** The emulator against a loopback server URL of the test's own (never the relay): what Vapi sends, and how it reads answers. */

const SPEC_BODY =
  '{"message":{"type":"assistant-request","timestamp":1767225600000,"call":{"id":"call-test-0001","orgId":"org-test-0001","type":"inboundPhoneCall"},"phoneNumber":{"id":"pn-test-0001","number":"+15559870002"},"customer":{"number":"+15551230001"}}}';

describe('authentication headers (spec §3.4)', () => {
  it('sends the shared secret as X-Vapi-Secret', () => {
    expect(vapiAuthHeaders(SPEC_BODY, { mode: 'secret', secret: 'vapi-shared-secret-test' })).toEqual({ 'x-vapi-secret': 'vapi-shared-secret-test' });
  });

  it("signs the spec's test vectors: {timestamp}.{body} and the body alone", () => {
    const at = 1767225600 * 1000;
    expect(vapiAuthHeaders(SPEC_BODY, { mode: 'hmac', secretKey: 'vapi-hmac-test-secret' }, at)).toEqual({
      'x-signature': 'a5d6010915493604c740f7bcd88b13724528c11127ff1a56e409280384e68cbe',
      'x-timestamp': '1767225600',
    });
    expect(vapiAuthHeaders(SPEC_BODY, { mode: 'hmac', secretKey: 'vapi-hmac-test-secret', includeTimestamp: false }, at)).toEqual({
      'x-signature': 'c97a8637924970f8dcf185ad3d50e7a2ef71ffbca9ec9907a6a64fd7d812cc86',
    });
  });
});

describe('messages (spec §3.1, §3.3)', () => {
  it('puts every message in {"message":{…}} with an epoch-ms timestamp, the call, the number called and the caller', () => {
    const call = newVapiCall('+15559870002', '+15551230001');
    const { message } = assistantRequest(call, new Date('2026-01-01T00:00:00Z'));
    expect(message).toMatchObject({ type: 'assistant-request', timestamp: 1767225600000, call: { id: call.id, type: 'inboundPhoneCall' }, phoneNumber: { number: '+15559870002' }, customer: { number: '+15551230001' } });
  });

  it('carries an end-of-call report in artifact/analysis and in the legacy top-level copies', () => {
    const call = newVapiCall('+15559870002', '+15551230001');
    const { message } = endOfCallReport(call, {
      endedReason: 'customer-ended-call',
      startedAt: new Date('2026-01-01T00:00:05.000Z'),
      endedAt: new Date('2026-01-01T00:02:10.500Z'),
      turns: [['bot', 'Hello', 0.5]],
      summary: 'Caller asked about invoice 1042.',
      recordingUrl: 'https://storage.example.test/rec/a.wav',
    });
    expect(message).toMatchObject({
      startedAt: '2026-01-01T00:00:05.000Z',
      endedAt: '2026-01-01T00:02:10.500Z',
      durationSeconds: 125.5,
      summary: 'Caller asked about invoice 1042.',
      transcript: 'AI: Hello',
      recordingUrl: 'https://storage.example.test/rec/a.wav',
      artifact: { transcript: 'AI: Hello', recording: { mono: { combinedUrl: 'https://storage.example.test/rec/a.wav' } } },
      analysis: { summary: 'Caller asked about invoice 1042.' },
      call: { id: call.id, status: 'ended', endedReason: 'customer-ended-call' },
    });
  });
});

describe("reading an assistant-request's answer as Vapi does (spec §3.2)", () => {
  const delivered = (body: unknown, status = 200, elapsedMs = 10) => ({ status, text: typeof body === 'string' ? body : JSON.stringify(body), elapsedMs });
  it.each([
    [{ assistantId: 'a1', assistantOverrides: { variableValues: { customerName: 'Ada' } } }, 'assistant'],
    [{ destination: { type: 'number', number: '+16175550100' }, assistantId: 'a1' }, 'forward'],
    [{ error: 'Sorry, this line is closed.' }, 'rejected'],
    [{ error: '  ' }, 'failed'],
    [{ destination: { type: 'number', phoneNumber: '+16175550100' } }, 'failed'],
    [{}, 'failed'],
    ['not json', 'failed'],
  ])('%j → %s', (body, kind) => {
    expect(judgeAssistantAnswer(delivered(body)).kind).toBe(kind);
  });

  it('treats a 5xx, and an answer over the budget, as a failed request', () => {
    expect(judgeAssistantAnswer(delivered({ assistantId: 'a1' }, 503))).toMatchObject({ kind: 'failed', endedReason: 'assistant-request-failed' });
    expect(judgeAssistantAnswer(delivered({ assistantId: 'a1' }, 200, 5001), 5000)).toMatchObject({ kind: 'failed', endedReason: 'assistant-request-failed' });
  });
});

describe('against a server URL', () => {
  let server: Server;
  let url: string;
  let delayMs = 0;
  let answer: string | null = null;
  const received: { type: string; headers: IncomingMessage['headers']; message: Record<string, unknown> }[] = [];
  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const { message } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { message: { type: string } & Record<string, unknown> };
        received.push({ type: message.type, headers: req.headers, message });
        const body = message.type === 'assistant-request' && answer !== null ? answer : message.type === 'assistant-request' ? JSON.stringify({ assistantId: 'asst-1', assistantOverrides: { variableValues: { customerName: 'Ada' } } }) : '{}';
        setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(body), delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/vapi`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('plays a served call: assistant-request, in-progress, ended, end-of-call-report, every one authenticated', async () => {
    received.length = 0;
    delayMs = 0;
    const played = await playVapiCall({ serverUrl: url, auth: { mode: 'secret', secret: 's3cret-s3cret-s3cret' }, phoneNumber: '+15559870002', caller: '+15551230001' });
    expect(played.outcome).toMatchObject({ kind: 'assistant', assistantId: 'asst-1' });
    expect(received.map((r) => r.type)).toEqual(['assistant-request', 'status-update', 'status-update', 'end-of-call-report']);
    expect(received.every((r) => r.headers['x-vapi-secret'] === 's3cret-s3cret-s3cret')).toBe(true);
  });

  it("reports a refused call with startedAt, as a call Vapi answered to speak the refusal; none when told the call never connected", async () => {
    answer = JSON.stringify({ error: 'Sorry, no time left.' });
    const reportOf = async (connectedWhenNotServed?: boolean) => {
      received.length = 0;
      await playVapiCall({ serverUrl: url, auth: { mode: 'secret', secret: 's3cret-s3cret-s3cret' }, phoneNumber: '+15559870002', caller: '+15551230001', connectedWhenNotServed });
      return received.find((r) => r.type === 'end-of-call-report')!.message;
    };
    expect(await reportOf()).toMatchObject({ endedReason: 'assistant-request-returned-error', startedAt: expect.any(String), endedAt: expect.any(String) });
    expect((await reportOf(false)).startedAt).toBeUndefined();
    answer = null;
  });

  it('gives up on an answer slower than its budget: the call fails with assistant-request-failed', async () => {
    delayMs = 400;
    const outcome = await requestAssistant(url, assistantRequest(newVapiCall('+15559870002', '+15551230001')), { mode: 'secret', secret: 's3cret-s3cret-s3cret' }, 150);
    expect(outcome).toMatchObject({ kind: 'failed', endedReason: 'assistant-request-failed' });
    expect(outcome.elapsedMs).toBeLessThan(400);
    delayMs = 0;
  });
});

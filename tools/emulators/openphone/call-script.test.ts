import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOpenPhoneSecrets, verifyOpenPhoneSignature } from '../../../relay/src/providers/openphone/verify';
import { normalizeOpenPhone } from '../../../src/shared/providers/openphone/normalize';
import { playCall, type PlayCallStep } from './call-script';
import { phoneNumberIdFor } from './payloads';
import { sendOpenPhoneWebhook } from './sender';

// A stand-in webhook endpoint on loopback that records exactly what arrived; the relay's
// own verifier and normalizer then judge it, so the emulator and the relay check each other.
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const SECRET = 'cmVjZXB0aW9uaXN0LWNvbnNvbGUtdGVzdC1rZXktMDE=';
const STANDARD_SECRET = 'whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';
const received: Received[] = [];
const MAPPED = { [phoneNumberIdFor('+15559870002')]: '+15559870002' };
let answer = 200;
let server: http.Server;
let baseUrl = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer === 200 ? 'stored' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function judge(delivery: Received, phoneNumberIds: Record<string, string> = {}) {
  const verification = verifyOpenPhoneSignature({
    headers: delivery.headers,
    rawBody: delivery.body,
    keys: parseOpenPhoneSecrets(`${SECRET},${STANDARD_SECRET}`),
    nowMs: Date.now(),
    toleranceMs: 5 * 60 * 1000,
  });
  const result = normalizeOpenPhone(JSON.parse(delivery.body.toString('utf8')), {
    receivedAt: new Date().toISOString(),
    deliveryId: verification.ok ? verification.deliveryId : null,
    phoneNumberIds,
  });
  return { verification, event: result.ok ? result.event : null };
}

describe('the OpenPhone emulator plays calls the relay accepts', () => {
  it('an answered call rings, then completes with the scripted talk time', async () => {
    received.length = 0;
    const steps: PlayCallStep[] = [];
    const callId = await playCall(baseUrl, {
      from: '+15551230001',
      to: '+15559870002',
      secretBase64: SECRET,
      answerAfterSeconds: 4,
      durationSeconds: 95,
      speed: 10_000,
      onStep: (step) => steps.push(step),
    });

    expect(steps.map((s) => [s.type, s.status, s.callId])).toEqual([
      ['call.ringing', 200, callId],
      ['call.completed', 200, callId],
    ]);
    expect(received.map((r) => [r.path, r.headers['content-type']])).toEqual([
      ['/webhooks/openphone', 'application/json'],
      ['/webhooks/openphone', 'application/json'],
    ]);
    const [ringing, completed] = received.map((r) => judge(r));
    expect(ringing!.verification).toEqual({ ok: true, generation: 'legacy', deliveryId: null });
    expect(completed!.verification).toEqual({ ok: true, generation: 'legacy', deliveryId: null });
    expect(ringing!.event).toMatchObject({
      type: 'call.ringing',
      lines: ['+15559870002'],
      data: { callId: `openphone:${callId}`, direction: 'incoming', businessNumber: '+15559870002', externalNumber: '+15551230001' },
    });
    expect(completed!.event).toMatchObject({ type: 'call.completed', data: { callId: `openphone:${callId}`, durationSeconds: 95, voicemailUrl: null } });
    const data = completed!.event!.data as { startedAt: string; answeredAt: string };
    expect(Date.parse(data.answeredAt) - Date.parse(data.startedAt)).toBeGreaterThanOrEqual(3000);
  });

  it('a missed call completes with no answer, and may leave a voicemail', async () => {
    received.length = 0;
    await playCall(baseUrl, {
      from: '+15551230001',
      to: '+15559870002',
      secretBase64: SECRET,
      answerAfterSeconds: null,
      durationSeconds: 20,
      speed: 10_000,
      voicemailUrl: 'https://storage.example.test/vm.mp3',
    });
    const completed = judge(received[1]!);
    expect(completed.event).toMatchObject({
      type: 'call.completed',
      data: { answeredAt: null, durationSeconds: 0, voicemailUrl: 'https://storage.example.test/vm.mp3' },
    });
    const raw = JSON.parse(received[1]!.body.toString()) as { data: { object: { phoneNumberId: string } } };
    expect(raw.data.object.phoneNumberId).toBe(phoneNumberIdFor('+15559870002'));
  });

  it('a refusal from the relay stops the call with its status', async () => {
    answer = 401;
    try {
      await expect(
        playCall(baseUrl, { from: '+15551230001', to: '+15559870002', secretBase64: SECRET, durationSeconds: 1, speed: 10_000 }),
      ).rejects.toThrow(/401 to call\.ringing: nope/);
    } finally {
      answer = 200;
    }
  });

  it('a new-generation call rings, is answered, then completes, each signed the Standard Webhooks way', async () => {
    received.length = 0;
    const steps: PlayCallStep[] = [];
    const callId = await playCall(baseUrl, {
      from: '+15551230001',
      to: '+15559870002',
      secretBase64: STANDARD_SECRET,
      generation: 'standard',
      answerAfterSeconds: 4,
      durationSeconds: 95,
      speed: 10_000,
      onStep: (step) => steps.push(step),
    });

    expect(steps.map((s) => [s.type, s.status, s.callId])).toEqual([
      ['call.ringing', 200, callId],
      ['call.answered', 200, callId],
      ['call.completed', 200, callId],
    ]);
    const judged = received.map((r) => judge(r, { [phoneNumberIdFor('+15559870002')]: '+15559870002' }));
    for (const { verification } of judged) expect(verification).toMatchObject({ ok: true, generation: 'standard', deliveryId: expect.stringMatching(/^msg_/) });
    expect(new Set(judged.map((j) => j.event?.id)).size).toBe(3);
    const [ringing, answered, completed] = judged.map((j) => j.event);
    expect(ringing).toMatchObject({ type: 'call.ringing', lines: ['+15559870002'], data: { callId: `openphone:${callId}`, externalNumber: '+15551230001' } });
    expect(answered).toMatchObject({ type: 'call.answered', data: { callId: `openphone:${callId}` } });
    expect(completed).toMatchObject({ type: 'call.completed', data: { callId: `openphone:${callId}`, durationSeconds: 95 } });
    const { startedAt, answeredAt } = answered!.data as { startedAt: string; answeredAt: string };
    expect(Date.parse(answeredAt) - Date.parse(startedAt)).toBeGreaterThanOrEqual(3000);
    expect((completed!.data as { answeredAt: string }).answeredAt).toBe(answeredAt);
  });

  it('a missed new-generation call rings, is missed and completes, never answered', async () => {
    received.length = 0;
    const steps: PlayCallStep[] = [];
    await playCall(baseUrl, {
      from: '+15551230001',
      to: '+15559870002',
      secretBase64: STANDARD_SECRET,
      generation: 'standard',
      answerAfterSeconds: null,
      durationSeconds: 20,
      speed: 10_000,
      onStep: (step) => steps.push(step),
    });
    expect(steps.map((s) => s.type)).toEqual(['call.ringing', 'call.missed', 'call.completed']);
    const events = received.map((r) => judge(r, MAPPED).event);
    expect(events[1]).toMatchObject({ type: 'call.missed', lines: ['+15559870002'] });
    expect(events[2]).toMatchObject({ type: 'call.completed', data: { answeredAt: null, durationSeconds: 0 } });
  });

  it('a new-generation missed call with a voicemail reports it in call.voicemail.completed, served from the media host', async () => {
    received.length = 0;
    const steps: PlayCallStep[] = [];
    const callId = await playCall(baseUrl, {
      from: '+15551230001',
      to: '+15559870002',
      secretBase64: STANDARD_SECRET,
      generation: 'standard',
      answerAfterSeconds: null,
      durationSeconds: 20,
      voicemailSeconds: 14,
      mediaBaseUrl: 'http://127.0.0.1:9/media/',
      speed: 10_000,
      onStep: (step) => steps.push(step),
    });
    expect(steps.map((s) => s.type)).toEqual(['call.ringing', 'call.missed', 'call.completed', 'call.voicemail.completed']);
    expect(judge(received[3]!, MAPPED).event).toMatchObject({
      type: 'call.voicemail_ready',
      lines: ['+15559870002'],
      data: { callId: `openphone:${callId}`, voicemail: { mediaId: `openphone:${callId}:voicemail:0`, url: `http://127.0.0.1:9/media/voicemails/${callId}.mp3`, durationSeconds: 14 } },
    });
  });

  it('an answered call plays ringing, answered by whom, completed, then recording, summary and transcript in the order asked', async () => {
    for (const generation of ['legacy', 'standard'] as const) {
      received.length = 0;
      const callId = await playCall(baseUrl, {
        from: '+15551230001',
        to: '+15559870002',
        secretBase64: generation === 'legacy' ? SECRET : STANDARD_SECRET,
        generation,
        durationSeconds: 60,
        answeredBy: 'USfrontdesk',
        record: true,
        artifacts: ['summary', 'transcript'],
        mediaBaseUrl: 'http://127.0.0.1:9',
        speed: 10_000,
      });
      const events = received.map((r) => judge(r, MAPPED).event!);
      const expected = generation === 'legacy'
        ? ['call.ringing', 'call.completed', 'call.recording_ready', 'call.summary_ready', 'call.transcript_ready']
        : ['call.ringing', 'call.answered', 'call.completed', 'call.recording_ready', 'call.summary_ready', 'call.transcript_ready'];
      expect(events.map((e) => e.type)).toEqual(expected);
      for (const event of events) expect(event.data).toMatchObject({ callId: `openphone:${callId}` });
      if (generation === 'standard') expect(events[1]).toMatchObject({ data: { answeredBy: 'USfrontdesk' } });
      expect(events.find((e) => e.type === 'call.recording_ready')).toMatchObject({ data: { recordings: [{ url: `http://127.0.0.1:9/recordings/${callId}-0.mp3`, durationSeconds: 60 }] } });
    }
  });

  it('a recording and transcript may arrive before the completion they belong to', async () => {
    received.length = 0;
    await playCall(baseUrl, {
      from: '+15551230001',
      to: '+15559870002',
      secretBase64: SECRET,
      durationSeconds: 30,
      record: true,
      artifacts: ['transcript'],
      artifactTiming: 'before-completion',
      mediaBaseUrl: 'http://127.0.0.1:9',
      speed: 10_000,
    });
    expect(received.map((r) => judge(r).event!.type)).toEqual(['call.ringing', 'call.recording_ready', 'call.transcript_ready', 'call.completed']);
  });

  it('a forwarded new-generation call says where it went and completes unanswered on this line', async () => {
    received.length = 0;
    const steps: PlayCallStep[] = [];
    await playCall(baseUrl, {
      from: '+15551230001',
      to: '+15559870002',
      secretBase64: STANDARD_SECRET,
      generation: 'standard',
      forwardTo: '+15554440009',
      durationSeconds: 40,
      speed: 10_000,
      onStep: (step) => steps.push(step),
    });
    expect(steps.map((s) => s.type)).toEqual(['call.ringing', 'call.forwarded', 'call.completed']);
    expect(judge(received[1]!, MAPPED).event).toMatchObject({ type: 'call.forwarded', data: { forwardedTo: '+15554440009' } });
    expect(judge(received[2]!, MAPPED).event).toMatchObject({ type: 'call.completed', data: { answeredAt: null } });
  });

  it('recording or a voicemail without a media host to serve it is refused before anything is sent', async () => {
    received.length = 0;
    await expect(playCall(baseUrl, { from: '+15551230001', to: '+15559870002', secretBase64: SECRET, durationSeconds: 5, record: true })).rejects.toThrow(/mediaBaseUrl/);
    await expect(playCall(baseUrl, { from: '+15551230001', to: '+15559870002', secretBase64: SECRET, answerAfterSeconds: null, durationSeconds: 5, voicemailSeconds: 3 })).rejects.toThrow(/mediaBaseUrl/);
    expect(received).toHaveLength(0);
  });

  it('Standard Webhooks deliveries carry the three headers and keep a chosen webhook-id', async () => {
    received.length = 0;
    const body = '{"id":"EVx","apiVersion":"2026-03-30","createdAt":"2026-01-01T00:00:00.000Z","type":"call.answered","data":{"resource":{}}}';
    const result = await sendOpenPhoneWebhook(`${baseUrl}/`, body, {
      secretBase64: STANDARD_SECRET,
      generation: 'standard',
      deliveryId: 'msg_retry1',
    });
    expect(result).toEqual({ status: 200, text: 'stored' });
    expect(received[0]!.body.toString()).toBe(body);
    expect(received[0]!.headers['webhook-id']).toBe('msg_retry1');
    expect(judge(received[0]!)).toMatchObject({
      verification: { ok: true, generation: 'standard', deliveryId: 'msg_retry1' },
      event: { id: 'msg_retry1', type: 'provider.unnormalized' },
    });
  });
});

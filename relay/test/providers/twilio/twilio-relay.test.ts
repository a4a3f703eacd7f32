import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../../tests/support/relay-process';
import { TwilioEmulator } from '../../../../tools/emulators/twilio/emulator';
import { StreamClient } from '../../support/stream-client';

/**
 * Twilio through the real relay process: the emulator plays calls against the URLs a
 * Twilio number would be configured with. The relay sits behind a TLS proxy at
 * https://relay.example.test (RELAY_PUBLIC_URL, what Twilio signs); the emulator delivers
 * to its loopback address, as the proxy would.
 */

const PUBLIC_URL = 'https://relay.example.test';
const LINE = '+15559870002';
const REJECTING_LINE = '+15559870004';
const AUTH_TOKEN = 'test_auth_token_0123456789abcdef';
let relay: RelayProcess;
let emulator: TwilioEmulator;
let stream: StreamClient;
/** Another media host the relay may download from (a storage bucket): what Authorization it was sent. */
let storage: http.Server;
const storageRequests: { path: string; authorization: string | undefined }[] = [];

beforeAll(async () => {
  storage = http.createServer((req, res) => {
    storageRequests.push({ path: req.url ?? '/', authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(Buffer.alloc(1024));
  });
  await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
  emulator = await TwilioEmulator.start({
    authToken: AUTH_TOKEN,
    voiceUrl: `${PUBLIC_URL}/webhooks/twilio?kind=voice`,
    statusUrl: `${PUBLIC_URL}/webhooks/twilio?kind=status`,
    deliverTo: (url) => url.replace(PUBLIC_URL, relay.url),
  });
  relay = await startRelayProcess({
    env: {
      RELAY_PUBLIC_URL: PUBLIC_URL,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_ACCOUNT_SID: emulator.accountSid,
      TWILIO_VOICE_ROUTES: `${LINE}=dial:+15551110000,+15551110001;${REJECTING_LINE}=reject`,
      TWILIO_MEDIA_ORIGIN: emulator.mediaOrigin,
      RELAY_MEDIA_ALLOWED_HOSTS: `${new URL(emulator.mediaOrigin).host},${storageHost()}`,
      RELAY_LOG_LEVEL: 'error',
    },
  });
  stream = await StreamClient.open(relay.wsUrl, await relay.addDevice('Owner', 'admin'));
});

afterAll(async () => {
  await stream?.close();
  await relay?.stop();
  await emulator?.close();
  await new Promise<void>((resolve) => storage.close(() => resolve()));
});

const storageHost = () => `127.0.0.1:${(storage.address() as AddressInfo).port}`;

const eventsOf = (callId: string) => stream.events().filter(({ event }) => (event.data as { callId?: string }).callId === callId);

describe('a Twilio call through the relay', () => {
  it('rings first, is answered by a dialled number, completes with CallDuration as its talk time, and its recording is fetched with the account credentials', async () => {
    const played = await emulator.playCall({ from: '+15551230001', to: LINE, outcome: { answered: { ringSeconds: 4, talkSeconds: 95 } } });
    const callId = `twilio:${played.callSid}`;
    expect(played.requests.every((request) => request.status === 200)).toBe(true);
    expect(played.twiml).toMatchObject({ kind: 'dial', record: true, answerOnBridge: true, nouns: [{ target: '+15551110000' }, { target: '+15551110001' }] });
    expect(played.requests[0]!.body).toContain(`statusCallback="${PUBLIC_URL}/webhooks/twilio?kind=status"`);

    await stream.waitFor(() => stream.events().some(({ event }) => event.type === 'media.captured' && event.data.mediaId.startsWith(callId)), 'the recording captured');
    const types = eventsOf(callId).map(({ event }) => event.type);
    expect(types.slice(0, 1)).toEqual(['call.ringing']);
    expect(types).toContain('call.answered');
    const completed = eventsOf(callId).find(({ event }) => event.type === 'call.completed')!.event;
    expect(completed).toMatchObject({ source: 'twilio', lines: [LINE], data: { externalNumber: '+15551230001', businessNumber: LINE, durationSeconds: 95 } });
    const answeredBy = eventsOf(callId).flatMap(({ event }) => (event.type === 'call.answered' ? [event.data.answeredBy] : []));
    expect(answeredBy).toContain('+15551110000');
    expect(types.filter((type) => type === 'call.completed')).toHaveLength(1);
    expect(types).not.toContain('call.missed');
    // The relay asked for the recording with the credentials, and only from the media origin.
    expect(emulator.mediaRequests.filter((request) => request.path.includes(played.recordingSid!))).toEqual([{ path: expect.stringMatching(/\.mp3$/), authorized: true }]);
  });

  it('is billed the answering leg’s talk time when the caller’s leg counts the ringing too (answerOnBridge not honoured)', async () => {
    const played = await emulator.playCall({ from: '+15551230011', to: LINE, outcome: { answered: { ringSeconds: 20, talkSeconds: 95 } }, callerLegCountsRinging: true });
    const callId = `twilio:${played.callSid}`;
    const callerLeg = played.requests.find((request) => request.kind === 'status' && !request.params.some(([name]) => name === 'ParentCallSid') && request.params.some(([name, value]) => name === 'CallStatus' && value === 'completed'))!;
    expect(callerLeg.params).toContainEqual(['CallDuration', '115']);
    await stream.waitFor(() => eventsOf(callId).some(({ event }) => event.type === 'call.completed'), 'the call completed');
    await stream.waitFor(() => stream.events().some(({ event }) => event.type === 'media.captured' && event.data.mediaId.startsWith(callId)), 'the recording captured');
    const completions = eventsOf(callId).flatMap(({ event }) => (event.type === 'call.completed' ? [event.data] : []));
    expect(completions).toEqual([expect.objectContaining({ durationSeconds: 95, answeredBy: '+15551110000' })]);
  });

  it('sent again, every request is stored once, and the voice request is answered with the same TwiML', async () => {
    const played = await emulator.playCall({ from: '+15551230009', to: LINE, outcome: { answered: { ringSeconds: 2, talkSeconds: 30 } } });
    const callId = `twilio:${played.callSid}`;
    await stream.waitFor(() => eventsOf(callId).some(({ event }) => event.type === 'call.completed'), 'the call completed');
    const before = stream.lastSeq();
    for (const request of played.requests) {
      const again = await emulator.post(request.kind, request.url, request.params);
      expect(again.status).toBe(200);
      if (request.kind === 'voice') expect(again.body).toBe(request.body);
    }
    // A fresh request after the replays marks where the stream has caught up to.
    const marker = await emulator.playCall({ from: '+15551230010', to: REJECTING_LINE, outcome: { unanswered: 'busy', ringSeconds: 0 } });
    await stream.waitFor(() => eventsOf(`twilio:${marker.callSid}`).length > 0, 'the next call');
    expect(stream.events().filter(({ seq }) => seq > before).every(({ event }) => (event.data as { callId?: string }).callId !== callId)).toBe(true);
  });

  it('rung out with nobody answering is one missed call, never a completed one', async () => {
    const played = await emulator.playCall({ from: '+15551230002', to: LINE, outcome: { unanswered: 'no-answer', ringSeconds: 25 } });
    const callId = `twilio:${played.callSid}`;
    await stream.waitFor(() => eventsOf(callId).some(({ event }) => event.type === 'call.missed'), 'the missed call');
    expect(eventsOf(callId).map(({ event }) => event.type)).toEqual(['call.ringing', 'call.missed']);
  });

  it('hung up by the caller while ringing is a missed call', async () => {
    const played = await emulator.playCall({ from: '+15551230003', to: LINE, outcome: { unanswered: 'canceled', ringSeconds: 6 } });
    await stream.waitFor(() => eventsOf(`twilio:${played.callSid}`).some(({ event }) => event.type === 'call.missed'), 'the missed call');
  });

  it('to a number whose route refuses calls is answered <Reject reason="busy"/> and is missed', async () => {
    const played = await emulator.playCall({ from: '+15551230004', to: REJECTING_LINE, outcome: { unanswered: 'busy', ringSeconds: 0 } });
    expect(played.twiml).toEqual({ kind: 'reject', reason: 'busy' });
    const callId = `twilio:${played.callSid}`;
    await stream.waitFor(() => eventsOf(callId).filter(({ event }) => event.type === 'call.missed').length === 2, 'the rejected call missed (as it rang, and by its status)');
    expect(eventsOf(callId)[0]!.event.type).toBe('call.ringing');
  });

  it('sends the account credentials to the Twilio media origin only: not to a recording URL on another host, not after a redirect', async () => {
    const other = await emulator.playCall({ from: '+15551230005', to: LINE, outcome: { answered: { ringSeconds: 1, talkSeconds: 10 } } });
    // A recording callback (signed, as only Twilio can) naming a recording on another allowed host.
    const recordingSid = `RE${'e'.repeat(32)}`;
    const forged = await emulator.post('recording', `${PUBLIC_URL}/webhooks/twilio?kind=recording`, [
      ['AccountSid', emulator.accountSid],
      ['CallSid', other.callSid],
      ['RecordingSid', recordingSid],
      ['RecordingStatus', 'completed'],
      ['RecordingUrl', `http://${storageHost()}/elsewhere/${recordingSid}`],
      ['RecordingDuration', '10'],
    ]);
    expect(forged.status).toBe(200);
    await stream.waitFor(() => storageRequests.some((request) => request.path.includes(recordingSid)), 'the other host asked');

    emulator.redirectRecordingsTo = `http://${storageHost()}`;
    const redirected = await emulator.playCall({ from: '+15551230006', to: LINE, outcome: { answered: { ringSeconds: 1, talkSeconds: 12 } } });
    await stream.waitFor(() => storageRequests.some((request) => request.path.includes(redirected.recordingSid!)), 'the redirect followed');
    emulator.redirectRecordingsTo = null;
    expect(emulator.mediaRequests.filter((request) => request.path.includes(redirected.recordingSid!))).toEqual([{ path: expect.any(String), authorized: true }]);
    expect(storageRequests.map((request) => request.authorization)).toEqual(storageRequests.map(() => undefined));
  });
});

describe('a Twilio relay with default media settings (RELAY_MEDIA_ALLOWED_HOSTS unset)', () => {
  it('captures the recording from TWILIO_MEDIA_ORIGIN, with no refusal alert', async () => {
    let plain: RelayProcess | undefined;
    const own = await TwilioEmulator.start({
      authToken: AUTH_TOKEN,
      voiceUrl: `${PUBLIC_URL}/webhooks/twilio?kind=voice`,
      statusUrl: `${PUBLIC_URL}/webhooks/twilio?kind=status`,
      deliverTo: (url) => url.replace(PUBLIC_URL, plain!.url),
    });
    let events: StreamClient | undefined;
    try {
      plain = await startRelayProcess({
        env: { RELAY_PUBLIC_URL: PUBLIC_URL, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_ACCOUNT_SID: own.accountSid, TWILIO_DEFAULT_ROUTE: 'dial:+15551110000', TWILIO_MEDIA_ORIGIN: own.mediaOrigin, RELAY_LOG_LEVEL: 'error' },
      });
      events = await StreamClient.open(plain.wsUrl, await plain.addDevice('Owner', 'admin'));
      const played = await own.playCall({ from: '+15551230012', to: LINE, outcome: { answered: { ringSeconds: 2, talkSeconds: 20 } } });
      const stream = events;
      await stream.waitFor(() => stream.events().some(({ event }) => (event.type === 'media.captured' && event.data.mediaId.includes(played.recordingSid!)) || event.type === 'relay.alert'), 'the recording captured or refused');
      expect(stream.events().map(({ event }) => event.type)).not.toContain('relay.alert');
      expect(own.mediaRequests).toEqual([{ path: expect.stringContaining(played.recordingSid!), authorized: true }]);
    } finally {
      await events?.close();
      await plain?.stop();
      await own.close();
    }
  });
});

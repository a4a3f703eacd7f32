import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { callRecordingCompletedEvent, recordingPath } from '../../../tools/emulators/openphone/artifact-payloads';
import { MediaHost } from '../../../tools/emulators/openphone/media-host';
import { inboundMms, mmsPath, playMessages } from '../../../tools/emulators/openphone/message-script';
import { callCompletedEvent, newCallId } from '../../../tools/emulators/openphone/payloads';
import { StreamClient } from '../support/stream-client';
import { postSigned } from '../support/webhooks';

/**
 * End to end on the real relay process: OpenPhone's own signed webhooks (the emulator's
 * legacy call.recording.completed and an inbound MMS) name media on the emulated bucket;
 * the relay captures it, consoles learn of it on their stream, and fetch it by hash.
 */

const LINE = '+16175550100';
const CALLER = '+16175550142';
let host: MediaHost;
let relay: RelayProcess;
let admin: string;
let frontDesk: string;
let branch: string;

beforeAll(async () => {
  host = await MediaHost.start();
  relay = await startRelayProcess({
    env: { RELAY_MEDIA_ALLOWED_HOSTS: host.hostPort, RELAY_MEDIA_RETRY_BASE_MS: '20', RELAY_MEDIA_RETRY_CAP_MS: '100', RELAY_MEDIA_ALERT_AFTER_ATTEMPTS: '3', RELAY_MEDIA_SLOW_RETRY_MS: '300' },
  });
  admin = await relay.addDevice('Owner', 'admin');
  frontDesk = await relay.addDevice('Front desk', 'agent', [LINE]);
  branch = await relay.addDevice('Branch', 'agent', ['+16175550999']);
});

afterAll(async () => {
  await relay?.stop();
  await host?.close();
});

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function getMedia(hash: string, token: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${relay.url}/v1/media/${hash}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
}

function answeredCall(callId: string) {
  const completedAt = new Date();
  return { callId, from: CALLER, to: LINE, createdAt: new Date(completedAt.getTime() - 60_000), answeredAt: new Date(completedAt.getTime() - 55_000), completedAt };
}

async function postRecording(callId: string): Promise<void> {
  const call = answeredCall(callId);
  await postSigned(relay, callCompletedEvent(call).body);
  await postSigned(relay, callRecordingCompletedEvent({ ...call, at: new Date(), durationSeconds: 3, mediaBaseUrl: (path) => host.signedUrl(path) }).body);
}

describe('OpenPhone media through the real relay', () => {
  it('captures a call recording, tells the consoles of its line, and serves it to them with range requests', async () => {
    const callId = newCallId();
    const body = host.addRecording(recordingPath(callId), 3, callId);
    const stream = await StreamClient.open(relay.wsUrl, frontDesk);
    await postRecording(callId);
    await stream.waitFor((client) => client.events().some(({ event }) => event.type === 'media.captured' && event.data.sha256 === sha256(body)), 'media.captured on the agent’s stream');
    const fact = stream.events().find(({ event }) => event.type === 'media.captured')!.event;
    expect(fact).toMatchObject({ source: 'relay', lines: [LINE], data: { contentType: 'audio/mpeg', bytes: body.length } });
    await stream.close();

    const part = await getMedia(sha256(body), frontDesk, { range: 'bytes=0-1023' });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(body.subarray(0, 1024))).toBe(true);
    expect((await getMedia(sha256(body), branch)).status).toBe(404);
  });

  it('captures an MMS photo', async () => {
    const script = inboundMms({ line: LINE, from: CALLER, start: new Date(), body: 'the part that broke', photos: 1, mediaBaseUrl: (path) => host.signedUrl(path) });
    const photo = host.addPhoto(mmsPath(script.messageIds[0]!, 0), script.messageIds[0]!);
    const stream = await StreamClient.open(relay.wsUrl, admin);
    await playMessages(relay.url, script, { secretBase64: relay.secretBase64, speed: 1000 });
    await stream.waitFor((client) => client.events().some(({ event }) => event.type === 'media.captured' && event.data.sha256 === sha256(photo)), 'the photo’s media.captured');
    await stream.close();
    const served = await getMedia(sha256(photo), admin);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await served.arrayBuffer()).equals(photo)).toBe(true);
  });

  it('resumes a pending download after the relay is killed outright', async () => {
    const callId = newCallId();
    const body = host.addRecording(recordingPath(callId), 2, `${callId} after a crash`);
    host.failNext(1_000, 503);
    await postRecording(callId);
    const deadline = Date.now() + 10_000;
    while (host.requestsFor(recordingPath(callId)).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(host.requestsFor(recordingPath(callId)).length).toBeGreaterThan(0);
    await relay.kill('SIGKILL');
    host.failNext(0);
    await relay.restart();
    const stream = await StreamClient.open(relay.wsUrl, admin);
    await stream.waitFor((client) => client.events().some(({ event }) => event.type === 'media.captured' && event.data.sha256 === sha256(body)), 'the resumed capture');
    await stream.close();
    expect((await getMedia(sha256(body), admin)).status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaHost } from '../../tools/emulators/openphone/media-host';
import { eventually, newCallId, recordingReady, startMediaRelay, type MediaRelay } from './media/media-relay';

/** An agent's media follows the lines an admin assigns it from a console, on the very next request. */

let host: MediaHost;
let relay: MediaRelay;
let admin: string;

beforeAll(async () => {
  host = await MediaHost.start();
  relay = await startMediaRelay({ RELAY_MEDIA_ALLOWED_HOSTS: host.hostPort, RELAY_MEDIA_RETRY_BASE_MS: '20', RELAY_MEDIA_RETRY_CAP_MS: '80' });
  admin = relay.addDevice('Owner', 'admin');
});

afterAll(async () => {
  await relay?.stop();
  await host?.close();
});

const change = (body: unknown) =>
  fetch(`${relay.url}/v1/devices/change`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe("an agent's media after its lines change", () => {
  it('is served once the recording’s line is assigned to it, and refused (404) once it is taken away', async () => {
    const agent = relay.addDevice('Branch office', 'agent', ['+16175550999']);
    const callId = newCallId();
    host.addRecording(`/rec/${callId}.mp3`);
    await relay.deliver(recordingReady(callId, [host.signedUrl(`/rec/${callId}.mp3`)], '+16175550100'));
    const fact = await eventually(() => relay.eventsOf('media.captured').find((event) => event.data.mediaId === `${callId}:recording:0`), 'the recording to be captured');

    expect((await relay.getMedia(fact.data.sha256, agent)).status).toBe(404);
    expect((await change({ name: 'Branch office', numbers: ['+16175550999', '+16175550100'] })).status).toBe(200);
    expect((await relay.getMedia(fact.data.sha256, agent)).status).toBe(200);
    expect((await change({ name: 'Branch office', numbers: ['+16175550999'] })).status).toBe(200);
    expect((await relay.getMedia(fact.data.sha256, agent)).status).toBe(404);
  });
});

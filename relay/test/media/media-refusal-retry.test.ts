import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaHost } from '../../../tools/emulators/openphone/media-host';
import { eventually, newCallId, photoMessage, recordingReady, startMediaRelay, type MediaRelay } from './media-relay';

let allowed: MediaHost;
let other: MediaHost;
let relay: MediaRelay;

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    RELAY_MEDIA_ALLOWED_HOSTS: allowed.hostPort,
    RELAY_MEDIA_MAX_BYTES: String(64 * 1024),
    RELAY_MEDIA_RETRY_BASE_MS: '20',
    RELAY_MEDIA_RETRY_CAP_MS: '80',
    ...extra,
  };
}

const captured = (mediaId: string) => relay.eventsOf('media.captured').find((event) => event.data.mediaId === mediaId);
const alertsAbout = (mediaId: string) => relay.eventsOf('relay.alert').filter((event) => event.data.alertId === `media:${mediaId}`).map((event) => event.data.state);
const stateOf = (mediaId: string) => relay.db.prepare('SELECT state FROM media WHERE media_id = ?').pluck().get(mediaId);
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

beforeAll(async () => {
  allowed = await MediaHost.start();
  other = await MediaHost.start();
  relay = await startMediaRelay(env());
});

afterAll(async () => {
  await relay?.stop();
  await allowed?.close();
  await other?.close();
});

describe('media refused under the settings of the moment', () => {
  it('is downloaded once the relay starts with its host allowed, while its link still works; restarted unchanged, it is not alerted twice', async () => {
    const callId = newCallId();
    other.addRecording(`/rec/${callId}.mp3`, 2, 'kept');
    const mediaId = `${callId}:recording:0`;
    await relay.deliver(recordingReady(callId, [other.signedUrl(`/rec/${callId}.mp3`)]));
    await eventually(() => (stateOf(mediaId) === 'refused' ? true : undefined), 'the refusal');
    expect(alertsAbout(mediaId)).toEqual(['raised']);

    await relay.restart(env());
    await settle();
    expect(stateOf(mediaId)).toBe('refused');
    expect(other.requestsFor(`/rec/${callId}.mp3`)).toHaveLength(0);
    expect(alertsAbout(mediaId)).toEqual(['raised']);

    await relay.restart(env({ RELAY_MEDIA_ALLOWED_HOSTS: `${allowed.hostPort},${other.hostPort}` }));
    await eventually(() => captured(mediaId), 'the recording, captured after the restart');
    await eventually(() => (alertsAbout(mediaId).length === 2 ? true : undefined), 'the alert to clear');
    expect(alertsAbout(mediaId)).toEqual(['raised', 'cleared']);
    await relay.restart(env());
  });

  it('restarted with settings that still refuse it (another host added), it stays refused, its alert raised once', async () => {
    const callId = newCallId();
    const mediaId = `${callId}:recording:0`;
    await relay.deliver(recordingReady(callId, [`http://${other.hostPort}/nowhere.mp3`]));
    await eventually(() => (stateOf(mediaId) === 'refused' ? true : undefined), 'the refusal');
    const third = await MediaHost.start();
    try {
      await relay.restart(env({ RELAY_MEDIA_ALLOWED_HOSTS: `${allowed.hostPort},${third.hostPort}` }));
      await settle();
      expect(stateOf(mediaId)).toBe('refused');
      expect(alertsAbout(mediaId)).toEqual(['raised']);
    } finally {
      await third.close();
      await relay.restart(env());
    }
  });

  it('is downloaded once the relay starts with a size cap it fits under', async () => {
    const message = photoMessage([allowed.signedUrl('/mms/big.jpg')], '+16175550100', '+16175550199');
    allowed.addPhoto('/mms/big.jpg', 'big', 100 * 1024);
    const mediaId = `${message.data.messageId}:media:0`;
    await relay.deliver(message);
    await eventually(() => (stateOf(mediaId) === 'refused' ? true : undefined), 'the too-large refusal');
    await relay.restart(env({ RELAY_MEDIA_MAX_BYTES: String(80 * 1024) }));
    await settle();
    expect(stateOf(mediaId)).toBe('refused');
    expect(allowed.requestsFor('/mms/big.jpg')).toHaveLength(1);
    await relay.restart(env({ RELAY_MEDIA_MAX_BYTES: String(1024 * 1024) }));
    await eventually(() => captured(mediaId), 'the photo, captured under the larger cap');
    await eventually(() => (alertsAbout(mediaId).length === 2 ? true : undefined), 'the alert to clear');
    expect(alertsAbout(mediaId)).toEqual(['raised', 'cleared']);
    await relay.restart(env());
  });

  it('tried again under a cap still too small, and refused in the same words, its alert is not raised again', async () => {
    // Streams 1 MB of image/jpeg without announcing its length: only the cap it was refused under is known.
    let requests = 0;
    const streamer = createServer((_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.on('error', () => undefined);
      res.end(Buffer.alloc(1024 * 1024, 0xab));
    });
    await new Promise<void>((resolve) => streamer.listen(0, '127.0.0.1', resolve));
    const streamerHost = `127.0.0.1:${(streamer.address() as AddressInfo).port}`;
    try {
      await relay.restart(env({ RELAY_MEDIA_ALLOWED_HOSTS: `${allowed.hostPort},${streamerHost}` }));
      const message = photoMessage([`http://${streamerHost}/big.jpg`]);
      const mediaId = `${message.data.messageId}:media:0`;
      await relay.deliver(message);
      await eventually(() => (stateOf(mediaId) === 'refused' ? true : undefined), 'the too-large refusal');
      // 100 bytes more is still "larger than 64 KB" in words.
      await relay.restart(env({ RELAY_MEDIA_ALLOWED_HOSTS: `${allowed.hostPort},${streamerHost}`, RELAY_MEDIA_MAX_BYTES: String(64 * 1024 + 100) }));
      await eventually(() => (requests === 2 && stateOf(mediaId) === 'refused' ? true : undefined), 'the second refusal');
      await settle();
      expect(alertsAbout(mediaId)).toEqual(['raised']);
    } finally {
      streamer.closeAllConnections();
      await new Promise((resolve) => streamer.close(resolve));
      await relay.restart(env());
    }
  });

  it('a later event bringing a new link clears the refusal’s alert at once, and the media is saved from it', async () => {
    const callId = newCallId();
    const mediaId = `${callId}:recording:0`;
    allowed.addRecording(`/rec/${callId}.mp3`);
    await relay.deliver(recordingReady(callId, [other.signedUrl(`/rec/${callId}.mp3`)]));
    await eventually(() => (stateOf(mediaId) === 'refused' ? true : undefined), 'the refusal');
    await relay.deliver({ ...recordingReady(callId, [allowed.signedUrl(`/rec/${callId}.mp3`)]), id: `EV-recording-again-${callId}` });
    await eventually(() => captured(mediaId), 'the recording, from its new link');
    const alerts = relay.eventsOf('relay.alert').filter((event) => event.data.alertId === `media:${mediaId}`);
    expect(alerts.map((event) => event.data.state)).toEqual(['raised', 'cleared']);
    expect(alerts[1]!.data.message).toMatch(/came with a new link; Ringside is trying it\.$/);
  });
});

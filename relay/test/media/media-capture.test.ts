import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaHost } from '../../../tools/emulators/openphone/media-host';
import { callCompleted, eventually, newCallId, photoMessage, recordingReady, startMediaRelay, voicemailReady, type MediaRelay } from './media-relay';

const MAX_BYTES = 64 * 1024;
let host: MediaHost;
let relay: MediaRelay;
let admin: string;

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    RELAY_MEDIA_ALLOWED_HOSTS: host.hostPort,
    RELAY_MEDIA_MAX_BYTES: String(MAX_BYTES),
    RELAY_MEDIA_RETRY_BASE_MS: '20',
    RELAY_MEDIA_RETRY_CAP_MS: '80',
    RELAY_MEDIA_ALERT_AFTER_ATTEMPTS: '3',
    RELAY_MEDIA_SLOW_RETRY_MS: '200',
    RELAY_MEDIA_DOWNLOAD_TIMEOUT_SECONDS: '1',
    ...extra,
  };
}

function captured(mediaId: string) {
  return relay.eventsOf('media.captured').find((event) => event.data.mediaId === mediaId);
}

function alertsAbout(alertId: string) {
  return relay.eventsOf('relay.alert').filter((event) => event.data.alertId === alertId);
}

beforeAll(async () => {
  host = await MediaHost.start();
  relay = await startMediaRelay(env());
  admin = relay.addDevice('Owner', 'admin');
});

afterAll(async () => {
  await relay?.stop();
  await host?.close();
});

describe('media captured at webhook time', () => {
  it('downloads a call recording when its webhook arrives, stores it under its SHA-256, records it with the call’s lines and serves it with range requests', async () => {
    const callId = newCallId();
    const body = host.addRecording(`/rec/${callId}.mp3`, 3);
    await relay.deliver(recordingReady(callId, [host.signedUrl(`/rec/${callId}.mp3`)]));

    const fact = await eventually(() => captured(`${callId}:recording:0`), 'the recording to be captured');
    const hash = sha256(body);
    expect(fact).toMatchObject({ source: 'relay', lines: ['+16175550100'], data: { sha256: hash, contentType: 'audio/mpeg', bytes: body.length } });
    const file = path.join(relay.dataDir, 'media', hash.slice(0, 2), hash.slice(2, 4), hash);
    expect(readFileSync(file).equals(body)).toBe(true);
    // The provider URL stays in the original event as the fallback.
    expect(relay.eventsOf('call.recording_ready').find((event) => event.data.callId === callId)?.data.recordings[0]?.url).toContain(`/rec/${callId}.mp3`);

    const whole = await relay.getMedia(hash, admin);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(body)).toBe(true);
    expect(Object.fromEntries(whole.headers)).toMatchObject({
      'content-type': 'audio/mpeg',
      'content-length': String(body.length),
      'accept-ranges': 'bytes',
      'cache-control': 'private, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'content-disposition': `inline; filename="media-${hash.slice(0, 16)}.mp3"`,
      etag: `"${hash}"`,
    });

    const part = await relay.getMedia(hash, admin, { range: 'bytes=100-1099' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-1099/${body.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(body.subarray(100, 1100))).toBe(true);
    const last = await relay.getMedia(hash, admin, { range: 'bytes=-10' });
    expect(last.status).toBe(206);
    expect(Buffer.from(await last.arrayBuffer()).equals(body.subarray(-10))).toBe(true);
    const beyond = await relay.getMedia(hash, admin, { range: `bytes=${body.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${body.length}`);
    const head = await relay.getMedia(hash, admin, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(body.length));
    expect((await relay.getMedia(hash, admin, { 'if-none-match': `"${hash}"` })).status).toBe(304);
  });

  it('captures an MMS photo and a missed call’s voicemail, each served with its own type', async () => {
    const photo = host.addPhoto('/mms/photo-1.jpg', 'a photo of the broken part', 5000);
    const message = photoMessage([host.signedUrl('/mms/photo-1.jpg')]);
    const callId = newCallId();
    const voicemail = host.addRecording(`/vm/${callId}.mp3`, 2, 'voicemail');
    await relay.deliver(message, callCompleted(callId, host.signedUrl(`/vm/${callId}.mp3`)));

    const photoFact = await eventually(() => captured(`${message.data.messageId}:media:0`), 'the photo to be captured');
    expect(photoFact.data).toMatchObject({ sha256: sha256(photo), contentType: 'image/jpeg', bytes: photo.length });
    const served = await relay.getMedia(photoFact.data.sha256, admin);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await served.arrayBuffer()).equals(photo)).toBe(true);

    const voicemailFact = await eventually(() => captured(`${callId}:voicemail:0`), 'the voicemail to be captured');
    expect(voicemailFact.data.sha256).toBe(sha256(voicemail));
  });

  it('downloads a repeated delivery once', async () => {
    const callId = newCallId();
    host.addRecording(`/rec/${callId}.mp3`);
    const event = recordingReady(callId, [host.signedUrl(`/rec/${callId}.mp3`)]);
    await relay.deliver(event);
    await eventually(() => captured(`${callId}:recording:0`), 'the recording to be captured');
    await relay.deliver(event);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(host.requestsFor(`/rec/${callId}.mp3`)).toHaveLength(1);
    expect(relay.eventsOf('media.captured').filter((fact) => fact.data.mediaId === `${callId}:recording:0`)).toHaveLength(1);
  });

  it('keeps retrying a host that fails, raises an alert in plain words after a few tries, and clears it once the recording is saved', async () => {
    const callId = newCallId();
    const caller = '+16175550123';
    host.addRecording(`/rec/${callId}.mp3`);
    await relay.deliver(callCompleted(callId, null, '+16175550100', caller));
    host.failNext(5, 503);
    await relay.deliver(recordingReady(callId, [host.signedUrl(`/rec/${callId}.mp3`)]));

    const alertId = `media:${callId}:recording:0`;
    const raised = await eventually(() => alertsAbout(alertId).find((alert) => alert.data.state === 'raised'), 'the alert to be raised');
    expect(raised).toMatchObject({ source: 'relay', lines: ['+16175550100'] });
    expect(raised.data.message).toBe('A call recording from +1 617 555 0123 could not be saved yet; Ringside keeps trying.');
    const fact = await eventually(() => captured(`${callId}:recording:0`), 'the recording to be captured after the failures');
    const cleared = await eventually(() => alertsAbout(alertId).find((alert) => alert.data.state === 'cleared'), 'the alert to be cleared');
    expect(cleared.data.message).toBe('The call recording from +1 617 555 0123 has been saved.');
    expect(host.requestsFor(`/rec/${callId}.mp3`)).toHaveLength(6);
    expect(fact.data.bytes).toBeGreaterThan(0);
    // Tried with waits between, not in a tight loop.
    const times = host.requestsFor(`/rec/${callId}.mp3`).map((request) => request.at);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(100);
  });

  it('retries an expired URL, alerts, and saves the media from the fresh URL a later delivery brings, clearing the alert', async () => {
    const callId = newCallId();
    const body = host.addRecording(`/vm/${callId}.mp3`, 3, `late voicemail ${callId}`);
    await relay.deliver(callCompleted(callId, host.signedUrl(`/vm/${callId}.mp3`, -60)));
    const alertId = `media:${callId}:voicemail:0`;
    const raised = await eventually(() => alertsAbout(alertId).find((alert) => alert.data.state === 'raised'), 'the alert about the expired voicemail');
    expect(raised.data.message).toBe('A voicemail from +1 617 555 0111 could not be saved yet; Ringside keeps trying.');
    expect(captured(`${callId}:voicemail:0`)).toBeUndefined();

    // The new generation's call.voicemail.completed names the same voicemail with a fresh link.
    await relay.deliver(voicemailReady(callId, host.signedUrl(`/vm/${callId}.mp3`)));
    const fact = await eventually(() => captured(`${callId}:voicemail:0`), 'the voicemail to be captured from the fresh URL');
    expect(fact.data.sha256).toBe(sha256(body));
    await eventually(() => alertsAbout(alertId).find((alert) => alert.data.state === 'cleared'), 'the alert to be cleared');
  });

  it('abandons a stalled download and tries again', async () => {
    const callId = newCallId();
    host.addRecording(`/rec/${callId}.mp3`, 3);
    host.stallNext(1);
    await relay.deliver(recordingReady(callId, [host.signedUrl(`/rec/${callId}.mp3`)]));
    await eventually(() => captured(`${callId}:recording:0`), 'the recording to be captured after the stall', 15_000);
    expect(host.requestsFor(`/rec/${callId}.mp3`)).toHaveLength(2);
    expect(readdirCount(path.join(relay.dataDir, 'media', 'tmp'))).toBe(0);
  });

  it('refuses media larger than RELAY_MEDIA_MAX_BYTES, whether or not its length is announced, stores nothing and says so', async () => {
    host.addPhoto('/mms/huge.jpg', 'huge', MAX_BYTES + 1);
    const announced = photoMessage([host.signedUrl('/mms/huge.jpg')], '+16175550100', '+16175550199');
    const streamer = await chunkedServer(MAX_BYTES * 1000);
    try {
      await relay.restart(env({ RELAY_MEDIA_ALLOWED_HOSTS: `${host.hostPort},${streamer.hostPort}` }));
      const unannounced = photoMessage([`http://${streamer.hostPort}/big.jpg`]);
      await relay.deliver(announced, unannounced);
      for (const message of [announced, unannounced]) {
        const alert = await eventually(() => alertsAbout(`media:${message.data.messageId}:media:0`)[0], 'the too-large alert');
        expect(alert.data.state).toBe('raised');
        expect(captured(`${message.data.messageId}:media:0`)).toBeUndefined();
      }
      expect(alertsAbout(`media:${announced.data.messageId}:media:0`)[0]!.data.message).toBe(
        "A photo from +1 617 555 0199 could not be saved: it is larger than 64 KB, the most Ringside keeps. Ringside keeps the provider's link instead, which may stop working.",
      );
      // Stopped at the cap, not read to the end; and not retried.
      expect(streamer.sent()).toBeLessThan(MAX_BYTES * 1000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(host.requestsFor('/mms/huge.jpg')).toHaveLength(1);
      expect(readdirCount(path.join(relay.dataDir, 'media', 'tmp'))).toBe(0);
    } finally {
      await streamer.close();
      await relay.restart(env());
    }
  });

  it('refuses what is not media (an HTML page) but trusts the declared type behind a generic binary answer', async () => {
    host.addRecording('/rec/page.mp3');
    host.answerContentType('text/html; charset=utf-8');
    const page = recordingReady(newCallId(), [host.signedUrl('/rec/page.mp3')]);
    await relay.deliver(page);
    const alert = await eventually(() => alertsAbout(`media:${page.data.recordings[0]!.mediaId}`)[0], 'the not-media alert');
    expect(alert.data.message).toContain('it is not a sound, picture, video or PDF file');

    host.answerContentType('application/octet-stream');
    const binary = recordingReady(newCallId(), [host.signedUrl('/rec/page.mp3')]);
    await relay.deliver(binary);
    const fact = await eventually(() => captured(binary.data.recordings[0]!.mediaId), 'the octet-stream recording to be captured');
    expect(fact.data.contentType).toBe('audio/mpeg');
    host.answerContentType(null);
  });

  it('counts downloads and bytes in /metrics', async () => {
    // A capture is counted once its fact is synced to disk, a moment after the row is readable here.
    let text = '';
    for (let tries = 0; tries < 100 && !/ringside_media_downloads_total\{outcome="ok"\} [1-9]/.test(text); tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      text = await (await fetch(`${relay.url}/metrics`)).text();
    }
    expect(text).toMatch(/ringside_media_downloads_total\{outcome="ok"\} [1-9]/);
    expect(text).toMatch(/ringside_media_downloads_total\{outcome="refused"\} [1-9]/);
    expect(text).toMatch(/ringside_media_bytes_total [1-9]/);
    expect(text).toMatch(/ringside_media_pending \d/);
  });
});

describe('who may fetch captured media', () => {
  it('serves media to devices that may see the event carrying it, and answers 404 to the others exactly as to media that does not exist', async () => {
    const frontDesk = relay.addDevice('Front desk', 'agent', ['+16175550100']);
    const otherLine = relay.addDevice('Branch office', 'agent', ['+16175550999']);
    const bookkeeper = relay.addDevice('Books', 'bookkeeper');
    const callId = newCallId();
    host.addRecording(`/rec/${callId}.mp3`);
    await relay.deliver(recordingReady(callId, [host.signedUrl(`/rec/${callId}.mp3`)]));
    const fact = await eventually(() => captured(`${callId}:recording:0`), 'the recording to be captured');

    expect((await relay.getMedia(fact.data.sha256, frontDesk)).status).toBe(200);
    expect((await relay.getMedia(fact.data.sha256, bookkeeper)).status).toBe(200);
    const refused = await relay.getMedia(fact.data.sha256, otherLine);
    const unknown = await relay.getMedia('0'.repeat(64), otherLine);
    expect(refused.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await refused.text()).toBe(await unknown.text());
    expect((await relay.getMedia('not-a-hash', admin)).status).toBe(404);
    expect((await relay.getMedia(fact.data.sha256, null)).status).toBe(401);
    expect((await relay.getMedia(fact.data.sha256, 'rs_not-a-real-token')).status).toBe(401);
  });
});

describe('a relay restarted with downloads pending', () => {
  it('resumes them without any new webhook', async () => {
    const callId = newCallId();
    const body = host.addRecording(`/rec/${callId}.mp3`, 2, 'resumed');
    host.failNext(1000, 503);
    await relay.deliver(recordingReady(callId, [host.signedUrl(`/rec/${callId}.mp3`)]));
    await eventually(() => (host.requestsFor(`/rec/${callId}.mp3`).length > 0 ? true : undefined), 'a first try');
    // Stopped while the host still fails; the host recovers while the relay is down.
    await relay.restart(env(), () => host.failNext(0));
    const fact = await eventually(() => captured(`${callId}:recording:0`), 'the pending recording to be captured after the restart');
    expect(fact.data.sha256).toBe(sha256(body));
  });
});

function readdirCount(directory: string): number {
  return existsSync(directory) ? readdirSync(directory).length : 0;
}

/** A media host that streams `total` bytes of image/jpeg without announcing a length. */
async function chunkedServer(total: number): Promise<{ hostPort: string; sent(): number; close(): Promise<void> }> {
  let sent = 0;
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg' });
    const chunk = Buffer.alloc(4096, 0xab);
    const pump = (): void => {
      while (sent < total) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => undefined);
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    hostPort: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent: () => sent,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

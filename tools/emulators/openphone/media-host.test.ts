import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { grayJpeg, MediaHost, silentMp3 } from './media-host';

let host: MediaHost;
let now: number;

beforeEach(async () => {
  now = 1_767_225_600;
  host = await MediaHost.start({ nowSeconds: () => now });
});

afterEach(async () => {
  await host.close();
});

describe('the OpenPhone media host emulator', () => {
  it('serves a recording at its signed URL with its type and length', async () => {
    const body = host.addRecording('/recordings/AC1.mp3', 3);
    const answer = await fetch(host.signedUrl('/recordings/AC1.mp3'));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('audio/mpeg');
    expect(answer.headers.get('content-length')).toBe(String(body.length));
    expect(Buffer.from(await answer.arrayBuffer()).equals(body)).toBe(true);
    expect(host.requestsFor('/recordings/AC1.mp3')).toHaveLength(1);
  });

  it('answers 403 like a bucket once the URL has expired, and to a forged or missing signature', async () => {
    host.addPhoto('/mms/MS1.jpg');
    const url = host.signedUrl('/mms/MS1.jpg', 60);
    now += 61;
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('<Code>ExpiredToken</Code>');
    const forged = await fetch(url.replace(/sig=[0-9a-f]{4}/, 'sig=0000'));
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('SignatureDoesNotMatch');
    expect((await fetch(`${host.origin}/mms/MS1.jpg`)).status).toBe(403);
  });

  it('fails the next requests when told to, then serves again', async () => {
    host.addRecording('/r.mp3');
    host.failNext(2, 503);
    const url = host.signedUrl('/r.mp3');
    expect((await fetch(url)).status).toBe(503);
    expect((await fetch(url)).status).toBe(503);
    expect((await fetch(url)).status).toBe(200);
  });

  it('stalls a download halfway when told to', async () => {
    const body = host.addRecording('/slow.mp3', 5);
    host.stallNext(1);
    const answer = await fetch(host.signedUrl('/slow.mp3'));
    expect(answer.headers.get('content-length')).toBe(String(body.length));
    const reader = answer.body!.getReader();
    let received = 0;
    const reading = (async () => {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) return;
        received += chunk.value.length;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toBe(Math.floor(body.length / 2));
    await reader.cancel();
    await reading.catch(() => undefined);
  });

  it('redirects a path when told to', async () => {
    host.redirect('/moved', 'http://169.254.169.254/latest/meta-data/');
    const answer = await fetch(`${host.origin}/moved`, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('http://169.254.169.254/latest/meta-data/');
  });

  it('generates media that looks like what it says: MPEG audio frames and a baseline JPEG', () => {
    const mp3 = silentMp3(1, 'a');
    expect(mp3.subarray(0, 3).toString()).toBe('ID3');
    const firstFrame = mp3.indexOf(Buffer.from([0xff, 0xfb]));
    expect(firstFrame).toBeGreaterThan(0);
    expect((mp3.length - firstFrame) % 417).toBe(0);
    expect(Math.round(((mp3.length - firstFrame) / 417) * (1152 / 44_100))).toBe(1);
    expect(silentMp3(1, 'a').equals(silentMp3(1, 'b'))).toBe(false);

    const jpeg = grayJpeg('photo');
    expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
    expect(jpeg.includes(Buffer.from([0xff, 0xc0]))).toBe(true);
    expect(grayJpeg('photo', 100_000).length).toBeGreaterThanOrEqual(100_000);
    expect(grayJpeg('photo', 100_000).subarray(-2).equals(Buffer.from([0xff, 0xd9]))).toBe(true);
  });
});

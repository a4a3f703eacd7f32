import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaHost } from '../../../tools/emulators/openphone/media-host';
import { eventually, photoMessage, startMediaRelay, type MediaRelay } from './media-relay';

/**
 * A webhook payload is data from outside: a media URL in it must never make the relay
 * fetch from its own machine, its network or a cloud metadata service. A trap server on
 * 127.0.0.1 stands for such a service and counts every request it gets.
 */

let host: MediaHost;
let trap: Server;
let trapPort: number;
let trapRequests = 0;
let relay: MediaRelay;

beforeAll(async () => {
  host = await MediaHost.start();
  trap = createServer((_req, res) => {
    trapRequests += 1;
    res.writeHead(200, { 'content-type': 'image/jpeg' });
    res.end('secret');
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  trapPort = (trap.address() as AddressInfo).port;
  relay = await startMediaRelay({
    // The emulator exactly (host:port); localhost and the metadata address listed without a
    // port, which does not lift the refusal of loopback and link-local addresses.
    RELAY_MEDIA_ALLOWED_HOSTS: `${host.hostPort},localhost,169.254.169.254`,
    RELAY_MEDIA_RETRY_BASE_MS: '20',
    RELAY_MEDIA_RETRY_CAP_MS: '50',
  });
});

afterAll(async () => {
  await relay?.stop();
  await host?.close();
  await new Promise<void>((resolve) => trap.close(() => resolve()));
});

function alertFor(mediaId: string) {
  return relay.eventsOf('relay.alert').find((event) => event.data.alertId === `media:${mediaId}` && event.data.state === 'raised');
}

describe('media URLs from a payload', () => {
  it('are never fetched from a host off the allow list, a private or loopback address, or through a redirect to one', async () => {
    host.redirect('/to-trap', `http://127.0.0.1:${trapPort}/secret`);
    host.redirect('/to-metadata', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/');
    const urls = [
      `http://127.0.0.1:${trapPort}/secret`,
      `http://localhost:${trapPort}/secret`,
      `http://[::1]:${trapPort}/secret`,
      `http://[::ffff:127.0.0.1]:${trapPort}/secret`,
      `http://2130706433:${trapPort}/secret`, // 127.0.0.1 written as one number
      'http://localhost/secret', // listed, but resolves to loopback
      'http://169.254.169.254/latest/meta-data/', // listed, but link-local
      `${host.origin}/to-trap`,
      `${host.origin}/to-metadata`,
      `http://user:password@${host.hostPort}/mms/x.jpg`,
      'file:///etc/passwd',
      `gopher://127.0.0.1:${trapPort}/`,
    ];
    const message = photoMessage(urls);
    await relay.deliver(message);

    const messages = await Promise.all(
      message.data.media.map(async (item) => (await eventually(() => alertFor(item.mediaId), `the refusal of ${item.url}`)).data.message),
    );
    expect(trapRequests).toBe(0);
    expect(relay.eventsOf('media.captured').filter((event) => message.data.media.some((item) => item.mediaId === event.data.mediaId))).toEqual([]);
    expect(messages[0]).toBe(
      "A photo from +1 617 555 0111 could not be saved: Ringside does not download from 127.0.0.1. Whoever runs the Ringside relay can allow it. Ringside keeps the provider's link instead, which may stop working.",
    );
    expect(messages[5]).toContain('its link points inside a private network');
    expect(messages[6]).toContain('its link points inside a private network');
    expect(messages[7]).toContain('Ringside does not download from 127.0.0.1');
    expect(messages[8]).toContain('its link points inside a private network');
    expect(messages[9]).toContain('its link is not a web address Ringside can download');
    expect(messages[10]).toContain('its link is not a web address Ringside can download');
    // The emulator saw only the two redirecting requests, never the URL with credentials.
    expect(host.requests.map((request) => request.url)).toEqual(['/to-trap', '/to-metadata']);
    // Refusals are final: nothing is tried again.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(host.requests).toHaveLength(2);
    expect(trapRequests).toBe(0);
  });

  it('follow at most 3 redirects', async () => {
    host.addPhoto('/hops/5.jpg');
    for (let hop = 1; hop <= 4; hop++) host.redirect(`/hops/${hop}.jpg`, host.signedUrl(`/hops/${hop + 1}.jpg`));
    const message = photoMessage([`${host.origin}/hops/1.jpg`]);
    await relay.deliver(message);
    await eventually(() => (host.requestsFor('/hops/1.jpg').length >= 2 ? true : undefined), 'a second try');
    expect(host.requestsFor('/hops/4.jpg').length).toBeGreaterThan(0);
    expect(host.requestsFor('/hops/5.jpg')).toHaveLength(0);
  });
});

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { silentMp3 } from '../../../tools/emulators/openphone/media-host';
import { callRecordingCompletedEvent } from '../../../tools/emulators/openphone/artifact-payloads';
import { callCompletedEvent, newCallId } from '../../../tools/emulators/openphone/payloads';
import { postSigned } from '../support/webhooks';

/**
 * Media over https, as real buckets serve it: the relay connects to the address it checked
 * yet still verifies the certificate against the URL's host. Two loopback https hosts, one
 * with a certificate for 127.0.0.1 (trusted by the relay through NODE_EXTRA_CA_CERTS, as a
 * private CA would be), one whose certificate names another host.
 */

let dir: string;
let good: Server;
let wrongName: Server;
let relay: RelayProcess;
let requestsToWrongName = 0;
const body = silentMp3(2, 'over https');

function certificate(name: string, subjectAltName: string): { key: Buffer; cert: Buffer } {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.pem`);
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`, '-addext', `subjectAltName=${subjectAltName}`], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl could not make a test certificate: ${made.stderr}`);
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

let goodPort: number;
let wrongPort: number;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ringside-tls-'));
  const trusted = certificate('media-host', 'IP:127.0.0.1');
  const other = certificate('other-host', 'DNS:other.example');
  writeFileSync(path.join(dir, 'trusted.pem'), Buffer.concat([trusted.cert, other.cert]));
  good = createServer({ key: trusted.key, cert: trusted.cert }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': String(body.length) });
    res.end(body);
  });
  wrongName = createServer({ key: other.key, cert: other.cert }, (_req, res) => {
    requestsToWrongName += 1;
    res.writeHead(200, { 'content-type': 'audio/mpeg' });
    res.end(body);
  });
  goodPort = await listen(good);
  wrongPort = await listen(wrongName);
  relay = await startRelayProcess({
    env: {
      // Both certificates are trusted; only one names the host the URL names.
      NODE_EXTRA_CA_CERTS: path.join(dir, 'trusted.pem'),
      RELAY_MEDIA_ALLOWED_HOSTS: `127.0.0.1:${goodPort},127.0.0.1:${wrongPort}`,
      RELAY_MEDIA_RETRY_BASE_MS: '20',
      RELAY_MEDIA_RETRY_CAP_MS: '50',
    },
  });
}, 60_000);

afterAll(async () => {
  await relay?.stop();
  good?.close();
  wrongName?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function recordingAt(url: string): Promise<void> {
  const callId = newCallId();
  const completedAt = new Date();
  const call = { callId, from: '+16175550142', to: '+16175550100', createdAt: new Date(completedAt.getTime() - 60_000), answeredAt: new Date(completedAt.getTime() - 50_000), completedAt };
  await postSigned(relay, callCompletedEvent(call).body);
  await postSigned(relay, callRecordingCompletedEvent({ ...call, at: new Date(), durationSeconds: 2, mediaBaseUrl: () => url }).body);
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${relay.url}/metrics`)).text();
  return Number(new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
}

describe('media over https', () => {
  it('is captured from a host whose certificate names it, and never from one whose certificate does not', async () => {
    await recordingAt(`https://127.0.0.1:${wrongPort}/recording.mp3`);
    await recordingAt(`https://127.0.0.1:${goodPort}/recording.mp3`);
    const deadline = Date.now() + 10_000;
    while ((await metric('ringside_media_bytes_total')) < body.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await metric('ringside_media_bytes_total')).toBe(body.length);
    expect(await metric('ringside_media_downloads_total{outcome="failed"}')).toBeGreaterThan(0);
    expect(requestsToWrongName).toBe(0);
    const admin = await relay.addDevice('Owner', 'admin');
    const served = await fetch(`${relay.url}/v1/media/${createHash('sha256').update(body).digest('hex')}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(served.status).toBe(200);
  });
});

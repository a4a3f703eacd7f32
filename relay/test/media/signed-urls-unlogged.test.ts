import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../../../tests/support/relay-process';
import { callRecordingCompletedEvent, recordingPath } from '../../../tools/emulators/openphone/artifact-payloads';
import { MediaHost } from '../../../tools/emulators/openphone/media-host';
import { callCompletedEvent, newCallId } from '../../../tools/emulators/openphone/payloads';
import { postSigned } from '../support/webhooks';

/**
 * A signed media URL is a capability (whoever holds it may download the recording): the
 * relay keeps it in the event and its media table, and its log, at the most talkative
 * level, names the host only, whether the download succeeds, fails for a while, is
 * refused or finds its link expired.
 */

const LINE = '+16175550100';
let host: MediaHost;
let refusedHost: MediaHost;
let relay: RelayProcess;

beforeAll(async () => {
  host = await MediaHost.start();
  refusedHost = await MediaHost.start();
  relay = await startRelayProcess({
    env: { RELAY_LOG_LEVEL: 'debug', RELAY_MEDIA_ALLOWED_HOSTS: host.hostPort, RELAY_MEDIA_RETRY_BASE_MS: '20', RELAY_MEDIA_RETRY_CAP_MS: '50', RELAY_MEDIA_ALERT_AFTER_ATTEMPTS: '2', RELAY_MEDIA_SLOW_RETRY_MS: '100' },
  });
});

afterAll(async () => {
  await relay?.stop();
  await host?.close();
  await refusedHost?.close();
});

async function postRecording(callId: string, mediaBaseUrl: (path: string) => string): Promise<void> {
  const completedAt = new Date();
  const call = { callId, from: '+16175550142', to: LINE, createdAt: new Date(completedAt.getTime() - 60_000), answeredAt: new Date(completedAt.getTime() - 55_000), completedAt };
  await postSigned(relay, callCompletedEvent(call).body);
  await postSigned(relay, callRecordingCompletedEvent({ ...call, at: new Date(), durationSeconds: 3, mediaBaseUrl }).body);
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}:\n${relay.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('signed media URLs in the relay’s log', () => {
  it('never appear, whatever becomes of the download', async () => {
    const urls: string[] = [];
    const signed = (media: MediaHost, expiresInSeconds?: number) => (path: string) => {
      const url = media.signedUrl(path, expiresInSeconds);
      urls.push(url);
      return url;
    };
    const saved = newCallId();
    host.addRecording(recordingPath(saved), 2, saved);
    host.failNext(2, 503);
    await postRecording(saved, signed(host));
    const expired = newCallId();
    host.addRecording(recordingPath(expired), 2, expired);
    await postRecording(expired, signed(host, -60));
    const refused = newCallId();
    await postRecording(refused, signed(refusedHost));

    await until(() => relay.output().includes('media captured'), 'the saved recording');
    await until(() => relay.output().includes('media refused'), 'the refusal');
    await until(() => (relay.output().match(/media download failed; retrying/g) ?? []).length >= 4, 'the retries');
    const output = relay.output();
    for (const url of urls) {
      const { search, pathname } = new URL(url);
      expect(output).not.toContain(search.slice(1));
      expect(output).not.toContain(new URLSearchParams(search).get('sig'));
      expect(output).not.toContain(pathname);
    }
  });
});

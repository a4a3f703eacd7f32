import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { startRelayProcess } from '../tests/support/relay-process';
import { callRecordingCompletedEvent, recordingPath } from '../tools/emulators/openphone/artifact-payloads';
import { MediaHost } from '../tools/emulators/openphone/media-host';
import { newCallId } from '../tools/emulators/openphone/payloads';
import { BUSINESS_LINE } from './console-seed';
import { reported, type BenchmarkResult } from './figures';
import { readProcessMemory } from './process-stats';
import { relayNodePid } from './relay-ingest';
import { deliverAll, prepareWebhook, webhookAgent } from './signed-webhooks';

/**
 * Media capture throughput: `recordings` signed call.recording.completed webhooks, each
 * naming a recording of a few MB on the emulator's media host (signed, expiring URLs, on
 * loopback), posted at once by 4 senders to a fresh relay process, which downloads each
 * (a few at a time), checks it, stores it by its SHA-256 (synced to disk) and appends a
 * media.captured fact. The clock starts just before the first POST and stops when the last
 * media.captured frame reaches a console's stream; throughput is the bytes captured over
 * that time. The relay's RSS is read from /proc (peak: VmHWM).
 */

export interface MediaCaptureOptions {
  recordings: number;
  /** Seconds of audio per recording (silent 128 kbit/s MP3: about 16 kB a second). */
  recordingSeconds: number;
  progress: (line: string) => void;
}

const MB = 1024 * 1024;
const SENDERS = 4;
const CAPTURE_TIMEOUT_MS = 120_000;

export async function mediaCapture(options: MediaCaptureOptions): Promise<BenchmarkResult> {
  const { progress } = options;
  const media = await MediaHost.start();
  const relay = await startRelayProcess({ env: { RELAY_MEDIA_ALLOWED_HOSTS: media.hostPort } });
  try {
    const pid = relayNodePid(relay);
    const atStart = readProcessMemory(pid);
    progress(`${options.recordings} recordings of ${options.recordingSeconds} s on the media host`);
    const expected = new Map<string, number>();
    const webhooks = Array.from({ length: options.recordings }, (_, index) => {
      const callId = newCallId();
      const body = media.addRecording(recordingPath(callId), options.recordingSeconds, `bench recording ${index} ${callId}`);
      expected.set(createHash('sha256').update(body).digest('hex'), body.length);
      const completedAt = new Date(Date.now() - 60_000);
      const createdAt = new Date(completedAt.getTime() - (options.recordingSeconds + 10) * 1000);
      const answeredAt = new Date(createdAt.getTime() + 5_000);
      const from = `+1415555${String(1000 + index).padStart(4, '0')}`;
      const event = callRecordingCompletedEvent({
        callId,
        from,
        to: BUSINESS_LINE,
        createdAt,
        answeredAt,
        completedAt,
        at: new Date(),
        mediaBaseUrl: (file) => media.signedUrl(file, 3600),
        durationSeconds: options.recordingSeconds,
      });
      return prepareWebhook(event.body, relay.secretBase64);
    });
    const totalBytes = [...expected.values()].reduce((sum, bytes) => sum + bytes, 0);

    const head = ((await (await fetch(`${relay.url}/healthz`)).json()) as { headSeq: number }).headSeq;
    const stream = await CapturedWatcher.connect(relay.wsUrl, await relay.addDevice('bench console', 'admin'), head);
    const agent = webhookAgent(SENDERS);
    try {
      progress(`posting ${options.recordings} recording webhooks (${(totalBytes / MB).toFixed(0)} MB of media) from ${SENDERS} senders`);
      const started = performance.now();
      await deliverAll(relay.url, webhooks, SENDERS, agent);
      const answeredAt = performance.now();
      await stream.until(options.recordings, CAPTURE_TIMEOUT_MS);
      const seconds = (stream.lastAt - started) / 1000;
      const atEnd = readProcessMemory(pid);

      const wrong = stream.captured.filter((file) => expected.get(file.sha256) !== file.bytes);
      if (wrong.length > 0 || new Set(stream.captured.map((file) => file.sha256)).size !== options.recordings) {
        throw new Error(`the relay captured ${stream.captured.length} files, ${wrong.length} of them not the recordings served`);
      }
      const mediaRequests = media.requests.length;
      return {
        name: 'media capture',
        setup: `${options.recordings} call recordings of ${(totalBytes / options.recordings / MB).toFixed(1)} MB (${options.recordingSeconds} s of MP3) from the emulator's media host on loopback, webhooks posted at once by ${SENDERS} senders, to a fresh relay; first webhook → last media.captured at a console's stream`,
        figures: [
          reported('throughput', totalBytes / MB / seconds, 'MB/s'),
          reported('recordings/s', options.recordings / seconds, 'files/s'),
          reported('relay RSS peak', atEnd.peakResidentBytes / MB, 'MB'),
          reported('relay RSS at end', atEnd.residentBytes / MB, 'MB'),
        ],
        notes: [
          `${(totalBytes / MB).toFixed(1)} MB in ${seconds.toFixed(2)} s; all ${options.recordings} webhooks answered 2xx after ${((answeredAt - started) / 1000).toFixed(2)} s; ${mediaRequests} requests to the media host; every file captured under the SHA-256 of the bytes served`,
          `relay node process ${pid}: RSS ${(atStart.residentBytes / MB).toFixed(1)} MB after start, ${(atEnd.residentBytes / MB).toFixed(1)} MB at the end, peak (VmHWM) ${(atEnd.peakResidentBytes / MB).toFixed(1)} MB`,
        ],
        details: { totalBytes, seconds, webhooksAnsweredSeconds: (answeredAt - started) / 1000, mediaRequests, memoryAtStart: atStart, memoryAtEnd: atEnd, relayPid: pid },
      };
    } finally {
      agent.destroy();
      stream.close();
    }
  } finally {
    await relay.stop();
    await media.close();
  }
}

/** A console's stream that notes each media.captured frame and when the latest arrived. */
class CapturedWatcher {
  readonly captured: { sha256: string; bytes: number }[] = [];
  lastAt = 0;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const at = performance.now();
      const frame = JSON.parse(data.toString()) as { type: string; event?: { type?: string; data?: { sha256?: string; bytes?: number } } };
      if (frame.type !== 'event' || frame.event?.type !== 'media.captured') return;
      this.captured.push({ sha256: frame.event.data?.sha256 ?? '', bytes: frame.event.data?.bytes ?? -1 });
      this.lastAt = at;
    });
  }

  static connect(relayWsUrl: string, token: string, after: number): Promise<CapturedWatcher> {
    const ws = new WebSocket(`${relayWsUrl}/v1/stream?after=${after}`, { headers: { authorization: `Bearer ${token}` } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new CapturedWatcher(ws)));
      ws.once('error', reject);
    });
  }

  async until(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.captured.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.captured.length} of ${count} recordings were captured within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  close(): void {
    this.ws.terminate();
  }
}

import { performance } from 'node:perf_hooks';
import type { OpenPhoneImportProgress } from '../src/shared/relay-rest/openphone-import';
import { openPhoneImportAnswerSchema } from '../src/shared/relay-rest/openphone-import';
import { startRelayProcess, type RelayProcess } from '../tests/support/relay-process';
import { MediaHost } from '../tools/emulators/openphone/media-host';
import { startOpenPhoneRestEmulator, type OpenPhoneRestEmulator } from '../tools/emulators/openphone/rest-api';
import { seededWorkspace } from '../tools/emulators/openphone/workspace/seeded-workspace';
import { serveWorkspaceMedia } from '../tools/emulators/openphone/workspace/served-media';
import type { Workspace } from '../tools/emulators/openphone/workspace/workspace';
import { atLeast, atMost, figure, reported, type BenchmarkResult } from './figures';

/**
 * OpenPhone history import (issue 12): a seeded workspace of `conversations` over 9
 * months (full run 7,000, quick 700; 3,000 contacts, 300 photos, its media served by the
 * emulator's media host and captured by the relay) on the REST emulator, imported by a
 * fresh relay process through POST /v1/openphone/import. Two passes, because 7,000
 * conversations at OpenPhone's real 10 requests a second take about an hour:
 *  1. pace: the real limit (emulator 10 req/s, relay OPENPHONE_RATE_LIMIT_PER_SECOND=10)
 *     for `paceSeconds`; requests/s achieved ÷ 10 from the emulator's own log of answered
 *     requests, and every 429 counted;
 *  2. whole: the same workspace imported to the end with the limit raised on both sides
 *     to `fastRate` (documented in the README); total time, requests and events appended,
 *     and the time of 7,000 conversations at 10 req/s extrapolated as requests × 7,000 ÷
 *     conversations ÷ (10 × the pass-1 ratio).
 */

export interface OpenPhoneImportBenchOptions {
  conversations: number;
  paceSeconds: number;
  fastRate: number;
  progress: (line: string) => void;
}

const API_KEY = 'bench-openphone-import-key-01';

export async function openPhoneImportBench(options: OpenPhoneImportBenchOptions): Promise<BenchmarkResult> {
  // The media the API still has is served (and captured by the relay, as in production) from the emulator's media host.
  const media = await MediaHost.start();
  const workspace = () => serveWorkspaceMedia(seededWorkspace({ conversations: options.conversations, mediaBaseUrl: (file) => media.signedUrl(file, 7_200) }), media);
  try {
    return await bench(options, workspace, media);
  } finally {
    await media.close();
  }
}

async function bench(options: OpenPhoneImportBenchOptions, workspace: () => Workspace, media: MediaHost): Promise<BenchmarkResult> {
  const { progress } = options;
  const totals = workspace().totals();
  progress(`workspace: ${totals.conversations} conversations, ${totals.calls} calls, ${totals.messages} texts, ${totals.photos} photos, ${totals.contacts} contacts`);

  // Pass 1: the real limit.
  const paced = await withImport(workspace(), 10, media, async (relay, admin, emulator) => {
    await post(relay, admin, { action: 'start' });
    const startedAt = Date.now();
    await sleep(options.paceSeconds * 1000);
    const last = await read(relay, admin);
    const window = emulator.requests.filter((request) => request.atMs >= startedAt + 1_000);
    const seconds = (window[window.length - 1]!.atMs - window[0]!.atMs) / 1000;
    return { ratio: (window.length - 1) / seconds / 10, tooMany: emulator.requests.filter((request) => request.status === 429).length, reportedRatio: last.budgetUsed, requests: window.length, seconds };
  });
  progress(`paced at 10 req/s: ${(paced.ratio * 10).toFixed(2)} req/s over ${paced.seconds.toFixed(1)} s (${paced.requests} requests), ${paced.tooMany} answered 429; the relay's own figure ${paced.reportedRatio}`);

  // Pass 2: the whole workspace, limit raised.
  const whole = await withImport(workspace(), options.fastRate, media, async (relay, admin, emulator) => {
    const head = await headSeq(relay);
    const started = performance.now();
    await post(relay, admin, { action: 'start' });
    let last: OpenPhoneImportProgress;
    let shown = 0;
    for (;;) {
      last = await read(relay, admin);
      if (last.state !== 'running') break;
      if (performance.now() - started > shown + 10_000) {
        shown += 10_000;
        progress(`${Math.round(last.fraction * 100)} %: ${last.requests} requests, ${last.requestsPerSecond} req/s, ETA ${last.etaSeconds ?? '?'} s`);
      }
      await sleep(200);
    }
    const seconds = (performance.now() - started) / 1000;
    if (last.state !== 'finished') throw new Error(`the import stopped: ${last.failure}`);
    return { seconds, progress: last, events: (await headSeq(relay)) - head, tooMany: emulator.requests.filter((request) => request.status === 429).length };
  });
  const requests = whole.progress.requests;
  // The issue's business: 7,000 conversations. Requests grow with conversations (each has its own threads and calls).
  const requestsFor7000 = (requests * 7_000) / totals.conversations;
  const extrapolatedMinutes = requestsFor7000 / (10 * paced.ratio) / 60;
  const imported = whole.progress.imported;
  return {
    name: 'openphone import',
    setup: `a seeded OpenPhone workspace (${totals.conversations} conversations over 9 months, ${totals.calls} calls, ${totals.messages} texts, ${totals.photos} photos, ${totals.contacts} contacts) on the REST emulator, imported by a fresh relay process; pacing measured ${options.paceSeconds} s at the real 10 req/s, the whole import with the limit raised to ${options.fastRate} req/s on both sides`,
    figures: [
      figure('requests/s ÷ 10', paced.ratio * 100, '%', atLeast(95)),
      figure('429 answers', paced.tooMany + whole.tooMany, 'count', atMost(0)),
      reported(`total time at ${options.fastRate} req/s`, whole.seconds, 's'),
      reported('7,000 conversations at 10 req/s (extrapolated)', extrapolatedMinutes, 'min'),
      reported('events appended', whole.events, 'events'),
      reported('requests', requests, 'requests'),
    ],
    notes: [
      `pace: ${paced.requests} requests in ${paced.seconds.toFixed(1)} s at the real limit (${(paced.ratio * 10).toFixed(2)} req/s, from the emulator's log after the first second); the relay reports ${paced.reportedRatio} of its budget used`,
      `whole: ${requests} requests in ${whole.seconds.toFixed(1)} s (${(requests / whole.seconds).toFixed(0)} req/s of ${options.fastRate}); imported ${Object.entries(imported).map(([kind, n]) => `${n} ${kind}`).join(', ')}; ${whole.progress.alreadyInLog} already in the log`,
      `a 7,000-conversation workspace takes ≈ ${Math.round(requestsFor7000)} requests (${requests} × 7,000 ÷ ${totals.conversations}), ≈ ${extrapolatedMinutes.toFixed(0)} min at OpenPhone's 10 req/s (÷ (10 × ${paced.ratio.toFixed(3)}))`,
      ...whole.progress.report.map((line) => `report: ${line}`),
    ],
    details: { totals, paced, whole: { seconds: whole.seconds, events: whole.events, progress: whole.progress }, extrapolatedMinutes },
  };
}

async function withImport<T>(workspace: Workspace, rate: number, media: MediaHost, run: (relay: RelayProcess, admin: string, emulator: OpenPhoneRestEmulator) => Promise<T>): Promise<T> {
  const emulator = await startOpenPhoneRestEmulator({ apiKeys: [API_KEY], lines: workspace.lines, workspace, ratePerSecond: rate });
  const relay = await startRelayProcess({ env: { OPENPHONE_API_KEY: API_KEY, OPENPHONE_API_BASE_URL: emulator.url, OPENPHONE_RATE_LIMIT_PER_SECOND: String(rate), OPENPHONE_DIRECTORY_SYNC_MINUTES: '0', RELAY_MEDIA_ALLOWED_HOSTS: media.hostPort } });
  try {
    return await run(relay, await relay.addDevice('bench admin', 'admin'), emulator);
  } finally {
    await relay.stop();
    await emulator.close();
  }
}

async function post(relay: RelayProcess, token: string, body: unknown): Promise<void> {
  const response = await fetch(`${relay.url}/v1/openphone/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 200) throw new Error(`POST /v1/openphone/import answered ${response.status}: ${await response.text()}`);
}

async function read(relay: RelayProcess, token: string): Promise<OpenPhoneImportProgress> {
  const response = await fetch(`${relay.url}/v1/openphone/import`, { headers: { authorization: `Bearer ${token}` } });
  const progress = openPhoneImportAnswerSchema.parse(await response.json()).import;
  if (progress === null) throw new Error('no import');
  return progress;
}

/** The log's head, from /healthz (the bench is on the relay's machine: an operator). */
async function headSeq(relay: RelayProcess): Promise<number> {
  return ((await (await fetch(`${relay.url}/healthz`)).json()) as { headSeq: number }).headSeq;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

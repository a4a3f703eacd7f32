import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { startRelayProcess } from '../tests/support/relay-process';
import { newCallId } from '../tools/emulators/openphone/payloads';
import type { ConsoleCore } from '../src/main/core/console-core';
import { startConsoleCoreWorker } from '../src/main/core-process/worker-thread';
import { MemorySettingsStore } from '../src/main/settings';
import type { LinkStatus } from '../src/shared/api/contract';
import { BUSINESS_LINE, seededRandom } from './console-seed';
import { atLeast, atMost, figure, type BenchmarkResult } from './figures';
import { readProcessCpuSeconds } from './process-stats';
import { summarize, type LatencySummary } from './percentiles';
import { deliverAll, prepareCompleted, prepareRinging, webhookAgent, type PreparedWebhook } from './signed-webhooks';

/**
 * Catch-up: a relay holds N events (calls of the last 30 days in the order they happened,
 * each a call.ringing and a call.completed, posted through the real webhook path); a fresh console core with
 * an empty database connects and applies them all, in its worker thread as the product
 * runs it. Timed from the link's "connecting" to "live" with the applied seq at the
 * relay's head. Meanwhile the shell's event-loop delay is sampled, and a renderer API
 * call (link.status) is made every few milliseconds: how long a window would wait.
 */

export interface CatchUpOptions {
  events: number;
  progress: (line: string) => void;
}

const TARGET_PER_SECOND = 50_000;
/** No renderer API call waits longer than this behind a catch-up (issue 8 §3). */
const TARGET_API_WAIT_MS = 50;
/** Between two API calls during the catch-up. */
const API_PROBE_PAUSE_MS = 5;
const FILL_SENDERS = 8;
/** Webhooks are signed per chunk so none is stale (the relay allows 5 minutes) when sent. */
const FILL_CHUNK = 10_000;
const HISTORY_DAYS = 30;
const CATCH_UP_TIMEOUT_MS = 300_000;

export async function catchUp(options: CatchUpOptions): Promise<BenchmarkResult> {
  const { progress } = options;
  const calls = Math.ceil(options.events / 2);
  const relay = await startRelayProcess();
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-bench-catch-up-'));
  let core: ConsoleCore | null = null;
  try {
    progress(`filling the relay with ${(calls * 2).toLocaleString('en-US')} events (${calls.toLocaleString('en-US')} calls, ringing and completed) through the webhook path`);
    const agent = webhookAgent(FILL_SENDERS);
    const random = seededRandom(99);
    const nowMs = Date.now();
    try {
      for (let first = 0; first < calls; first += FILL_CHUNK) {
        const chunk: PreparedWebhook[] = [];
        const completions: PreparedWebhook[] = [];
        for (let i = first; i < Math.min(calls, first + FILL_CHUNK); i++) {
          const call = {
            callId: newCallId(),
            from: `+1512${2_000_000 + Math.floor(random() * 7_999_999)}`,
            to: BUSINESS_LINE,
            // In the order they happened, as a relay's log has them (it appends webhooks as they arrive).
            at: new Date(nowMs - HISTORY_DAYS * 86_400_000 + Math.floor(((i + random()) * HISTORY_DAYS * 86_400_000) / calls)),
          };
          chunk.push(prepareRinging(call, relay.secretBase64));
          completions.push(prepareCompleted(call, random() < 0.85 ? 60 + Math.floor(random() * 1800) : 0, relay.secretBase64));
        }
        await deliverAll(relay.url, [...chunk, ...completions], FILL_SENDERS, agent);
      }
    } finally {
      agent.destroy();
    }
    const head = ((await (await fetch(`${relay.url}/healthz`)).json()) as { headSeq: number }).headSeq;
    if (head !== calls * 2) throw new Error(`the relay holds ${head} events, not ${calls * 2}`);

    const deviceToken = await relay.addDevice('returning console', 'admin');
    const dbPath = path.join(dir, 'console.db');
    core = startConsoleCoreWorker({ dbPath, settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken }) });
    const marks: Partial<Record<'connecting' | 'catching_up' | 'live', number>> = {};
    const live = new Promise<LinkStatus>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the console did not catch up within ${CATCH_UP_TIMEOUT_MS / 1000} s`)), CATCH_UP_TIMEOUT_MS);
      core!.onPush('link.statusChanged', (status) => {
        const at = performance.now();
        if (status.state === 'connecting' || status.state === 'catching_up') marks[status.state] ??= at;
        if (status.state === 'live' && status.appliedSeq >= head) {
          marks.live = at;
          clearTimeout(timer);
          resolve(status);
        }
        if (status.state === 'offline' && marks.connecting !== undefined) reject(new Error(`the console went offline while catching up: ${status.reason}`));
      });
    });
    progress(`a fresh console (empty database) connects and catches up ${head.toLocaleString('en-US')} events`);
    const shellDelay = monitorEventLoopDelay({ resolution: 5 });
    shellDelay.enable();
    // CPU time per event, on both sides: unlike wall time it holds when another process shares the cores.
    const consoleCpuBefore = process.cpuUsage();
    const relayCpuBefore = readProcessCpuSeconds(relay.process.pid!);
    await core.start();
    const apiWaits = await probeApiUntil(core, live);
    shellDelay.disable();
    const status = await live;
    const consoleCpu = process.cpuUsage(consoleCpuBefore);
    const consoleCpuUsPerEvent = (consoleCpu.user + consoleCpu.system) / head;
    const relayCpuUsPerEvent = ((readProcessCpuSeconds(relay.process.pid!) - relayCpuBefore) * 1e6) / head;
    const shellDelayMs = { p50: shellDelay.percentile(50) / 1e6, p99: shellDelay.percentile(99) / 1e6, max: shellDelay.max / 1e6 };
    const seconds = (marks.live! - marks.connecting!) / 1000;
    const rate = head / seconds;
    const openedAfterMs = (marks.catching_up ?? marks.connecting!) - marks.connecting!;
    await core.stop();
    core = null;
    const projectedCalls = countCalls(dbPath);
    if (projectedCalls !== calls) throw new Error(`the console projected ${projectedCalls} calls, not ${calls}`);
    return {
      name: 'catch-up',
      setup: `a fresh console catching up ${head.toLocaleString('en-US')} events (${calls.toLocaleString('en-US')} calls of the last ${HISTORY_DAYS} days) from a real relay`,
      figures: [
        figure('events/s applied', rate, 'events/s', atLeast(TARGET_PER_SECOND)),
        figure('catch-up time', seconds * 1000, 'ms'),
        figure('console CPU per event', consoleCpuUsPerEvent, 'µs'),
        figure('relay CPU per event streamed', relayCpuUsPerEvent, 'µs'),
        figure('API call during catch-up, p99', apiWaits.p99, 'ms', atMost(TARGET_API_WAIT_MS)),
        figure('API call during catch-up, max', apiWaits.max, 'ms'),
        figure('shell event-loop delay during catch-up, max', shellDelayMs.max, 'ms'),
      ],
      notes: [
        `connecting → live with applied seq ${status.appliedSeq.toLocaleString('en-US')} = head in ${seconds.toFixed(2)} s (stream open after ${openedAfterMs.toFixed(0)} ms); ${projectedCalls.toLocaleString('en-US')} calls in the console database`,
        `the core runs in a worker thread; ${apiWaits.count.toLocaleString('en-US')} link.status calls during the catch-up answered in p50 ${apiWaits.p50.toFixed(1)} / p99 ${apiWaits.p99.toFixed(1)} / max ${apiWaits.max.toFixed(1)} ms`,
        `CPU time per event from connecting to live: console process (core worker, its checkpointer, the shell) ${consoleCpuUsPerEvent.toFixed(1)} µs, relay process ${relayCpuUsPerEvent.toFixed(1)} µs; at most 1e6 ÷ the console's figure events/s on one core`,
        `shell (main thread) event-loop delay during the catch-up: p50 ${shellDelayMs.p50.toFixed(1)} / p99 ${shellDelayMs.p99.toFixed(1)} / max ${shellDelayMs.max.toFixed(1)} ms`,
      ],
      details: { head, seconds, rate, consoleCpuUsPerEvent, relayCpuUsPerEvent, streamOpenAfterMs: openedAfterMs, projectedCalls, apiWaits, shellDelayMs },
    };
  } finally {
    await core?.stop();
    await relay.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Calls the API again and again until `done` settles: each call's round trip through the worker. */
async function probeApiUntil(core: ConsoleCore, done: Promise<unknown>): Promise<LatencySummary> {
  let finished = false;
  void done.then(
    () => (finished = true),
    () => (finished = true),
  );
  const waits: number[] = [];
  while (!finished) {
    const asked = performance.now();
    await core.handlers['link.status']({});
    waits.push(performance.now() - asked);
    await new Promise((resolve) => setTimeout(resolve, API_PROBE_PAUSE_MS));
  }
  return summarize(waits.length > 0 ? waits : [0]);
}

function countCalls(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM calls').pluck().get() as number;
  } finally {
    db.close();
  }
}

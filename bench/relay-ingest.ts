import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { startRelayProcess, type RelayProcess } from '../tests/support/relay-process';
import { newCallId } from '../tools/emulators/openphone/payloads';
import { BUSINESS_LINE, seededRandom } from './console-seed';
import { atLeast, atMost, figure, type BenchmarkResult } from './figures';
import { summarize } from './percentiles';
import { readCommandLine, readProcessCpuSeconds, readProcessMemory } from './process-stats';
import { scrapeRelayMetrics, type RelayMetricsSnapshot } from './relay-metrics-scrape';
import { deliverAll, prepareRinging, webhookAgent, type PreparedWebhook } from './signed-webhooks';
import { measureStageCosts } from './webhook-stage-costs';

/**
 * Relay durable ingest: concurrent senders post signed call.ringing webhooks (distinct
 * event ids, built and signed beforehand, keep-alive connections) to a fresh relay
 * process with one console streaming, each sender posting its next as soon as the
 * previous is answered 2xx (the relay answers only after the event is durably
 * committed). Two passes: `senders` (8) for throughput and latency, then `cpuSenders`
 * (32) for the relay's CPU time per webhook when it is saturated.
 */

export interface RelayIngestOptions {
  webhooks: number;
  senders: number;
  cpuSenders: number;
  progress: (line: string) => void;
}

const TARGET_PER_SECOND = 4_000;
const TARGET_RESIDENT_MB = 150;
const TARGET_LOOP_DELAY_MS = 5;
const TARGET_CPU_MICROS = 50;
const TARGET_P99_MS = 3;
const TARGET_OF_CLOSED_LOOP_PERCENT = 90;
const WARM_UP_WEBHOOKS = 1_000;
const MB = 1024 * 1024;

interface Pass {
  seconds: number;
  rate: number;
  relayCpuSeconds: number;
  /** The relay's CPU by thread: its main (event-loop) thread's user and system time, and every other thread's. */
  relayThreads: ThreadCpu;
  sendersCpuSeconds: number;
  answered: ReturnType<typeof summarize>;
  metricsBefore: RelayMetricsSnapshot;
  metricsAfter: RelayMetricsSnapshot;
}

export async function relayIngest(options: RelayIngestOptions): Promise<BenchmarkResult> {
  const { progress } = options;
  // RINGSIDE_BENCH_RELAY_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) profiles the relay under this load.
  const nodeArgs = process.env.RINGSIDE_BENCH_RELAY_NODE_ARGS?.split(' ').filter((arg) => arg !== '') ?? [];
  const relay = await startRelayProcess({ nodeArgs });
  try {
    const pid = relayNodePid(relay);
    const atStart = readProcessMemory(pid);
    const cpuWebhooks = Math.max(1, Math.round(options.webhooks / 2));
    progress(`building and signing ${(WARM_UP_WEBHOOKS + options.webhooks + cpuWebhooks).toLocaleString('en-US')} call.ringing webhooks`);
    const warmUp = ringingWebhooks(WARM_UP_WEBHOOKS, relay.secretBase64, 1);
    const measured = ringingWebhooks(options.webhooks, relay.secretBase64, 2);
    const saturating = ringingWebhooks(cpuWebhooks, relay.secretBase64, 3);
    const consoleStream = await openCountingStream(relay, await relay.addDevice('Bench console', 'admin'));
    try {
      progress(`warming up with ${WARM_UP_WEBHOOKS.toLocaleString('en-US')} webhooks`);
      const warmUpAgent = webhookAgent(options.senders);
      await deliverAll(relay.url, warmUp, options.senders, warmUpAgent);
      warmUpAgent.destroy();

      progress(`posting ${options.webhooks.toLocaleString('en-US')} webhooks from ${options.senders} concurrent senders`);
      const main = await runPass(relay, pid, measured, options.senders);
      progress(`posting ${cpuWebhooks.toLocaleString('en-US')} webhooks from ${options.cpuSenders} concurrent senders (CPU per webhook)`);
      const saturated = await runPass(relay, pid, saturating, options.cpuSenders);
      const atEnd = readProcessMemory(pid);

      const expected = WARM_UP_WEBHOOKS + options.webhooks + cpuWebhooks;
      const stored = ((await (await fetch(`${relay.url}/healthz`)).json()) as { headSeq: number }).headSeq;
      if (stored !== expected) throw new Error(`the relay stored ${stored} events, not ${expected}`);
      await consoleStream.received(expected);

      progress('timing the pipeline steps in this process');
      const stages = measureStageCosts(measured, relay.secretBase64);

      const commitMedianMs = main.metricsAfter.commitMedianSeconds * 1000;
      const closedLoopLimit = options.senders / main.metricsAfter.commitMedianSeconds;
      const ofClosedLoop = (main.rate / closedLoopLimit) * 100;
      const loopDelayMs = Math.max(main.metricsAfter.eventLoopMaxSeconds, saturated.metricsAfter.eventLoopMaxSeconds) * 1000;
      const cpuMicros = (saturated.relayCpuSeconds / cpuWebhooks) * 1e6;
      const perWebhook = (pass: Pass, count: number) => {
        const appends = pass.metricsAfter.committedAppends - pass.metricsBefore.committedAppends;
        const commits = pass.metricsAfter.commits - pass.metricsBefore.commits;
        return {
          relayCpuMicros: (pass.relayCpuSeconds / count) * 1e6,
          insertMicros: ((pass.metricsAfter.insertSeconds - pass.metricsBefore.insertSeconds) / count) * 1e6,
          fanOutMicros: ((pass.metricsAfter.fanOutSeconds - pass.metricsBefore.fanOutSeconds) / count) * 1e6,
          commitWaitMs: ((pass.metricsAfter.appendWaitSeconds - pass.metricsBefore.appendWaitSeconds) / appends) * 1000,
          meanBatch: appends / commits,
        };
      };
      const breakdown8 = perWebhook(main, options.webhooks);
      const breakdown32 = perWebhook(saturated, cpuWebhooks);
      const rest = (b: ReturnType<typeof perWebhook>) => b.relayCpuMicros - stages.verifyMicros - stages.parseMicros - stages.normalizeMicros - b.insertMicros - b.fanOutMicros;
      const us = (value: number) => `${value.toFixed(1)} µs`;
      return {
        name: 'relay durable ingest',
        setup: `${options.webhooks.toLocaleString('en-US')} signed call.ringing webhooks (after ${WARM_UP_WEBHOOKS.toLocaleString('en-US')} warm-up) from ${options.senders} concurrent keep-alive senders, then ${cpuWebhooks.toLocaleString('en-US')} from ${options.cpuSenders}, to a fresh relay streaming to one console`,
        figures: [
          figure('webhooks/s', main.rate, 'webhooks/s', atLeast(TARGET_PER_SECOND)),
          figure('of closed-loop limit', ofClosedLoop, '%', atLeast(TARGET_OF_CLOSED_LOOP_PERCENT)),
          figure('time to 2xx p50', main.answered.p50, 'ms'),
          figure('time to 2xx p99', main.answered.p99, 'ms', atMost(TARGET_P99_MS)),
          figure('max event-loop delay', loopDelayMs, 'ms', atMost(TARGET_LOOP_DELAY_MS)),
          figure(`relay CPU/webhook @${options.cpuSenders}`, cpuMicros, 'µs', atMost(TARGET_CPU_MICROS)),
          figure('relay RSS at end', atEnd.residentBytes / MB, 'MB', atMost(TARGET_RESIDENT_MB)),
        ],
        notes: [
          `${options.senders} senders: ${options.webhooks.toLocaleString('en-US')} answered 200 in ${main.seconds.toFixed(2)} s; ${options.cpuSenders} senders: ${cpuWebhooks.toLocaleString('en-US')} at ${saturated.rate.toFixed(0)}/s (p99 ${saturated.answered.p99.toFixed(1)} ms); all ${stored.toLocaleString('en-US')} events stored and streamed`,
          `commit (insert + fsync) median ${commitMedianMs.toFixed(2)} ms, p99 ${(main.metricsAfter.commitP99Seconds * 1000).toFixed(2)} ms (since start); closed-loop limit ${options.senders} ÷ median = ${closedLoopLimit.toFixed(0)}/s; mean batch ${breakdown8.meanBatch.toFixed(1)} @${options.senders}, ${breakdown32.meanBatch.toFixed(1)} @${options.cpuSenders}`,
          `event loop: max delay ${(main.metricsAfter.eventLoopMaxSeconds * 1000).toFixed(1)} ms @${options.senders}, ${(saturated.metricsAfter.eventLoopMaxSeconds * 1000).toFixed(1)} ms @${options.cpuSenders} (prom-client's monitorEventLoopDelay, 10 ms sampling)`,
          `per webhook @${options.senders}: relay CPU ${us(breakdown8.relayCpuMicros)} = verify ${us(stages.verifyMicros)} + parse ${us(stages.parseMicros)} + normalize ${us(stages.normalizeMicros)} + insert ${us(breakdown8.insertMicros)} + fan-out ${us(breakdown8.fanOutMicros)} + HTTP, routing and the rest ${us(rest(breakdown8))}; commit wait ${breakdown8.commitWaitMs.toFixed(2)} ms (wall)`,
          `per webhook @${options.cpuSenders}: relay CPU ${us(breakdown32.relayCpuMicros)}, of which insert ${us(breakdown32.insertMicros)}, fan-out ${us(breakdown32.fanOutMicros)}, HTTP and the rest ${us(rest(breakdown32))}; commit wait ${breakdown32.commitWaitMs.toFixed(2)} ms`,
          `relay CPU per webhook by thread @${options.cpuSenders}: event loop ${us((saturated.relayThreads.mainUserSeconds / cpuWebhooks) * 1e6)} user + ${us((saturated.relayThreads.mainSystemSeconds / cpuWebhooks) * 1e6)} system (socket reads and writes, WAL writes), other threads ${us((saturated.relayThreads.otherSeconds / cpuWebhooks) * 1e6)} (V8's GC helpers, libuv's pool running the fsyncs, the WAL checkpointer)`,
          `(verify, parse and normalize are timed in the bench process on the same payloads; the rest is measured by the relay's /metrics and /proc)`,
          `CPU while posting @${options.senders}: relay ${((main.relayCpuSeconds / main.seconds) * 100).toFixed(0)}% of a core, senders (the bench process) ${((main.sendersCpuSeconds / main.seconds) * 100).toFixed(0)}%`,
          `relay node process ${pid}: RSS ${(atStart.residentBytes / MB).toFixed(1)} MB after start, ${(atEnd.residentBytes / MB).toFixed(1)} MB at the end, peak (VmHWM) ${(atEnd.peakResidentBytes / MB).toFixed(1)} MB`,
        ],
        details: { main, saturated, stages, breakdown8, breakdown32, closedLoopLimit, ofClosedLoop, loopDelayMs, cpuMicros, memoryAtStart: atStart, memoryAtEnd: atEnd, relayPid: pid },
      };
    } finally {
      consoleStream.close();
    }
  } finally {
    await relay.stop();
  }
}

async function runPass(relay: RelayProcess, pid: number, webhooks: PreparedWebhook[], senders: number): Promise<Pass> {
  const agent = webhookAgent(senders);
  try {
    const metricsBefore = await scrapeRelayMetrics(relay.url);
    const relayCpuBefore = readProcessCpuSeconds(pid);
    const threadsBefore = readThreadCpu(pid);
    const benchCpuBefore = process.cpuUsage();
    const started = performance.now();
    const deliveries = await deliverAll(relay.url, webhooks, senders, agent);
    const seconds = (performance.now() - started) / 1000;
    const relayCpuSeconds = readProcessCpuSeconds(pid) - relayCpuBefore;
    const threadsAfter = readThreadCpu(pid);
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const metricsAfter = await scrapeRelayMetrics(relay.url);
    return {
      seconds,
      rate: webhooks.length / seconds,
      relayCpuSeconds,
      relayThreads: {
        mainUserSeconds: threadsAfter.mainUserSeconds - threadsBefore.mainUserSeconds,
        mainSystemSeconds: threadsAfter.mainSystemSeconds - threadsBefore.mainSystemSeconds,
        otherSeconds: threadsAfter.otherSeconds - threadsBefore.otherSeconds,
      },
      sendersCpuSeconds: (benchCpu.user + benchCpu.system) / 1e6,
      answered: summarize(deliveries.map((d) => d.answeredAt - d.sentAt)),
      metricsBefore,
      metricsAfter,
    };
  } finally {
    agent.destroy();
  }
}

/** A console's stream that only counts frames (no parsing), so the relay fans out as it does in production. */
async function openCountingStream(relay: RelayProcess, token: string): Promise<{ received(count: number): Promise<void>; close(): void }> {
  const ws = new WebSocket(`${relay.wsUrl}/v1/stream?after=0`, { headers: { authorization: `Bearer ${token}` } });
  let frames = 0;
  ws.on('message', () => frames++);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    async received(count) {
      // Every event frame plus the one caught_up frame.
      const deadline = Date.now() + 30_000;
      while (frames < count + 1) {
        if (Date.now() > deadline) throw new Error(`the console stream received ${frames - 1} of ${count} events`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => ws.terminate(),
  };
}

/** Distinct calls from distinct-looking numbers; every webhook has a fresh event id. */
function ringingWebhooks(count: number, secretBase64: string, seed: number): PreparedWebhook[] {
  const random = seededRandom(seed);
  const at = new Date();
  return Array.from({ length: count }, () => {
    const from = `+1415${2_000_000 + Math.floor(random() * 7_999_999)}`;
    return prepareRinging({ callId: newCallId(), from, to: BUSINESS_LINE, at }, secretBase64);
  });
}

interface ThreadCpu {
  mainUserSeconds: number;
  mainSystemSeconds: number;
  otherSeconds: number;
}

/** Per-thread CPU from /proc/<pid>/task (ticks of 1/100 s); the main thread's id is the pid. A thread that ended meanwhile is not counted. */
function readThreadCpu(pid: number): ThreadCpu {
  const cpu: ThreadCpu = { mainUserSeconds: 0, mainSystemSeconds: 0, otherSeconds: 0 };
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const user = Number(fields[11]) / 100;
    const system = Number(fields[12]) / 100;
    if (Number(tid) === pid) {
      cpu.mainUserSeconds += user;
      cpu.mainSystemSeconds += system;
    } else cpu.otherSeconds += user + system;
  }
  return cpu;
}

/** The relay's own node process (not a wrapper): the memory figure must be the relay's. */
export function relayNodePid(relay: RelayProcess): number {
  const pid = relay.process.pid;
  if (pid === undefined) throw new Error('the relay process has no pid');
  const args = readCommandLine(pid);
  if (args[0] !== process.execPath || !args.some((arg) => arg.endsWith('relay/dist/relay.mjs'))) {
    throw new Error(`pid ${pid} is not the relay's node process: ${args.join(' ')}`);
  }
  return pid;
}

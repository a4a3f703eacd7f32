import { performance } from 'node:perf_hooks';
import { startRelayProcess, type RelayProcess } from '../tests/support/relay-process';
import { newCallId } from '../tools/emulators/openphone/payloads';
import { BUSINESS_LINE, seededRandom } from './console-seed';
import { atLeast, atMost, figure, type BenchmarkResult } from './figures';
import { summarize } from './percentiles';
import { readCommandLine, readProcessCpuSeconds, readProcessMemory } from './process-stats';
import { deliverAll, prepareRinging, webhookAgent, type PreparedWebhook } from './signed-webhooks';

/**
 * Relay durable ingest: concurrent senders post signed call.ringing webhooks (distinct
 * event ids, built and signed beforehand, keep-alive connections) to a fresh relay
 * process, each sender posting its next as soon as the previous is answered 2xx (the
 * relay answers only after the event is durably committed).
 */

export interface RelayIngestOptions {
  webhooks: number;
  senders: number;
  progress: (line: string) => void;
}

const TARGET_PER_SECOND = 4_000;
const TARGET_RESIDENT_MB = 150;
const WARM_UP_WEBHOOKS = 1_000;
const MB = 1024 * 1024;

export async function relayIngest(options: RelayIngestOptions): Promise<BenchmarkResult> {
  const { progress } = options;
  const relay = await startRelayProcess();
  try {
    const pid = relayNodePid(relay);
    const atStart = readProcessMemory(pid);
    progress(`building and signing ${(WARM_UP_WEBHOOKS + options.webhooks).toLocaleString('en-US')} call.ringing webhooks`);
    const warmUp = ringingWebhooks(WARM_UP_WEBHOOKS, relay.secretBase64, 1);
    const measured = ringingWebhooks(options.webhooks, relay.secretBase64, 2);
    const agent = webhookAgent(options.senders);
    try {
      progress(`warming up with ${WARM_UP_WEBHOOKS.toLocaleString('en-US')} webhooks`);
      await deliverAll(relay.url, warmUp, options.senders, agent);
      progress(`posting ${options.webhooks.toLocaleString('en-US')} webhooks from ${options.senders} concurrent senders`);
      const relayCpuBefore = readProcessCpuSeconds(pid);
      const benchCpuBefore = process.cpuUsage();
      const started = performance.now();
      const deliveries = await deliverAll(relay.url, measured, options.senders, agent);
      const seconds = (performance.now() - started) / 1000;
      const benchCpu = process.cpuUsage(benchCpuBefore);
      // Who was busy: on two cores, the senders (this process) and the relay share the machine.
      const cpu = {
        relayPercent: ((readProcessCpuSeconds(pid) - relayCpuBefore) / seconds) * 100,
        sendersPercent: ((benchCpu.user + benchCpu.system) / 1e6 / seconds) * 100,
      };
      const atEnd = readProcessMemory(pid);
      const stored = ((await (await fetch(`${relay.url}/healthz`)).json()) as { headSeq: number }).headSeq;
      if (stored !== WARM_UP_WEBHOOKS + options.webhooks) throw new Error(`the relay stored ${stored} events, not ${WARM_UP_WEBHOOKS + options.webhooks}`);
      const answered = summarize(deliveries.map((d) => d.answeredAt - d.sentAt));
      const rate = options.webhooks / seconds;
      return {
        name: 'relay durable ingest',
        setup: `${options.webhooks.toLocaleString('en-US')} signed call.ringing webhooks (after ${WARM_UP_WEBHOOKS.toLocaleString('en-US')} warm-up) from ${options.senders} concurrent keep-alive senders to a fresh relay`,
        figures: [
          figure('webhooks/s', rate, 'webhooks/s', atLeast(TARGET_PER_SECOND)),
          figure('time to 2xx p50', answered.p50, 'ms'),
          figure('time to 2xx p99', answered.p99, 'ms'),
          figure('relay RSS at end', atEnd.residentBytes / MB, 'MB', atMost(TARGET_RESIDENT_MB)),
        ],
        notes: [
          `${options.webhooks.toLocaleString('en-US')} answered 200 in ${seconds.toFixed(2)} s; all ${stored.toLocaleString('en-US')} events stored`,
          `CPU while posting: relay ${cpu.relayPercent.toFixed(0)}% of a core, senders (the bench process) ${cpu.sendersPercent.toFixed(0)}%`,
          `relay node process ${pid}: RSS ${(atStart.residentBytes / MB).toFixed(1)} MB after start, ${(atEnd.residentBytes / MB).toFixed(1)} MB at the end, peak (VmHWM) ${(atEnd.peakResidentBytes / MB).toFixed(1)} MB`,
        ],
        details: { seconds, rate, answered, cpu, memoryAtStart: atStart, memoryAtEnd: atEnd, relayPid: pid },
      };
    } finally {
      agent.destroy();
    }
  } finally {
    await relay.stop();
  }
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

/** The relay's own node process (not a wrapper): the memory figure must be the relay's. */
function relayNodePid(relay: RelayProcess): number {
  const pid = relay.process.pid;
  if (pid === undefined) throw new Error('the relay process has no pid');
  const args = readCommandLine(pid);
  if (args[0] !== process.execPath || !args.some((arg) => arg.endsWith('relay/dist/relay.mjs'))) {
    throw new Error(`pid ${pid} is not the relay's node process: ${args.join(' ')}`);
  }
  return pid;
}

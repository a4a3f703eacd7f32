import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import http from 'node:http';
import { startRelayProcess, type RelayProcess } from '../tests/support/relay-process';
import { newCallId } from '../tools/emulators/openphone/payloads';
import { loadCallerCard } from '../src/main/card/load-caller-card';
import type { ConsoleCore } from '../src/main/core/console-core';
import { startConsoleCoreWorker } from '../src/main/core-process/worker-thread';
import { openConsoleDatabase } from '../src/main/db/open-console-database';
import { startHarness, type Harness } from '../src/main/harness/server';
import { MemorySettingsStore } from '../src/main/settings';
import type { CallerCard, CallerStatus } from '../src/shared/card';
import { namespacedCallId } from '../src/shared/events/model';
import { BUSINESS_LINE, seededConsoleDatabase } from './console-seed';
import { atMost, figure, type BenchmarkResult } from './figures';
import { HarnessApiClient } from './harness-api-client';
import { summarize, type LatencySummary } from './percentiles';
import { planRings, type PlannedRing } from './ring-plan';
import { deliver, prepareRinging, webhookAgent } from './signed-webhooks';
import { StreamObserver } from './stream-observer';
import { waitFor } from './wait-for';

/**
 * Ring to card: a signed call.ringing leaves the sender → real relay (verify, store
 * durably, stream) → console core in its worker thread (apply, build the card from
 * 100,000 customers and 1,000,000 calls) → the shell (harness) → the renderer API
 * client's WebSocket. The clock starts
 * just before the POST (body built and signed already) and stops when the card.updated
 * push for that call reaches the client.
 */

export interface RingToCardOptions {
  customers: number;
  pastCalls: number;
  rings: number;
  cacheDir: string;
  progress: (line: string) => void;
}

const TARGET_P99_MS = 5;
const WARM_UP_RINGS = 30;
/** Between rings, so each is measured alone, as calls arrive at a front desk. */
const PAUSE_MS = 10;
const CARD_TIMEOUT_MS = 10_000;

interface RingTiming {
  /** Sent → card at the API client. */
  total: number;
  /** Sent → the relay's 2xx. */
  answered: number;
  /** Sent → the core's card push reached the shell (the harness, across the worker boundary). */
  coreEmitted: number;
  /** Sent → the event frame reached a bare stream consumer (breakdown pass only). */
  frame?: number;
  card: CallerCard;
}

interface Rig {
  relay: RelayProcess;
  core: ConsoleCore;
  harness: Harness;
  client: HarnessApiClient;
  agent: http.Agent;
  dbPath: string;
  coreCardAt: Map<string, number>;
}

export async function ringToCard(options: RingToCardOptions): Promise<BenchmarkResult> {
  const { progress } = options;
  const seeded = await seededConsoleDatabase({ customers: options.customers, pastCalls: options.pastCalls }, options.cacheDir, progress);
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-bench-card-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  try {
    const dbPath = path.join(dir, 'console.db');
    copyFileSync(seeded, dbPath);
    const rig = await startRig(dbPath, dir, cleanups);
    const { relay } = rig;

    const rings = planRings(WARM_UP_RINGS + options.rings, options.customers, 2026);
    progress(`warming up with ${WARM_UP_RINGS} rings`);
    await ringAll(rig, rings.slice(0, WARM_UP_RINGS), null);
    progress(`ringing ${options.rings.toLocaleString('en-US')} times, one after another`);
    const timings = await ringAll(rig, rings.slice(WARM_UP_RINGS), null);

    const breakdownRings = Math.max(100, Math.floor(options.rings / 4));
    progress(`breakdown pass: ${breakdownRings} more rings with a bare stream consumer beside the console`);
    const observerToken = await relay.addDevice('bench observer', 'admin');
    const observer = await StreamObserver.connect(relay.wsUrl, observerToken, await relayHead(relay.url));
    cleanups.push(() => observer.close());
    const breakdownTimings = await ringAll(rig, planRings(breakdownRings, options.customers, 4242), observer);

    progress('timing the caller card query alone, on a second connection, and the relay without a durable commit');
    const cardQuery = await timeCardQueries(rig.dbPath, timings.map((t) => t.card.callId));
    const baselines = await timeRelayBaselines(rig, breakdownRings);
    return report(options, timings, breakdownTimings, { cardQuery, ...baselines });
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

async function startRig(dbPath: string, dir: string, cleanups: (() => Promise<void> | void)[]): Promise<Rig> {
  const relay = await startRelayProcess();
  cleanups.push(() => relay.stop());
  const deviceToken = await relay.addDevice('front desk', 'admin');
  const core = startConsoleCoreWorker({ dbPath, settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken }) });
  const coreCardAt = new Map<string, number>();
  core.onPush('card.updated', (card) => coreCardAt.set(card.callId, performance.now()));
  await core.start();
  cleanups.push(() => core.stop());
  await waitFor(async () => (await core.handlers['link.status']({})).state === 'live', 20_000, 'the console core did not go live');
  // No renderer build is needed: the benchmark only uses the API socket.
  const harness = await startHarness({ core, rendererDir: path.join(dir, 'no-renderer'), host: '127.0.0.1', port: 0 });
  cleanups.push(() => harness.close());
  const client = await HarnessApiClient.connect(harness.url);
  cleanups.push(() => client.close());
  const agent = webhookAgent(1);
  cleanups.push(() => agent.destroy());
  return { relay, core, harness, client, agent, dbPath, coreCardAt };
}

async function ringAll(rig: Rig, rings: readonly PlannedRing[], observer: StreamObserver | null): Promise<RingTiming[]> {
  const timings: RingTiming[] = [];
  const waiting = new Map<string, (arrival: { at: number; card: CallerCard }) => void>();
  const stop = rig.client.onPush('card.updated', (card, at) => {
    if (card.phase === 'ringing') waiting.get(card.callId)?.({ at, card });
  });
  try {
    for (const ring of rings) {
      const openPhoneCallId = newCallId();
      // The console knows the call by its provider-namespaced id.
      const callId = namespacedCallId('openphone', openPhoneCallId);
      const webhook = prepareRinging({ callId: openPhoneCallId, from: ring.from, to: BUSINESS_LINE, at: new Date() }, rig.relay.secretBase64);
      const arrived = new Promise<{ at: number; card: CallerCard }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no card for call ${callId} within ${CARD_TIMEOUT_MS} ms`)), CARD_TIMEOUT_MS);
        waiting.set(callId, (arrival) => {
          clearTimeout(timer);
          resolve(arrival);
        });
      });
      const delivery = await deliver(rig.relay.url, webhook, rig.agent);
      if (delivery.status !== 200) throw new Error(`the relay answered ${delivery.status} to a ringing webhook`);
      const { at, card } = await arrived;
      waiting.delete(callId);
      checkCard(card, ring);
      const coreAt = rig.coreCardAt.get(callId);
      rig.coreCardAt.delete(callId);
      const frameAt = observer?.frameAt.get(callId);
      timings.push({
        total: at - delivery.sentAt,
        answered: delivery.answeredAt - delivery.sentAt,
        coreEmitted: (coreAt ?? at) - delivery.sentAt,
        ...(frameAt === undefined ? {} : { frame: frameAt - delivery.sentAt }),
        card,
      });
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
  } finally {
    stop();
  }
  return timings;
}

/** A card for the wrong caller would make the figure meaningless: stop there. */
function checkCard(card: CallerCard, ring: PlannedRing): void {
  if (card.number !== ring.e164) throw new Error(`the card shows ${card.number} for a call from ${ring.from} (${ring.e164})`);
  if ((card.status !== 'unknown') !== ring.known) {
    throw new Error(`a ${ring.known ? 'known customer' : 'unknown caller'} calling from ${ring.from} got a card with status ${card.status}`);
  }
}

async function timeCardQueries(dbPath: string, callIds: readonly string[]): Promise<LatencySummary> {
  const db = await openConsoleDatabase(dbPath);
  try {
    const durations: number[] = [];
    for (const callId of callIds) {
      const started = performance.now();
      await loadCallerCard(db, callId, new Date());
      durations.push(performance.now() - started);
    }
    return summarize(durations);
  } finally {
    await db.close();
  }
}

/**
 * The same relay at the same pace, without storing anything: a GET /healthz round trip
 * (loopback and wake-up cost) and a webhook refused for its signature (401: read,
 * verified, nothing stored). What a stored ringing takes beyond these is the commit.
 */
async function timeRelayBaselines(rig: Rig, count: number): Promise<{ healthRoundTrip: LatencySummary; rejectedWebhook: LatencySummary }> {
  const health: number[] = [];
  const rejected: number[] = [];
  for (let i = 0; i < count; i++) {
    health.push(await timeGet(`${rig.relay.url}/healthz`, rig.agent));
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    const webhook = prepareRinging({ callId: newCallId(), from: '+14155550123', to: BUSINESS_LINE, at: new Date() }, rig.relay.secretBase64);
    const forged = { ...webhook, headers: { ...webhook.headers, 'openphone-signature': webhook.headers['openphone-signature']!.replace(/.{4}$/, 'AAA=') } };
    const delivery = await deliver(rig.relay.url, forged, rig.agent);
    if (delivery.status !== 401) throw new Error(`a forged webhook was answered ${delivery.status}, not 401`);
    rejected.push(delivery.answeredAt - delivery.sentAt);
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  return { healthRoundTrip: summarize(health), rejectedWebhook: summarize(rejected) };
}

/** One GET on the same keep-alive connection as the webhooks, timed to the end of its answer. */
function timeGet(url: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - started));
      })
      .on('error', reject);
  });
}

async function relayHead(relayUrl: string): Promise<number> {
  const health = (await (await fetch(`${relayUrl}/healthz`)).json()) as { headSeq: number };
  return health.headSeq;
}

interface Baselines {
  cardQuery: LatencySummary;
  healthRoundTrip: LatencySummary;
  rejectedWebhook: LatencySummary;
}

function report(options: RingToCardOptions, timings: RingTiming[], breakdown: RingTiming[], baselines: Baselines): BenchmarkResult {
  const total = summarize(timings.map((t) => t.total));
  const answered = summarize(timings.map((t) => t.answered));
  const coreEmitted = summarize(timings.map((t) => t.coreEmitted));
  const statuses = cardMix(timings.map((t) => t.card));
  const stages = {
    'webhook → relay 2xx': summarize(breakdown.map((t) => t.answered)),
    'webhook → event frame at a bare stream consumer': summarize(breakdown.map((t) => t.frame ?? t.coreEmitted)),
    'frame → card at the shell (worker: apply + card query; worker → shell)': summarize(breakdown.map((t) => t.coreEmitted - (t.frame ?? t.coreEmitted))),
    'shell → card at the API client (harness push)': summarize(breakdown.map((t) => t.total - t.coreEmitted)),
    'total (breakdown pass)': summarize(breakdown.map((t) => t.total)),
  };
  const ms = (value: number): string => value.toFixed(2);
  const notes = [
    `cards: ${CALLER_STATUSES.map((status) => `${statuses[status]} ${status}`).join(', ')}; every card showed the caller it was rung for`,
    `relay 2xx after p50 ${ms(answered.p50)} / p99 ${ms(answered.p99)} ms; card at the shell (from the core's worker) after p50 ${ms(coreEmitted.p50)} / p99 ${ms(coreEmitted.p99)} ms`,
    `breakdown over ${breakdown.length} more rings (p50 / p95 / p99 / max ms):`,
    ...Object.entries(stages).map(([stage, s]) => `  ${stage.padEnd(72)} ${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)} / ${ms(s.max)}`),
    'baselines, same pace (p50 / p95 / p99 / max ms):',
    ...Object.entries({
      'caller card query alone (loadCallerCard, 2nd connection)': baselines.cardQuery,
      'relay GET /healthz round trip': baselines.healthRoundTrip,
      'relay webhook refused for its signature (401, not stored)': baselines.rejectedWebhook,
    }).map(([what, s]) => `  ${what.padEnd(72)} ${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)} / ${ms(s.max)}`),
  ];
  return {
    name: 'ring to card',
    setup: `${timings.length.toLocaleString('en-US')} rings (after ${WARM_UP_RINGS} warm-up), ${PAUSE_MS} ms apart, against ${options.customers.toLocaleString('en-US')} customers / ${options.pastCalls.toLocaleString('en-US')} past calls`,
    figures: [
      figure('p50', total.p50, 'ms'),
      figure('p95', total.p95, 'ms'),
      figure('p99', total.p99, 'ms', atMost(TARGET_P99_MS)),
      figure('max', total.max, 'ms'),
    ],
    notes,
    details: { total, relayAnswered: answered, coreEmitted, cardStatuses: statuses, breakdown: { rings: breakdown.length, ...stages }, baselines },
  };
}

const CALLER_STATUSES: readonly CallerStatus[] = ['subscriber', 'non_subscriber', 'unknown'];

/**
 * How many cards of each status. Three in four seeded customers subscribe: a run with
 * no subscriber card did not measure the card path most rings take (billing state
 * missing), so its figure would mislead.
 */
function cardMix(cards: readonly CallerCard[]): Record<CallerStatus, number> {
  const counts: Record<CallerStatus, number> = { subscriber: 0, non_subscriber: 0, unknown: 0 };
  for (const card of cards) counts[card.status] += 1;
  if (counts.subscriber === 0) {
    throw new Error(`no subscriber cards among ${cards.length} rings (${CALLER_STATUSES.map((s) => `${counts[s]} ${s}`).join(', ')}): the seeded billing state is missing`);
  }
  return counts;
}

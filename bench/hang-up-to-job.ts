import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { startConsoleCoreWorker } from '../src/main/core-process/worker-thread';
import { MemorySettingsStore } from '../src/main/settings';
import { startRelayProcess } from '../tests/support/relay-process';
import { callTranscriptCompletedEvent } from '../tools/emulators/openphone/artifact-payloads';
import { newCallId, phoneNumberIdFor } from '../tools/emulators/openphone/payloads';
import { figure, reported, type BenchmarkResult } from './figures';
import { summarize } from './percentiles';
import { deliver, prepareCompleted, prepareWebhook, webhookAgent } from './signed-webhooks';
import { waitFor } from './wait-for';

/**
 * Hang-up → job (issue 15 §3): a real relay process; for each of `calls` recorded calls, the
 * call's completion and then its transcript are posted as signed OpenPhone webhooks; the clock
 * starts at the transcript's 2xx (the transcript is available) and stops when the relay's
 * extraction.recorded for that call arrives on a device's stream: the offline extractor read
 * the words and the proposed job is on its way to every console; and then when the job's row
 * exists in a real console core's database (its worker thread applying the stream, folding the
 * extraction into a job in Quote requested), read by polling that SQLite file every
 * millisecond or so. Goal ≤ 2 s.
 */

export interface HangUpToJobOptions {
  calls: number;
  progress: (line: string) => void;
}

const LINE = '+16175550100';
const GOAL_MS = 2000;
const WARM_UP_CALLS = 5;
const EXTRACTED_TIMEOUT_MS = 15_000;
const CALLERS = ['Maria Gonzalez', 'Sam Patel', 'Joan Whitfield', 'Dev Raman', 'Luis Ortega'];
const STREETS = ['Elm Street', 'Oak Avenue', 'Harbor Road', 'Pine Lane', 'Maple Drive'];
const DAYS = ['next Tuesday at 10 am', 'Friday at 2 pm', 'tomorrow morning', 'Monday at 8:30', 'the 14th at noon'];

interface CallTiming {
  /** Transcript webhook 2xx → the job's row in the console's database. */
  total: number;
  /** Transcript webhook 2xx → extraction.recorded on the stream. */
  streamed: number;
  /** Transcript webhook sent → its 2xx. */
  answered: number;
}

export async function hangUpToJob(options: HangUpToJobOptions): Promise<BenchmarkResult> {
  const { progress } = options;
  const relay = await startRelayProcess({ env: { OPENPHONE_PHONE_NUMBER_IDS: `${phoneNumberIdFor(LINE)}=${LINE}`, RELAY_BUSINESS_TIME_ZONE: 'America/New_York' } });
  const agent = webhookAgent(4);
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-bench-jobs-'));
  let ws: WebSocket | null = null;
  let consoleDb: Database.Database | null = null;
  let core: ReturnType<typeof startConsoleCoreWorker> | null = null;
  try {
    const token = await relay.addDevice('office', 'admin');
    const consoleToken = await relay.addDevice('front desk', 'admin');
    const dbPath = path.join(dir, 'console.db');
    core = startConsoleCoreWorker({ dbPath, settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: consoleToken, phoneRegion: 'US' }) });
    await core.start();
    const live = core;
    await waitFor(async () => (await live.handlers['link.status']({})).state === 'live', 20_000, 'the console core did not go live');
    consoleDb = new Database(dbPath, { readonly: true, fileMustExist: true });
    const jobRow = consoleDb.prepare('SELECT 1 FROM jobs WHERE job_id = ?').pluck();
    const extractedAt = new Map<string, number>();
    const waiters = new Map<string, () => void>();
    ws = new WebSocket(`${relay.wsUrl}/v1/stream?after=0`, { headers: { authorization: `Bearer ${token}` } });
    ws.on('message', (data) => {
      const at = performance.now();
      const frame = JSON.parse(data.toString()) as { type: string; event?: { type?: string; data?: { callId?: string | null } } };
      if (frame.type !== 'event' || frame.event?.type !== 'extraction.recorded') return;
      const callId = frame.event.data?.callId;
      if (typeof callId !== 'string' || extractedAt.has(callId)) return;
      extractedAt.set(callId, at);
      waiters.get(callId)?.();
    });
    await new Promise<void>((resolve, reject) => {
      ws!.once('open', () => resolve());
      ws!.once('error', reject);
    });

    const one = async (index: number): Promise<CallTiming> => {
      const providerCallId = newCallId();
      const callId = `openphone:${providerCallId}`;
      const caller = `+1212555${String(2000 + (index % 8000)).padStart(4, '0')}`;
      const rangAt = new Date(Date.now() - 10 * 60_000);
      const completed = await deliver(relay.url, prepareCompleted({ callId: providerCallId, from: caller, to: LINE, at: rangAt }, 240, relay.secretBase64), agent);
      if (completed.status !== 200) throw new Error(`the relay answered ${completed.status} to a call.completed webhook`);
      const name = CALLERS[index % CALLERS.length]!;
      const dialogue = [
        { identifier: LINE, userId: 'USoffice01', content: 'Thanks for calling Harbor Foundation Repair, how can I help?', start: 0, end: 4 },
        { identifier: caller, userId: null, content: `Hi, this is ${name}. There's a crack in my basement wall and water comes in when it rains.`, start: 5, end: 11 },
        { identifier: LINE, userId: 'USoffice01', content: 'Sorry to hear that. What is the address?', start: 12, end: 14 },
        { identifier: caller, userId: null, content: `It is ${10 + (index % 90)} ${STREETS[index % STREETS.length]}, Springfield.`, start: 15, end: 19 },
        { identifier: LINE, userId: 'USoffice01', content: `We can come ${DAYS[index % DAYS.length]}. The inspection is $${150 + (index % 5) * 25}.`, start: 20, end: 26 },
        { identifier: caller, userId: null, content: 'That works, thank you.', start: 27, end: 29 },
      ];
      const transcript = prepareWebhook(callTranscriptCompletedEvent({ callId: providerCallId, at: new Date(), dialogue, durationSeconds: 240 }).body, relay.secretBase64);
      const seen = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no extraction of ${callId} within ${EXTRACTED_TIMEOUT_MS} ms`)), EXTRACTED_TIMEOUT_MS);
        waiters.set(callId, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      const delivery = await deliver(relay.url, transcript, agent);
      if (delivery.status !== 200) throw new Error(`the relay answered ${delivery.status} to a transcript webhook`);
      if (!extractedAt.has(callId)) await seen;
      waiters.delete(callId);
      const jobId = `call:${callId}:0`;
      const deadline = performance.now() + EXTRACTED_TIMEOUT_MS;
      while (jobRow.get(jobId) === undefined) {
        if (performance.now() > deadline) throw new Error(`no job ${jobId} in the console within ${EXTRACTED_TIMEOUT_MS} ms`);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const onBoard = performance.now();
      return { total: onBoard - delivery.answeredAt, streamed: extractedAt.get(callId)! - delivery.answeredAt, answered: delivery.answeredAt - delivery.sentAt };
    };

    progress(`warming up with ${WARM_UP_CALLS} calls`);
    for (let i = 0; i < WARM_UP_CALLS; i++) await one(i);
    progress(`${options.calls} recorded calls, one after another: transcript webhook → extraction on the stream`);
    const timings: CallTiming[] = [];
    for (let i = 0; i < options.calls; i++) timings.push(await one(WARM_UP_CALLS + i));
    const total = summarize(timings.map((t) => t.total));
    const streamed = summarize(timings.map((t) => t.streamed));
    const answered = summarize(timings.map((t) => t.answered));
    const ms = (value: number): string => value.toFixed(2);
    return {
      name: 'hang-up to job',
      setup: `${timings.length} recorded calls (after ${WARM_UP_CALLS} warm-up) with six-turn transcripts naming the caller, an address, a day and a price, posted as signed OpenPhone webhooks one after another to a real relay; timed from the transcript's 2xx to the job's row in a console core's database (the core in its worker thread, as the product runs it)`,
      figures: [figure('p50', total.p50, 'ms', { comparison: 'at_most', value: GOAL_MS }), figure('p99', total.p99, 'ms', { comparison: 'at_most', value: GOAL_MS }), reported('max', total.max, 'ms')],
      notes: [
        `transcript 2xx → extraction.recorded on a device's stream (the relay's part) p50 / p99: ${ms(streamed.p50)} / ${ms(streamed.p99)} ms`,
        `transcript webhook → relay 2xx p50 / p99: ${ms(answered.p50)} / ${ms(answered.p99)} ms`,
      ],
      details: { total, streamed, relayAnswered: answered },
    };
  } finally {
    ws?.terminate();
    consoleDb?.close();
    await core?.stop();
    agent.destroy();
    await relay.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

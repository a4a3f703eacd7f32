import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startRelayProcess } from '../tests/support/relay-process';
import { messageEvent } from '../tools/emulators/openphone/message-payloads';
import { phoneNumberIdFor } from '../tools/emulators/openphone/payloads';
import { startConsoleCoreWorker } from '../src/main/core-process/worker-thread';
import { startHarness } from '../src/main/harness/server';
import { MemorySettingsStore } from '../src/main/settings';
import { conversationKey } from '../src/shared/messages/conversation-key';
import { BUSINESS_LINE, seededRandom } from './console-seed';
import { figure, reported, type BenchmarkResult } from './figures';
import { HarnessApiClient } from './harness-api-client';
import { summarize } from './percentiles';
import { deliver, deliverAll, prepareWebhook, webhookAgent } from './signed-webhooks';
import { waitFor } from './wait-for';

/**
 * Message webhook → thread visible at a console: a signed OpenPhone message.received
 * leaves the sender → real relay (verify, store durably, stream) → console core in its
 * worker thread (apply, project the message into its conversation) → `data.changed` at the
 * renderer API client → the client reads the open thread again (`messages.conversation`,
 * as the page does on that push). The clock starts just before the POST (body built and
 * signed already) and stops when a read's answer holds the new message. The console
 * already has a morning of texts: `threads` conversations of `historyPerThread` messages.
 */

export interface MessageToThreadOptions {
  messages: number;
  threads: number;
  historyPerThread: number;
  progress: (line: string) => void;
}

const WARM_UP_MESSAGES = 20;
/** Between messages, so each is measured alone, as texts arrive at a front desk. */
const PAUSE_MS = 10;
const SHOWN_TIMEOUT_MS = 10_000;
/** The thread's newest messages, as the page reads them. */
const THREAD_PAGE = 50;

interface MessageTiming {
  /** Sent → the thread read showing it. */
  total: number;
  /** Sent → the relay's 2xx. */
  answered: number;
  /** Sent → the first data.changed naming messages at the client after it. */
  changed: number;
  /** Thread reads it took (a push before the message was applied shows nothing new). */
  reads: number;
}

export async function messageToThread(options: MessageToThreadOptions): Promise<BenchmarkResult> {
  const { progress } = options;
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-bench-thread-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  try {
    const relay = await startRelayProcess({ env: { OPENPHONE_PHONE_NUMBER_IDS: `${phoneNumberIdFor(BUSINESS_LINE)}=${BUSINESS_LINE}` } });
    cleanups.push(() => relay.stop());
    const deviceToken = await relay.addDevice('front desk', 'admin');
    const core = startConsoleCoreWorker({ dbPath: path.join(dir, 'console.db'), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken, phoneRegion: 'US' }) });
    await core.start();
    cleanups.push(() => core.stop());
    await waitFor(async () => (await core.handlers['link.status']({})).state === 'live', 20_000, 'the console core did not go live');
    const harness = await startHarness({ core, rendererDir: path.join(dir, 'no-renderer'), host: '127.0.0.1', port: 0 });
    cleanups.push(() => harness.close());
    const client = await HarnessApiClient.connect(harness.url);
    cleanups.push(() => client.close());
    const agent = webhookAgent(8);
    cleanups.push(() => agent.destroy());

    const random = seededRandom(909);
    const customers = Array.from({ length: options.threads }, (_, index) => `+1212555${String(1000 + index).padStart(4, '0')}`);
    progress(`a morning of texts: ${(options.threads * options.historyPerThread).toLocaleString('en-US')} messages in ${options.threads} conversations`);
    const morning = Date.now() - 4 * 3600_000;
    const history = customers.flatMap((customer, thread) =>
      Array.from({ length: options.historyPerThread }, (_, index) => {
        const at = new Date(morning + (index * options.threads + thread) * 1000);
        // Every outgoing text differs, so no campaign rule gathers them.
        const type = index % 2 === 0 ? 'message.received' : 'message.delivered';
        return prepareWebhook(messageEvent({ type, line: BUSINESS_LINE, participants: [customer], body: `Text ${index} of thread ${thread}`, at }).body, relay.secretBase64);
      }),
    );
    await deliverAll(relay.url, history, 8, agent);
    await waitFor(
      async () => (await client.invoke('messages.conversations', { limit: 1, status: 'all', filter: { campaigns: 'show', unreadOnly: false, needsReplyOnly: false } })).total === options.threads,
      60_000,
      `the console did not show ${options.threads} conversations`,
    );

    const measure = async (count: number, label: string): Promise<MessageTiming[]> => {
      const timings: MessageTiming[] = [];
      for (let i = 0; i < count; i++) {
        const from = customers[Math.floor(random() * customers.length)]!;
        const body = `${label} ${i}: is my appointment still on for tomorrow?`;
        const webhook = prepareWebhook(messageEvent({ type: 'message.received', line: BUSINESS_LINE, participants: [from], body, at: new Date() }).body, relay.secretBase64);
        timings.push(await timeOne(relay.url, webhook, conversationKey(BUSINESS_LINE, [from]), body));
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      }
      return timings;
    };
    const timeOne = async (relayUrl: string, webhook: ReturnType<typeof prepareWebhook>, key: string, body: string): Promise<MessageTiming> => {
      let pushes = 0;
      let firstChangeAt: number | null = null;
      let wake: (() => void) | null = null;
      const stop = client.onPush('data.changed', (changed, at) => {
        if (!changed.kinds.includes('messages')) return;
        pushes++;
        firstChangeAt ??= at;
        wake?.();
      });
      try {
        const delivery = await deliver(relayUrl, webhook, agent);
        if (delivery.status !== 200) throw new Error(`the relay answered ${delivery.status} to a message webhook`);
        const deadline = performance.now() + SHOWN_TIMEOUT_MS;
        let seen = 0;
        let reads = 0;
        for (;;) {
          if (pushes === seen) {
            await new Promise<void>((resolve, reject) => {
              const timer = setTimeout(() => reject(new Error(`the thread did not show "${body}" within ${SHOWN_TIMEOUT_MS} ms`)), Math.max(1, deadline - performance.now()));
              wake = () => {
                clearTimeout(timer);
                wake = null;
                resolve();
              };
            });
          }
          seen = pushes;
          reads++;
          const thread = await client.invoke('messages.conversation', { conversationKey: key, limit: THREAD_PAGE });
          if (thread?.messages.some((message) => message.body === body)) {
            const shownAt = performance.now();
            return { total: shownAt - delivery.sentAt, answered: delivery.answeredAt - delivery.sentAt, changed: (firstChangeAt ?? shownAt) - delivery.sentAt, reads };
          }
        }
      } finally {
        stop();
      }
    };

    progress(`warming up with ${WARM_UP_MESSAGES} messages`);
    await measure(WARM_UP_MESSAGES, 'Warm-up');
    progress(`${options.messages} messages, one after another, each read back from its thread`);
    const timings = await measure(options.messages, 'Message');
    return report(options, timings);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

function report(options: MessageToThreadOptions, timings: MessageTiming[]): BenchmarkResult {
  const total = summarize(timings.map((t) => t.total));
  const answered = summarize(timings.map((t) => t.answered));
  const changed = summarize(timings.map((t) => t.changed));
  const read = summarize(timings.map((t) => t.total - t.changed));
  const extraReads = timings.filter((t) => t.reads > 1).length;
  const ms = (value: number): string => value.toFixed(2);
  const line = (what: string, s: ReturnType<typeof summarize>) => `  ${what.padEnd(64)} ${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)} / ${ms(s.max)}`;
  return {
    name: 'message to thread',
    setup: `${timings.length} signed message.received webhooks (after ${WARM_UP_MESSAGES} warm-up), ${PAUSE_MS} ms apart, each into one of ${options.threads} conversations already holding ${options.historyPerThread} messages; read back as the open thread (messages.conversation, newest ${THREAD_PAGE})`,
    figures: [figure('p50', total.p50, 'ms'), figure('p95', total.p95, 'ms'), reported('p99', total.p99, 'ms'), figure('max', total.max, 'ms')],
    notes: [
      'where it goes (p50 / p95 / p99 / max ms):',
      line('webhook → relay 2xx', answered),
      line('webhook → data.changed (messages) at the API client', changed),
      line('data.changed → the thread read showing the message', read),
      `${extraReads} of ${timings.length} messages needed a second read (a push for an earlier batch arrived first)`,
    ],
    details: { total, relayAnswered: answered, dataChanged: changed, threadRead: read, extraReads },
  };
}

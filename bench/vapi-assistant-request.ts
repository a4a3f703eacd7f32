import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { runRelayCli, startRelayProcess } from '../tests/support/relay-process';
import { assistantRequest, newVapiCall } from '../tools/emulators/vapi/messages';
import { judgeAssistantAnswer, sendVapiMessage } from '../tools/emulators/vapi/server-url';
import { atMost, figure, reported, type BenchmarkResult } from './figures';
import { summarize } from './percentiles';

/**
 * Vapi assistant-request answer time (issue 13 §2): a relay whose accounts hold `customers`
 * customers (a third on a plan with included time, a third with wallet credit, a third with
 * an empty wallet), imported as history with `relay -- log import` before it starts; then
 * `requests` assistant-requests from the Vapi emulator over loopback, one at a time (the
 * latency of each, not a throughput), from known callers of each kind and unknown ones. The
 * time is the emulator's, from the request written to the whole answer read: the accounts
 * read, the decision, its durable append (fsync) and the answer. Goal: p99 ≤ 20 ms.
 */

export interface VapiAssistantRequestOptions {
  customers: number;
  requests: number;
  progress: (line: string) => void;
}

const LINE = '+15559870002';
const SECRET = 'vapi-bench-secret-0123456789';
const WARM_UP = 50;

const phoneOf = (index: number) => `+1415${String(2_000_000 + index).padStart(7, '0')}`;

function historyFile(dir: string, customers: number): string {
  const start = Date.now() - 3_600_000;
  let at = 0;
  const line = (type: string, data: Record<string, unknown>, id: string) =>
    JSON.stringify({ receivedAt: new Date(start + Math.floor(at++ / 100)).toISOString(), event: { id, type, occurredAt: new Date(start).toISOString(), data } });
  const lines = [line('plan.defined', { planId: 'growth', name: 'Growth', period: 'monthly', priceMinor: 19900, currency: 'USD', includedSeconds: 36_000 }, 'plan:growth')];
  const today = new Date(start).toISOString().slice(0, 10);
  for (let i = 0; i < customers; i++) {
    const customerId = `bench-${i}`;
    lines.push(line('customer.upserted', { customerId, name: `Customer ${i}`, company: null, email: null, phones: [phoneOf(i)] }, `c:${customerId}`));
    if (i % 3 === 0) lines.push(line('subscription.started', { subscriptionId: `s-${i}`, customerId, planId: 'growth', startDate: today }, `s:${customerId}`));
    else lines.push(line('wallet.credited', { entryId: `w-${i}`, customerId, kind: 'top_up', amountMinor: i % 3 === 1 ? 5000 : 1, currency: 'USD' }, `w:${customerId}`));
    if (i % 3 === 2) lines.push(line('adjustment.recorded', { adjustmentId: `a-${i}`, customerId, unit: 'money', amount: -1, reason: 'spent', by: 'bench' }, `a:${customerId}`));
  }
  const file = path.join(dir, 'history.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

export async function vapiAssistantRequest(options: VapiAssistantRequestOptions): Promise<BenchmarkResult> {
  const { progress } = options;
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-vapi-bench-'));
  const dataDir = path.join(dir, 'relay');
  try {
    const env = { RELAY_DATA_DIR: dataDir, RELAY_LOG_LEVEL: 'warn', VAPI_SECRET: SECRET, VAPI_ASSISTANT_ID: 'asst-bench', OPENPHONE_WEBHOOK_SECRET: '' };
    progress(`importing ${options.customers} customers into the relay's log`);
    const importStarted = Date.now();
    const imported = await runRelayCli(['log', 'import', historyFile(dir, options.customers)], env);
    if (imported.code !== 0) throw new Error(`log import failed: ${imported.stderr}`);
    const importSeconds = (Date.now() - importStarted) / 1000;
    const relay = await startRelayProcess({ dataDir, env });
    try {
      const url = `${relay.url}/webhooks/vapi`;
      const times: number[] = [];
      const outcomes = new Map<string, number>();
      progress(`${options.requests} assistant-requests, one at a time`);
      for (let i = 0; i < options.requests + WARM_UP; i++) {
        // Known callers of each kind, and one in ten unknown.
        const caller = i % 10 === 9 ? `+1907${String(5_000_000 + i).padStart(7, '0')}` : phoneOf((i * 7919) % options.customers);
        const delivered = await sendVapiMessage(url, assistantRequest(newVapiCall(LINE, caller)), { mode: 'secret', secret: SECRET });
        const outcome = judgeAssistantAnswer(delivered);
        if (outcome.kind === 'failed') throw new Error(`assistant-request failed: ${outcome.detail}`);
        if (i < WARM_UP) continue;
        times.push(delivered.elapsedMs);
        outcomes.set(outcome.kind, (outcomes.get(outcome.kind) ?? 0) + 1);
      }
      const summary = summarize(times);
      const decided = summarize(await decisionTimes(relay.wsUrl, await relay.addDevice('Bench', 'admin'), options.requests + WARM_UP));
      return {
        name: 'vapi-assistant-request',
        setup: `${options.requests} Vapi assistant-requests (after ${WARM_UP} to warm up), one at a time over loopback, against a relay whose accounts hold ${options.customers.toLocaleString('en-US')} customers`,
        figures: [figure('assistant-request answer p99', summary.p99, 'ms', atMost(20)), reported('assistant-request answer p50', summary.p50, 'ms'), reported('assistant-request answer max', summary.max, 'ms')],
        notes: [
          `answers: ${[...outcomes].map(([kind, count]) => `${count} ${kind}`).join(', ')} (a third of the customers have time left, a third credit, a third an empty wallet; one caller in ten unknown)`,
          `timed by the emulator from request to the whole answer: the accounts read, the decision, its durable append (fsync) and the answer; p50 ${summary.p50.toFixed(2)} ms, p95 ${summary.p95.toFixed(2)} ms`,
          `of which the relay's own figure (call.assistant_decided answeredInMs: arrival → decision made, before the append): p50 ${decided.p50.toFixed(2)} ms, p99 ${decided.p99.toFixed(2)} ms`,
          `the ${options.customers.toLocaleString('en-US')} customers were imported with relay -- log import in ${importSeconds.toFixed(1)} s`,
        ],
        details: { summary, decided, importSeconds },
      };
    } finally {
      await relay.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** answeredInMs of the last `count` decisions, read from the relay's stream (the warm-up's left out). */
function decisionTimes(wsUrl: string, token: string, count: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsUrl}/v1/stream?after=0`, { headers: { authorization: `Bearer ${token}` } });
    const times: number[] = [];
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; event?: { type: string; data: { answeredInMs?: number } } };
      if (frame.type === 'event' && frame.event?.type === 'call.assistant_decided') times.push(frame.event.data.answeredInMs ?? 0);
      if (frame.type === 'caught_up') {
        ws.close();
        if (times.length !== count) reject(new Error(`expected ${count} decisions in the log, found ${times.length}`));
        else resolve(times.slice(WARM_UP));
      }
    });
    ws.once('error', reject);
  });
}

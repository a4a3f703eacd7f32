import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startRelayProcess, type RelayProcess } from '../../tests/support/relay-process';
import { sendOpenPhoneWebhook } from '../../tools/emulators/openphone/sender';
import { RELAY_DB_FILE } from '../src/database';
import { ringingDelivery } from './support/webhooks';

/**
 * Chaos: thousands of webhooks from concurrent senders that retry the way OpenPhone
 * does (same event, signed again, until a 2xx), while the relay process is SIGKILLed
 * and restarted on the same data directory several times and consoles drop their
 * streams and resume from the last seq they saw, one of them an agent that sees only
 * its line. Afterwards the log, every 2xx and every console must agree exactly (the
 * agent with the log filtered by its line).
 */

const WEBHOOKS = 3_000;
const SENDERS = 16;
const KILLS = 4;
const CONSUMERS = 3;
const DROP_EVERY_MS = 500;
/** Deliveries alternate between two business lines; the agent console holds the first. */
const LINES = ['+16175550100', '+16175550101'] as const;

let relay: RelayProcess;

beforeAll(async () => {
  relay = await startRelayProcess();
});

afterAll(async () => {
  await relay?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A console: streams from the last seq it saw, acks, and reconnects whenever its stream
 * ends. An admin's seqs must follow one another; an agent's (its lines only) must rise.
 */
class ResumingConsumer {
  readonly received: { seq: number; id: string }[] = [];
  readonly outOfOrder: string[] = [];
  private ws: WebSocket | null = null;
  private stopped = false;

  constructor(
    private readonly token: string,
    private readonly seesEverything = true,
  ) {}

  get lastSeq(): number {
    return this.received.at(-1)?.seq ?? 0;
  }

  start(): void {
    if (this.stopped) return;
    const ws = new WebSocket(`${relay.wsUrl}/v1/stream?after=${this.lastSeq}`, { headers: { authorization: `Bearer ${this.token}` } });
    this.ws = ws;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; seq: number; event?: { id: string } };
      if (frame.type !== 'event') return;
      if (this.seesEverything ? frame.seq !== this.lastSeq + 1 : frame.seq <= this.lastSeq) this.outOfOrder.push(`got ${frame.seq} after ${this.lastSeq}`);
      this.received.push({ seq: frame.seq, id: frame.event!.id });
      if (frame.seq % 50 === 0) ws.send(JSON.stringify({ type: 'ack', seq: frame.seq }));
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      if (this.ws === ws) this.ws = null;
      if (!this.stopped) setTimeout(() => this.start(), 50);
    });
  }

  /** The console's connection breaks (laptop asleep, Wi-Fi gone). */
  drop(): void {
    this.ws?.terminate();
  }

  stop(): void {
    this.stopped = true;
    this.ws?.terminate();
  }
}

/** Delivers one webhook like OpenPhone: re-signed and retried on any non-2xx or connection error, until a 2xx. */
async function deliverUntilAccepted(body: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await sendOpenPhoneWebhook(relay.url, body, { secretBase64: relay.secretBase64 });
      if (answer.status >= 200 && answer.status < 300) return attempt;
    } catch {
      // connection refused or reset: the relay is down or was killed mid-request
    }
    await sleep(20 + Math.random() * 80);
  }
}

describe('chaos', () => {
  it('keeps every 2xx exactly once, gap-free, and every console identical to the log, through SIGKILLs and dropped streams', async () => {
    const admins = await Promise.all(
      Array.from({ length: CONSUMERS }, async (_, i) => new ResumingConsumer(await relay.addDevice(`Chaos console ${i}`, 'admin'))),
    );
    const agent = new ResumingConsumer(await relay.addDevice('Chaos agent', 'agent', [LINES[0]]), false);
    const consumers = [...admins, agent];
    for (const consumer of consumers) consumer.start();

    const deliveries = Array.from({ length: WEBHOOKS }, (_, i) => ringingDelivery(LINES[i % 2], `+1415555${String(i).padStart(4, '0')}`));
    const accepted = new Set<string>();
    let retried = 0;
    let next = 0;
    const senders = Array.from({ length: SENDERS }, async () => {
      while (next < deliveries.length) {
        const delivery = deliveries[next++]!;
        const attempts = await deliverUntilAccepted(delivery.body);
        if (attempts > 1) retried++;
        accepted.add(delivery.event.id);
      }
    });
    let sending = true;
    const sent = Promise.all(senders).finally(() => (sending = false));

    // Killed at fixed points of the stream (after 15 %, 35 %, 55 % and 75 % of the 2xx),
    // whatever the machine's speed, with requests and commits in flight each time.
    let kills = 0;
    const killer = (async () => {
      while (kills < KILLS && sending) {
        await sleep(20);
        if (accepted.size < WEBHOOKS * (0.15 + 0.2 * kills)) continue;
        await relay.kill('SIGKILL');
        kills++;
        await relay.restart();
      }
    })();
    const dropper = (async () => {
      for (let i = 0; sending; i++) {
        await sleep(DROP_EVERY_MS);
        consumers[i % consumers.length]!.drop();
      }
    })();

    await Promise.all([sent, killer, dropper]);
    expect(kills).toBe(KILLS);
    expect(retried).toBeGreaterThan(0);

    const db = new Database(path.join(relay.dataDir, RELAY_DB_FILE), { readonly: true });
    const rows = db.prepare('SELECT seq, event_id AS id, lines FROM events ORDER BY seq').all() as { seq: number; id: string; lines: string }[];
    db.close();
    const log = rows.map(({ seq, id }) => ({ seq, id }));
    const agentLog = rows.filter((row) => (JSON.parse(row.lines) as string[]).includes(LINES[0])).map(({ seq, id }) => ({ seq, id }));
    const head = log.length;
    // Gap-free 1..head, and every webhook answered 2xx stored exactly once.
    expect(log.map((row) => row.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    expect(head).toBe(WEBHOOKS);
    expect(new Set(log.map((row) => row.id))).toEqual(accepted);

    const deadline = Date.now() + 20_000;
    const agentHead = agentLog.at(-1)!.seq;
    while ((admins.some((consumer) => consumer.lastSeq < head) || agent.lastSeq < agentHead) && Date.now() < deadline) await sleep(50);
    for (const consumer of consumers) consumer.stop();
    for (const consumer of admins) {
      expect(consumer.outOfOrder).toEqual([]);
      expect(consumer.received).toEqual(log);
    }
    expect(agentLog).toHaveLength(WEBHOOKS / 2);
    expect(agent.outOfOrder).toEqual([]);
    expect(agent.received).toEqual(agentLog);
  }, 90_000);
});

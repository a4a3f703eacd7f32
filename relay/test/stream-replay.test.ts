import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../src/shared/events/model';
import { openRelayDatabase, type RelayDatabase } from '../src/database';
import type { Device } from '../src/devices/device-store';
import { EventLog } from '../src/log/event-log';
import type { Logger } from '../src/logger';
import { StreamHub } from '../src/stream/stream-hub';

/**
 * The stream hub in this process (real SQLite file, real WebSocket on loopback), so
 * the test can watch the event loop the hub runs on.
 */

const LOG_SIZE = 200_000;
const READ_BATCH = 256;
const LINES = ['+16175550100', '+16175550101', '+16175550102', '+16175550103'];

let dataDir: string;
let db: RelayDatabase;
let log: EventLog;
let hub: StreamHub;
let server: Server;
let url: string;
/** Event-loop iterations so far: a setImmediate chain bumps it once per check phase. */
let turn = 0;
let ticking = true;
/** Frames the hub sent in each iteration. */
let framesPerTurn: Map<number, number>;

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function device(role: Device['role'], numbers: string[] = []): Device {
  return { id: `${role}-${numbers.join()}`, name: role, role, numbers, tokenHash: 'h', createdAt: '2026-01-05T00:00:00.000Z', revokedAt: null };
}

function ringing(id: string, line: string): RingsideEvent {
  return {
    v: EVENT_MODEL_VERSION,
    id,
    source: 'openphone',
    type: 'call.ringing',
    occurredAt: '2026-01-05T15:00:00.000Z',
    receivedAt: '2026-01-05T15:00:00.050Z',
    lines: [line],
    data: { callId: `openphone:AC${id}`, direction: 'incoming', businessNumber: line, externalNumber: '+16175550111', startedAt: '2026-01-05T15:00:00.000Z' },
    raw: { id },
  } as RingsideEvent;
}

/** A log of LOG_SIZE events written straight into the tables, as a long-running relay would have. */
function seedLog(target: RelayDatabase): void {
  const event = target.prepare("INSERT INTO events (source, event_id, type, lines, event, stored_at) VALUES ('openphone', ?, 'call.ringing', ?, ?, 'then')");
  const line = target.prepare('INSERT INTO event_lines (line, seq) VALUES (?, ?)');
  target.transaction(() => {
    for (let i = 1; i <= LOG_SIZE; i++) {
      const number = LINES[i % LINES.length]!;
      event.run(`seed${i}`, JSON.stringify([number]), JSON.stringify(ringing(`seed${i}`, number)));
      line.run(number, i);
    }
  })();
}

function connect(viewer: Device, after: number): { ws: WebSocket; seqs: number[]; caughtUp: Promise<number> } {
  const ws = new WebSocket(`${url}?viewer=${viewer.role}`);
  const seqs: number[] = [];
  const caughtUp = new Promise<number>((resolve) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; seq: number };
      if (frame.type === 'event') seqs.push(frame.seq);
      else resolve(frame.seq);
    });
  });
  viewers.set(viewer.role, { viewer, after });
  return { ws, seqs, caughtUp };
}
const viewers = new Map<string, { viewer: Device; after: number }>();

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-replay-'));
  db = openRelayDatabase(dataDir);
  seedLog(db);
  log = new EventLog(db);
  hub = new StreamHub(log, quiet, { heartbeatMs: 60_000, readBatch: READ_BATCH });
  framesPerTurn = new Map();
  const wss = new WebSocketServer({ noServer: true });
  server = createServer();
  server.on('upgrade', (req, socket, head) => {
    const role = new URL(req.url ?? '/', 'http://x').searchParams.get('viewer')!;
    const { viewer, after } = viewers.get(role)!;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const send = ws.send.bind(ws) as (...args: unknown[]) => void;
      (ws as unknown as { send: (...args: unknown[]) => void }).send = (...args) => {
        framesPerTurn.set(turn, (framesPerTurn.get(turn) ?? 0) + 1);
        send(...args);
      };
      hub.attach(ws, viewer, after);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/v1/stream`;
  turn = 0;
  ticking = true;
  const tick = (): void => {
    turn++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
}, 120_000);

afterAll(async () => {
  ticking = false;
  await hub.closeAll(1000);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  log.close();
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('stream replay of a 200,000-event log', () => {
  it('sends a reconnect with after=0 in chunks, one per event-loop turn, while webhooks keep being answered', async () => {
    const admin = connect(device('admin'), 0);
    // Webhook answers during the replay: each append resolves in its own turns, not after the replay.
    const answers: { seq: number; answeredAtTurn: number }[] = [];
    const webhooks = (async () => {
      for (let i = 0; i < 20; i++) {
        const result = await log.append(ringing(`live${i}`, LINES[0]!));
        answers.push({ seq: result.seq, answeredAtTurn: turn });
      }
    })();
    const caughtUpAt = await admin.caughtUp;
    await webhooks;
    const replayTurns = [...framesPerTurn.keys()];
    expect(Math.max(...framesPerTurn.values())).toBeLessThanOrEqual(READ_BATCH + 1);
    // The replay was spread over many turns, and the live answers came during it, not after it.
    expect(replayTurns.length).toBeGreaterThan(LOG_SIZE / READ_BATCH / 2);
    expect(answers[0]!.answeredAtTurn).toBeLessThan(Math.max(...replayTurns) / 2);
    // No gap, no duplicate: the live events are part of the same ordered stream.
    await new Promise<void>((resolve) => {
      const check = (): void => (admin.seqs.length >= LOG_SIZE + 20 ? resolve() : void setTimeout(check, 20));
      check();
    });
    expect(admin.seqs).toEqual(Array.from({ length: LOG_SIZE + 20 }, (_, i) => i + 1));
    expect(caughtUpAt).toBeGreaterThan(0);
    admin.ws.close();
  });

  it("replays an agent only its line's events, through the line index", async () => {
    framesPerTurn.clear();
    const agent = connect(device('agent', [LINES[1]!]), 0);
    const caughtUpAt = await agent.caughtUp;
    expect(caughtUpAt).toBe(log.headSeq);
    expect(agent.seqs).toHaveLength(LOG_SIZE / LINES.length);
    expect(agent.seqs.every((seq) => seq % LINES.length === 1)).toBe(true);
    expect(Math.max(...framesPerTurn.values())).toBeLessThanOrEqual(READ_BATCH + 1);
    expect(agent.seqs).toEqual([...agent.seqs].sort((a, b) => a - b));
    agent.ws.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { customerUpserted } from '../../../tests/support/event-builders';
import { EVENT_MODEL_VERSION } from '../../shared/events/model';
import { silentLogger } from '../core/logger';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch, readProjectionState } from '../projection/apply-event';
import { historyStatus } from '../projection/reproject';
import { RelayLink } from './relay-link';

/**
 * A relay of a later Ringside, reduced to its stream (GET /v1/stream on loopback): it
 * replays what a newer version wrote, then says caught_up.
 */
function newerRelay(frames: unknown[]): Promise<{ url: string; close: () => Promise<void> }> {
  const http = createServer((_request, response) => response.writeHead(404).end());
  const server = new WebSocketServer({ server: http });
  server.on('connection', (socket, request) => {
    const after = Number(new URL(request.url ?? '/', 'http://relay').searchParams.get('after') ?? 0);
    const events = frames.filter((f) => (f as { seq: number }).seq > after);
    for (const frame of events) socket.send(JSON.stringify(frame));
    socket.send(JSON.stringify({ type: 'caught_up', seq: frames.length }));
  });
  return new Promise((resolve) =>
    http.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
        close: () => new Promise((done) => server.close(() => http.close(() => done()))),
      }),
    ),
  );
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('a console meeting events newer than it understands', () => {
  it('keeps running, keeps each such event as received, applies the ones after it, and says newer events were seen', async () => {
    const message = { v: EVENT_MODEL_VERSION, id: 'sms-1', type: 'message.received', source: 'openphone', data: { body: 'hello' }, raw: { body: 'hello' } };
    const later = { ...customerUpserted('c-ada', 'Ada Lovelace', ['+16175550100']), v: EVENT_MODEL_VERSION + 1 };
    const relay = await newerRelay([
      { type: 'event', seq: 1, event: message },
      { type: 'event', seq: 2, event: later },
      { type: 'event', seq: 3, event: customerUpserted('c-bob', 'Bob', ['+16175550111']) },
    ]);
    cleanup.push(relay.close);
    const dir = mkdtempSync(join(tmpdir(), 'ringside-newer-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const db: ConsoleDatabase = await openConsoleDatabase(join(dir, 'console.db'));
    cleanup.push(() => db.close());
    const link = new RelayLink({
      relayUrl: relay.url,
      deviceToken: 'token',
      appliedSeq: () => readProjectionState(db).appliedSeq,
      apply: (entries) => void applyBatch(db, entries),
      onStatus: () => {},
      logger: silentLogger,
    });
    cleanup.push(() => link.stop());
    link.start();

    await vi.waitFor(() => expect(link.status().state).toBe('live'), { timeout: 10_000 });
    expect(readProjectionState(db).appliedSeq).toBe(3);
    const kept = db.sqlite.prepare('SELECT seq, json, newer FROM local_log ORDER BY seq').all() as { seq: number; json: string; newer: number }[];
    expect(kept.map((row) => ({ ...row, json: JSON.parse(row.json) as unknown }))).toEqual([
      { seq: 1, json: message, newer: 1 },
      { seq: 2, json: later, newer: 1 },
      { seq: 3, json: customerUpserted('c-bob', 'Bob', ['+16175550111']), newer: 0 },
    ]);
    expect(db.sqlite.prepare('SELECT customer_id FROM customers').all()).toEqual([{ customer_id: 'c-bob' }]);
    expect(historyStatus(db, null)).toEqual({ reprojection: null, newerEventsSeen: true, unreadableEvents: 0 });
  });
});

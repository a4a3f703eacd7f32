import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerUpserted } from '../../../tests/support/event-builders';
import { BUSINESS_LINE, texted } from '../../../tests/support/message-builders';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../shared/events/model';
import { silentLogger } from '../core/logger';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { createMediaCache, type MediaCache } from '../media/media-cache';
import { applyBatch } from '../projection/apply-event';
import { startReprojection, type Reprojection } from '../projection/reproject';
import { searchCustomers } from '../customers/search-customers';
import { createRedactionFollower, type RedactionFollower } from './redaction-follower';

/**
 * The console's side of an erasure, on a real database file: a log.redacted applied records
 * the redaction as pending; the follower fetches the rewritten events from the relay (here a
 * loopback stand-in answering POST /v1/events/read as the log holds them now), replaces the
 * local copies, deletes the media from the cache, rebuilds the history and scrubs the file.
 */

const TOKEN = 'device-token-0123456789';
const MARIA = '+16175550100';
const ANA = '+16175550111';
const PHOTO = Buffer.from('\xff\xd8\xff\xe0 maria basement photo', 'latin1');
const PHOTO_SHA = createHash('sha256').update(PHOTO).digest('hex');

const at = '2026-11-30T15:00:00.000Z';
const envelope = (id: string) => ({ v: EVENT_MODEL_VERSION, id, occurredAt: at, receivedAt: at, lines: [BUSINESS_LINE] });

function history(): RingsideEvent[] {
  return [
    customerUpserted('c-1', 'Maria Lopez', [MARIA], { email: 'maria.lopez@example.com' }),
    customerUpserted('c-2', 'Ana Whitfield', [ANA]),
    texted('MS1', 'incoming', MARIA, at, 'received', { body: 'The basement floods near the furnace' }),
    texted('MS2', 'incoming', ANA, at, 'received', { body: 'Gutters on Whitfield lane need cleaning' }),
    { ...envelope('cap'), source: 'relay', type: 'media.captured', data: { mediaId: 'openphone:MS1:media:0', sha256: PHOTO_SHA, contentType: 'image/jpeg', bytes: PHOTO.length } },
  ];
}

/** What the relay's rewrite leaves of Maria's events: seq, type and shape kept, her words and numbers gone. */
function rewritten(event: RingsideEvent): RingsideEvent {
  if (event.type === 'customer.upserted' && event.data.customerId === 'c-1') return { ...event, id: 'erased:customer', data: { ...event.data, name: 'Erased customer', email: null, phones: ['+10000000000'] } };
  if (event.type === 'message.recorded' && event.data.participants.includes(MARIA)) {
    return { ...event, id: 'erased:MS1', data: { ...event.data, from: '+10000000000', participants: ['+10000000000'], body: '' } };
  }
  return event;
}

const scanned = ['Maria', 'maria.lopez', 'basement floods', '6175550100', '(617) 555-0100'];

function bytesFound(files: string[], needles: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const needle of needles) if (bytes.includes(Buffer.from(needle, 'utf8'))) found.push(`${needle} in ${file}`);
  }
  return found;
}

describe('following a redaction on this console', () => {
  let dir: string;
  let dbPath: string;
  let db: ConsoleDatabase;
  let cache: MediaCache;
  let server: Server;
  let url: string;
  let log: Map<number, RingsideEvent>;
  let reads: number;
  let refuseReads: boolean;
  let reprojection: Reprojection | null;
  let follower: RedactionFollower;
  let failRebuildOnce: boolean;

  const follow = (): RedactionFollower =>
    createRedactionFollower({
      database: () => db,
      relay: () => ({ url, token: TOKEN }),
      mediaCache: cache,
      logger: silentLogger,
      clock: () => Date.parse('2026-12-02T08:00:00.000Z'),
      random: () => 0,
      backoff: { baseMs: 1, capMs: 5 },
      settled: async () => {
        await reprojection?.finished;
      },
      rebuild: async () => {
        await reprojection?.finished;
        if (failRebuildOnce) {
          failRebuildOnce = false;
          throw new Error('the console stopped');
        }
        reprojection = startReprojection(db, { logger: silentLogger, onProgress: () => {} });
        await reprojection?.finished;
      },
    });

  const redacted = (seq: number): RingsideEvent => ({
    ...envelope(`redacted:${seq}`),
    source: 'relay',
    lines: [],
    type: 'log.redacted',
    data: { redactionId: 'erasure-1', reason: 'erasure', customerId: 'c-1', kinds: ['customer'], seqs: [1, 3], mediaDeleted: [PHOTO_SHA], part: 1, parts: 1, by: 'Owner' },
  });

  const state = () => db.sqlite.prepare("SELECT state, error FROM privacy_redactions WHERE redaction_id = 'erasure-1'").get() as { state: string; error: string | null } | undefined;
  const files = () => [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, ...readdirSync(join(dir, 'media-cache')).map((name) => join(dir, 'media-cache', name))];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-redaction-'));
    dbPath = join(dir, 'console.db');
    db = await openConsoleDatabase(dbPath);
    cache = createMediaCache(join(dir, 'media-cache'));
    cache.put(PHOTO_SHA, PHOTO);
    log = new Map(history().map((event, i) => [i + 1, event]));
    reads = 0;
    refuseReads = false;
    reprojection = null;
    failRebuildOnce = false;
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
        if (req.method === 'POST' && req.url === '/v1/events/read') {
          reads += 1;
          if (refuseReads) return void res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'the relay is busy' }));
          const { seqs } = JSON.parse(body) as { seqs: number[] };
          return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ events: seqs.map((seq) => ({ seq, event: log.get(seq) ?? null })) }));
        }
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    applyBatch(db, [...log.entries()].map(([seq, event]) => ({ seq, event })));
  });

  afterEach(async () => {
    await follower?.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.close();
    if (!process.env.KEEP_REDACTION_DIR) rmSync(dir, { recursive: true, force: true });
    else console.log(dir);
  });

  /** The relay erases Maria: its log now holds the rewritten events, and appends log.redacted. */
  const eraseOnRelay = (): void => {
    for (const [seq, event] of log) log.set(seq, rewritten(event));
    log.set(6, redacted(6));
    applyBatch(db, [{ seq: 6, event: redacted(6) }]);
  };

  it('replaces the local copies, rebuilds the history and leaves none of the customer’s bytes in the database or the media cache', async () => {
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(bytesFound(files(), scanned)).not.toEqual([]);
    eraseOnRelay();
    expect(state()).toEqual({ state: 'pending', error: null });

    follower = follow();
    follower.start();
    await follower.idle();

    expect(state()).toEqual({ state: 'done', error: null });
    expect(db.sqlite.prepare('SELECT name FROM customers ORDER BY name').pluck().all()).toEqual(['Ana Whitfield', 'Erased customer']);
    expect(db.sqlite.prepare('SELECT body FROM messages ORDER BY message_id').pluck().all()).toEqual(['', 'Gutters on Whitfield lane need cleaning']);
    expect(JSON.parse(db.sqlite.prepare('SELECT json FROM local_log WHERE seq = 3').pluck().get() as string)).toEqual(log.get(3));
    expect(cache.get(PHOTO_SHA)).toBeNull();
    expect((await searchCustomers(db, { query: 'Maria', limit: 10 }, new Date(at))).map((hit) => hit.name)).toEqual([]);
    expect((await searchCustomers(db, { query: 'Whitfield', limit: 10 }, new Date(at))).map((hit) => hit.name)).toEqual(['Ana Whitfield']);
    expect(bytesFound(files(), scanned)).toEqual([]);
    expect(bytesFound(files(), ['Ana Whitfield', 'Gutters on Whitfield'])).toHaveLength(2);
  });

  it('a re-projection applying the redaction again does not follow it twice', async () => {
    eraseOnRelay();
    follower = follow();
    follower.start();
    await follower.idle();
    const readsAfterFirst = reads;
    db.sqlite.prepare('UPDATE local_log_state SET projection_version = 0 WHERE id = 1').run();
    reprojection = startReprojection(db, { logger: silentLogger, onProgress: () => {} });
    await reprojection?.finished;
    follower.nudge();
    await follower.idle();
    expect(reads).toBe(readsAfterFirst);
    expect(state()?.state).toBe('done');
  });

  it('waits while the relay cannot answer, saying why, then finishes', async () => {
    eraseOnRelay();
    refuseReads = true;
    follower = follow();
    follower.start();
    await follower.idle();
    expect(state()).toMatchObject({ state: 'pending', error: expect.stringContaining('the relay is busy') });
    refuseReads = false;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      await follower.idle();
      if (state()?.state === 'done') break;
    }
    expect(db.sqlite.prepare("SELECT name FROM customers WHERE customer_id = 'c-1'").pluck().get()).toBe('Erased customer');
  });

  it('a console stopped between replacing its copies and rebuilding finishes the rebuild at its next start', async () => {
    eraseOnRelay();
    failRebuildOnce = true;
    follower = follow();
    follower.start();
    await follower.idle();
    await follower.stop();
    expect(state()?.state).toBe('replaced');
    await db.close();

    // Next start, as the core does it: open, re-project what needs it, then follow.
    db = await openConsoleDatabase(dbPath);
    reprojection = startReprojection(db, { logger: silentLogger, onProgress: () => {} });
    expect(reprojection).not.toBeNull();
    follower = follow();
    follower.start();
    await follower.idle();
    expect(state()?.state).toBe('done');
    expect(db.sqlite.prepare('SELECT name FROM customers ORDER BY name').pluck().all()).toEqual(['Ana Whitfield', 'Erased customer']);
    expect(bytesFound(files(), scanned)).toEqual([]);
  });
});

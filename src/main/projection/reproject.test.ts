import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { completed, customerUpserted, ringing } from '../../../tests/support/event-builders';
import { createDb, migrateTo, rows } from '../../../tests/support/migration-test-support';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../shared/events/model';
import { loadCallerCard } from '../card/load-caller-card';
import { silentLogger } from '../core/logger';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { migrations } from '../db/migrations';
import { applyBatch, readProjectionState, type LogEntry } from './apply-event';
import { newerEventsSeen } from './local-log';
import { PROJECTION_VERSION } from './projection-version';
import { historyStatus, startReprojection, type ReprojectionProgress } from './reproject';
import { setAsideDivergedLog } from './diverged-log';

const ADA = '+16175550100';
const LINE = '+15559870002';

/** A call.completed as a version-1 relay stored it when it could not map the call's line: unnormalized, raw kept. */
const V1_UNNORMALIZED_CALL = {
  v: 1,
  id: 'EVv4old',
  source: 'openphone',
  type: 'provider.unnormalized',
  occurredAt: '2026-02-01T10:05:00.000Z',
  receivedAt: '2026-02-01T10:05:01.000Z',
  lines: [LINE],
  data: { providerType: 'call.completed' },
  raw: {
    id: 'EVv4old',
    object: 'event',
    apiVersion: 'v4',
    createdAt: '2026-02-01T10:05:00.000Z',
    type: 'call.completed',
    data: {
      object: {
        id: 'ACold4',
        object: 'call',
        direction: 'incoming',
        status: 'completed',
        phoneNumberId: 'PNmain0001',
        participants: [ADA],
        createdAt: '2026-02-01T10:00:00.000Z',
        answeredAt: '2026-02-01T10:00:05.000Z',
        completedAt: '2026-02-01T10:04:05.000Z',
        duration: 240,
      },
    },
  },
};

/** What an older console made of it: an unnormalized event, projected to nothing. */
const AS_THE_OLD_CONSOLE_READ_IT = { ...V1_UNNORMALIZED_CALL, v: EVENT_MODEL_VERSION } as RingsideEvent;

const dirs: string[] = [];
const open: ConsoleDatabase[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function databaseFile(): Promise<ConsoleDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-reproject-'));
  dirs.push(dir);
  const db = await openConsoleDatabase(join(dir, 'console.db'));
  open.push(db);
  return db;
}

/** A database an older projection version built from this log (the local copy holding it all). */
async function builtByAnOlderVersion(extraCalls = 0): Promise<ConsoleDatabase> {
  const db = await databaseFile();
  const entries: LogEntry[] = [
    { seq: 1, event: customerUpserted('c-ada', 'Ada Lovelace', [ADA]) },
    { seq: 2, event: AS_THE_OLD_CONSOLE_READ_IT, stored: V1_UNNORMALIZED_CALL },
  ];
  for (let i = 0; i < extraCalls; i += 1) entries.push({ seq: 3 + i, event: completed(`openphone:AC${i}`, ADA, `2026-02-02T1${i % 10}:00:00.000Z`, 60) });
  applyBatch(db, entries);
  db.sqlite.prepare('UPDATE local_log_state SET projection_version = 1 WHERE id = 1').run();
  return db;
}

describe('every event received is kept in the local copy of the log', () => {
  it('as received, raw payload included, and an event newer than this console is kept and shown nowhere', async () => {
    const db = await databaseFile();
    const fromTheFuture = { v: EVENT_MODEL_VERSION + 1, id: 'sms-1', type: 'message.received', source: 'openphone', raw: { body: 'hi' } };
    const result = applyBatch(db, [
      { seq: 1, event: null, stored: fromTheFuture },
      { seq: 2, event: customerUpserted('c-ada', 'Ada Lovelace', [ADA]) },
    ]);
    expect(result).toMatchObject({ appliedSeq: 2, appliedCount: 2 });
    expect(rows(db, 'local_log').map((r) => ({ ...r, json: JSON.parse(r.json as string) as unknown }))).toEqual([
      { seq: 1, json: fromTheFuture, newer: 1 },
      { seq: 2, json: customerUpserted('c-ada', 'Ada Lovelace', [ADA]), newer: 0 },
    ]);
    expect(newerEventsSeen(db)).toBe(true);
    expect(rows(db, 'calls')).toEqual([]);
  });

  it('a malformed event of a known type and version is kept as unreadable, counted, and does not ask for an update', async () => {
    const db = await databaseFile();
    const malformed = { ...customerUpserted('c-ada', 'Ada Lovelace', [ADA]), data: { customerId: 'c-ada', phones: 'not a list' } };
    const fromTheFuture = { v: EVENT_MODEL_VERSION + 1, id: 'sms-1', type: 'message.received', source: 'openphone' };
    applyBatch(db, [{ seq: 1, event: null, stored: malformed }]);
    expect(rows(db, 'local_log')).toEqual([expect.objectContaining({ seq: 1, newer: 2 })]);
    expect(historyStatus(db, null)).toEqual({ reprojection: null, newerEventsSeen: false, unreadableEvents: 1 });

    applyBatch(db, [
      { seq: 2, event: null, stored: fromTheFuture },
      { seq: 3, event: null, stored: { ...fromTheFuture, v: EVENT_MODEL_VERSION, id: 'sms-2' } },
    ]);
    expect(rows(db, 'local_log').map((r) => r.newer)).toEqual([2, 1, 1]);
    expect(historyStatus(db, null)).toEqual({ reprojection: null, newerEventsSeen: true, unreadableEvents: 1 });
  });

  it('an event an older console flagged newer that is in fact malformed is flagged unreadable at start, and stops asking for an update', async () => {
    const db = await databaseFile();
    applyBatch(db, [{ seq: 1, event: customerUpserted('c-ada', 'Ada Lovelace', [ADA]) }]);
    const malformed = { ...completed('openphone:AC1', ADA, '2026-02-02T10:00:00.000Z', 60), data: { callId: 'openphone:AC1' } };
    db.sqlite.prepare('INSERT INTO local_log (seq, json, newer) VALUES (2, ?, 1)').run(JSON.stringify(malformed));
    db.sqlite.prepare('UPDATE local_log_state SET projection_version = ? WHERE id = 1').run(PROJECTION_VERSION);
    expect(newerEventsSeen(db)).toBe(true);

    expect(startReprojection(db, { logger: silentLogger, onProgress: () => {} })).toBeNull();

    expect(rows(db, 'local_log').map((r) => r.newer)).toEqual([0, 2]);
    expect(historyStatus(db, null)).toEqual({ reprojection: null, newerEventsSeen: false, unreadableEvents: 1 });
  });
});

describe('an upgraded console re-projects its history from its local copy', () => {
  it('normalizes a call an older relay kept unnormalized, with no download, and records the new version', async () => {
    const db = await builtByAnOlderVersion();
    expect(rows(db, 'calls')).toEqual([]);
    const reprojection = startReprojection(db, { logger: silentLogger, onProgress: () => {} })!;
    expect(reprojection).not.toBeNull();
    await reprojection.finished;
    expect(rows(db, 'calls')).toEqual([expect.objectContaining({ call_id: 'openphone:ACold4', external_e164: ADA, business_e164: LINE, duration_seconds: 240, status: 'completed' })]);
    expect(rows(db, 'charges')).toEqual([expect.objectContaining({ call_id: 'openphone:ACold4' })]);
    expect(rows(db, 'local_log_state')).toEqual([{ id: 1, projection_version: PROJECTION_VERSION, kept_from_seq: 0, relay_log_epoch: null }]);
    expect(readProjectionState(db).appliedSeq).toBe(2);
    // Current now: the next start has nothing to do.
    expect(startReprojection(db, { logger: silentLogger, onProgress: () => {} })).toBeNull();
  });

  it('works in bounded batches that let caller cards answer in between, reporting its progress', async () => {
    const db = await builtByAnOlderVersion(8);
    const seen: (ReprojectionProgress | null)[] = [];
    const reprojection = startReprojection(db, { logger: silentLogger, batchSize: 3, onProgress: (p) => seen.push(p) })!;
    let cardBeforeTheEnd = false;
    setImmediate(() => {
      void loadCallerCard(db, 'openphone:AC0', new Date('2026-02-02T12:00:00.000Z'), false).then(() => {
        cardBeforeTheEnd = reprojection.progress() !== null;
      });
    });
    expect(historyStatus(db, reprojection).reprojection).toEqual({ done: 0, total: 10 });
    await reprojection.finished;
    expect(cardBeforeTheEnd).toBe(true);
    expect(seen).toEqual([{ done: 3, total: 10 }, { done: 6, total: 10 }, { done: 9, total: 10 }, { done: 10, total: 10 }, null]);
    expect(historyStatus(db, reprojection)).toEqual({ reprojection: null, newerEventsSeen: false, unreadableEvents: 0 });
    expect(rows(db, 'calls')).toHaveLength(9);
  });

  it('keeps the events that arrive meanwhile and projects them in their turn, after the history; a ringing call pops its card at once', async () => {
    const db = await builtByAnOlderVersion(4);
    const reprojection = startReprojection(db, { logger: silentLogger, batchSize: 2, onProgress: () => {} })!;
    const live = applyBatch(db, [
      { seq: 7, event: ringing('openphone:ACnow', ADA, '2026-02-03T09:00:00.000Z') },
      { seq: 8, event: completed('openphone:ACnow', ADA, '2026-02-03T09:00:00.000Z', 60) },
    ]);
    expect(live).toMatchObject({ appliedSeq: 8, appliedCount: 2, changedCalls: [expect.objectContaining({ callId: 'openphone:ACnow', completedAtMs: null })] });
    // The stream resumes after what is kept, not after what is projected so far.
    expect(readProjectionState(db).appliedSeq).toBe(8);
    expect(rows(db, 'calls').find((c) => c.call_id === 'openphone:ACnow')).toMatchObject({ status: 'ringing' });
    expect(rows(db, 'charges').map((c) => c.call_id)).not.toContain('openphone:ACnow');
    await reprojection.finished;
    expect(rows(db, 'calls').find((c) => c.call_id === 'openphone:ACnow')).toMatchObject({ status: 'completed', duration_seconds: 60 });
    expect(rows(db, 'charges').map((c) => c.call_id)).toContain('openphone:ACnow');
    expect(applyBatch(db, [{ seq: 9, event: ringing('openphone:ACnext', ADA, '2026-02-03T09:05:00.000Z') }]).changedCalls).toHaveLength(1);
  });

  it('a relay restored from a backup mid-re-projection: what the console held past it is set aside, and the history is rebuilt from the copy up to it, without downloading it again', async () => {
    const db = await builtByAnOlderVersion(6);
    const reprojection = startReprojection(db, { logger: silentLogger, batchSize: 2, onProgress: () => {} })!;
    reprojection.stop();
    await reprojection.finished;
    db.sqlite.prepare("UPDATE local_log_state SET relay_log_epoch = 'epoch-before-the-restore' WHERE id = 1").run();
    const dir = mkdtempSync(join(tmpdir(), 'ringside-diverged-'));
    dirs.push(dir);
    const aside = setAsideDivergedLog(db, 5, dir, Date.UTC(2026, 11, 3, 16, 0));
    expect(aside).toEqual({ file: join(dir, 'diverged-log-20261203T160000000Z.jsonl'), events: 3, keptCopy: true });
    expect(readFileSync(aside.file!, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { seq: number }).seq)).toEqual([6, 7, 8]);
    // The copy through seq 5 stays; the stream resumes after it, of the relay's epoch now.
    expect(rows(db, 'local_log').map((row) => row.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(readProjectionState(db).appliedSeq).toBe(5);
    expect(rows(db, 'local_log_state')[0]).toMatchObject({ relay_log_epoch: null });
    expect(rows(db, 'calls')).toEqual([]);

    const rebuild = startReprojection(db, { logger: silentLogger, batchSize: 2, onProgress: () => {} })!;
    expect(rebuild).not.toBeNull();
    await rebuild.finished;
    expect(rows(db, 'calls').map((c) => c.call_id).sort()).toEqual(['openphone:AC0', 'openphone:AC1', 'openphone:AC2', 'openphone:ACold4'].sort());
    expect(rows(db, 'customers').map((c) => c.name)).toEqual(['Ada Lovelace']);
    expect(rows(db, 'charges').map((c) => c.call_id)).toContain('openphone:AC0');
    // What the relay sends next, under the seqs it gave to other events, is applied after the copy.
    applyBatch(db, [{ seq: 6, event: completed('openphone:ACafter', ADA, '2026-02-03T09:00:00.000Z', 60) }]);
    expect(rows(db, 'calls').map((c) => c.call_id)).toContain('openphone:ACafter');
    expect(readProjectionState(db).appliedSeq).toBe(6);
  });

  it('a copy the relay agrees with nowhere (another log), or one that does not reach back to seq 0, is downloaded again whole', async () => {
    const db = await builtByAnOlderVersion(2);
    const dir = mkdtempSync(join(tmpdir(), 'ringside-diverged-'));
    dirs.push(dir);
    expect(setAsideDivergedLog(db, 0, dir, Date.UTC(2026, 11, 3, 16, 0))).toMatchObject({ events: 4, keptCopy: false });
    expect(rows(db, 'local_log')).toEqual([]);
    expect(readProjectionState(db).appliedSeq).toBe(0);
    // Applied at once, not held for a re-projection that is no longer running.
    applyBatch(db, [{ seq: 1, event: customerUpserted('c-ada', 'Ada Lovelace', [ADA]) }, { seq: 2, event: completed('openphone:ACagain', ADA, '2026-02-03T09:00:00.000Z', 60) }]);
    expect(rows(db, 'calls').map((c) => c.call_id)).toEqual(['openphone:ACagain']);
    expect(readProjectionState(db).appliedSeq).toBe(2);

    db.sqlite.prepare('UPDATE local_log_state SET kept_from_seq = 1 WHERE id = 1').run();
    expect(setAsideDivergedLog(db, 1, dir, Date.UTC(2026, 11, 3, 16, 1))).toMatchObject({ events: 1, keptCopy: false });
    expect(rows(db, 'local_log')).toEqual([]);
  });

  it('reads an event an older console could not, once this version understands it', async () => {
    const db = await databaseFile();
    const stored = { ...ringing('openphone:ACx', ADA, '2026-02-03T09:00:00.000Z') };
    applyBatch(db, [{ seq: 1, event: null, stored }]);
    db.sqlite.prepare('UPDATE local_log_state SET projection_version = 1 WHERE id = 1').run();
    expect(newerEventsSeen(db)).toBe(true);
    await startReprojection(db, { logger: silentLogger, onProgress: () => {} })!.finished;
    expect(rows(db, 'calls').map((c) => c.call_id)).toEqual(['openphone:ACx']);
    expect(newerEventsSeen(db)).toBe(false);
  });

  it('rebuilds when events kept unread are now readable, even if the version was not raised', async () => {
    const db = await databaseFile();
    applyBatch(db, [{ seq: 1, event: null, stored: ringing('openphone:ACy', ADA, '2026-02-03T09:00:00.000Z') }]);
    db.sqlite.prepare('UPDATE local_log_state SET projection_version = ? WHERE id = 1').run(PROJECTION_VERSION);
    await startReprojection(db, { logger: silentLogger, onProgress: () => {} })!.finished;
    expect(rows(db, 'calls').map((c) => c.call_id)).toEqual(['openphone:ACy']);
    // Still unreadable ones do not start a rebuild at every start.
    applyBatch(db, [{ seq: 2, event: null, stored: { v: EVENT_MODEL_VERSION + 1, type: 'message.received' } }]);
    expect(startReprojection(db, { logger: silentLogger, onProgress: () => {} })).toBeNull();
  });

  it('a database projected before the local copy existed is cleared to download the log once more from seq 0', async () => {
    const db = createDb();
    open.push(db);
    await migrateTo(db, '0210-create-invoice-due-dates');
    // What an older console had projected of 41 events, with no copy of them.
    db.sqlite.prepare(`INSERT INTO customers (customer_id, name, company, email, updated_seq) VALUES ('c-ada', 'Ada Lovelace', NULL, NULL, 41)`).run();
    db.sqlite.prepare('UPDATE projection_state SET applied_seq = 41 WHERE id = 1').run();
    // The local copy comes with 0300; a console starting migrates all the way.
    await migrateTo(db, Object.keys(migrations).at(-1)!);
    expect(startReprojection(db, { logger: silentLogger, onProgress: () => {} })).toBeNull();
    expect(rows(db, 'customers')).toEqual([]);
    expect(readProjectionState(db).appliedSeq).toBe(0);
    expect(rows(db, 'local_log_state')).toEqual([{ id: 1, projection_version: PROJECTION_VERSION, kept_from_seq: 0, relay_log_epoch: null }]);
  });
});

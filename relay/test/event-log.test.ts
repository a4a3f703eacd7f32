import { pbkdf2 } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readlinkSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../src/shared/events/model';
import { openRelayDatabase, type RelayDatabase } from '../src/database';
import { eventually } from './support/eventually';
import { EventLog, UnstorableEventError, type EventLogOptions, type LogEntry } from '../src/log/event-log';

let dataDir: string;
let opened: RelayDatabase[];
let logs: EventLog[];

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-log-'));
  opened = [];
  logs = [];
});

afterEach(() => {
  for (const log of logs) log.close();
  for (const db of opened) if (db.open) db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const pbkdf2Async = promisify(pbkdf2);

/** How many of this process's open file descriptors are on `file` (Linux's /proc). */
function descriptorsOn(file: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  }).length;
}

function newLog(db: RelayDatabase, options: EventLogOptions = {}): EventLog {
  const log = new EventLog(db, options);
  logs.push(log);
  return log;
}

/** A body nested `depth` levels deep, as a hostile but validly signed payload can be. */
function nested(depth: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function open(options: { busyTimeoutMs?: number } = {}): RelayDatabase {
  const db = openRelayDatabase(dataDir, options);
  opened.push(db);
  return db;
}

function ringing(id: string, source: RingsideEvent['source'] = 'openphone', line = '+16175550100'): RingsideEvent {
  return {
    v: EVENT_MODEL_VERSION,
    id,
    source,
    type: 'call.ringing',
    occurredAt: '2026-01-05T15:00:00.000Z',
    receivedAt: '2026-01-05T15:00:00.050Z',
    lines: [line],
    data: { callId: `AC-${id}`, direction: 'incoming', businessNumber: line, externalNumber: '+16175550111', startedAt: '2026-01-05T15:00:00.000Z' },
    raw: { id },
  };
}

function storedSeqs(db: RelayDatabase): number[] {
  return db.prepare('SELECT seq FROM events ORDER BY seq').pluck().all() as number[];
}

describe('event log', () => {
  it('numbers events 1, 2, 3… with no gap, across batches and a reopen', async () => {
    const log = newLog(open());
    const first = await Promise.all([ringing('a'), ringing('b'), ringing('c')].map((event) => log.append(event)));
    const second = await log.append(ringing('d'));
    expect([...first, second].map((result) => result.seq)).toEqual([1, 2, 3, 4]);

    const reopened = newLog(open());
    expect(reopened.headSeq).toBe(4);
    expect((await reopened.append(ringing('e'))).seq).toBe(5);
    expect(storedSeqs(opened[1]!)).toEqual([1, 2, 3, 4, 5]);
  });

  it('answers a repeated event with the stored seq and appends nothing', async () => {
    const log = newLog(open());
    await log.append(ringing('a'));
    const original = await log.append(ringing('b'));
    const again = await log.append(ringing('b'));
    expect(again).toEqual({ seq: original.seq, duplicate: true });
    expect(log.headSeq).toBe(2);
  });

  it('recognizes a repeat within the same batch', async () => {
    const log = newLog(open());
    const results = await Promise.all([log.append(ringing('x')), log.append(ringing('x'))]);
    expect(results).toEqual([
      { seq: 1, duplicate: false },
      { seq: 1, duplicate: true },
    ]);
    expect(storedSeqs(opened[0]!)).toEqual([1]);
  });

  it('keeps equal ids from different sources apart', async () => {
    const log = newLog(open());
    await log.append(ringing('same', 'openphone'));
    expect(await log.append(ringing('same', 'console'))).toEqual({ seq: 2, duplicate: false });
  });

  it('writes appends that arrive together in one commit, and settles none before it', async () => {
    const log = newLog(open());
    const observer = open();
    const commits: (readonly LogEntry[])[] = [];
    log.onCommitted((entries) => commits.push(entries));
    const visibleWhenAnswered: boolean[] = [];
    const appends = Array.from({ length: 50 }, (_, i) =>
      log.append(ringing(`e${i}`)).then((result) => {
        visibleWhenAnswered.push(observer.prepare('SELECT count(*) FROM events WHERE seq = ?').pluck().get(result.seq) === 1);
        return result;
      }),
    );
    expect(storedSeqs(observer)).toEqual([]);
    await Promise.all(appends);
    expect(commits.map((entries) => entries.length)).toEqual([50]);
    expect(visibleWhenAnswered).toEqual(Array(50).fill(true));
  });

  it('fails every append of a failed commit and consumes no seq', async () => {
    const log = newLog(open({ busyTimeoutMs: 0 }));
    await log.append(ringing('before'));
    const other = open();
    other.exec('BEGIN IMMEDIATE'); // another writer holds the lock: the next commit fails
    const failed = await Promise.allSettled([log.append(ringing('f1')), log.append(ringing('f2'))]);
    other.exec('ROLLBACK');
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(log.headSeq).toBe(1);
    expect(await log.append(ringing('f1'))).toEqual({ seq: 2, duplicate: false });
    expect(storedSeqs(other)).toEqual([1, 2]);
  });

  it('reads the same entries from memory and from disk', async () => {
    const log = newLog(open(), { tailSize: 4 });
    for (let i = 0; i < 20; i++) await log.append(ringing(`r${i}`, 'openphone', i % 2 ? '+16175550100' : '+16175550101'));
    const fromMemory = log.readAfter(15, 100);
    const fromDisk = newLog(open()).readAfter(15, 100);
    expect(fromMemory.map((entry) => entry.seq)).toEqual([16, 17, 18, 19, 20]);
    expect(fromDisk).toEqual(fromMemory);
    expect(log.readAfter(0, 3).map((entry) => entry.seq)).toEqual([1, 2, 3]);
    expect(log.readAfter(20, 10)).toEqual([]);
    expect(JSON.parse(fromDisk[0]!.json)).toMatchObject({ id: 'r15', lines: ['+16175550100'] });
  });

  it('keeps at most about tailChars of recent events in memory, however few they are: older ones are read from the file', async () => {
    const db = open();
    const log = newLog(db, { tailChars: 400_000 });
    for (let i = 0; i < 40; i++) await log.append({ ...ringing(`big${i}`), raw: { id: `big${i}`, padding: 'x'.repeat(50_000) } });
    // Forget the file's copy: what readAfter still returns can only come from memory.
    db.exec('DELETE FROM event_lines; DELETE FROM events');
    expect(log.readAfter(37, 10).map((entry) => entry.seq)).toEqual([38, 39, 40]);
    expect(log.readAfter(0, 100)).toEqual([]);
  });

  it('refuses appends once closed, after committing what was queued', async () => {
    const log = newLog(open());
    const queued = log.append(ringing('last'));
    log.close();
    await expect(queued).resolves.toEqual({ seq: 1, duplicate: false });
    await expect(log.append(ringing('late'))).rejects.toThrow(/closed/);
  });

  it('once closed, no connection of its own is left on relay.db, even one closed in the middle of a checkpoint: the data directory can be removed or replaced at once', async () => {
    const db = open();
    const count = 1_500;
    const log = newLog(db, { checkpointEvery: count });
    const big = (id: string): RingsideEvent => ({ ...ringing(id), raw: { id, padding: 'x'.repeat(20_000) } });
    const file = path.join(dataDir, 'relay.db');
    // The checkpointer's connection, opened on its worker thread, beside the log's own.
    await eventually(() => (descriptorsOn(file) === 2 ? true : undefined), "the checkpointer's connection");
    // 30 MB of WAL: the checkpoint asked for by the last commit is still copying it when the log closes.
    await Promise.all(Array.from({ length: count }, (_, i) => log.append(big(`e${i}`))));
    // Closed before close() returns, so the data directory can be removed at once (nothing is written into it afterwards).
    const exited = log.close();
    db.close();
    expect(descriptorsOn(file)).toBe(0);
    expect(existsSync(`${file}-wal`)).toBe(false);
    await exited;
  });

  it('refuses alone an event nested 10,000 deep and stores the valid ones queued with it, gap-free', async () => {
    const log = newLog(open());
    const poisoned = { ...ringing('poisoned'), raw: nested(10_000) } as RingsideEvent;
    const settled = await Promise.allSettled([log.append(ringing('v1')), log.append(ringing('v2')), log.append(poisoned), log.append(ringing('v3'))]);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((settled[2] as PromiseRejectedResult).reason).toBeInstanceOf(UnstorableEventError);
    expect(settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value.seq] : []))).toEqual([1, 2, 3]);
    expect(storedSeqs(opened[0]!)).toEqual([1, 2, 3]);
  });

  it('when one insert of a batch fails, commits the others in the same commit and fails only that one', async () => {
    const log = newLog(open());
    const commits: number[] = [];
    log.onCommitted((entries) => commits.push(entries.length));
    const refused = { ...ringing('x'), id: null } as unknown as RingsideEvent; // the log's NOT NULL refuses it
    const settled = await Promise.allSettled([log.append(ringing('a')), log.append(refused), log.append(ringing('b')), log.append(ringing('a'))]);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(UnstorableEventError);
    expect(settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))).toEqual([
      { seq: 1, duplicate: false },
      { seq: 2, duplicate: false },
      { seq: 1, duplicate: true },
    ]);
    expect(commits).toEqual([2]);
    expect(await log.append(ringing('c'))).toEqual({ seq: 3, duplicate: false });
  });

  it('batches the appends that arrive while a commit is being synced into the next commit', async () => {
    const log = newLog(open());
    const commits: number[] = [];
    log.onCommitted((entries) => commits.push(entries.length));
    // The first commit's fsync waits behind work filling libuv's thread pool, so the waves below
    // arrive while it is still syncing however fast this machine's disk is (a sync finished
    // within a turn would commit each wave on its own, and the test would be about the disk).
    const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    const poolBusy = Array.from({ length: threads }, () => pbkdf2Async('hold', 'the pool', 100_000, 32, 'sha256'));
    const first = log.append(ringing('first'));
    const later: Promise<unknown>[] = [];
    // Four waves of appends in four event-loop turns while the first commit is syncing.
    for (let wave = 0; wave < 4; wave++) {
      await new Promise((resolve) => setImmediate(resolve));
      for (let i = 0; i < 5; i++) later.push(log.append(ringing(`later${wave}-${i}`)));
    }
    await Promise.all([first, ...later, ...poolBusy]);
    expect(commits).toEqual([1, 20]); // a commit per turn would make five
    expect(commits.reduce((sum, size) => sum + size, 0)).toBe(21);
    expect(storedSeqs(opened[0]!)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  });

  // Counts event-loop turns during one fsync: on a machine busy with other test files a sync can
  // finish within a turn or two, so this one observation is given two more tries.
  it('keeps the event loop turning while a commit is synced to disk', { retry: 2 }, async () => {
    const log = newLog(open());
    await log.append(ringing('warm-up'));
    let turns = 0;
    let ticking = true;
    const tick = (): void => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    await log.append(ringing('synced'));
    ticking = false;
    // A commit that fsynced on the event loop would let through one turn at most.
    expect(turns).toBeGreaterThan(3);
  });

  it('starts its WAL over while appends keep coming, instead of growing it without end', async () => {
    const log = newLog(open(), { checkpointEvery: 200 });
    let next = 0;
    const sender = async (): Promise<void> => {
      while (next < 4_000) await log.append(ringing(`steady${next++}`));
    };
    await Promise.all(Array.from({ length: 16 }, sender));
    // The WAL header's checkpoint sequence number counts the times the WAL was started over.
    const restarts = (): number => {
      const header = Buffer.alloc(32);
      const fd = openSync(path.join(dataDir, 'relay.db-wal'), 'r');
      readSync(fd, header, 0, 32, 0);
      closeSync(fd);
      return header.readUInt32BE(12);
    };
    // The checkpointer is a worker of its own: on a busy machine its pass may end after the
    // burst; the WAL starts over at the next append after a complete pass.
    for (let i = 0; i < 100 && restarts() === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await log.append(ringing(`after${i}`));
    }
    expect(restarts()).toBeGreaterThan(0);
  });

  it('leaves the shared connection fully synchronous between its commits, for the device and QuickBooks writes', async () => {
    const db = open();
    const log = newLog(db);
    await Promise.all([log.append(ringing('a')), log.append(ringing('b'))]);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
  });

  it('shows an event to readers only once it is synced, when its append resolves', async () => {
    const log = newLog(open());
    const observer = open();
    const append = log.append(ringing('a'));
    await new Promise((resolve) => setImmediate(resolve));
    // Committed to the WAL (another connection sees the row) but not yet answered.
    expect(storedSeqs(observer)).toEqual([1]);
    expect([log.headSeq, log.readAfter(0, 10)]).toEqual([0, []]);
    await append;
    expect(log.headSeq).toBe(1);
    expect(log.readAfter(0, 10).map((entry) => entry.seq)).toEqual([1]);
  });

  it('indexes every event by its lines in the append transaction, a console event about a line too', async () => {
    const log = newLog(open());
    await Promise.all([log.append(ringing('a', 'openphone', '+16175550100')), log.append(ringing('b', 'openphone', '+16175550101')), log.append(ringing('c', 'console', '+16175550100'))]);
    expect(opened[0]!.prepare('SELECT line, seq FROM event_lines ORDER BY seq').all()).toEqual([
      { line: '+16175550100', seq: 1 },
      { line: '+16175550101', seq: 2 },
      { line: '+16175550100', seq: 3 },
    ]);
  });

  it("reads an agent's events (its lines', and console events about no line) the same from memory and from the line index", async () => {
    const log = newLog(open(), { tailSize: 4 });
    const lines = ['+16175550100', '+16175550101', '+16175550102'];
    // Every 7th a console event: about no line when i % 2 is 0, else about line i % 3.
    for (let i = 0; i < 30; i++) {
      const event = ringing(`r${i}`, i % 7 === 0 ? 'console' : 'openphone', lines[i % 3]);
      await log.append(i % 7 === 0 && i % 2 === 0 ? { ...event, lines: [] } : event);
    }
    const agent = { role: 'agent' as const, numbers: ['+16175550101'] };
    const expected = Array.from({ length: 30 }, (_, i) => i + 1).filter((seq) => ((seq - 1) % 7 === 0 && (seq - 1) % 2 === 0) || (seq - 1) % 3 === 1);
    const fromDisk = newLog(open());
    const readAll = (reader: EventLog, after: number, limit: number): number[] => {
      const seqs: number[] = [];
      let cursor = after;
      for (;;) {
        const page = reader.readVisibleAfter(agent, cursor, limit);
        seqs.push(...page.entries.map((entry) => entry.seq));
        if (page.cursor === cursor) return seqs;
        cursor = page.cursor;
      }
    };
    expect(readAll(fromDisk, 0, 4)).toEqual(expected);
    expect(readAll(log, 24, 2)).toEqual(expected.filter((seq) => seq > 24));
    expect(readAll(fromDisk, 24, 2)).toEqual(expected.filter((seq) => seq > 24));
    expect(fromDisk.readVisibleAfter(agent, 0, 100).cursor).toBe(30);
    expect(fromDisk.readVisibleAfter({ role: 'admin', numbers: [] }, 0, 100).entries).toHaveLength(30);
  });
});

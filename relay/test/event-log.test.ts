import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RingsideEvent } from '../../src/shared/events/model';
import { openRelayDatabase, type RelayDatabase } from '../src/database';
import { EventLog, type LogEntry } from '../src/log/event-log';

let dataDir: string;
let opened: RelayDatabase[];

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-log-'));
  opened = [];
});

afterEach(() => {
  for (const db of opened) if (db.open) db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function open(options: { busyTimeoutMs?: number } = {}): RelayDatabase {
  const db = openRelayDatabase(dataDir, options);
  opened.push(db);
  return db;
}

function ringing(id: string, source: RingsideEvent['source'] = 'openphone', line = '+16175550100'): RingsideEvent {
  return {
    v: 1,
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
    const log = new EventLog(open());
    const first = await Promise.all([ringing('a'), ringing('b'), ringing('c')].map((event) => log.append(event)));
    const second = await log.append(ringing('d'));
    expect([...first, second].map((result) => result.seq)).toEqual([1, 2, 3, 4]);

    const reopened = new EventLog(open());
    expect(reopened.headSeq).toBe(4);
    expect((await reopened.append(ringing('e'))).seq).toBe(5);
    expect(storedSeqs(opened[1]!)).toEqual([1, 2, 3, 4, 5]);
  });

  it('answers a repeated event with the stored seq and appends nothing', async () => {
    const log = new EventLog(open());
    await log.append(ringing('a'));
    const original = await log.append(ringing('b'));
    const again = await log.append(ringing('b'));
    expect(again).toEqual({ seq: original.seq, duplicate: true });
    expect(log.headSeq).toBe(2);
  });

  it('recognizes a repeat within the same batch', async () => {
    const log = new EventLog(open());
    const results = await Promise.all([log.append(ringing('x')), log.append(ringing('x'))]);
    expect(results).toEqual([
      { seq: 1, duplicate: false },
      { seq: 1, duplicate: true },
    ]);
    expect(storedSeqs(opened[0]!)).toEqual([1]);
  });

  it('keeps equal ids from different sources apart', async () => {
    const log = new EventLog(open());
    await log.append(ringing('same', 'openphone'));
    expect(await log.append(ringing('same', 'console'))).toEqual({ seq: 2, duplicate: false });
  });

  it('writes appends that arrive together in one commit, and settles none before it', async () => {
    const log = new EventLog(open());
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
    const log = new EventLog(open({ busyTimeoutMs: 0 }));
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
    const log = new EventLog(open(), { tailSize: 4 });
    for (let i = 0; i < 20; i++) await log.append(ringing(`r${i}`, 'openphone', i % 2 ? '+16175550100' : '+16175550101'));
    const fromMemory = log.readAfter(15, 100);
    const fromDisk = new EventLog(open()).readAfter(15, 100);
    expect(fromMemory.map((entry) => entry.seq)).toEqual([16, 17, 18, 19, 20]);
    expect(fromDisk).toEqual(fromMemory);
    expect(log.readAfter(0, 3).map((entry) => entry.seq)).toEqual([1, 2, 3]);
    expect(log.readAfter(20, 10)).toEqual([]);
    expect(JSON.parse(fromDisk[0]!.json)).toMatchObject({ id: 'r15', lines: ['+16175550100'] });
  });

  it('refuses appends once closed, after committing what was queued', async () => {
    const log = new EventLog(open());
    const queued = log.append(ringing('last'));
    log.close();
    await expect(queued).resolves.toEqual({ seq: 1, duplicate: false });
    await expect(log.append(ringing('late'))).rejects.toThrow(/closed/);
  });
});

import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../../src/shared/events/model';
import { BackupSchedule } from '../../src/backup/backup-schedule';
import { listBackups } from '../../src/backup/backup-files';
import { openRelayDatabase, type RelayDatabase } from '../../src/database';
import { AlertDeliveries } from '../../src/alerts/alert-deliveries';
import { AlertService } from '../../src/alerts/alert-service';
import { CheckHealth } from '../../src/health/check-health';
import { MaintenanceTurns } from '../../src/db/maintenance-turns';
import { EventLog } from '../../src/log/event-log';
import { createLogger } from '../../src/logger';
import { MediaStore } from '../../src/media/media-store';
import { eventually } from '../support/eventually';

/**
 * Scheduled backups against a real relay.db being written to (its event log, WAL and all),
 * real files in a backup folder: what is kept, what is deleted, and what a failure looks like.
 */

let root: string;
let dataDir: string;
let backupDir: string;
let db: RelayDatabase;
let log: EventLog;
const schedules: BackupSchedule[] = [];
const logLines: string[] = [];

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'ringside-backup-'));
  dataDir = path.join(root, 'relay-data');
  backupDir = path.join(root, 'backups');
  db = openRelayDatabase(dataDir);
  log = new EventLog(db);
  logLines.length = 0;
});

afterEach(async () => {
  for (const schedule of schedules.splice(0)) await schedule.close();
  log.close();
  db.close();
  rmSync(root, { recursive: true, force: true });
});

function ringing(n: number): RingsideEvent {
  const at = new Date(Date.UTC(2026, 11, 3, 9, 0, n)).toISOString();
  return {
    v: EVENT_MODEL_VERSION,
    id: `EV-ring-${n}`,
    source: 'openphone',
    type: 'call.ringing',
    occurredAt: at,
    receivedAt: at,
    lines: ['+16175550100'],
    data: { callId: `openphone:AC${n}`, direction: 'incoming', businessNumber: '+16175550100', externalNumber: '+16175550111', startedAt: at },
  };
}

async function appendCalls(from: number, count: number): Promise<void> {
  await Promise.all(Array.from({ length: count }, (_, i) => log.append(ringing(from + i))));
}

function schedule(options: { keep?: number; intervalMs?: number; dir?: string } = {}): BackupSchedule {
  const logger = createLogger('info', Date.now, { out: (line) => logLines.push(line), err: (line) => logLines.push(line) });
  const deliveries = new AlertDeliveries({ db, channels: [], clock: Date.now, logger, health: new CheckHealth(db), observer: { sent: () => undefined, failed: () => undefined }, perHour: 12, backoff: { baseMs: 50, capMs: 200 } });
  const made = new BackupSchedule({
    settings: { dir: options.dir ?? backupDir, intervalMs: options.intervalMs ?? 3_600_000, keep: options.keep ?? 24 },
    dataDir,
    db,
    checks: new CheckHealth(db),
    alerts: new AlertService({ db, log, logger, clock: Date.now, deliveries, repeatMs: 3_600_000 }),
    logger,
    clock: Date.now,
    turns: new MaintenanceTurns(),
    firstDelayMs: 20,
  });
  schedules.push(made);
  return made;
}

const kept = () => (existsSync(backupDir) ? listBackups(readdirSync(backupDir)) : []);

function eventsIn(file: string): number[] {
  const copy = new Database(file, { readonly: true });
  try {
    return copy.prepare('SELECT seq FROM events ORDER BY seq').pluck().all() as number[];
  } finally {
    copy.close();
  }
}

/** The relay.alert events about backups, as the consoles' banner reads them. */
function bannerEvents(): { state: string; message: string }[] {
  return (db.prepare("SELECT event FROM events WHERE type = 'relay.alert' ORDER BY seq").pluck().all() as string[])
    .map((json) => (JSON.parse(json) as { data: { alertId: string; state: string; message: string } }).data)
    .filter((data) => data.alertId === 'backup:failing')
    .map(({ state, message }) => ({ state, message }));
}

describe('scheduled backups of relay.db', () => {
  it('the first copy comes after the start-up delay and holds the whole log, readable only by the relay\'s user', async () => {
    await appendCalls(1, 50);
    schedule().start();
    const [first] = await eventually(() => (kept().length > 0 ? kept() : undefined), 'the first copy');
    expect(first!.headSeq).toBe(50);
    const file = path.join(backupDir, first!.name);
    expect(eventsIn(file)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(backupDir).mode & 0o777).toBe(0o700);
    // The file is in place a moment before the round ends (the media mirror, the pruning): then the check records it.
    await eventually(() => new CheckHealth(db).snapshot().backup.lastSuccessAt ?? undefined, 'the check to record the copy');
    expect(logLines.some((line) => line.includes('"backup made"'))).toBe(true);
  });

  it('copies while webhooks keep arriving: each copy is a consistent log with no gap, up to the seq its name says', async () => {
    const backups = schedule({ keep: 100 });
    let writing = true;
    const writer = (async () => {
      for (let n = 1; writing; n += 20) await appendCalls(n, 20);
    })();
    for (let i = 0; i < 4; i++) await backups.runNow();
    writing = false;
    await writer;
    const copies = kept();
    expect(copies).toHaveLength(4);
    for (const copy of copies) {
      const seqs = eventsIn(path.join(backupDir, copy.name));
      expect(seqs).toEqual(Array.from({ length: copy.headSeq }, (_, i) => i + 1));
    }
  });

  it('keeps the newest RELAY_BACKUP_KEEP copies', async () => {
    const backups = schedule({ keep: 2 });
    for (let i = 1; i <= 4; i++) {
      await appendCalls(i * 10, 1);
      await backups.runNow();
    }
    expect(kept().map((copy) => copy.headSeq)).toEqual([3, 4]);
  });

  it('after an erasure or retention run finished, every copy made before it is deleted', async () => {
    const backups = schedule();
    await appendCalls(1, 3);
    await backups.runNow();
    await backups.runNow();
    expect(kept()).toHaveLength(2);
    db.prepare("INSERT INTO privacy_redactions (redaction_id, reason, request_id, customer_id, requested_at, requested_by, step, seqs_json, finished_at) VALUES ('erasure-1', 'erasure', 'r1', 'cus-1', ?, 'Back office', 'done', '[2]', ?)").run(new Date().toISOString(), new Date(Date.now() + 1).toISOString());
    await new Promise((resolve) => setTimeout(resolve, 5));
    await backups.runNow();
    expect(kept()).toHaveLength(1);
  });

  it('an erasure removes the older copies even when the new copy cannot be made', async () => {
    const backups = schedule();
    await appendCalls(1, 3);
    await backups.runNow();
    db.prepare("INSERT INTO privacy_redactions (redaction_id, reason, request_id, customer_id, requested_at, requested_by, step, seqs_json, finished_at) VALUES ('erasure-2', 'erasure', 'r2', 'cus-1', ?, 'Back office', 'done', '[2]', ?)").run(new Date().toISOString(), new Date(Date.now() + 1).toISOString());
    await new Promise((resolve) => setTimeout(resolve, 5));
    rmSync(path.join(dataDir, 'relay.db'));
    expect(await backups.runNow()).toBeNull();
    expect(kept()).toEqual([]);
  });

  it('a relay started on an empty data directory with the old backup folder pushes out no longer copy and no mirrored media', async () => {
    const sha = 'd'.repeat(64);
    const mirrored = path.join(backupDir, 'media', 'dd', 'dd', sha);
    await appendCalls(1, 5);
    await schedule({ keep: 1 }).runNow();
    mkdirSync(path.dirname(mirrored), { recursive: true });
    writeFileSync(mirrored, 'a recording from before');
    const [long] = kept();
    // As a restore would: the old log's connections all closed before its files go.
    await log.close();
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
    db = openRelayDatabase(dataDir);
    log = new EventLog(db);
    const outcome = await schedule({ keep: 1 }).runNow();
    expect(outcome, logLines.join('\n')).toMatchObject({ headSeq: 0, deleted: [] });
    expect(kept().map((copy) => copy.name)).toContain(long!.name);
    expect(existsSync(mirrored)).toBe(true);
  });

  it('mirrors the media folder: new files copied once, erased ones removed', async () => {
    const store = MediaStore.at(dataDir);
    const sha = (c: string) => c.repeat(64);
    const put = (hash: string, bytes: string) => {
      const file = store.pathOf(hash);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, bytes);
    };
    put(sha('a'), 'voicemail');
    put(sha('b'), 'photo');
    writeFileSync(path.join(dataDir, 'media', 'tmp', 'download.part'), 'half a file');
    const backups = schedule();
    expect(await backups.runNow()).toMatchObject({ mediaCopied: 2, mediaRemoved: 0 });
    rmSync(store.pathOf(sha('b')));
    put(sha('c'), 'recording');
    expect(await backups.runNow()).toMatchObject({ mediaCopied: 1, mediaRemoved: 1 });
    const mirror = path.join(backupDir, 'media');
    const files = readdirSync(mirror, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
    expect(files).toEqual([sha('a'), sha('c')]);
  });

  it('a folder that cannot be written is shown on /healthz in plain words; once it is fixed the next try succeeds', async () => {
    const blocked = path.join(root, 'not-a-folder');
    writeFileSync(blocked, 'a file where the backup folder should be');
    const backups = schedule({ dir: blocked });
    expect(await backups.runNow()).toBeNull();
    const failed = new CheckHealth(db).snapshot().backup;
    expect(failed.lastSuccessAt).toBeNull();
    expect(failed.lastFailure).toMatch(/^The backup to .*not-a-folder failed: /);
    expect(logLines.some((line) => line.includes('"backup failed"'))).toBe(true);

    // One failure may pass; the retry failing too puts it in every console's banner, in plain words.
    expect(bannerEvents()).toEqual([]);
    expect(await backups.runNow()).toBeNull();
    await eventually(() => (bannerEvents().length > 0 ? true : undefined), 'the alert');
    expect(bannerEvents()).toEqual([{ state: 'raised', message: expect.stringMatching(/^The relay could not back up its data 2 times in a row \(the last time: .*\)\. Calls and texts still arrive; whoever runs the relay should check its backup folder\.$/) }]);

    rmSync(blocked);
    expect(await backups.runNow()).toMatchObject({ headSeq: expect.any(Number) });
    expect(new CheckHealth(db).snapshot().backup.lastSuccessAt).not.toBeNull();
    await eventually(() => (bannerEvents().length > 1 ? true : undefined), 'the alert cleared');
    expect(bannerEvents()[1]).toEqual({ state: 'cleared', message: "The relay's backups work again." });
  });
});

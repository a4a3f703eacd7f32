import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../../src/shared/events/model';
import { openRelayDatabase, RELAY_DB_FILE, type RelayDatabase } from '../../src/database';
import { EventLog } from '../../src/log/event-log';
import { nextWalSizeLimit } from '../../src/log/wal-shrink';

const MB = 1024 * 1024;

describe('how far the WAL is cut back when it starts over', () => {
  it('a WAL of 500 MB is cut by 16 MB at a time, and one near the 32 MB floor down to the floor', () => {
    expect(nextWalSizeLimit(500 * MB, 32 * MB, 16 * MB)).toBe(484 * MB);
    expect(nextWalSizeLimit(40 * MB, 32 * MB, 16 * MB)).toBe(32 * MB);
    expect(nextWalSizeLimit(0, 32 * MB, 16 * MB)).toBe(32 * MB);
  });
});

let dir: string | null = null;
const closing: (() => void)[] = [];
afterEach(() => {
  for (const close of closing.splice(0).reverse()) close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function ringing(n: number): RingsideEvent {
  const at = new Date(Date.UTC(2026, 0, 5, 15) + n * 1000).toISOString();
  return {
    v: EVENT_MODEL_VERSION,
    id: `EV-${n}`,
    source: 'openphone',
    type: 'call.ringing',
    occurredAt: at,
    receivedAt: at,
    lines: ['+16175550100'],
    data: { callId: `openphone:AC-${n}`, direction: 'incoming', businessNumber: '+16175550100', externalNumber: `+1617555${String(n % 10_000).padStart(4, '0')}`, startedAt: at },
    // Big enough that a few hundred events make megabytes of WAL.
    raw: { id: `EV-${n}`, note: 'x'.repeat(4000) },
  };
}

describe('a WAL grown large while a copy held its snapshot', () => {
  it('shrinks back a step at a time once checkpoints can finish again, never in one cut, down to its floor', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ringside-wal-shrink-'));
    const db: RelayDatabase = openRelayDatabase(dir);
    const log = new EventLog(db, { checkpointEvery: 20, walSizeLimitBytes: 1 * MB, walShrinkStepBytes: 2 * MB });
    closing.push(() => db.close(), () => log.close());
    const wal = path.join(dir, `${RELAY_DB_FILE}-wal`);
    const walSize = () => statSync(wal).size;
    let n = 0;
    const appendSome = async (count: number) => {
      for (let i = 0; i < count; i++) await log.append(ringing(++n));
    };

    // A backup's copy: a reader holding one snapshot, so no checkpoint gets past it.
    const copy = new Database(path.join(dir, RELAY_DB_FILE), { readonly: true });
    closing.push(() => copy.close());
    copy.exec('BEGIN');
    copy.prepare('SELECT count(*) FROM events').get();
    await appendSome(1_000);
    const grown = walSize();
    expect(grown).toBeGreaterThan(12 * MB);
    copy.exec('COMMIT');

    // Appending goes on; each time the WAL starts over it is cut back by at most a step.
    const sizes = [grown];
    for (let round = 0; round < 400 && sizes.at(-1)! > 1 * MB; round++) {
      await appendSome(5);
      await new Promise((resolve) => setTimeout(resolve, 5));
      sizes.push(walSize());
    }
    expect(sizes.at(-1)).toBeLessThanOrEqual(1 * MB);
    const cuts = sizes.slice(1).map((size, i) => sizes[i]! - size).filter((cut) => cut > 0);
    expect(cuts.length).toBeGreaterThanOrEqual(Math.floor((grown - 1 * MB) / (2 * MB)));
    expect(Math.max(...cuts)).toBeLessThanOrEqual(2 * MB);
    expect(log.headSeq).toBe(n);
  }, 60_000);
});

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../src/shared/events/model';
import { makeBackup } from '../relay/src/backup/relay-backup';
import { openRelayDatabase, RELAY_DB_FILE } from '../relay/src/database';
import { EventLog } from '../relay/src/log/event-log';
import { reported, type BenchmarkResult } from './figures';
import { summarize } from './percentiles';

/**
 * Issue 16 §4: what a scheduled backup of relay.db costs the relay. A log of `events` calls
 * (each with its provider payload, as stored) is appended through the relay's own EventLog
 * (its group commit and fsync); then 8 senders keep appending, first alone and then while
 * backups run (makeBackup: VACUUM INTO on a worker thread, quick_check, rename). Reported: how
 * long a backup takes and its rate, and what the appenders see meanwhile: time to commit p99
 * and the main thread's event-loop delay, beside the same for as long without a backup. The
 * issue sets no target: these are reported.
 */

const SENDERS = 8;
/** A gap this long between 5 ms ticks is listed as a stall. */
const STALL_MS = 50;

const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(0);

function call(n: number): RingsideEvent {
  const at = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
  const callId = `AC${n.toString(16).padStart(30, '0')}`;
  return {
    v: EVENT_MODEL_VERSION,
    id: `EV${n.toString(16).padStart(30, '0')}`,
    source: 'openphone',
    type: 'call.ringing',
    occurredAt: at,
    receivedAt: at,
    lines: ['+16175550100'],
    data: { callId: `openphone:${callId}`, direction: 'incoming', businessNumber: '+16175550100', externalNumber: `+1617555${String(n % 10_000).padStart(4, '0')}`, startedAt: at },
    raw: { id: `EV${n}`, object: 'event', apiVersion: 'v3', createdAt: at, type: 'call.ringing', data: { object: { id: callId, object: 'call', from: '+16175550111', to: '+16175550100', direction: 'incoming', status: 'ringing', createdAt: at, answeredAt: null, completedAt: null, userId: 'USabc', phoneNumberId: 'PNabc' } } },
  };
}

export async function relayBackup(options: { events: number; progress: (line: string) => void }): Promise<BenchmarkResult> {
  const root = mkdtempSync(path.join(tmpdir(), 'ringside-bench-backup-'));
  const dataDir = path.join(root, 'relay-data');
  const db = openRelayDatabase(dataDir);
  const log = new EventLog(db);
  let next = 1;
  try {
    options.progress(`filling a log of ${options.events.toLocaleString('en-US')} calls`);
    while (next <= options.events) {
      const batch = Array.from({ length: Math.min(2000, options.events - next + 1) }, () => call(next++));
      await Promise.all(batch.map((event) => log.append(event)));
    }
    const bytes = statSync(path.join(dataDir, RELAY_DB_FILE)).size;

    /** 8 senders appending for as long as `during` runs; each append's time to commit. */
    /** The WAL's size: a copy's snapshot keeps checkpoints from finishing, so it grows while one runs. */
    const walBytes = (): number => statSync(path.join(dataDir, `${RELAY_DB_FILE}-wal`), { throwIfNoEntry: false })?.size ?? 0;
    const appendWhile = async (during: () => Promise<void>): Promise<{ commits: number[]; maxDelayMs: number; p99DelayMs: number; peakWal: number }> => {
      const commits: number[] = [];
      let running = true;
      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      // Where the longest stalls fall, against the backups' own timeline (printed in the notes).
      let lastTick = performance.now();
      let lastWal = walBytes();
      let peakWal = lastWal;
      const ticker = setInterval(() => {
        const now = performance.now();
        const wal = walBytes();
        peakWal = Math.max(peakWal, wal);
        if (now - lastTick > STALL_MS) stalls.push({ at: lastTick - benchStart, ms: now - lastTick, walBefore: lastWal, walAfter: wal });
        lastTick = now;
        lastWal = wal;
      }, 5);
      const senders = Array.from({ length: SENDERS }, async () => {
        while (running) {
          const started = performance.now();
          await log.append(call(next++));
          commits.push(performance.now() - started);
        }
      });
      await during();
      running = false;
      await Promise.all(senders);
      clearInterval(ticker);
      delay.disable();
      return { commits, maxDelayMs: delay.max / 1e6, p99DelayMs: delay.percentile(99) / 1e6, peakWal };
    };

    const benchStart = performance.now();
    const stalls: { at: number; ms: number; walBefore: number; walAfter: number }[] = [];
    const backups: { ms: number; headSeq: number; startedAt: number }[] = [];
    const backupDir = path.join(root, 'backups');
    const runs = 3;
    options.progress(`appending with ${SENDERS} senders, then again during ${runs} backups`);
    const durations: number[] = [];
    const during = await appendWhile(async () => {
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        const made = await makeBackup({ dataDir, backupDir, keep: 2, purgeBeforeMs: null, nowMs: Date.now() + i });
        durations.push(performance.now() - started);
        backups.push({ ms: durations.at(-1)!, headSeq: made.headSeq, startedAt: started - benchStart });
      }
    });
    const totalMs = durations.reduce((sum, ms) => sum + ms, 0);
    const alone = await appendWhile(() => new Promise((resolve) => setTimeout(resolve, totalMs)));

    const duringCommits = summarize(during.commits);
    const aloneCommits = summarize(alone.commits);
    const backupMs = summarize(durations);
    const megabytes = bytes / 1_048_576;
    return {
      name: 'relay-backup',
      setup: `${runs} backups of a relay.db of ${options.events.toLocaleString('en-US')} calls (${megabytes.toFixed(0)} MB) while ${SENDERS} senders append`,
      figures: [
        reported('backup, median', backupMs.p50 / 1000, 's'),
        reported('backup rate', megabytes / (backupMs.p50 / 1000), 'MB/s'),
        reported('event-loop delay p99 during backups', during.p99DelayMs, 'ms'),
        reported('event-loop delay p99 without', alone.p99DelayMs, 'ms'),
        reported('time to commit p99 during backups', duringCommits.p99, 'ms'),
        reported('time to commit p99 without', aloneCommits.p99, 'ms'),
        reported('WAL peak during backups', during.peakWal / 1_048_576, 'MB'),
        reported('appends during backups ÷ without', during.commits.length / Math.max(1, alone.commits.length), '×'),
      ],
      notes: [
        `backups: ${backups.map((b) => `${(b.ms / 1000).toFixed(2)} s to seq ${b.headSeq} (from ${(b.startedAt / 1000).toFixed(2)} s)`).join(', ')}`,
        `stalls over ${STALL_MS} ms: ${stalls.length === 0 ? 'none' : stalls.map((stall) => `${stall.ms.toFixed(0)} ms at ${(stall.at / 1000).toFixed(2)} s (WAL ${mb(stall.walBefore)} → ${mb(stall.walAfter)} MB)`).join(', ')}`,
        `WAL peak: ${mb(during.peakWal)} MB during the backups, ${mb(alone.peakWal)} MB without`,
        `appends: ${during.commits.length} during the backups (p50 ${duringCommits.p50.toFixed(2)} ms), ${alone.commits.length} in as long without (p50 ${aloneCommits.p50.toFixed(2)} ms); event-loop delay max ${during.maxDelayMs.toFixed(1)} ms during, ${alone.maxDelayMs.toFixed(1)} ms without (the log's own commits run on this thread too)`,
      ],
      details: { bytes, backups, during: duringCommits, alone: aloneCommits, delayMs: { during: { max: during.maxDelayMs, p99: during.p99DelayMs }, alone: { max: alone.maxDelayMs, p99: alone.p99DelayMs } } },
    };
  } finally {
    log.close();
    db.close();
    rmSync(root, { recursive: true, force: true });
  }
}

import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Statement, Transaction } from 'better-sqlite3';
import type { Clock } from '../../../src/shared/clock';
import type { EventSource, RingsideEvent } from '../../../src/shared/events/model';
import { factKey } from '../../../src/shared/events/fact-key';
import { callNamingLines } from '../calls/call-lines';
import type { RelayDatabase } from '../database';
import { isVisibleTo } from '../devices/event-visibility';
import { lineReader, type LineReader, type Viewer } from './line-reader';
import { WalCheckpointer } from './wal-checkpointer';
import { nextWalSizeLimit } from './wal-shrink';
import { WalSync } from './wal-sync';

/** One stored event as the stream needs it: the JSON is kept serialized, sent as is. */
export interface LogEntry {
  seq: number;
  source: EventSource;
  lines: readonly string[];
  json: string;
}

export interface AppendResult {
  seq: number;
  duplicate: boolean;
  /** Set when the event was not stored because it repeats the fact at `seq` (AppendOptions.unlessRepeats). */
  repeated?: true;
}

export interface AppendOptions {
  /**
   * Not stored, and answered as a duplicate of it, when the log already holds an event of
   * the same fact (factKey) for which this says true. Decided in the commit's transaction,
   * where the lookup costs far less than a read of its own before the append.
   */
  unlessRepeats?: (stored: RingsideEvent) => boolean;
}

const WAL_SIZE_LIMIT_BYTES = 32 * 1024 * 1024;
/** What one restart of the WAL may cut off a file that grew past the limit (wal-shrink.ts). */
const WAL_SHRINK_STEP_BYTES = 16 * 1024 * 1024;

/**
 * The event can never be stored (it cannot be serialized, e.g. nested too deep, or the
 * log's constraints refuse it). Retrying cannot help: the pipeline answers it 4xx.
 */
export class UnstorableEventError extends Error {
  override readonly name = 'UnstorableEventError';
}

/** What one commit cost, for metrics: `commitSeconds` is insert + fsync. */
export interface CommitTiming {
  batchSize: number;
  insertSeconds: number;
  commitSeconds: number;
  /** Summed over the batch: how long each append waited, from append() to its answer. */
  waitSeconds: number;
}

interface PendingAppend {
  event: RingsideEvent;
  source: EventSource;
  id: string;
  type: string;
  lines: readonly string[];
  json: string;
  linesJson: string;
  /** The call whose lines this event gives (call_lines), if any. */
  callId: string | null;
  /** The provider fact it records (facts, src/shared/events/fact-key.ts), if any. */
  factKey: string | null;
  unlessRepeats: AppendOptions['unlessRepeats'];
  storedAt: string;
  queuedAt: number;
  resolve(result: AppendResult): void;
  reject(error: Error): void;
}

type Outcome = AppendResult | { error: Error };

interface CommittedBatch {
  items: PendingAppend[];
  outcomes: Outcome[];
  added: LogEntry[];
  startedAt: number;
  insertSeconds: number;
  settled: boolean;
}

/**
 * A projection kept in the append's transaction (the relay's accounts): `apply` for each
 * new event after its row is written, `finish` before the commit, `rolledBack` when the
 * transaction was not committed.
 */
export interface LogProjection {
  apply(seq: number, event: RingsideEvent): void;
  finish(): void;
  rolledBack(): void;
}

export interface EventLogOptions {
  /** Most appends written in one transaction. */
  maxBatch?: number;
  /** Recent entries kept in memory so live streams do not read SQLite. */
  tailSize?: number;
  /** And at most about this many characters of them (default 8 MiB): 300 webhooks of 1 MB must not hold 300 MB. */
  tailChars?: number;
  /** Ask for a WAL checkpoint after this many stored events. */
  checkpointEvery?: number;
  /** The WAL file is cut back to this size when it starts over (default 32 MiB)… */
  walSizeLimitBytes?: number;
  /** …at most this much at a time (default 16 MiB; wal-shrink.ts). */
  walShrinkStepBytes?: number;
  clock?: Clock;
  onCommit?: (timing: CommitTiming) => void;
  /** A background failure (checkpoint) worth a log line; appends are not affected. */
  onWarning?: (message: string) => void;
  projection?: LogProjection;
}

/**
 * The durable, gap-free event log. Appends are group-committed: appends queued while a
 * commit is in flight (or in the same event-loop turn) are written in one transaction,
 * then synced to disk off the event loop (wal-sync.ts); none of their promises settles,
 * and no stream sees them, before that sync. Each event is serialized when appended,
 * so one that cannot be stored is refused alone; if an insert fails inside a batch, the
 * batch is written again one savepoint per event, so only that event fails. A failed
 * transaction rejects its appends and, rolled back, consumes no seq.
 */
export class EventLog {
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private inFlight: CommittedBatch | null = null;
  private closing: Promise<void> | null = null;
  private get closed(): boolean {
    return this.closing !== null;
  }
  private syncFailure: Error | null = null;
  /** Seq of the newest event on disk: what streams and readers may see. */
  private head: number;
  private tail: LogEntry[] = [];
  private tailCharCount = 0;
  private sinceCheckpoint = 0;
  private readonly listeners = new Set<(entries: readonly LogEntry[]) => void>();
  private readonly maxBatch: number;
  private readonly tailSize: number;
  private readonly tailChars: number;
  private readonly checkpointEvery: number;
  private readonly clock: Clock;
  private readonly insert: Statement;
  private readonly insertLine: Statement;
  private readonly insertCallLines: Statement;
  private readonly insertFact: Statement;
  private readonly selectFact: Statement;
  private readonly selectEvent: Statement;
  private readonly existingSeq: Statement;
  private readonly selectAfter: Statement;
  private readonly syncNormal: Statement;
  private readonly syncFull: Statement;
  /** The batch in one transaction; an insert that throws is reported as ItemFailed. */
  private readonly writeAll: Transaction<(items: PendingAppend[], added: LogEntry[]) => Outcome[]>;
  /** The batch in one transaction, each event in its own savepoint. */
  private readonly writeEach: Transaction<(items: PendingAppend[], added: LogEntry[]) => Outcome[]>;
  private readonly lines: LineReader;
  private readonly walSync: WalSync;
  private readonly checkpointer: WalCheckpointer;

  constructor(
    private readonly db: RelayDatabase,
    private readonly options: EventLogOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 512;
    this.tailSize = options.tailSize ?? 1024;
    this.tailChars = options.tailChars ?? 8 * 1_048_576;
    this.checkpointEvery = options.checkpointEvery ?? 1000;
    this.clock = options.clock ?? Date.now;
    this.insert = db.prepare(
      `INSERT INTO events (source, event_id, type, lines, event, stored_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (source, event_id) DO NOTHING`,
    );
    this.insertLine = db.prepare('INSERT OR IGNORE INTO event_lines (line, seq) VALUES (?, ?)');
    // A call's first lines win (migration 0004); written here rather than by a trigger
    // re-reading the stored JSON (migration 0009), in the same transaction as the event.
    this.insertCallLines = db.prepare('INSERT OR IGNORE INTO call_lines (call_id, lines) VALUES (?, ?)');
    this.insertFact = db.prepare('INSERT OR IGNORE INTO facts (key, seq) VALUES (?, ?)');
    this.selectFact = db.prepare('SELECT seq FROM facts WHERE key = ?').pluck();
    this.selectEvent = db.prepare('SELECT event FROM events WHERE seq = ?').pluck();
    this.existingSeq = db.prepare('SELECT seq FROM events WHERE source = ? AND event_id = ?').pluck();
    this.selectAfter = db.prepare('SELECT seq, source, lines, event FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?');
    this.lines = lineReader(db);
    // SQLite applies PRAGMA synchronous when such a statement is prepared as well as
    // when it runs: FULL is prepared last, so the connection stays FULL between commits.
    this.syncNormal = db.prepare('PRAGMA synchronous = NORMAL');
    this.syncFull = db.prepare('PRAGMA synchronous = FULL');
    this.writeAll = db.transaction((items: PendingAppend[], added: LogEntry[]) => {
      const outcomes = items.map((item) => {
        try {
          return this.write(item, added);
        } catch (error) {
          throw new ItemFailed(error);
        }
      });
      this.options.projection?.finish();
      return outcomes;
    });
    const writeOne = db.transaction((item: PendingAppend, added: LogEntry[]) => this.write(item, added));
    this.writeEach = db.transaction((items: PendingAppend[], added: LogEntry[]) => {
      const outcomes = items.map((item): Outcome => {
        try {
          return writeOne(item, added);
        } catch (error) {
          return { error: asAppendError(error) };
        }
      });
      this.options.projection?.finish();
      return outcomes;
    });
    this.head = (db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck().get() as number) ?? 0;
    // The checkpointer copies the WAL back; a checkpoint here would fsync on the event loop.
    db.pragma('wal_autocheckpoint = 0');
    // A WAL started over is cut back to this size rather than keeping its largest.
    const walFloor = options.walSizeLimitBytes ?? WAL_SIZE_LIMIT_BYTES;
    const walStep = options.walShrinkStepBytes ?? WAL_SHRINK_STEP_BYTES;
    let walLimit = nextWalSizeLimit(walBytes(db.name), walFloor, walStep);
    db.pragma(`journal_size_limit = ${walLimit}`);
    this.walSync = new WalSync(db.name);
    this.checkpointer = new WalCheckpointer(
      db.name,
      (message) => options.onWarning?.(`WAL checkpoint failed: ${message}`),
      () => {
        if (this.closed) return;
        const limit = nextWalSizeLimit(walBytes(db.name), walFloor, walStep);
        if (limit === walLimit) return;
        walLimit = limit;
        db.pragma(`journal_size_limit = ${limit}`);
      },
    );
  }

  get headSeq(): number {
    return this.head;
  }

  /**
   * Resolves once the event is durably stored (or recognized as a duplicate of a stored
   * one); rejects with UnstorableEventError if it never can be.
   */
  append(event: RingsideEvent, options: AppendOptions = {}): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event log is closed'));
    if (this.syncFailure) return Promise.reject(this.syncFailure);
    let json: string;
    let linesJson: string;
    try {
      json = JSON.stringify(event);
      linesJson = JSON.stringify(event.lines);
    } catch (error) {
      return Promise.reject(new UnstorableEventError(`the event cannot be serialized: ${error instanceof Error ? error.message : String(error)}`));
    }
    const storedAt = new Date(this.clock()).toISOString();
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ event, source: event.source, id: event.id, type: event.type, lines: event.lines, json, linesJson, callId: callNamingLines(event), factKey: factKey(event), unlessRepeats: options.unlessRepeats, storedAt, queuedAt: performance.now(), resolve, reject });
      this.scheduleFlush();
    });
  }

  /**
   * The seq of the first stored event recording this provider fact (factKey), or null.
   * Durable facts only: an append still in its group commit is not seen.
   */
  seqOfFact(key: string): number | null {
    return (this.selectFact.get(key) as number | undefined) ?? null;
  }

  /** Entries with seq > after, in order, at most `limit`. */
  readAfter(after: number, limit: number): LogEntry[] {
    const first = this.tail[0];
    if (first !== undefined && first.seq <= after + 1) {
      const start = Math.max(0, after + 1 - first.seq);
      return this.tail.slice(start, start + limit);
    }
    const rows = this.selectAfter.all(after, this.head, limit) as StoredRow[];
    return rows.map(fromRow);
  }

  /**
   * The next at most `limit` entries after `after` that this viewer may see, and how far
   * the log was looked through (`cursor`): an agent's replay reads its lines' index and
   * the console events, never the events of other lines.
   */
  readVisibleAfter(viewer: Viewer, after: number, limit: number): { entries: LogEntry[]; cursor: number } {
    if (viewer.role !== 'agent') {
      const entries = this.readAfter(after, limit);
      return { entries, cursor: entries.length < limit ? Math.max(after, this.head) : entries.at(-1)!.seq };
    }
    const first = this.tail[0];
    if (first !== undefined && first.seq <= after + 1) {
      const start = Math.max(0, after + 1 - first.seq);
      const entries: LogEntry[] = [];
      let cursor = after;
      for (let i = start; i < this.tail.length && entries.length < limit; i++) {
        const entry = this.tail[i]!;
        cursor = entry.seq;
        if (isVisibleTo(viewer, entry)) entries.push(entry);
      }
      return { entries, cursor: entries.length < limit ? Math.max(cursor, this.head) : cursor };
    }
    const entries = this.lines.visibleAfter(viewer.numbers, after, this.head, limit).map(fromRow);
    return { entries, cursor: entries.length < limit ? Math.max(after, this.head) : entries.at(-1)!.seq };
  }

  /**
   * Issue 15 §4 (relay/src/privacy): the caller rewrote these stored rows in place (an erasure, a
   * retention run); the copies kept in memory for live streams and replays follow, so nobody is
   * served the old JSON again.
   */
  rewritten(entries: readonly { seq: number; json: string }[]): void {
    const bySeq = new Map(entries.map((entry) => [entry.seq, entry.json]));
    const patch = (list: LogEntry[]): void => {
      for (let i = 0; i < list.length; i++) {
        const json = bySeq.get(list[i]!.seq);
        if (json === undefined) continue;
        if (list === this.tail) this.tailCharCount += json.length - list[i]!.json.length;
        list[i] = { ...list[i]!, json };
      }
    };
    patch(this.tail);
    if (this.inFlight !== null) patch(this.inFlight.added);
  }

  /** Called with the entries of every durable commit, in seq order. */
  onCommitted(listener: (entries: readonly LogEntry[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Commits and syncs what is queued, settles every append, and refuses further ones. The owner
   * closes the database. The checkpointer's own connection is closed before this returns: closed
   * later, as the last one, it would checkpoint and delete `relay.db-wal` by name, under whoever
   * replaces or removes the data directory next (a restore, a test). Resolves once its thread has
   * exited.
   */
  close(): Promise<void> {
    if (this.closing !== null) return this.closing;
    this.closing = Promise.resolve();
    const inFlight = this.inFlight;
    const last = this.queue.length > 0 ? this.commit(this.queue.splice(0)) : null;
    try {
      if (inFlight || last) this.walSync.syncNow();
      if (inFlight) this.settle(inFlight, null);
      if (last) this.settle(last, null);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      if (inFlight) this.settle(inFlight, failure);
      if (last) this.settle(last, failure);
    }
    this.walSync.close();
    this.closing = this.checkpointer.close();
    return this.closing;
  }

  private scheduleFlush(): void {
    if (this.inFlight !== null) return; // the sync's completion flushes what queued meanwhile
    if (this.queue.length >= this.maxBatch) return this.flush();
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.inFlight !== null || this.queue.length === 0 || this.closed) return;
    const batch = this.queue.length <= this.maxBatch ? this.queue.splice(0) : this.queue.splice(0, this.maxBatch);
    const committed = this.commit(batch);
    if (committed === null) return;
    this.inFlight = committed;
    this.walSync.sync((error) => {
      this.inFlight = null;
      this.settle(committed, error);
      if (this.queue.length > 0) this.flush();
    });
  }

  /** Writes one transaction; null when it failed (its appends are rejected). */
  private commit(items: PendingAppend[]): CommittedBatch | null {
    const startedAt = performance.now();
    let outcomes: Outcome[];
    const added: LogEntry[] = [];
    // NORMAL: the commit writes the WAL without an fsync on the event loop; wal-sync.ts
    // syncs it. Other writers on this connection (devices, QuickBooks) stay FULL.
    this.syncNormal.run();
    try {
      try {
        outcomes = this.writeAll.immediate(items, added);
      } catch (error) {
        this.options.projection?.rolledBack();
        if (!(error instanceof ItemFailed) || items.length === 1) throw error instanceof ItemFailed ? error.cause : error;
        // One insert failed: write each in its own savepoint so the others still commit.
        added.length = 0;
        outcomes = this.writeEach.immediate(items, added);
      }
    } catch (error) {
      this.options.projection?.rolledBack();
      const failure = items.length === 1 ? asAppendError(error) : error instanceof Error ? error : new Error(String(error));
      for (const item of items) item.reject(failure);
      return null;
    } finally {
      this.syncFull.run();
    }
    return { items, outcomes, added, startedAt, insertSeconds: (performance.now() - startedAt) / 1000, settled: false };
  }

  private settle(batch: CommittedBatch, syncError: Error | null): void {
    if (batch.settled) return;
    batch.settled = true;
    if (syncError !== null) {
      // The rows are committed but may not be on disk: answer nobody 2xx, and stop
      // accepting (a disk that failed an fsync cannot be trusted until a restart).
      this.syncFailure = new Error(`the disk failed to sync the event log (${syncError.message}); restart the relay`);
      for (const item of batch.items) item.reject(this.syncFailure);
      return;
    }
    const { added } = batch;
    if (added.length > 0) {
      this.head = added[added.length - 1]!.seq;
      this.remember(added);
      this.sinceCheckpoint += added.length;
      if (this.sinceCheckpoint >= this.checkpointEvery) {
        this.sinceCheckpoint = 0;
        this.checkpointer.request();
      }
    }
    if (this.options.onCommit) {
      const now = performance.now();
      let waited = 0;
      for (const item of batch.items) waited += now - item.queuedAt;
      this.options.onCommit({ batchSize: batch.items.length, insertSeconds: batch.insertSeconds, commitSeconds: (now - batch.startedAt) / 1000, waitSeconds: waited / 1000 });
    }
    if (added.length > 0) for (const listener of this.listeners) listener(added);
    batch.items.forEach((item, index) => {
      const outcome = batch.outcomes[index]!;
      if ('error' in outcome) item.reject(outcome.error);
      else item.resolve(outcome);
    });
  }

  private write(item: PendingAppend, added: LogEntry[]): AppendResult {
    if (item.unlessRepeats !== undefined && item.factKey !== null) {
      const factSeq = this.selectFact.get(item.factKey) as number | undefined;
      const stored = factSeq === undefined ? undefined : (this.selectEvent.get(factSeq) as string | undefined);
      if (factSeq !== undefined && stored !== undefined && item.unlessRepeats(JSON.parse(stored) as RingsideEvent)) return { seq: factSeq, duplicate: true, repeated: true };
    }
    const info = this.insert.run(item.source, item.id, item.type, item.linesJson, item.json, item.storedAt);
    if (info.changes === 0) {
      // Also covers a duplicate of an event earlier in this same batch.
      return { seq: this.existingSeq.get(item.source, item.id) as number, duplicate: true };
    }
    const seq = Number(info.lastInsertRowid);
    for (const line of item.lines) this.insertLine.run(line, seq);
    if (item.callId !== null) this.insertCallLines.run(item.callId, item.linesJson);
    if (item.factKey !== null) this.insertFact.run(item.factKey, seq);
    this.options.projection?.apply(seq, item.event);
    added.push({ seq, source: item.source, lines: item.lines, json: item.json });
    return { seq, duplicate: false };
  }

  private remember(added: LogEntry[]): void {
    for (const entry of added) {
      this.tail.push(entry);
      this.tailCharCount += entry.json.length;
    }
    // Trim in chunks so the copy is amortized over many commits: to tailSize entries and half of tailChars.
    if (this.tail.length <= this.tailSize * 2 && this.tailCharCount <= this.tailChars) return;
    let start = Math.max(0, this.tail.length - this.tailSize);
    let chars = 0;
    for (let i = start; i < this.tail.length; i++) chars += this.tail[i]!.json.length;
    while (chars > this.tailChars / 2 && start < this.tail.length - 1) chars -= this.tail[start++]!.json.length;
    this.tail = this.tail.slice(start);
    this.tailCharCount = chars;
  }
}

/** An insert of the batch threw: the batch is retried one savepoint per event. */
class ItemFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('an insert of the batch failed');
  }
}

interface StoredRow {
  seq: number;
  source: EventSource;
  lines: string;
  event: string;
}

function fromRow(row: StoredRow): LogEntry {
  return { seq: row.seq, source: row.source, lines: JSON.parse(row.lines) as string[], json: row.event };
}

/** A constraint or binding refusal is about the event itself; anything else (disk, lock) is worth a retry. */
function asAppendError(error: unknown): Error {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code.startsWith('SQLITE_CONSTRAINT') || error instanceof TypeError || error instanceof RangeError) {
    return new UnstorableEventError(`the event cannot be stored: ${error instanceof Error ? error.message : String(error)}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** The WAL file's size now (0 when there is none: a database not yet written in WAL mode). */
function walBytes(databaseFile: string): number {
  try {
    return statSync(`${databaseFile}-wal`).size;
  } catch {
    return 0;
  }
}

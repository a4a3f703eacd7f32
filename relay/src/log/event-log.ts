import type { EventSource, RingsideEvent } from '../../../src/shared/events/model';
import type { Statement } from 'better-sqlite3';
import type { RelayDatabase } from '../database';

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
}

interface PendingAppend {
  event: RingsideEvent;
  storedAt: string;
  resolve(result: AppendResult): void;
  reject(error: Error): void;
}

export interface EventLogOptions {
  /** Flush at once when this many appends are queued (otherwise on the next setImmediate). */
  maxBatch?: number;
  /** Recent entries kept in memory so live streams do not read SQLite. */
  tailSize?: number;
  clock?: () => number;
}

/**
 * The durable, gap-free event log. Appends are group-committed: every append queued in
 * the same event-loop turn is written in one transaction (one fsync), and none of their
 * promises settles before that transaction commits. A failed transaction rejects all
 * of its appends and, being rolled back, consumes no seq.
 */
export class EventLog {
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private head: number;
  private tail: LogEntry[] = [];
  private readonly listeners = new Set<(entries: readonly LogEntry[]) => void>();
  private readonly maxBatch: number;
  private readonly tailSize: number;
  private readonly clock: () => number;
  private readonly insert: Statement;
  private readonly existingSeq: Statement;
  private readonly selectAfter: Statement;

  constructor(private readonly db: RelayDatabase, options: EventLogOptions = {}) {
    this.maxBatch = options.maxBatch ?? 512;
    this.tailSize = options.tailSize ?? 1024;
    this.clock = options.clock ?? Date.now;
    this.insert = db.prepare(
      `INSERT INTO events (source, event_id, type, lines, event, stored_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (source, event_id) DO NOTHING`,
    );
    this.existingSeq = db.prepare('SELECT seq FROM events WHERE source = ? AND event_id = ?').pluck();
    this.selectAfter = db.prepare('SELECT seq, source, lines, event FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
    this.head = (db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck().get() as number) ?? 0;
  }

  get headSeq(): number {
    return this.head;
  }

  /** Resolves once the event is durably stored (or recognized as a duplicate of a stored one). */
  append(event: RingsideEvent): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event log is closed'));
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ event, storedAt: new Date(this.clock()).toISOString(), resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued now, in one transaction. */
  flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const added: LogEntry[] = [];
    let results: AppendResult[];
    try {
      results = this.db.transaction(() => batch.map((item) => this.write(item, added))).immediate();
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const item of batch) item.reject(failure);
      return;
    }
    if (added.length > 0) {
      this.head = added[added.length - 1]!.seq;
      this.remember(added);
      for (const listener of this.listeners) listener(added);
    }
    batch.forEach((item, index) => item.resolve(results[index]!));
  }

  /** Entries with seq > after, in order, at most `limit`. */
  readAfter(after: number, limit: number): LogEntry[] {
    const first = this.tail[0];
    if (first !== undefined && first.seq <= after + 1) {
      const start = Math.max(0, after + 1 - first.seq);
      return this.tail.slice(start, start + limit);
    }
    const rows = this.selectAfter.all(after, limit) as { seq: number; source: EventSource; lines: string; event: string }[];
    return rows.map((row) => ({ seq: row.seq, source: row.source, lines: JSON.parse(row.lines) as string[], json: row.event }));
  }

  /** Called with the entries of every committed transaction, in seq order. */
  onCommitted(listener: (entries: readonly LogEntry[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Commits what is queued and refuses further appends. The owner closes the database. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  private write(item: PendingAppend, added: LogEntry[]): AppendResult {
    const { event } = item;
    const json = JSON.stringify(event);
    const info = this.insert.run(event.source, event.id, event.type, JSON.stringify(event.lines), json, item.storedAt);
    if (info.changes === 0) {
      // Also covers a duplicate of an event earlier in this same batch.
      return { seq: this.existingSeq.get(event.source, event.id) as number, duplicate: true };
    }
    const seq = Number(info.lastInsertRowid);
    added.push({ seq, source: event.source, lines: event.lines, json });
    return { seq, duplicate: false };
  }

  private remember(added: LogEntry[]): void {
    this.tail.push(...added);
    // Trim in chunks so the copy is amortized over many commits.
    if (this.tail.length > this.tailSize * 2) this.tail = this.tail.slice(this.tail.length - this.tailSize);
  }
}

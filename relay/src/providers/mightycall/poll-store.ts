import type { Statement } from 'better-sqlite3';
import type { MightyCallResource } from '../../../../src/shared/relay-rest/mightycall';
import type { RelayDatabase } from '../../database';

/**
 * The MightyCall poller's durable state (migration 0018): a cursor per resource, the
 * requests of the last 24 hours (so a restart does not forget what the day's budget has
 * spent), and one state row for the status the Operations page shows.
 */

export interface Cursor {
  /**
   * Where the last fully read window ended (ISO), the next starting overlap before it; null before the first.
   * While a window is read: where it will be taken to end when a call under way was seen in it, else null.
   */
  doneUntil: string | null;
  /** The window being read and how far (skip, or the page number already read), so a restart continues it. */
  windowFrom: string | null;
  windowTo: string | null;
  position: number;
  /** When this resource was last read to its end (ISO), for the slow ones (lines, contacts). */
  readAt: string | null;
}

export type PollCounts = Partial<Record<'calls' | 'recordings' | 'voicemails' | 'messages' | 'contacts' | 'lines' | 'unreadable', number>>;

export interface PollState {
  lastPollAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  heldUntilMs: number | null;
  /** Failed rounds in a row. */
  failures: number;
  counts: PollCounts;
}

const DAY_MS = 24 * 60 * 60_000;

export class PollStore {
  private readonly selectCursor: Statement;
  private readonly writeCursor: Statement;
  private readonly insertRequest: Statement;
  private readonly countRequests: Statement;
  private readonly oldestRequest: Statement;
  private readonly pruneRequests: Statement;
  private readonly selectState: Statement;
  private readonly writeState: Statement;

  constructor(private readonly db: RelayDatabase) {
    this.selectCursor = db.prepare('SELECT done_until, window_from, window_to, position, read_at FROM mightycall_cursors WHERE resource = ?');
    this.writeCursor = db.prepare(
      `INSERT INTO mightycall_cursors (resource, done_until, window_from, window_to, position, read_at) VALUES (@resource, @doneUntil, @windowFrom, @windowTo, @position, @readAt)
       ON CONFLICT (resource) DO UPDATE SET done_until = excluded.done_until, window_from = excluded.window_from, window_to = excluded.window_to, position = excluded.position, read_at = excluded.read_at`,
    );
    this.insertRequest = db.prepare('INSERT INTO mightycall_requests (at_ms) VALUES (?)');
    this.countRequests = db.prepare('SELECT count(*) FROM mightycall_requests WHERE at_ms > ?').pluck();
    this.oldestRequest = db.prepare('SELECT min(at_ms) FROM mightycall_requests WHERE at_ms > ?').pluck();
    this.pruneRequests = db.prepare('DELETE FROM mightycall_requests WHERE at_ms <= ?');
    this.selectState = db.prepare('SELECT last_poll_at, last_error, last_error_at, held_until_ms, failures, counts_json FROM mightycall_state WHERE id = 1');
    this.writeState = db.prepare(
      `INSERT INTO mightycall_state (id, last_poll_at, last_error, last_error_at, held_until_ms, failures, counts_json) VALUES (1, @lastPollAt, @lastError, @lastErrorAt, @heldUntilMs, @failures, @counts)
       ON CONFLICT (id) DO UPDATE SET last_poll_at = excluded.last_poll_at, last_error = excluded.last_error, last_error_at = excluded.last_error_at,
         held_until_ms = excluded.held_until_ms, failures = excluded.failures, counts_json = excluded.counts_json`,
    );
  }

  cursor(resource: MightyCallResource): Cursor {
    const row = this.selectCursor.get(resource) as { done_until: string | null; window_from: string | null; window_to: string | null; position: number; read_at: string | null } | undefined;
    if (row === undefined) return { doneUntil: null, windowFrom: null, windowTo: null, position: 0, readAt: null };
    return { doneUntil: row.done_until, windowFrom: row.window_from, windowTo: row.window_to, position: row.position, readAt: row.read_at };
  }

  saveCursor(resource: MightyCallResource, cursor: Cursor): void {
    this.writeCursor.run({ resource, ...cursor });
  }

  /** Counts one request sent at `atMs`, forgetting those older than a day. */
  requestSent(atMs: number): void {
    this.db.transaction(() => {
      this.insertRequest.run(atMs);
      this.pruneRequests.run(atMs - DAY_MS);
    })();
  }

  /** Requests sent in the 24 hours before `nowMs`. */
  usedInDay(nowMs: number): number {
    return this.countRequests.get(nowMs - DAY_MS) as number;
  }

  /** When the oldest request of the last 24 hours leaves the window (one more may then go), or null when there is none. */
  nextFreeAtMs(nowMs: number): number | null {
    const oldest = this.oldestRequest.get(nowMs - DAY_MS) as number | null;
    return oldest === null ? null : oldest + DAY_MS;
  }

  state(): PollState {
    const row = this.selectState.get() as
      | { last_poll_at: string | null; last_error: string | null; last_error_at: string | null; held_until_ms: number | null; failures: number; counts_json: string }
      | undefined;
    if (row === undefined) return { lastPollAt: null, lastError: null, lastErrorAt: null, heldUntilMs: null, failures: 0, counts: {} };
    return { lastPollAt: row.last_poll_at, lastError: row.last_error, lastErrorAt: row.last_error_at, heldUntilMs: row.held_until_ms, failures: row.failures, counts: JSON.parse(row.counts_json) as PollCounts };
  }

  saveState(state: PollState): void {
    this.writeState.run({ ...state, counts: JSON.stringify(state.counts) });
  }
}

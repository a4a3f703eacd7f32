import { performance } from 'node:perf_hooks';
import type { LogEntry } from '../projection/apply-event';

/**
 * A catch-up or a burst applied in slices of a few tens of milliseconds, one
 * transaction each, with the event loop free between them: a renderer API call, a
 * card push or a relay heartbeat never waits behind more than one slice. While more
 * is held than `highWater`, the stream is paused (TCP holds the relay back), so a
 * console catching up a million events never holds them all in memory.
 */
export interface PacedApply {
  /** The relay link's apply: entries in seq order; ones already held are skipped (a replay overlap). */
  accept(entries: LogEntry[]): void;
  /** Entries received and not applied yet. */
  held(): number;
  /** After a failed slice: takes entries again (the link reconnected and resumes after the applied seq). */
  reset(): void;
  /** Drops what is held (it is streamed again after the applied seq) and applies nothing more. */
  stop(): void;
}

/**
 * The write transaction of one slice. A slice opens and commits it in the same
 * event-loop turn: a transaction left open across turns would take in (and hold the lock
 * for) every other write of the connection, the QuickBooks sync's among them, and lock
 * out any other connection to the file.
 */
export interface SharedTransaction {
  begin(): void;
  commit(): void;
  /**
   * Asks for the write-ahead log to be copied into the database (db/background-checkpoint.ts),
   * between slices: left to the commit that crosses the log's limit, the copy (and its
   * fsyncs) would land on top of a slice.
   */
  checkpoint?(): void;
}

export interface PacedApplyOptions {
  /** Applies entries (throws to refuse them); runs inside the slice's `transaction`, as a savepoint. */
  apply: (entries: LogEntry[]) => void;
  transaction: SharedTransaction;
  pause: () => void;
  resume: () => void;
  /** A slice failed: what is held was dropped and nothing is taken until reset(); the caller reconnects. */
  onError: (error: unknown) => void;
  /** Work per slice; an API call arriving mid-slice waits at most about this long. */
  sliceBudgetMs?: number;
  highWater?: number;
  lowWater?: number;
}

/** Issue 8 §3: no renderer API call waits more than 50 ms behind catch-up; a slice leaves room for the call itself. */
export const SLICE_BUDGET_MS = 20;
const MIN_SLICE = 50;
const MAX_SLICE = 20_000;
const FIRST_SLICE = 500;
/** A slice is applied in parts of about this share of it, stopping once the budget is spent. */
const PARTS_PER_SLICE = 4;
/** Slices between checkpoints: each copies what about this many slices dirtied, so none takes much longer than a slice. */
export const SLICES_PER_CHECKPOINT = 4;

/** Next slice size: what the last one's rate says fits the budget, changing at most fourfold at once. */
export function nextSliceSize(size: number, tookMs: number, budgetMs: number): number {
  const fitted = tookMs <= 0 ? size * 4 : (size * budgetMs) / tookMs;
  return Math.round(Math.min(MAX_SLICE, Math.max(MIN_SLICE, size / 4, Math.min(size * 4, fitted))));
}

export function createPacedApply(options: PacedApplyOptions): PacedApply {
  const budgetMs = options.sliceBudgetMs ?? SLICE_BUDGET_MS;
  const highWater = options.highWater ?? 20_000;
  const lowWater = options.lowWater ?? 5_000;
  let queue: LogEntry[] = [];
  let head = 0;
  let heldThrough = 0;
  let size = FIRST_SLICE;
  let scheduled = false;
  let paused = false;
  let stopped = false;
  let slicesSinceCheckpoint = 0;
  let checkpointDue = false;

  const held = (): number => queue.length - head;

  const drain = (): void => {
    scheduled = false;
    if (stopped) return;
    if (checkpointDue) {
      checkpointDue = false;
      try {
        options.transaction.checkpoint?.();
      } catch {
        // A checkpoint that cannot run now (another connection reading) runs at a later one, or at the log's limit.
      }
      schedule();
      return;
    }
    if (held() === 0) return;
    const started = performance.now();
    let applied = 0;
    try {
      options.transaction.begin();
      try {
        // Events differ in cost (a ringing is cheap, a billed completion is not): a count sized
        // from the last slice's rate can overshoot the budget, so the slice stops once it is spent.
        const part = Math.max(MIN_SLICE, Math.ceil(size / PARTS_PER_SLICE));
        while (applied < size && head + applied < queue.length) {
          const slice = queue.slice(head + applied, head + Math.min(size, applied + part));
          options.apply(slice);
          applied += slice.length;
          if (performance.now() - started >= budgetMs) break;
        }
      } finally {
        // The parts before a failed one stand (each is whole, with its applied seq).
        options.transaction.commit();
      }
    } catch (error) {
      queue = [];
      head = 0;
      // Nothing after the failed part may be applied before it: refuse all until reset().
      heldThrough = Number.POSITIVE_INFINITY;
      options.onError(error);
      return;
    }
    size = nextSliceSize(applied, performance.now() - started, budgetMs);
    head += applied;
    slicesSinceCheckpoint += 1;
    if (options.transaction.checkpoint && slicesSinceCheckpoint >= SLICES_PER_CHECKPOINT) {
      slicesSinceCheckpoint = 0;
      checkpointDue = true;
    }
    // Compact now and then rather than shifting on every slice.
    if (head > 50_000 || head === queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    if (paused && held() <= lowWater) {
      paused = false;
      options.resume();
    }
    schedule();
  };

  const schedule = (): void => {
    if (scheduled || stopped || (held() === 0 && !checkpointDue)) return;
    scheduled = true;
    setImmediate(drain);
  };

  return {
    accept(entries) {
      if (stopped) return;
      for (const entry of entries) {
        if (entry.seq <= heldThrough) continue;
        queue.push(entry);
        heldThrough = entry.seq;
      }
      if (!paused && held() >= highWater) {
        paused = true;
        options.pause();
      }
      schedule();
    },
    held,
    reset() {
      heldThrough = 0;
    },
    stop() {
      stopped = true;
      queue = [];
      head = 0;
      if (paused) options.resume();
      paused = false;
    },
  };
}

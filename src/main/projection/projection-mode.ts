import type { ConsoleDatabase } from '../db/open-console-database';

/**
 * How applyBatch treats entries on a database:
 * - live: keeps each entry in the local copy and projects it (the usual);
 * - holding: a re-projection is catching up from the local copy, so live entries are
 *   only kept (the projection takes them in seq order when it reaches them);
 * - replaying: the re-projection itself is applying entries read from the copy.
 */
export type ProjectionMode = 'live' | 'holding' | 'replaying';

interface ModeState {
  mode: ProjectionMode;
  /** Entries kept while holding: the re-projection's total grows by them. */
  keptWhileHolding: number;
}

const modes = new WeakMap<ConsoleDatabase, ModeState>();

export function projectionMode(db: ConsoleDatabase): ProjectionMode {
  return modes.get(db)?.mode ?? 'live';
}

export function setProjectionMode(db: ConsoleDatabase, mode: ProjectionMode): void {
  const state = modes.get(db);
  if (state) state.mode = mode;
  else modes.set(db, { mode, keptWhileHolding: 0 });
}

export function noteKeptWhileHolding(db: ConsoleDatabase, count: number): void {
  const state = modes.get(db);
  if (state) state.keptWhileHolding += count;
}

export function keptWhileHolding(db: ConsoleDatabase): number {
  return modes.get(db)?.keptWhileHolding ?? 0;
}

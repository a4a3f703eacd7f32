import { randomBytes } from 'node:crypto';
import type { RelayDatabase } from '../database';

/** One epoch of the log (migration 0028): its events start after `startsAfterSeq`. */
export interface LogEpoch {
  epoch: string;
  startsAfterSeq: number;
}

/** Every epoch, oldest first; the last is the current one. */
export function readLogEpochs(db: RelayDatabase): LogEpoch[] {
  return db.prepare('SELECT epoch, starts_after_seq AS startsAfterSeq FROM log_epochs ORDER BY ordinal').all() as LogEpoch[];
}

/** A restore begins a new epoch after the restored copy's head. */
export function beginLogEpoch(db: RelayDatabase, startsAfterSeq: number, at: Date): LogEpoch {
  const epoch = randomBytes(16).toString('hex');
  db.prepare('INSERT INTO log_epochs (ordinal, epoch, starts_after_seq, started_at) SELECT coalesce(max(ordinal), 0) + 1, ?, ?, ? FROM log_epochs').run(epoch, startsAfterSeq, at.toISOString());
  return { epoch, startsAfterSeq };
}

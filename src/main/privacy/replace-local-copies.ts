import type { ConsoleDatabase } from '../db/open-console-database';
import { decodeStoredEvent } from '../projection/decode-stored-event';
import { KEPT } from '../projection/local-log';

/** A stored event as the relay's log holds it now (POST /v1/events/read); null when this device may not see it. */
export interface RereadEvent {
  seq: number;
  event: unknown;
}

/**
 * Replaces the console's local copies of the events a redaction rewrote, in one
 * transaction. An event this device may no longer see is dropped from the copy (it
 * holds only what may be shown here). When any copy changed, the projection version is
 * cleared in the same transaction, so the history is rebuilt from the copy even if
 * Ringside stops before the rebuild starts. Answers how many copies changed.
 */
export function replaceLocalCopies(db: ConsoleDatabase, events: readonly RereadEvent[]): number {
  const s = db.sqlite;
  const read = s.prepare<[number], { json: string }>('SELECT json FROM local_log WHERE seq = ?');
  const replace = s.prepare('UPDATE local_log SET json = ?, newer = ? WHERE seq = ?');
  const drop = s.prepare('DELETE FROM local_log WHERE seq = ?');
  return s.transaction((): number => {
    let changed = 0;
    for (const { seq, event } of events) {
      const kept = read.get(seq);
      if (!kept) continue;
      if (event === null || event === undefined) {
        drop.run(seq);
        changed += 1;
        continue;
      }
      const json = JSON.stringify(event);
      if (json === kept.json) continue;
      const reading = decodeStoredEvent(event);
      replace.run(json, reading.kind === 'read' ? KEPT.read : reading.kind === 'unreadable' ? KEPT.unreadable : KEPT.newer, seq);
      changed += 1;
    }
    if (changed > 0) s.prepare('UPDATE local_log_state SET projection_version = 0 WHERE id = 1').run();
    return changed;
  })();
}

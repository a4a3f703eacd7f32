import type { RingsideEvent } from '../../shared/events/model';
import type { ConsoleDatabase } from '../db/open-console-database';

/** Issue 15: the retention policy and the relay's redactions (filled in by the privacy capability). */
export function projectPrivacy(db: ConsoleDatabase, seq: number, event: RingsideEvent): void {
  void db;
  void seq;
  void event;
}

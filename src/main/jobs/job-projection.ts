import type { RingsideEvent } from '../../shared/events/model';
import type { ConsoleDatabase } from '../db/open-console-database';

/** Issue 15: extractions become jobs, and every job event moves them (filled in by the jobs capability). */
export function projectJobs(db: ConsoleDatabase, seq: number, event: RingsideEvent): void {
  void db;
  void seq;
  void event;
}

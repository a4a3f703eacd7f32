import type { Statement } from 'better-sqlite3';
import type { DeviceRole, EventSource } from '../../../src/shared/events/model';
import type { RelayDatabase } from '../database';

/** Who is reading: an agent sees console events about no line and the events on its lines. */
export interface Viewer {
  role: DeviceRole;
  numbers: readonly string[];
}

export interface LineReader {
  /** Rows an agent with these lines may see, seq in (after, head], in order, at most `limit`. */
  visibleAfter(numbers: readonly string[], after: number, head: number, limit: number): { seq: number; source: EventSource; lines: string; event: string }[];
}

/**
 * Reads an agent's events through the event_lines index (and the partial index of
 * console events, for those about no line; a console event about a line is in
 * event_lines): each range scan stops after `limit` seqs, so the cost follows what
 * the agent sees, not the size of the log.
 */
export function lineReader(db: RelayDatabase): LineReader {
  const lineSeqs = db.prepare('SELECT seq FROM event_lines WHERE line = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?').pluck();
  const consoleSeqs = db.prepare("SELECT seq FROM events INDEXED BY events_console_seq WHERE source = 'console' AND seq > ? AND seq <= ? AND lines = '[]' ORDER BY seq LIMIT ?").pluck();
  const rowsBySeq: Statement = db.prepare('SELECT seq, source, lines, event FROM events WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq');
  return {
    visibleAfter(numbers, after, head, limit) {
      const seqs = new Set<number>(consoleSeqs.all(after, head, limit) as number[]);
      for (const line of numbers) for (const seq of lineSeqs.all(line, after, head, limit) as number[]) seqs.add(seq);
      const first = [...seqs].sort((a, b) => a - b).slice(0, limit);
      if (first.length === 0) return [];
      return rowsBySeq.all(JSON.stringify(first)) as { seq: number; source: EventSource; lines: string; event: string }[];
    },
  };
}

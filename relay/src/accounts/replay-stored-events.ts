import type { RingsideEvent } from '../../../src/shared/events/model';
import { readStoredEvent } from '../../../src/shared/events/upcast';
import { renormalizeOpenPhone } from '../../../src/shared/providers/openphone/renormalize';
import type { RelayDatabase } from '../database';

export interface ReplayProgress {
  appliedSeq: number;
  headSeq: number;
  events: number;
  elapsedMs: number;
}

/** Events read per transaction of a replay. */
const CHUNK = 2000;

/**
 * Reads the stored log after `afterSeq` in chunks, as a console reads it (upcast, and an
 * OpenPhone event an older relay kept unnormalized normalized again); null: an event
 * this relay cannot read, whose seq is still consumed.
 */
export function replayStoredEvents(
  db: RelayDatabase,
  afterSeq: number,
  applyChunk: (entries: { seq: number; event: RingsideEvent | null }[]) => void,
  onProgress?: (progress: ReplayProgress) => void,
): void {
  const headSeq = db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck().get() as number;
  const select = db.prepare('SELECT seq, event FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
  const startedAt = performance.now();
  let after = afterSeq;
  let events = 0;
  for (;;) {
    const rows = select.all(after, CHUNK) as { seq: number; event: string }[];
    if (rows.length === 0) break;
    applyChunk(rows.map((row) => ({ seq: row.seq, event: decoded(row.event) })));
    after = rows[rows.length - 1]!.seq;
    events += rows.length;
    onProgress?.({ appliedSeq: after, headSeq, events, elapsedMs: performance.now() - startedAt });
  }
}

function decoded(json: string): RingsideEvent | null {
  let stored: unknown;
  try {
    stored = JSON.parse(json);
  } catch {
    return null;
  }
  const reading = readStoredEvent(stored);
  if (reading.kind !== 'read') return null;
  const event = reading.event;
  return event.type === 'provider.unnormalized' && event.source === 'openphone' ? renormalizeOpenPhone(event) : event;
}

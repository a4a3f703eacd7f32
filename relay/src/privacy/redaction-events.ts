import { EVENT_MODEL_VERSION, type EventOf } from '../../../src/shared/events/model';
import type { Redaction } from './redaction-store';

/** A log.redacted names at most this many seqs (and media files); a larger redaction is split into parts. */
export const SEQS_PER_PART = 50_000;

/**
 * The log.redacted events announcing a redaction, one per part of at most SEQS_PER_PART seqs.
 * Ids derive from the redaction and the part, so a relay stopped between two appends appends
 * the rest again and the log ignores the duplicates. `lines`: every line whose events were
 * rewritten and every line the team works, so each device (an agent sees its lines' events)
 * hears of it. Pure.
 */
export function redactionEvents(redaction: Redaction, lines: readonly string[], now: number): EventOf<'log.redacted'>[] {
  const at = new Date(now).toISOString();
  const parts = Math.max(1, Math.ceil(redaction.seqs.length / SEQS_PER_PART), Math.ceil(redaction.mediaDeleted.length / SEQS_PER_PART));
  const kinds = redaction.kinds.length > 0 ? redaction.kinds : [redaction.reason === 'erasure' ? ('customer' as const) : ('media' as const)];
  return Array.from({ length: parts }, (_, index) => ({
    v: EVENT_MODEL_VERSION,
    id: `log.redacted:${redaction.redactionId}:${index + 1}`,
    source: 'relay' as const,
    type: 'log.redacted' as const,
    occurredAt: at,
    receivedAt: at,
    lines: [...new Set(lines)].sort(),
    data: {
      redactionId: redaction.redactionId,
      reason: redaction.reason,
      customerId: redaction.customerId,
      kinds,
      seqs: redaction.seqs.slice(index * SEQS_PER_PART, (index + 1) * SEQS_PER_PART),
      mediaDeleted: redaction.mediaDeleted.slice(index * SEQS_PER_PART, (index + 1) * SEQS_PER_PART),
      part: index + 1,
      parts,
      by: redaction.requestedBy,
    },
  }));
}

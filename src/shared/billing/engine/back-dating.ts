import type { RingsideEvent } from '../../events/model';
import { msToDate } from './calendar';

/**
 * A console fact dated more than this before the relay received it is back-dated
 * (the same 5 minutes the relay allows a console's clock to run ahead): allowed,
 * placed at the clock (docs/billing.md "The log's clock"), and said so wherever the
 * ledger shows it, so nobody mistakes a late entry for one made at the time.
 */
export const BACK_DATED_AFTER_MS = 5 * 60_000;

/** "back-dated to 2026-01-01, recorded 2026-01-05", or null for a fact recorded when it says it happened. */
export function backDatedNote(event: RingsideEvent): string | null {
  if (event.source !== 'console') return null;
  const occurredAtMs = Date.parse(event.occurredAt);
  const receivedAtMs = Date.parse(event.receivedAt);
  if (receivedAtMs - occurredAtMs <= BACK_DATED_AFTER_MS) return null;
  return `back-dated to ${msToDate(occurredAtMs)}, recorded ${msToDate(receivedAtMs)}`;
}

import type { RingsideEvent } from '../../shared/events/model';

/**
 * History the OpenPhone import brought in (issue 12, envelope `origin.by === 'import'`):
 * calls and texts of months ago, shown in History and in the conversations, but never
 * waiting for a call back and never unread: nobody is waiting on last spring's missed
 * call. What the daily reconciliation recovered (`origin.by === 'reconciliation'`) is
 * recent, a webhook that went missing, and counts as live.
 */
export function isImportedHistory(event: Pick<RingsideEvent, 'origin'>): boolean {
  return event.origin?.by === 'import';
}

/**
 * The read mark a conversation takes from an imported incoming text: read through the
 * text, so history never counts as unread. Null: the mark stays, because it already
 * covers the text, or because another incoming text between the mark and it is still
 * unread (a live one nobody has read must not be marked read by history).
 */
export function readMarkAfterImportedText(markMs: number | null, sentAtMs: number, unreadIncomingBefore: boolean): number | null {
  if (markMs !== null && markMs >= sentAtMs) return null;
  return unreadIncomingBefore ? null : sentAtMs;
}

import type { CallHistoryRow } from '../../../shared/api/contract';
import { formatDuration } from '../../../shared/units';

/**
 * A history row's talk time: only a call answered and ended has one. Its status is
 * written by the Communications page's words (callStatusText): a call still ringing or
 * going on reads "Ringing" / "In progress · answered by Dana", never "Missed".
 */
export function historyTalkTimeText(row: Pick<CallHistoryRow, 'answeredAt' | 'endedAt' | 'durationSeconds'>): string {
  return row.answeredAt !== null && row.endedAt !== null ? formatDuration(row.durationSeconds) : '—';
}

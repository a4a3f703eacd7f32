import { factKey } from '../../../src/shared/events/fact-key';
import type { MessageRecordedData, RingsideEvent } from '../../../src/shared/events/model';

/** A text's statuses after which OpenPhone reports nothing more about it. */
const FINAL_MESSAGE_STATUSES: ReadonlySet<MessageRecordedData['status']> = new Set(['received', 'delivered', 'undelivered', 'failed']);

/**
 * Whether a webhook's event only repeats a fact the log already holds from OpenPhone's
 * API (the history import or the daily reconciliation, `origin` set): the webhook came
 * late, for example a retry delayed past the import. The log refuses a repeat only by
 * source and event id, and the API never shows a webhook's delivery id, so without this
 * the same call or text would be stored twice, and a call imported "record only" would be
 * billed by its late webhook. Decided by fact key (src/shared/events/fact-key.ts):
 * - a call fact (ringing, answered, completed, missed, forwarded, recording, voicemail,
 *   transcript, summary) is one fact per call and type: the stored one stands. A
 *   different duration or answer in the webhook is left to the daily reconciliation,
 *   which compares the log with the API and reports what differs;
 * - a text is one fact whatever its status, so only a status the stored event already has,
 *   or an earlier one (queued or sent after an imported delivered), repeats it; a later
 *   status (delivered or failed after an imported sent) is news and is stored.
 * Facts first stored by a webhook are left to the log's own duplicate check. Pure.
 */
export function repeatsFetchedFact(incoming: RingsideEvent, stored: RingsideEvent): boolean {
  if (stored.origin === undefined) return false;
  const key = factKey(incoming);
  if (key === null || key !== factKey(stored)) return false;
  if (incoming.type !== 'message.recorded' || stored.type !== 'message.recorded') return true;
  const now = incoming.data.status;
  const before = stored.data.status;
  return now === before || (!FINAL_MESSAGE_STATUSES.has(now) && FINAL_MESSAGE_STATUSES.has(before));
}

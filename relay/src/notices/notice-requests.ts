import type { NoticeEntry } from '../../../src/shared/relay-rest/notices';
import type { NoticeChannel, NoticeKind } from '../../../src/shared/notices/notice-kinds';
import type { NoticeValues } from '../../../src/shared/notices/notice-template';

/**
 * A notice asked for by someone rather than decided by the rules (the portal link a
 * receptionist sends): rendered from the kind's template and queued in the same outbox,
 * under the caller's stable key, so it is sent once however often it is asked.
 */
export interface NoticeRequest {
  noticeKey: string;
  kind: NoticeKind;
  customerId: string;
  channel: Exclude<NoticeChannel, 'quickbooks'>;
  recipient: string;
  values: NoticeValues;
  /** Kept in the log instead of the body once sent (a portal link's token is not kept in plain). */
  redactAfterSend?: { secret: string; replacement: string };
}

export interface NoticeRequests {
  /** Queues it (or finds it queued under its key) and answers its entry. */
  request(request: NoticeRequest): NoticeEntry;
}

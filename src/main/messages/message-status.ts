import type { MessageStatus } from '../db/schema';

/** Where a message ended up: no later report of an earlier step (queued, sent) undoes it. */
const SETTLED: ReadonlySet<MessageStatus> = new Set(['received', 'delivered', 'undelivered', 'failed']);

/**
 * The status of a message recorded again: the later record wins, except that a settled
 * status is not taken back by a late `queued` or `sent` (webhooks come out of order).
 */
export function mergedMessageStatus(current: MessageStatus, next: MessageStatus): MessageStatus {
  return SETTLED.has(current) && !SETTLED.has(next) ? current : next;
}

/** Plain words for a delivery that failed, by OpenPhone's error code (spec telephony-providers §1.11). */
export function deliveryFailure(status: MessageStatus, errorCode: string | null): string | null {
  if (status !== 'failed' && status !== 'undelivered') return null;
  switch (errorCode) {
    case '0206400':
      return 'Not sent: this number is not yet approved for business texting (A2P 10DLC registration).';
    case '0200402':
      return 'Not sent: the OpenPhone account is out of messaging credits.';
    case '0101403':
      return 'Not sent: this OpenPhone user may not send from that number.';
    default:
      return status === 'undelivered' ? "The recipient's carrier did not deliver the message." : `The message could not be sent${errorCode ? ` (OpenPhone error ${errorCode})` : ''}.`;
  }
}

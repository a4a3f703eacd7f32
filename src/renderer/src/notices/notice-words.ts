import { NOTICE_KIND_NAMES, type NoticeChannel, type NoticeKind } from '../../../shared/notices/notice-kinds';
import type { NoticeEntry } from '../../../shared/relay-rest/notices';

/** The words the Notices page shows for kinds, channels and failed notices. */

export const CHANNEL_NAMES: Record<NoticeChannel, string> = {
  email: 'Email',
  sms: 'Text (SMS)',
  quickbooks: 'QuickBooks',
};

const CHANNEL_BY: Record<NoticeChannel, string> = { email: 'by email', sms: 'by text', quickbooks: 'through QuickBooks' };

/** What each kind is, under its switch. */
export const KIND_WORDS: Record<NoticeKind, string> = {
  invoice_issued: 'Sent when an invoice is issued, with its PDF. Invoices of zero are not sent.',
  payment_reminder: 'Sent after an invoice is due and still open, until it is paid or the limit is reached.',
  renewal: 'Sent before a subscription renews or ends.',
  low_balance: "Sent when a customer's wallet or included hours run low.",
  subscription_expired: 'Sent when a subscription ends: calls are billed pay-per-call from then on.',
  portal_link: 'Sent when someone at the desk sends a customer their portal link.',
};

export function whenWords(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/** "Payment reminder by email to ada@example.com" */
export function failedNoticeWords(entry: NoticeEntry): string {
  return `${NOTICE_KIND_NAMES[entry.kind]} ${CHANNEL_BY[entry.channel]} to ${entry.recipient}`;
}

/** "Tried 5 times, first queued Dec 2, 3:10 AM" */
export function attemptsWords(entry: NoticeEntry): string {
  return `Tried ${entry.attempts === 1 ? 'once' : `${entry.attempts} times`}, first queued ${whenWords(entry.createdAt)}`;
}

/**
 * The notices the relay sends customers by itself (issue 14 §2), and how. Shared by the
 * relay (rules, outbox, channels), the REST contract and the console's editor.
 */

export const noticeKinds = ['invoice_issued', 'payment_reminder', 'renewal', 'low_balance', 'subscription_expired', 'portal_link'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

/** Kinds a customer may unsubscribe from (reminders and marketing-like notices); an invoice or a link they asked for is not one. */
export const unsubscribableKinds = ['payment_reminder', 'renewal', 'low_balance'] as const satisfies readonly NoticeKind[];

export const noticeChannels = ['email', 'sms', 'quickbooks'] as const;
export type NoticeChannel = (typeof noticeChannels)[number];

/** Only an invoice can go by QuickBooks' own send-invoice. */
export const channelsOfKind: Record<NoticeKind, readonly NoticeChannel[]> = {
  invoice_issued: ['email', 'sms', 'quickbooks'],
  payment_reminder: ['email', 'sms'],
  renewal: ['email', 'sms'],
  low_balance: ['email', 'sms'],
  subscription_expired: ['email', 'sms'],
  portal_link: ['email', 'sms'],
};

export const NOTICE_KIND_NAMES: Record<NoticeKind, string> = {
  invoice_issued: 'Invoice issued',
  payment_reminder: 'Payment reminder',
  renewal: 'Renewal notice',
  low_balance: 'Low balance',
  subscription_expired: 'Subscription ended',
  portal_link: 'Portal link',
};

export const noticeStates = ['pending', 'sent', 'failed'] as const;
/** pending: waiting or being retried; sent; failed: permanently (shown to the admin, retried only by hand). */
export type NoticeState = (typeof noticeStates)[number];

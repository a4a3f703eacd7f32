import type { PortalLink } from '../../../shared/relay-rest/portal';
import type { NoticeEntry } from '../../../shared/relay-rest/notices';
import type { NoticeChannel } from '../../../shared/notices/notice-kinds';

/** The words the "Client portal" and "Notices sent" sections read a link and a notice in. `when` formats an instant. */

/** How long a new link works: the dialog's choices, "Never" first. */
export const EXPIRY_CHOICES: readonly { days: number | null; label: string }[] = [
  { days: null, label: 'Never' },
  { days: 7, label: 'In 7 days' },
  { days: 30, label: 'In 30 days' },
  { days: 90, label: 'In 90 days' },
];

export type BadgeTone = 'active' | 'muted' | 'danger' | 'warn';

export interface StateWords {
  badge: string;
  tone: BadgeTone;
  /** After the badge; empty when the badge says it all. */
  detail: string;
}

export function linkStateWords(link: PortalLink, when: (instant: string) => string): StateWords {
  switch (link.state) {
    case 'active':
      // Until when is the Expires column's: said once.
      return { badge: 'Active', tone: 'active', detail: '' };
    case 'expired':
      return { badge: 'Expired', tone: 'muted', detail: link.expiresAt === null ? '' : when(link.expiresAt) };
    case 'revoked':
      return { badge: 'Revoked', tone: 'danger', detail: link.revokedAt === null ? '' : when(link.revokedAt) };
  }
}

export function expiryWords(expiresAt: string | null, when: (instant: string) => string): string {
  return expiresAt === null ? 'Never' : when(expiresAt);
}

export function lastOpenedWords(lastOpenedAt: string | null, when: (instant: string) => string): string {
  return lastOpenedAt === null ? 'Not opened yet' : when(lastOpenedAt);
}

/** What the dialog says of the link it just made. */
export function linkReadyWords(customerName: string, expiresAt: string | null, when: (instant: string) => string): string {
  return `${customerName}'s portal link is ready. It works ${expiresAt === null ? 'until you revoke it' : `until ${when(expiresAt)}, unless revoked sooner`}.`;
}

export const CHANNEL_NAMES: Record<NoticeChannel, string> = { email: 'Email', sms: 'Text', quickbooks: 'QuickBooks' };

export function noticeStateWords(notice: NoticeEntry, when: (instant: string) => string): StateWords {
  switch (notice.state) {
    case 'sent':
      // When it went is the row's own column.
      return { badge: 'Sent', tone: 'active', detail: '' };
    case 'failed':
      return { badge: 'Failed', tone: 'danger', detail: notice.error ?? 'no reason was given' };
    case 'pending':
      if (notice.attempts === 0) return { badge: 'Waiting to send', tone: 'warn', detail: '' };
      return {
        badge: 'Trying again',
        tone: 'warn',
        detail: [notice.error, notice.nextAttemptAt === null ? null : `next try ${when(notice.nextAttemptAt)}`].filter((part) => part !== null).join(' · '),
      };
  }
}

/** What the dialog says once the relay has taken a send. */
export function sendQueuedWords(notice: NoticeEntry, to: string): string {
  if (notice.state === 'sent') return `Sent to ${to}.`;
  if (notice.state === 'failed') return `Not sent to ${to}: ${notice.error ?? 'no reason was given'}`;
  return `Sending to ${to}. The customer page's "Notices sent" list shows when it has gone.`;
}

import type { SettingDescription, SettingReader } from '../../config';
import { hasMailServer, isMailAddress, mailServerMissing, type SmtpSettings } from '../../mail/smtp-settings';

/**
 * The relay settings of the notice channels (issue 14 §2). Email notices go through the
 * relay's one mail server (RELAY_SMTP_*, shared with alert mail) from RELAY_NOTICE_EMAIL_FROM;
 * unset, the email channel says it cannot send, in words the settings page shows. Texts need
 * only OPENPHONE_API_KEY; QuickBooks' send-invoice only a connected QuickBooks.
 */

export interface NoticeEmailSettings {
  smtp: SmtpSettings;
  /** "Front Desk Co <billing@example.com>". */
  from: string;
  replyTo: string | null;
}

export interface NoticeChannelSettings {
  /** null: RELAY_NOTICE_EMAIL_FROM unset, no email notices. */
  email: NoticeEmailSettings | null;
}

export const NOTICE_CHANNEL_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  { name: 'RELAY_NOTICE_EMAIL_FROM', default: 'unset', description: 'The sender of notice mail to customers (invoices, reminders, renewal and low-balance notices, portal links), e.g. "Front Desk Co <billing@example.com>", sent through the RELAY_SMTP_* mail server. Unset: no email notices (the notices settings page says so). Most providers only accept an address of the account or domain that logs in.' },
  { name: 'RELAY_NOTICE_REPLY_TO', default: 'unset', description: 'Where customers\' replies to notice mail go (Reply-To), e.g. accounts@example.com. Unset: replies go to RELAY_NOTICE_EMAIL_FROM.' },
];

export function parseNoticeChannelSettings(value: SettingReader, errors: string[], smtp: SmtpSettings): NoticeChannelSettings {
  const from = value('RELAY_NOTICE_EMAIL_FROM') ?? null;
  const replyTo = value('RELAY_NOTICE_REPLY_TO') ?? null;
  const address = 'an email address, optionally with a name ("Front Desk Co <billing@example.com>")';
  if (from !== null && !isMailAddress(from)) errors.push(`RELAY_NOTICE_EMAIL_FROM must be ${address}, got '${from}'`);
  if (replyTo !== null && !isMailAddress(replyTo)) errors.push(`RELAY_NOTICE_REPLY_TO must be ${address}, got '${replyTo}'`);
  if (replyTo !== null && from === null) errors.push('RELAY_NOTICE_REPLY_TO is set without RELAY_NOTICE_EMAIL_FROM (the sender of notice mail)');
  if (from === null) return { email: null };
  if (!hasMailServer(smtp)) errors.push(mailServerMissing('RELAY_NOTICE_EMAIL_FROM'));
  return { email: { smtp, from, replyTo } };
}

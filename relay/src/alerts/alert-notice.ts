import type { AlertChannelName, AlertSeverity } from './relay-alert-event';

/** One alert raised or cleared, as owed to the owner. */
export interface OwedNotice {
  alertId: string;
  kind: 'raised' | 'cleared';
  severity: AlertSeverity;
  message: string;
  /** When it was raised or cleared (ms since the epoch). */
  at: number;
}

/** The words of one mail or SMS: a subject (mail only) and a plain-text body. */
export interface AlertNotice {
  subject: string;
  text: string;
}

const SMS_MAX = 600;
/** A notice whose alertId starts so is a summary (AlertService.summarize), not an alert: nothing is wrong, nothing is in the banner. */
export const SUMMARY_PREFIX = 'summary:';

/**
 * What the owner reads: one alert, or a digest of several when many came at once (the
 * hour's budget of messages ran out). Plain words; the alert's own message says what to
 * do. SMS are short: the subject line and the message, cut to a few texts' length. Pure.
 */
export function alertNotice(owed: readonly OwedNotice[], channel: AlertChannelName): AlertNotice {
  if (owed.length === 0) throw new Error('an alert notice needs at least one alert');
  const subject = owed.length === 1 ? single(owed[0]!) : `Ringside: ${owed.length} alerts`;
  const body =
    owed.length === 1
      ? `${owed[0]!.message}\n\n${when(owed[0]!)}`
      : owed.map((notice) => `• ${headline(notice)}: ${notice.message} (${when(notice)})`).join('\n\n');
  if (channel === 'sms') return { subject, text: cut(owed.length === 1 ? `${subject}: ${owed[0]!.message}` : `${subject}. ${owed.map((notice) => notice.message).join(' / ')}`) };
  if (owed.every(isSummary)) return { subject, text: `${body}\n` };
  return { subject, text: `${body}\n\nEvery Ringside console shows open alerts at the top until someone acknowledges them.\n` };
}

const SUBJECT_WORDS = 90;

function single(notice: OwedNotice): string {
  // Cut at a word, so the subject never ends in half of one.
  const words = notice.message.length <= SUBJECT_WORDS ? notice.message : `${notice.message.slice(0, SUBJECT_WORDS).replace(/\s+\S*$/, '')}…`;
  return `Ringside ${headline(notice)}: ${words}`;
}

function isSummary(notice: OwedNotice): boolean {
  return notice.alertId.startsWith(SUMMARY_PREFIX);
}

function headline(notice: OwedNotice): string {
  if (isSummary(notice)) return 'daily summary';
  if (notice.kind === 'cleared') return 'resolved';
  return notice.severity === 'critical' ? 'urgent alert' : 'alert';
}

function when(notice: OwedNotice): string {
  return `${isSummary(notice) ? 'Sent' : notice.kind === 'cleared' ? 'Resolved' : 'Raised'} at ${new Date(notice.at).toISOString().replace('T', ' ').slice(0, 16)} UTC.`;
}

function cut(text: string): string {
  return text.length <= SMS_MAX ? text : `${text.slice(0, SMS_MAX - 1)}…`;
}

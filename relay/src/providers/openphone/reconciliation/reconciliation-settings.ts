import type { SettingDescription, SettingReader } from '../../../config';
import { isTimeZone } from './business-time';

/** When the relay reconciles the log with OpenPhone's API, in the business's time zone. Parsing is pure. */

export const BUSINESS_TIME_ZONE_DEFAULT = 'UTC';
export const RECONCILE_AT_DEFAULT = '02:00';

export interface ReconciliationSettings {
  /** An IANA zone name: the business's days start at its midnight. */
  timeZone: string;
  /** Minutes after local midnight the daily run starts at; null: no daily run (on demand and after an outage still run). */
  atMinutes: number | null;
  /** Mail the owner a short summary after a daily run that found nothing missing (with alert email configured). */
  summaryEmail: boolean;
}

export const RECONCILIATION_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  {
    name: 'RELAY_BUSINESS_TIME_ZONE',
    default: BUSINESS_TIME_ZONE_DEFAULT,
    description: "The business's time zone, an IANA name such as America/New_York: the daily reconciliation runs at OPENPHONE_RECONCILE_AT and covers the previous day in this zone.",
  },
  {
    name: 'OPENPHONE_RECONCILE_AT',
    default: RECONCILE_AT_DEFAULT,
    description:
      "Local time (HH:MM, 24-hour, in RELAY_BUSINESS_TIME_ZONE) the relay lists the previous day's calls and texts through OpenPhone's API (with OPENPHONE_API_KEY), adds any its webhooks missed and alerts when it found some; off: no daily run (an admin can still check a date range, and the relay still checks the time it was down at start-up).",
  },
  {
    name: 'RELAY_RECONCILIATION_SUMMARY_EMAIL',
    default: 'on',
    description:
      "on: after a daily reconciliation that found nothing missing, the owner gets a short summary email (how many calls and texts were checked) through the alert email (RELAY_ALERT_EMAIL_TO and its SMTP server; nothing is sent while those are unset), never in the banner; off: no summary (a run that found something still raises its alert).",
  },
];

export function readReconciliationSettings(value: SettingReader, errors: string[]): ReconciliationSettings {
  const zone = value('RELAY_BUSINESS_TIME_ZONE') ?? BUSINESS_TIME_ZONE_DEFAULT;
  const timeZone = isTimeZone(zone) ? zone : BUSINESS_TIME_ZONE_DEFAULT;
  if (timeZone !== zone) errors.push(`RELAY_BUSINESS_TIME_ZONE must be a time zone name such as America/New_York or UTC, got '${zone}'`);
  const summary = value('RELAY_RECONCILIATION_SUMMARY_EMAIL') ?? 'on';
  if (summary !== 'on' && summary !== 'off') errors.push(`RELAY_RECONCILIATION_SUMMARY_EMAIL must be on or off, got '${summary}'`);
  const summaryEmail = summary !== 'off';
  const at = value('OPENPHONE_RECONCILE_AT') ?? RECONCILE_AT_DEFAULT;
  if (at === 'off') return { timeZone, atMinutes: null, summaryEmail };
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(at);
  if (match === null) {
    errors.push(`OPENPHONE_RECONCILE_AT must be a time of day like 02:00 (24-hour HH:MM) or off, got '${at}'`);
    return { timeZone, atMinutes: 120, summaryEmail };
  }
  return { timeZone, atMinutes: Number(match[1]) * 60 + Number(match[2]), summaryEmail };
}

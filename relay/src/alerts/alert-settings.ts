import type { SettingDescription, SettingReader } from '../config';
import { integerSettings } from '../integer-setting';
import { hasMailServer, isMailAddress, mailServerMissing, parseSmtpSettings, SMTP_SETTING_DESCRIPTIONS, type SmtpSettings } from '../mail/smtp-settings';

/**
 * Settings of the alert service: the owner's email (SMTP) and phone (SMS through
 * OpenPhone), each off while its recipient is unset, and the limits that keep a burst of
 * trouble from flooding the owner. Parsing is pure; a bad value is reported naming its
 * setting, which stops start-up.
 */

export interface AlertEmailSettings {
  smtp: SmtpSettings;
  from: string;
  to: readonly string[];
  /** Connecting, greeting and each SMTP exchange. */
  timeoutMs: number;
}

export interface AlertSettings {
  /** null: no alert mail (RELAY_ALERT_EMAIL_TO unset). */
  email: AlertEmailSettings | null;
  /** null: no alert SMS (RELAY_ALERT_SMS_TO unset). */
  sms: { from: string; to: string } | null;
  repeatMs: number;
  messagesPerHour: number;
  /** Longest wait between tries of a failed delivery. */
  retryCapMs: number;
}

export const ALERT_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  { name: 'RELAY_ALERT_EMAIL_TO', default: 'unset', description: "The owner's email address(es), comma-separated, for alerts (webhook, health-check and reconciliation failures, media that cannot be saved, QuickBooks needing reconnection). Unset: no alert mail; the banner in every console still shows them." },
  { name: 'RELAY_ALERT_EMAIL_FROM', default: 'unset', description: 'The sender of alert mail, e.g. "Ringside relay <relay@example.com>"; required with RELAY_ALERT_EMAIL_TO. Most providers only accept an address of the account or domain that logs in.' },
  ...SMTP_SETTING_DESCRIPTIONS,
  { name: 'RELAY_ALERT_SMS_TO', default: 'unset', description: "The owner's mobile number (E.164, e.g. +16175550123): critical alerts are also texted there through OpenPhone (needs OPENPHONE_API_KEY). Unset: no alert SMS." },
  { name: 'RELAY_ALERT_SMS_FROM', default: 'unset', description: 'The OpenPhone line alert texts are sent from: its number (E.164) or its PN… id; required with RELAY_ALERT_SMS_TO.' },
  { name: 'RELAY_ALERT_REPEAT_MINUTES', default: '60', description: 'An alert cleared and raised again within this many minutes of its last mail or SMS shows in the banner but is not sent again (a flapping alert sends one message). An alert that is still open is never sent twice.' },
  { name: 'RELAY_ALERT_MESSAGES_PER_HOUR', default: '12', description: 'Most alert mails (and, apart, SMS) sent in any hour; past it, the alerts wait and go out together as one digest when the hour allows. None is dropped.' },
  { name: 'RELAY_ALERT_RETRY_MAX_SECONDS', default: '600', description: 'Longest wait between tries of an alert mail or SMS that failed (the mail server or OpenPhone down); tries go on until it is sent.' },
];

const E164 = /^\+[1-9]\d{6,14}$/;
const PHONE_NUMBER_ID = /^PN[A-Za-z0-9]{1,64}$/;

/** `smtp`: the relay's mail server, parsed once by the caller that also gives it to the notices. */
export function parseAlertSettings(value: SettingReader, errors: string[], openPhoneKeySet: boolean, smtp: SmtpSettings = parseSmtpSettings(value, errors)): AlertSettings {
  const integer = integerSettings(value, errors);
  const repeatMinutes = integer('RELAY_ALERT_REPEAT_MINUTES', 60, 0, 7 * 24 * 60, 'a number of minutes from 0 to 10080');
  const messagesPerHour = integer('RELAY_ALERT_MESSAGES_PER_HOUR', 12, 1, 3600, 'a number of messages from 1 to 3600');
  const retryMaxSeconds = integer('RELAY_ALERT_RETRY_MAX_SECONDS', 600, 1, 86_400, 'a number of seconds from 1 to 86400');
  return {
    email: parseEmail(value, errors, smtp),
    sms: parseSms(value, errors, openPhoneKeySet),
    repeatMs: repeatMinutes * 60_000,
    messagesPerHour,
    retryCapMs: retryMaxSeconds * 1000,
  };
}

function parseEmail(value: SettingReader, errors: string[], smtp: SmtpSettings): AlertEmailSettings | null {
  const toRaw = value('RELAY_ALERT_EMAIL_TO');
  const from = value('RELAY_ALERT_EMAIL_FROM') ?? null;
  if (from !== null && !isMailAddress(from)) errors.push(`RELAY_ALERT_EMAIL_FROM must be an email address, optionally with a name ("Ringside <relay@example.com>"), got '${from}'`);
  if (toRaw === undefined) return null;
  const to = toRaw.split(',').map((address) => address.trim()).filter((address) => address !== '');
  const wrong = to.filter((address) => !isMailAddress(address));
  if (to.length === 0 || wrong.length > 0) errors.push(`RELAY_ALERT_EMAIL_TO must be one or more email addresses, comma-separated, got '${toRaw}'`);
  if (from === null) errors.push('RELAY_ALERT_EMAIL_FROM is required with RELAY_ALERT_EMAIL_TO (the sender of alert mail)');
  if (!hasMailServer(smtp)) errors.push(mailServerMissing('RELAY_ALERT_EMAIL_TO'));
  return { smtp, from: from ?? '', to, timeoutMs: smtp.timeoutMs };
}

function parseSms(value: SettingReader, errors: string[], openPhoneKeySet: boolean): { from: string; to: string } | null {
  const to = value('RELAY_ALERT_SMS_TO');
  const from = value('RELAY_ALERT_SMS_FROM');
  if (from !== undefined && !E164.test(from) && !PHONE_NUMBER_ID.test(from)) errors.push(`RELAY_ALERT_SMS_FROM must be an OpenPhone line's number (E.164, e.g. +16175550100) or its PN… id, got '${from}'`);
  if (to === undefined) return null;
  if (!E164.test(to)) errors.push(`RELAY_ALERT_SMS_TO must be a phone number in E.164 form such as +16175550123, got '${to}'`);
  if (from === undefined) errors.push('RELAY_ALERT_SMS_FROM is required with RELAY_ALERT_SMS_TO (the OpenPhone line alert texts are sent from)');
  if (!openPhoneKeySet) errors.push('RELAY_ALERT_SMS_TO needs OPENPHONE_API_KEY: alert texts are sent through OpenPhone');
  return { from: from ?? '', to };
}

import type { SettingDescription, SettingReader } from '../config';
import { integerSettings } from '../integer-setting';

/**
 * Settings of the alert service: the owner's email (SMTP) and phone (SMS through
 * OpenPhone), each off while its recipient is unset, and the limits that keep a burst of
 * trouble from flooding the owner. Parsing is pure; a bad value is reported naming its
 * setting, which stops start-up.
 */

export interface SmtpSettings {
  /** RELAY_SMTP_URL (smtp:// or smtps://, login included): wins over the separate settings. */
  url: string | null;
  host: string | null;
  port: number;
  /** TLS from the first byte (port 465). */
  secure: boolean;
  /** STARTTLS must succeed before logging in (port 587); off only with RELAY_SMTP_SECURITY=none. */
  requireTls: boolean;
  /** RELAY_SMTP_SECURITY=none: never STARTTLS, even when the server offers it. */
  ignoreTls: boolean;
  user: string | null;
  password: string | null;
}

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

export const SMTP_SECURITY = ['starttls', 'tls', 'none'] as const;

export const ALERT_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  { name: 'RELAY_ALERT_EMAIL_TO', default: 'unset', description: "The owner's email address(es), comma-separated, for alerts (webhook, health-check and reconciliation failures, media that cannot be saved, QuickBooks needing reconnection). Unset: no alert mail; the banner in every console still shows them." },
  { name: 'RELAY_ALERT_EMAIL_FROM', default: 'unset', description: 'The sender of alert mail, e.g. "Ringside relay <relay@example.com>"; required with RELAY_ALERT_EMAIL_TO. Most providers only accept an address of the account or domain that logs in.' },
  { name: 'RELAY_SMTP_URL', default: 'unset', description: 'The mail server as one URL, e.g. smtps://relay%40example.com:app-password@smtp.gmail.com:465 (characters such as @ in the login percent-encoded). Wins over RELAY_SMTP_HOST and the settings below.' },
  { name: 'RELAY_SMTP_HOST', default: 'unset', description: 'The mail server: smtp.gmail.com (Gmail / Google Workspace, with an app password), smtp-relay.gmail.com (Workspace SMTP relay, by IP or login), smtp.office365.com (Microsoft 365, port 587), or any provider\'s SMTP host. One of RELAY_SMTP_URL and RELAY_SMTP_HOST is required with RELAY_ALERT_EMAIL_TO.' },
  { name: 'RELAY_SMTP_PORT', default: '587', description: 'The mail server\'s port; 465 when RELAY_SMTP_SECURITY is tls and this is unset.' },
  { name: 'RELAY_SMTP_SECURITY', default: 'starttls', description: 'starttls (port 587: plain connection upgraded with STARTTLS, refused if the server cannot), tls (port 465: TLS from the start), or none (no encryption: only for a mail server on the same machine or in tests).' },
  { name: 'RELAY_SMTP_USER', default: 'unset', description: 'Login of the mail server (usually the mailbox address). Unset: no login (a relay that admits the VPS by its address).' },
  { name: 'RELAY_SMTP_PASSWORD', default: 'unset', description: 'Password of RELAY_SMTP_USER (an app password for Gmail and for Microsoft 365 with multi-factor sign-in). Never logged.' },
  { name: 'RELAY_SMTP_TIMEOUT_SECONDS', default: '30', description: 'How long the relay waits for the mail server at each step before counting the send as failed (it is tried again).' },
  { name: 'RELAY_ALERT_SMS_TO', default: 'unset', description: "The owner's mobile number (E.164, e.g. +16175550123): critical alerts are also texted there through OpenPhone (needs OPENPHONE_API_KEY). Unset: no alert SMS." },
  { name: 'RELAY_ALERT_SMS_FROM', default: 'unset', description: 'The OpenPhone line alert texts are sent from: its number (E.164) or its PN… id; required with RELAY_ALERT_SMS_TO.' },
  { name: 'RELAY_ALERT_REPEAT_MINUTES', default: '60', description: 'An alert cleared and raised again within this many minutes of its last mail or SMS shows in the banner but is not sent again (a flapping alert sends one message). An alert that is still open is never sent twice.' },
  { name: 'RELAY_ALERT_MESSAGES_PER_HOUR', default: '12', description: 'Most alert mails (and, apart, SMS) sent in any hour; past it, the alerts wait and go out together as one digest when the hour allows. None is dropped.' },
  { name: 'RELAY_ALERT_RETRY_MAX_SECONDS', default: '600', description: 'Longest wait between tries of an alert mail or SMS that failed (the mail server or OpenPhone down); tries go on until it is sent.' },
];

const E164 = /^\+[1-9]\d{6,14}$/;
const PHONE_NUMBER_ID = /^PN[A-Za-z0-9]{1,64}$/;
// An address alone or with a display name: "Name <a@b.c>"; anything fancier is not worth guessing at.
const ADDRESS = /^(?:[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+|[^<>]*<[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>)$/;

export function parseAlertSettings(value: SettingReader, errors: string[], openPhoneKeySet: boolean): AlertSettings {
  const integer = integerSettings(value, errors);
  const repeatMinutes = integer('RELAY_ALERT_REPEAT_MINUTES', 60, 0, 7 * 24 * 60, 'a number of minutes from 0 to 10080');
  const messagesPerHour = integer('RELAY_ALERT_MESSAGES_PER_HOUR', 12, 1, 3600, 'a number of messages from 1 to 3600');
  const retryMaxSeconds = integer('RELAY_ALERT_RETRY_MAX_SECONDS', 600, 1, 86_400, 'a number of seconds from 1 to 86400');
  const timeoutSeconds = integer('RELAY_SMTP_TIMEOUT_SECONDS', 30, 1, 600, 'a number of seconds from 1 to 600');
  return {
    email: parseEmail(value, errors, integer, timeoutSeconds * 1000),
    sms: parseSms(value, errors, openPhoneKeySet),
    repeatMs: repeatMinutes * 60_000,
    messagesPerHour,
    retryCapMs: retryMaxSeconds * 1000,
  };
}

function parseEmail(value: SettingReader, errors: string[], integer: ReturnType<typeof integerSettings>, timeoutMs: number): AlertEmailSettings | null {
  const securityRaw = value('RELAY_SMTP_SECURITY') ?? 'starttls';
  const security = (SMTP_SECURITY as readonly string[]).includes(securityRaw) ? (securityRaw as (typeof SMTP_SECURITY)[number]) : null;
  if (security === null) errors.push(`RELAY_SMTP_SECURITY must be one of ${SMTP_SECURITY.join(', ')}, got '${securityRaw}'`);
  const port = integer('RELAY_SMTP_PORT', security === 'tls' ? 465 : 587, 1, 65535, 'a port from 1 to 65535');
  const url = value('RELAY_SMTP_URL') ?? null;
  if (url !== null && !/^smtps?:\/\/[^/\s]+/.test(url)) errors.push("RELAY_SMTP_URL must be an smtp:// or smtps:// URL such as smtps://user:password@smtp.example.com:465");
  const host = value('RELAY_SMTP_HOST') ?? null;
  const user = value('RELAY_SMTP_USER') ?? null;
  const password = value('RELAY_SMTP_PASSWORD') ?? null;
  if (password !== null && user === null) errors.push('RELAY_SMTP_PASSWORD is set without RELAY_SMTP_USER');
  const toRaw = value('RELAY_ALERT_EMAIL_TO');
  const from = value('RELAY_ALERT_EMAIL_FROM') ?? null;
  if (from !== null && !ADDRESS.test(from)) errors.push(`RELAY_ALERT_EMAIL_FROM must be an email address, optionally with a name ("Ringside <relay@example.com>"), got '${from}'`);
  if (toRaw === undefined) return null;
  const to = toRaw.split(',').map((address) => address.trim()).filter((address) => address !== '');
  const wrong = to.filter((address) => !ADDRESS.test(address));
  if (to.length === 0 || wrong.length > 0) errors.push(`RELAY_ALERT_EMAIL_TO must be one or more email addresses, comma-separated, got '${toRaw}'`);
  if (from === null) errors.push('RELAY_ALERT_EMAIL_FROM is required with RELAY_ALERT_EMAIL_TO (the sender of alert mail)');
  if (url === null && host === null) errors.push('RELAY_ALERT_EMAIL_TO needs a mail server: set RELAY_SMTP_URL, or RELAY_SMTP_HOST (with RELAY_SMTP_PORT, RELAY_SMTP_SECURITY, RELAY_SMTP_USER and RELAY_SMTP_PASSWORD as it needs)');
  return {
    smtp: { url, host, port, secure: security === 'tls', requireTls: security === 'starttls', ignoreTls: security === 'none', user, password },
    from: from ?? '',
    to,
    timeoutMs,
  };
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

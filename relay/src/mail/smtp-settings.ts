import type { SettingDescription, SettingReader } from '../config';
import { integerSettings } from '../integer-setting';

/**
 * The relay's one mail server (RELAY_SMTP_*), shared by alert mail to the owner and notice
 * mail to customers. Parsing is pure; a bad value is reported naming its setting, which
 * stops start-up. Whether mail is sent at all is decided by each user of it (the alert
 * recipients, the notices' sender).
 */

export const SMTP_SECURITY = ['starttls', 'tls', 'none'] as const;

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
  /** Connecting, greeting and each SMTP exchange. */
  timeoutMs: number;
}

export const SMTP_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  { name: 'RELAY_SMTP_URL', default: 'unset', description: 'The mail server as one URL, e.g. smtps://relay%40example.com:app-password@smtp.gmail.com:465 (characters such as @ in the login percent-encoded). Wins over RELAY_SMTP_HOST and the settings below.' },
  { name: 'RELAY_SMTP_HOST', default: 'unset', description: 'The mail server: smtp.gmail.com (Gmail / Google Workspace, with an app password), smtp-relay.gmail.com (Workspace SMTP relay, by IP or login), smtp.office365.com (Microsoft 365, port 587), or any provider\'s SMTP host. One of RELAY_SMTP_URL and RELAY_SMTP_HOST is required with RELAY_ALERT_EMAIL_TO or RELAY_NOTICE_EMAIL_FROM.' },
  { name: 'RELAY_SMTP_PORT', default: '587', description: 'The mail server\'s port; 465 when RELAY_SMTP_SECURITY is tls and this is unset.' },
  { name: 'RELAY_SMTP_SECURITY', default: 'starttls', description: 'starttls (port 587: plain connection upgraded with STARTTLS, refused if the server cannot), tls (port 465: TLS from the start), or none (no encryption: only for a mail server on the same machine or in tests).' },
  { name: 'RELAY_SMTP_USER', default: 'unset', description: 'Login of the mail server (usually the mailbox address). Unset: no login (a relay that admits the VPS by its address).' },
  { name: 'RELAY_SMTP_PASSWORD', default: 'unset', description: 'Password of RELAY_SMTP_USER (an app password for Gmail and for Microsoft 365 with multi-factor sign-in). Never logged.' },
  { name: 'RELAY_SMTP_TIMEOUT_SECONDS', default: '30', description: 'How long the relay waits for the mail server at each step before counting the send as failed (it is tried again).' },
];

/** Always answers (the defaults where a value is bad); `url` and `host` both null: no mail server is set. */
export function parseSmtpSettings(value: SettingReader, errors: string[]): SmtpSettings {
  const integer = integerSettings(value, errors);
  const timeoutSeconds = integer('RELAY_SMTP_TIMEOUT_SECONDS', 30, 1, 600, 'a number of seconds from 1 to 600');
  const securityRaw = value('RELAY_SMTP_SECURITY') ?? 'starttls';
  const security = (SMTP_SECURITY as readonly string[]).includes(securityRaw) ? (securityRaw as (typeof SMTP_SECURITY)[number]) : null;
  if (security === null) errors.push(`RELAY_SMTP_SECURITY must be one of ${SMTP_SECURITY.join(', ')}, got '${securityRaw}'`);
  const port = integer('RELAY_SMTP_PORT', security === 'tls' ? 465 : 587, 1, 65535, 'a port from 1 to 65535');
  const url = value('RELAY_SMTP_URL') ?? null;
  if (url !== null && !/^smtps?:\/\/[^/\s]+/.test(url)) errors.push('RELAY_SMTP_URL must be an smtp:// or smtps:// URL such as smtps://user:password@smtp.example.com:465');
  const host = value('RELAY_SMTP_HOST') ?? null;
  const user = value('RELAY_SMTP_USER') ?? null;
  const password = value('RELAY_SMTP_PASSWORD') ?? null;
  if (password !== null && user === null) errors.push('RELAY_SMTP_PASSWORD is set without RELAY_SMTP_USER');
  return { url, host, port, secure: security === 'tls', requireTls: security === 'starttls', ignoreTls: security === 'none', user, password, timeoutMs: timeoutSeconds * 1000 };
}

// An address alone or with a display name: "Name <a@b.c>"; anything fancier is not worth guessing at.
const ADDRESS = /^(?:[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+|[^<>]*<[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>)$/;

export function isMailAddress(text: string): boolean {
  return ADDRESS.test(text);
}

export function hasMailServer(smtp: SmtpSettings): boolean {
  return smtp.url !== null || smtp.host !== null;
}

/** What a setting that sends mail says when no mail server is set. */
export function mailServerMissing(setting: string): string {
  return `${setting} needs a mail server: set RELAY_SMTP_URL, or RELAY_SMTP_HOST (with RELAY_SMTP_PORT, RELAY_SMTP_SECURITY, RELAY_SMTP_USER and RELAY_SMTP_PASSWORD as it needs)`;
}

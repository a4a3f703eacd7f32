import type { Transporter } from 'nodemailer';
import { createSmtpTransport } from '../mail/smtp-transport';
import type { AlertChannel } from './alert-deliveries';
import type { AlertEmailSettings } from './alert-settings';

/**
 * Alert mail by SMTP (nodemailer): to RELAY_ALERT_EMAIL_TO from RELAY_ALERT_EMAIL_FROM,
 * through RELAY_SMTP_URL or RELAY_SMTP_HOST and its port, TLS and login (the relay's one
 * mail server, relay/src/mail, shared with notice mail). Failures come back in words with the SMTP code, never the password.
 */
export function emailChannel(settings: AlertEmailSettings): AlertChannel {
  const transport: Transporter = createSmtpTransport(settings.smtp);
  return {
    name: 'email',
    async send(notice) {
      try {
        await transport.sendMail({ from: settings.from, to: [...settings.to], subject: notice.subject, text: notice.text });
        return { ok: true };
      } catch (error) {
        return { ok: false, error: describeSmtpError(error) };
      }
    },
    close() {
      transport.close();
    },
  };
}

function describeSmtpError(error: unknown): string {
  if (!(error instanceof Error)) return `the mail server failed: ${String(error)}`;
  const detail = error as Error & { code?: string; responseCode?: number; response?: string };
  if (detail.responseCode !== undefined) return `the mail server refused the alert (${detail.responseCode}): ${(detail.response ?? error.message).slice(0, 200)}`;
  if (detail.code === 'EAUTH') return 'the mail server refused the login (RELAY_SMTP_USER / RELAY_SMTP_PASSWORD)';
  return `the mail server could not be reached (${detail.code ?? 'error'}): ${error.message.slice(0, 200)}`;
}

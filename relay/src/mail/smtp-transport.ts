import { createTransport, type Transporter } from 'nodemailer';
import type { SmtpSettings } from './smtp-settings';

/**
 * A nodemailer transport to the relay's mail server, for alert mail and notice mail alike.
 * Not pooled: mail is rare, and a fresh connection per message finds a restarted server.
 * STARTTLS is required on 587 unless RELAY_SMTP_SECURITY=none (Gmail, Google Workspace's
 * relay and Microsoft 365 all offer it); TLS from the first byte with tls (465).
 * RELAY_SMTP_TIMEOUT_SECONDS bounds every step, with RELAY_SMTP_URL too.
 */
export function createSmtpTransport(smtp: SmtpSettings): Transporter {
  const timeouts = { connectionTimeout: smtp.timeoutMs, greetingTimeout: smtp.timeoutMs, socketTimeout: smtp.timeoutMs };
  if (smtp.url !== null) return createTransport({ url: smtp.url, ...timeouts });
  return createTransport({
    host: smtp.host!,
    port: smtp.port,
    secure: smtp.secure,
    requireTLS: smtp.requireTls,
    ignoreTLS: smtp.ignoreTls,
    auth: smtp.user === null ? undefined : { user: smtp.user, pass: smtp.password ?? '' },
    ...timeouts,
  });
}

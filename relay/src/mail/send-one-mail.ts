import type { Transporter } from 'nodemailer';
import type { SmtpSettings } from './smtp-settings';

/**
 * One plain-text mail through the relay's mail server (RELAY_SMTP_*) from a configured sender,
 * for notices and payment links alike: marked automatic (RFC 3834, so out-of-office replies
 * are not sent back), with the caller's Message-ID (a retried mail is the same message to the
 * recipient's mail system), and a failure told in words that never carry the SMTP password.
 */

export interface MailSender {
  smtp: SmtpSettings;
  from: string;
  replyTo: string | null;
}

export interface OneMail {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  /** Beside Auto-Submitted. */
  headers?: Record<string, string>;
}

export type OneMailResult = { ok: true; messageId: string } | { ok: false; permanent: boolean; error: string };

export async function sendOneMail(transport: Transporter, sender: MailSender, mail: OneMail): Promise<OneMailResult> {
  try {
    const info = (await transport.sendMail({
      from: sender.from,
      to: mail.to,
      replyTo: sender.replyTo ?? undefined,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      ...(mail.attachments === undefined ? {} : { attachments: mail.attachments }),
      headers: { 'Auto-Submitted': 'auto-generated', ...mail.headers },
    })) as { messageId?: string };
    return { ok: true, messageId: info.messageId ?? mail.messageId };
  } catch (error) {
    const failure = smtpFailure(error, mail.to);
    const secret = smtpPassword(sender.smtp);
    return { ok: false, permanent: failure.permanent, error: secret === null ? failure.error : failure.error.split(secret).join('[password]') };
  }
}

/**
 * Final or not, in words. The recipient or the message refused with a 5xx is final (the
 * same mail would be refused again); a 4xx, a refused login, a refused sender (a setting
 * to fix, after which every waiting notice should go), no connection or a timeout is
 * tried again.
 */
function smtpFailure(error: unknown, recipient: string): { permanent: boolean; error: string } {
  if (!(error instanceof Error)) return { permanent: false, error: `The mail server failed: ${String(error).slice(0, 200)}` };
  const detail = error as Error & { code?: string; responseCode?: number; response?: string; command?: string };
  const said = (detail.response ?? error.message).replace(/\s+/g, ' ').slice(0, 200);
  const code = detail.responseCode;
  // A plain sentence first, for the admin; the server's own words after it (they carry its code), never a bare code in front.
  const words = ` The mail server said: ${said}`;
  if (code !== undefined && code >= 500 && code < 600) {
    if (detail.command === 'RCPT TO') return { permanent: true, error: `This address does not take mail: ${recipient}. Check it on the customer's page.${words}` };
    if (detail.command === 'DATA') return { permanent: true, error: `The mail server would not take this message (too large, or refused as it is).${words}` };
    if (detail.command === 'MAIL FROM') return { permanent: false, error: `The mail server refused the sender address (RELAY_NOTICE_EMAIL_FROM): whoever set up Ringside checks it.${words}` };
  }
  if (detail.code === 'EAUTH') return { permanent: false, error: 'The mail server refused Ringside\'s login (RELAY_SMTP_USER / RELAY_SMTP_PASSWORD): whoever set up Ringside checks them.' };
  if (code !== undefined) return { permanent: false, error: `The mail server asked to try again later; Ringside will.${words}` };
  return { permanent: false, error: `The mail server could not be reached; Ringside will try again. (${detail.code ?? 'error'}: ${error.message.slice(0, 200)})` };
}

/** The password, wherever it is set, so no failure's words can carry it. */
function smtpPassword(smtp: SmtpSettings): string | null {
  if (smtp.password !== null && smtp.password !== '') return smtp.password;
  if (smtp.url === null) return null;
  try {
    const password = decodeURIComponent(new URL(smtp.url).password);
    return password === '' ? null : password;
  } catch {
    return null;
  }
}

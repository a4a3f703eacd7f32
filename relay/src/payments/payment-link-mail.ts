import type { Transporter } from 'nodemailer';
import { isMailAddress } from '../mail/smtp-settings';
import { sendOneMail } from '../mail/send-one-mail';
import { createSmtpTransport } from '../mail/smtp-transport';
import type { NoticeEmailSettings } from '../notices/channels/notice-channel-settings';
import { noticeMessageId } from '../notices/channels/email-channel';

/**
 * A payment link mailed to a customer at the agent's press of "Send by email" (issue 13 §5),
 * through the mail server notices use (RELAY_SMTP_*), from RELAY_NOTICE_EMAIL_FROM. Sent at
 * once and answered: the agent is at the dialog and reads whether it went. The Message-ID comes
 * from the press, so pressing again after a lost answer is the same message to mail systems.
 */
export interface PaymentLinkMail {
  key: string;
  to: string;
  subject: string;
  body: string;
}

export type PaymentLinkMailResult = { ok: true; messageId: string } | { ok: false; error: string };

export interface PaymentLinkMailer {
  /** Why mail cannot be sent from this relay, in words; null when it can. */
  unavailable(): string | null;
  send(mail: PaymentLinkMail): Promise<PaymentLinkMailResult>;
  close(): void;
}

export function paymentLinkMailer(settings: NoticeEmailSettings | null): PaymentLinkMailer {
  const transport: Transporter | null = settings === null ? null : createSmtpTransport(settings.smtp);
  return {
    unavailable: () =>
      settings === null ? 'The relay cannot send email: whoever runs it sets RELAY_NOTICE_EMAIL_FROM (the sender) and the mail server (RELAY_SMTP_HOST or RELAY_SMTP_URL). Copy the link and send it yourself meanwhile.' : null,
    async send(mail) {
      if (settings === null || transport === null) return { ok: false, error: 'The relay cannot send email (RELAY_NOTICE_EMAIL_FROM is not set).' };
      if (!isMailAddress(mail.to)) return { ok: false, error: `${mail.to} is not an email address mail can be sent to.` };
      // Sent for a person at the desk, but marked automatic all the same: no out-of-office reply is wanted.
      const sent = await sendOneMail(transport, settings, { to: mail.to, subject: mail.subject, text: mail.body, messageId: noticeMessageId(mail.key, settings.from) });
      return sent.ok ? sent : { ok: false, error: sent.error };
    },
    close: () => transport?.close(),
  };
}

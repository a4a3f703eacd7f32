import { createHash } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { isMailAddress } from '../../mail/smtp-settings';
import { sendOneMail } from '../../mail/send-one-mail';
import { createSmtpTransport } from '../../mail/smtp-transport';
import type { NoticeChannel, NoticeSendResult, OutgoingNotice } from '../notice-channel';
import type { NoticeEmailSettings } from './notice-channel-settings';

/**
 * Notices by email (issue 14 §2), through the relay's mail server (RELAY_SMTP_*: Gmail or
 * Google Workspace's relay, Microsoft 365, any SMTP provider) from RELAY_NOTICE_EMAIL_FROM.
 * Each mail is plain text, with a Message-ID made from the notice's key (a retried mail is
 * the same message to the customer's mail system), the invoice's PDF attached when the
 * notice names an invoice, and one-click unsubscribe headers (RFC 8058) when it has a link.
 * A 5xx to the recipient or the message is final; anything else is tried again by the outbox.
 */

export interface InvoiceAttachments {
  /** The invoice's number as its PDF is titled; undefined: not this customer's invoice. */
  numberOf(customerId: string, invoiceKey: string): string | null | undefined;
  /** The PDF; null: no such invoice of this customer. */
  pdf(customerId: string, invoiceKey: string): Promise<Buffer | null>;
}

export function emailChannel(settings: NoticeEmailSettings | null, invoices: InvoiceAttachments): NoticeChannel {
  const transport: Transporter | null = settings === null ? null : createSmtpTransport(settings.smtp);
  return {
    name: 'email',
    unavailable: () =>
      settings === null ? 'Email notices are not set up on the relay: whoever runs it sets RELAY_NOTICE_EMAIL_FROM (the sender) and the mail server (RELAY_SMTP_HOST or RELAY_SMTP_URL).' : null,
    async send(notice: OutgoingNotice): Promise<NoticeSendResult> {
      if (settings === null || transport === null) return { ok: false, permanent: false, error: 'Email notices are not set up on the relay (RELAY_NOTICE_EMAIL_FROM).' };
      if (!isMailAddress(notice.recipient)) return { ok: false, permanent: true, error: `${notice.recipient} is not an email address a notice can be sent to.` };
      const attachments: { filename: string; content: Buffer; contentType: string }[] = [];
      if (notice.invoiceKey !== null) {
        const number = invoices.numberOf(notice.customerId, notice.invoiceKey);
        const pdf = number === undefined ? null : await invoices.pdf(notice.customerId, notice.invoiceKey);
        if (pdf === null) return { ok: false, permanent: true, error: 'The invoice this notice is about is no longer on the customer\'s account, so its PDF cannot be attached.' };
        attachments.push({ filename: invoiceFileName(number ?? null, notice.invoiceKey), content: pdf, contentType: 'application/pdf' });
      }
      const messageId = noticeMessageId(notice.noticeKey, settings.from);
      const sent = await sendOneMail(transport, settings, {
        to: notice.recipient,
        subject: notice.subject,
        text: notice.body,
        messageId,
        attachments,
        headers: notice.unsubscribeUrl === null ? {} : { 'List-Unsubscribe': `<${notice.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      return sent.ok ? { ok: true, providerId: sent.messageId } : sent;
    },
    close: () => transport?.close(),
  };
}

/**
 * `<key@domain>` with the sender's domain: the key's characters a Message-ID cannot hold
 * (RFC 5322 dot-atom) are written =XX, so two keys never share an id; a very long key is hashed.
 */
export function noticeMessageId(noticeKey: string, from: string): string {
  const domain = /@([^<>@\s]+?)>?$/.exec(from.trim())?.[1] ?? 'ringside.invalid';
  const escaped = [...Buffer.from(noticeKey, 'utf8')].map((byte) => (/[A-Za-z0-9!#$%&'*+/?^_`{|}~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
  const local = escaped.length <= 200 ? escaped : `notice-${createHash('sha256').update(noticeKey).digest('hex')}`;
  return `<${local}@${domain}>`;
}

/** "Invoice 1042.pdf"; without a number, the start of Ringside's own key. */
export function invoiceFileName(number: string | null, invoiceKey: string): string {
  const name = (number ?? invoiceKey.slice(0, 24)).replace(/[^A-Za-z0-9 ._-]+/g, '-').replace(/^[-. ]+|[-. ]+$/g, '');
  return `Invoice ${name === '' ? 'PDF' : name}.pdf`;
}

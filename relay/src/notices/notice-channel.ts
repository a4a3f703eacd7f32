import type { NoticeChannel as NoticeChannelName, NoticeKind } from '../../../src/shared/notices/notice-kinds';

/**
 * One way of sending a notice (issue 14 §2): email by SMTP, SMS through the business's phone
 * provider, QuickBooks' send-invoice. The outbox calls `send` once per try; a channel never
 * retries by itself. `permanent` failures (an address refused, an invoice QuickBooks does not
 * know) stop the tries and are shown to the admin; the others are retried with backoff.
 */
export interface OutgoingNotice {
  noticeId: number;
  /** Stable per notice: the outbox sends each key once. Also the Message-ID's local part. */
  noticeKey: string;
  kind: NoticeKind;
  customerId: string;
  recipient: string;
  subject: string;
  body: string;
  /** For email: the invoice whose PDF is attached; for QuickBooks: the invoice to send. */
  invoiceKey: string | null;
  /** For email: the one-click unsubscribe URL (List-Unsubscribe); null for kinds without one. */
  unsubscribeUrl: string | null;
  /** For SMS: the line (E.164) to text from (the settings' smsFromLine, or the customer's last line); absent or null: the first configured line. */
  from?: string | null;
  /** What of the body is never kept (a portal link's token) and its stand-in: the SMS channel records the sent text with it replaced. */
  redact?: { secret: string; replacement: string } | null;
}

export type NoticeSendResult = { ok: true; providerId: string | null } | { ok: false; permanent: boolean; error: string };

/** What QuickBooks says is still owed on an invoice, asked right before a reminder goes; or why it could not be asked. */
export type InvoiceBalanceAnswer = { known: true; balanceMinor: number } | { known: false; reason: string };

export interface NoticeChannel {
  readonly name: NoticeChannelName;
  /**
   * QuickBooks only: the invoice's Balance as QuickBooks has it now (a payment taken there,
   * by its own mail's Pay or the portal, lowers it before any console syncs); null: the
   * invoice is not in QuickBooks, so there is nothing to ask.
   */
  invoiceBalance?(customerId: string, invoiceKey: string): Promise<InvoiceBalanceAnswer | null>;
  /** Null when it can send; else why not, in plain words (shown on the settings page). */
  unavailable(): string | null;
  send(notice: OutgoingNotice): Promise<NoticeSendResult>;
  close(): Promise<void> | void;
}

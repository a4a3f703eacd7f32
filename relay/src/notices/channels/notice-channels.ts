import type { Clock } from '../../../../src/shared/clock';
import type { RingsideEvent } from '../../../../src/shared/events/model';
import type { CustomerAccountsReader } from '../../accounts/customer-accounts';
import { invoiceNumber } from '../../invoices/invoice-document';
import type { Logger } from '../../logger';
import type { OpenPhoneRestClient } from '../../providers/openphone/rest/openphone-rest-client';
import type { NoticeChannel } from '../notice-channel';
import { emailChannel } from './email-channel';
import type { NoticeChannelSettings } from './notice-channel-settings';
import { quickBooksChannel, type QuickBooksAccess } from './quickbooks-channel';
import { smsChannel } from './sms-channel';

/**
 * The ways a notice is sent (issue 14 §2), for the outbox and the settings page:
 *
 *   const channels = createNoticeChannels({
 *     settings: settings.noticeChannels,        // RELAY_NOTICE_EMAIL_FROM / _REPLY_TO + RELAY_SMTP_*
 *     openPhone: openPhoneClient,               // relayOpenPhoneClient(...), null without OPENPHONE_API_KEY
 *     configuredLines: (settings.providers.openphone as OpenPhoneSettings | undefined)?.phoneNumberIds ?? {},
 *     quickBooks: quickBooks.broker,            // createQuickBooksRelay(...).broker, null when not configured
 *     accounts,                                 // the relay's CustomerAccountsReader (invoice numbers, QuickBooks ids)
 *     invoicePdf: (customerId, invoiceKey) => …, // the invoice's PDF; null when it is not that customer's
 *     log, logger, clock,
 *   });
 *
 * Always all three, in the order email, sms, quickbooks; each says by `unavailable()` why it
 * cannot send now (null when it can), in words for the admin (the settings page's
 * `channels`). `send` is one try: it never retries, and answers
 *   { ok: true, providerId }   the Message-ID, `openphone:<id>`, or `quickbooks:invoice:<id>`;
 *   { ok: false, permanent, error }   permanent: the same try would fail the same way.
 * It does not throw for a failure of the provider. Close them all when the relay stops.
 *
 * What each reads of the notice:
 *   email       recipient (an address), subject, body; invoiceKey → the PDF attached as
 *               "Invoice <number>.pdf" (permanent failure when the invoice is no longer the
 *               customer's); unsubscribeUrl → List-Unsubscribe + List-Unsubscribe-Post;
 *               noticeKey → the Message-ID.
 *   sms         recipient (a phone number), body (the subject is not sent); `from` → the line
 *               (else the first configured line). Recorded in the log as a sent text.
 *   quickbooks  recipient (an address, QuickBooks' sendTo), invoiceKey (required); QuickBooks
 *               writes its own subject and body. Not synced yet → temporary ("Waiting for QuickBooks sync").
 */

export interface NoticeChannelsDeps {
  settings: NoticeChannelSettings;
  openPhone: OpenPhoneRestClient | null;
  configuredLines: Readonly<Record<string, string>>;
  quickBooks: QuickBooksAccess | null;
  accounts: Pick<CustomerAccountsReader, 'invoiceOf'>;
  invoicePdf: (customerId: string, invoiceKey: string) => Promise<Buffer | null>;
  log: { append(event: RingsideEvent): Promise<unknown> };
  logger: Logger;
  clock: Clock;
}

/** Per QuickBooks request: well inside Intuit's own 120 s. */
const QUICKBOOKS_TIMEOUT_MS = 30_000;

export function createNoticeChannels(deps: NoticeChannelsDeps): NoticeChannel[] {
  const invoiceOf = (customerId: string, invoiceKey: string) => deps.accounts.invoiceOf(customerId, invoiceKey);
  return [
    emailChannel(deps.settings.email, {
      numberOf: (customerId, invoiceKey) => {
        const invoice = invoiceOf(customerId, invoiceKey);
        // The number the PDF itself is titled with (QuickBooks' DocNumber, else the one the consoles show).
        return invoice === null ? undefined : invoiceNumber(invoice);
      },
      pdf: deps.invoicePdf,
    }),
    smsChannel({ openPhone: deps.openPhone, configuredLines: deps.configuredLines, log: deps.log, logger: deps.logger, clock: deps.clock }),
    quickBooksChannel({ quickBooks: deps.quickBooks, invoices: { invoiceOf }, timeoutMs: QUICKBOOKS_TIMEOUT_MS }),
  ];
}

import type { ApiHandlers } from '../../shared/api/contract';
import { MAX_TOP_UP_MINOR, TOP_UP_PRESETS_MINOR, type CreatedPaymentLink, type paymentsApiInputSchemas, type TopUpContext } from '../../shared/api/payments';
import { billsInCents, unsupportedCurrencyWords } from '../../shared/billing/currency-exponent';
import type { Clock } from '../../shared/clock';
import { readAccountView, readCatalog } from '../billing/queries/account-standing';
import { rememberSentHere } from '../communications/message-reads';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { CustomersTable } from '../db/schema';
import type { RelayAccess } from '../http/relay-rest-client';
import { sendMessage } from '../messages/outbound/send-message';
import { createPaymentLink } from './create-payment-link';
import { customerPayments, findPaymentLink } from './customer-payments';
import { topUpLinkWords } from './link-words';
import { sendLinkByEmail } from './send-link-email';
import { readDestinationFacts, textDestination } from './text-destination';

export type PaymentsHandlers = Pick<ApiHandlers, keyof typeof paymentsApiInputSchemas>;

export interface PaymentsHandlerDeps {
  database: () => ConsoleDatabase;
  clock: Clock;
  /** Where to ask for links and send texts; throws when the console has no device token. */
  relay: () => RelayAccess;
}

/**
 * How long the console believes the relay's "payment links are not set up" before asking
 * again: long enough that the dialog opens disabled with the reason instead of failing on
 * every press, short enough that a relay set up meanwhile is used within minutes.
 */
export const UNAVAILABLE_REMEMBERED_MS = 5 * 60_000;
/** Links made here, until the stream brings their payment_link.created (usually well under a second). */
const RECENT_LINKS_KEPT = 100;

interface LinkHere {
  customerId: string;
  url: string;
  amountMinor: number;
  currency: string;
}

/**
 * "Top up" (issue 13 §5): the dialog's facts, a link made by the relay, the link texted to
 * the customer from the line they last used, and the customer's links with their state.
 */
export function createPaymentsHandlers(deps: PaymentsHandlerDeps): PaymentsHandlers {
  let unavailable: { reason: string; atMs: number } | null = null;
  const madeHere = new Map<string, LinkHere>();
  const currentlyUnavailable = (): string | null => (unavailable !== null && deps.clock() - unavailable.atMs < UNAVAILABLE_REMEMBERED_MS ? unavailable.reason : null);

  const customerOf = (db: ConsoleDatabase, customerId: string): Pick<CustomersTable, 'name' | 'email'> => {
    const row = db.sqlite.prepare('SELECT name, email FROM customers WHERE customer_id = ?').get(customerId) as Pick<CustomersTable, 'name' | 'email'> | undefined;
    if (!row) throw new Error('This customer is not on this console (removed, or merged into another): open the customer again.');
    return row;
  };

  /** A top-up link of this customer (in the projection, or made here moments ago), with what its words need. */
  const topUpLinkOf = (db: ConsoleDatabase, customerId: string, linkId: string, sent: 'texted' | 'emailed'): { url: string; amountMinor: number; currency: string } => {
    const stored = findPaymentLink(db, customerId, linkId);
    const link = stored ? { url: stored.url, amountMinor: stored.amount_minor, currency: stored.currency } : madeHere.get(linkId)?.customerId === customerId ? madeHere.get(linkId)! : null;
    if (link === null) throw new Error('This payment link is not one of this customer\'s: create a new one.');
    // The words are a top-up's; a subscription link is sent with its own words where it is made.
    if (stored !== null && stored.purpose !== 'top_up') throw new Error(`Only top-up links can be ${sent} from here.`);
    return link;
  };

  return {
    'payments.topUpContext': async ({ customerId }): Promise<TopUpContext> => {
      const db = deps.database();
      const customer = customerOf(db, customerId);
      const catalog = readCatalog(db);
      const view = readAccountView(db, customerId, new Date(deps.clock()), catalog);
      const currency = view.wallet?.currency ?? view.subscription?.plan?.currency ?? catalog.rateCard.currency;
      return {
        customerId,
        customerName: customer.name,
        currency,
        balanceMinor: view.wallet?.balanceMinor ?? null,
        presetsMinor: [...TOP_UP_PRESETS_MINOR],
        maxMinor: MAX_TOP_UP_MINOR,
        text: textDestination(readDestinationFacts(db, customerId, customer.name)),
        email: customer.email ?? firstOtherEmail(db, customerId),
        emails: emailsOnFile(db, customerId, customer.email),
        // Refused up front, as the relay would: Ringside's amounts are in cents (src/shared/billing/currency-exponent.ts).
        unavailable: billsInCents(currency) ? currentlyUnavailable() : unsupportedCurrencyWords(currency),
      };
    },
    'payments.createLink': async ({ requestId, customerId, purpose, amountMinor, currency }) => {
      const customer = customerOf(deps.database(), customerId);
      const result = await createPaymentLink(deps.relay(), { requestId, customerId, purpose, planId: null, amountMinor, currency });
      if ('unavailable' in result) {
        unavailable = { reason: result.unavailable, atMs: deps.clock() };
        return { outcome: 'unavailable', reason: result.unavailable };
      }
      unavailable = null;
      const { linkId, url, duplicate } = result.made;
      madeHere.set(linkId, { customerId, url, amountMinor, currency });
      while (madeHere.size > RECENT_LINKS_KEPT) madeHere.delete(madeHere.keys().next().value!);
      const link: CreatedPaymentLink = { linkId, url, amountMinor, currency, duplicate, ...topUpLinkWords({ customerName: customer.name, amountMinor, currency, url }) };
      return { outcome: 'created', link };
    },
    'payments.sendByText': async ({ requestId, customerId, linkId }) => {
      const db = deps.database();
      const customer = customerOf(db, customerId);
      const link = topUpLinkOf(db, customerId, linkId, 'texted');
      const destination = textDestination(readDestinationFacts(db, customerId, customer.name));
      if (destination.to === null) throw new Error(destination.reason);
      const { textMessage } = topUpLinkWords({ customerName: customer.name, ...link });
      const sent = await sendMessage(deps.relay(), { requestId, from: destination.from, to: [destination.to], content: textMessage });
      rememberSentHere(db, sent.messageId, deps.clock());
      return { messageId: sent.messageId, to: destination.to, from: destination.from };
    },
    'payments.sendByEmail': async ({ requestId, customerId, linkId, to }) => {
      const db = deps.database();
      const customer = customerOf(db, customerId);
      const link = topUpLinkOf(db, customerId, linkId, 'emailed');
      const { emailSubject, emailBody } = topUpLinkWords({ customerName: customer.name, ...link });
      return sendLinkByEmail(deps.relay(), { requestId, linkId, channel: 'email', to, subject: emailSubject, body: emailBody });
    },
    'payments.ofCustomer': async ({ customerId, limit }) => customerPayments(deps.database(), customerId, limit),
  };
}

/** A further email the customer's record holds (QuickBooks, a merge) when the main one is empty. */
function firstOtherEmail(db: ConsoleDatabase, customerId: string): string | null {
  const row = db.sqlite.prepare('SELECT emails_json FROM customer_details WHERE customer_id = ?').get(customerId) as { emails_json: string } | undefined;
  if (!row) return null;
  const emails = JSON.parse(row.emails_json) as unknown;
  return Array.isArray(emails) && typeof emails[0] === 'string' ? emails[0] : null;
}

/** The main email and every further one the record holds, each once. */
function emailsOnFile(db: ConsoleDatabase, customerId: string, main: string | null): string[] {
  const row = db.sqlite.prepare('SELECT emails_json FROM customer_details WHERE customer_id = ?').get(customerId) as { emails_json: string } | undefined;
  const more = row ? (JSON.parse(row.emails_json) as unknown) : [];
  const all = [...(main === null ? [] : [main]), ...(Array.isArray(more) ? more.filter((email): email is string => typeof email === 'string') : [])];
  return all.filter((email, i) => email.trim() !== '' && all.findIndex((other) => other.toLowerCase() === email.toLowerCase()) === i);
}

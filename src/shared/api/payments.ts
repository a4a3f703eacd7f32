import { z } from 'zod';

/**
 * The payments part of the renderer API (issue 13 §5, merged into apiInputSchemas in
 * contract.ts): "Top up" on the customer page and the caller card. The console asks the
 * relay for a Flutterwave payment link (POST /v1/payments/links; the secret key stays on the
 * relay), the agent sends it by text or email (the relay mails it) or copies it, and the payment lands in the wallet by
 * itself when Flutterwave confirms it (payment.received, credited by the billing fold).
 * Reads come from the console's projection of payment_link.created, payment.received and
 * payment.failed (migration 0796).
 */

const id = z.string().min(1).max(200);
/** Made once per press of a button and reused when that press is tried again. */
const requestId = z.string().min(8).max(200);

/** The amounts the dialog offers in one click, in minor units of the wallet's currency. */
export const TOP_UP_PRESETS_MINOR = [2_500, 5_000, 10_000] as const;
/** The largest top-up the dialog accepts (the relay's own limit is higher): $10,000.00. */
export const MAX_TOP_UP_MINOR = 1_000_000;

export const paymentsApiInputSchemas = {
  /** What the Top up dialog needs: the wallet's currency, where a text would go, whether the relay can make links. */
  'payments.topUpContext': z.object({ customerId: id }).strict(),
  /** Asks the relay for a top-up link; the same requestId answers the same link. */
  'payments.createLink': z
    .object({
      requestId,
      customerId: id,
      purpose: z.literal('top_up'),
      amountMinor: z.number().int().min(1, 'the amount must be more than zero').max(MAX_TOP_UP_MINOR, 'a top-up can be at most 10,000.00'),
      currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO currency code like USD'),
    })
    .strict(),
  /** Texts a link of this customer to them, from the line they last used (through POST /v1/messages). */
  'payments.sendByText': z.object({ requestId, customerId: id, linkId: id }).strict(),
  /** Mails a link of this customer to one of their email addresses on file, through the relay's mail server (POST /v1/payments/links/send). */
  'payments.sendByEmail': z.object({ requestId, customerId: id, linkId: id, to: z.string().min(3).max(320) }).strict(),
  /** The customer's links (waiting / paid / failed) and payments, newest first. */
  'payments.ofCustomer': z.object({ customerId: id, limit: z.number().int().min(1).max(200).default(50) }).strict(),
} as const;

/** Where "Send by text" would send the link, or why it cannot. */
export type TextDestination = { to: string; from: string; fromName: string | null } | { to: null; reason: string };

export interface TopUpContext {
  customerId: string;
  customerName: string;
  /** The wallet's currency (else the plan's, else the rate card's): the amount is asked in it. */
  currency: string;
  /** The wallet's balance now; null when the customer has no wallet yet. */
  balanceMinor: number | null;
  presetsMinor: number[];
  maxMinor: number;
  text: TextDestination;
  /** The customer's email, for the email text; null when none is on file. */
  email: string | null;
  /** Every email address on file (the main one first): "Send by email" offers them. */
  emails: string[];
  /** Plain words while the relay has said it cannot make payment links (Flutterwave not set up); null otherwise. */
  unavailable: string | null;
}

/** A link as the dialog shows it, with the words to send it in. */
export interface CreatedPaymentLink {
  linkId: string;
  url: string;
  amountMinor: number;
  currency: string;
  /** true: this press had made the link already (a retry); the same link is shown. */
  duplicate: boolean;
  /** What "Send by text" sends: "Hi Dana, here is your link to add $50.00 of call credit: …". */
  textMessage: string;
  emailSubject: string;
  emailBody: string;
}

export type CreateLinkOutcome = { outcome: 'created'; link: CreatedPaymentLink } | { outcome: 'unavailable'; reason: string };

export type PaymentLinkState = 'waiting' | 'paid' | 'failed';

export interface PaymentLinkRow {
  linkId: string;
  purpose: 'top_up' | 'subscription';
  amountMinor: number;
  currency: string;
  url: string;
  createdBy: string;
  createdAt: string;
  /** paid: a verified payment came in under it; failed: its last attempt failed (it stays open for another try). */
  state: PaymentLinkState;
  paidAt: string | null;
  /** What was paid (verified), when paid. */
  paidMinor: number | null;
  /** The last failure's plain words ("The card was declined"), when failed. */
  failure: string | null;
}

export interface PaymentRow {
  paymentId: string;
  outcome: 'received' | 'failed';
  purpose: 'top_up' | 'subscription' | null;
  amountMinor: number;
  currency: string | null;
  at: string;
  reason: string | null;
}

export interface CustomerPayments {
  links: PaymentLinkRow[];
  /** Payments that came in outside those links (a subscription renewal, a charge without a known link). */
  otherPayments: PaymentRow[];
}

export interface PaymentsApiOutputs {
  'payments.topUpContext': TopUpContext;
  'payments.createLink': CreateLinkOutcome;
  'payments.sendByText': { messageId: string; to: string; from: string };
  'payments.sendByEmail': { to: string; messageId: string };
  'payments.ofCustomer': CustomerPayments;
}

import { z } from 'zod';
import { paymentPurposes, type DeviceRole } from '../events/model';

/**
 * Payment links (issue 13 §5): a console asks the relay to create a Flutterwave payment link
 * (the secret key stays on the relay); the relay records it as `payment_link.created` and the
 * payment, once Flutterwave confirms it and the relay has verified it, lands by itself as
 * `payment.received`. One schema per request and answer, as for /v1/messages.
 *   POST /v1/payments/links   admin, bookkeeper, agent
 *     → 201 link answer; 400 a bad request; 503 with plain words in `error` when Flutterwave is
 *       not configured; 502 when Flutterwave refused or could not be reached
 */

/** Anyone at the desk may send a customer a top-up link. */
export const paymentLinkRoles = ['admin', 'bookkeeper', 'agent'] as const satisfies readonly DeviceRole[];

export const paymentLinkRequestSchema = z
  .object({
    /** Chosen by the console once per press of "Create link" and reused on retry: one link per requestId. */
    requestId: z.string().min(8).max(200),
    customerId: z.string().min(1).max(200),
    purpose: z.enum(paymentPurposes),
    /** For `subscription`: the plan to pay for (its price is the amount). */
    planId: z.string().min(1).max(200).nullable().default(null),
    amountMinor: z.number().int().min(1, 'the amount must be more than zero').max(100_000_000),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO currency code like USD'),
  })
  .strict();
export type PaymentLinkRequest = z.infer<typeof paymentLinkRequestSchema>;

export const paymentLinkAnswerSchema = z.object({
  /** The reference the payment will carry back (Flutterwave tx_ref). */
  linkId: z.string().min(1),
  url: z.string().min(1),
  /** Seq of the `payment_link.created` event. */
  seq: z.number().int().min(1),
  /** true when this requestId had made a link already: the same link is answered again. */
  duplicate: z.boolean(),
});
export type PaymentLinkAnswer = z.infer<typeof paymentLinkAnswerSchema>;

export const paymentLinkRefusalSchema = z.object({ error: z.string().min(1) });
export type PaymentLinkRefusal = z.infer<typeof paymentLinkRefusalSchema>;

/**
 * POST /v1/payments/links/send   admin, bookkeeper, agent (paymentLinkRoles)
 * Mails a payment link the relay made to one of the customer's email addresses on file,
 * through the relay's mail server (RELAY_SMTP_*, from RELAY_NOTICE_EMAIL_FROM, as notices go).
 * The console writes the words; the relay sends only a mail that carries the link itself.
 *   → 200 {to, messageId}; 400 a bad request, an address not on file, or a body without the link;
 *     404 no such link; 409 the link is not made yet; 422 no email on file;
 *     503 mail is not set up on the relay; 502 the mail server refused or could not be reached
 * Texts go through POST /v1/messages from the console (payments.sendByText).
 */
export const sendPaymentLinkRequestSchema = z
  .object({
    /** Chosen once per press of "Send by email": the mail's Message-ID, so a retried press is the same message. */
    requestId: z.string().min(8).max(200),
    linkId: z.string().min(1).max(200),
    channel: z.literal('email'),
    to: z.string().min(3).max(320),
    subject: z.string().min(1).max(300),
    body: z.string().min(1).max(10_000),
  })
  .strict();
export type SendPaymentLinkRequest = z.infer<typeof sendPaymentLinkRequestSchema>;

export const sendPaymentLinkAnswerSchema = z.object({ to: z.string().min(1), messageId: z.string().min(1) });
export type SendPaymentLinkAnswer = z.infer<typeof sendPaymentLinkAnswerSchema>;

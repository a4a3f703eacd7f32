import type { PaymentFailedData, PaymentLinkCreatedData, PaymentReceivedData } from '../../../../src/shared/events/model';
import type { VerifiedTransaction } from './flutterwave-client';
import { billsInCents, unsupportedCurrencyWords } from '../../../../src/shared/billing/currency-exponent';
import { formatMoney } from '../../../../src/shared/units';
import { minorFromMajor } from './money';

/**
 * What a charge comes to once Flutterwave's verification endpoint has answered
 * (docs/providers/flutterwave.md §4): value only when the reference is one the relay
 * issued (or a renewal of a subscription it started), the status is `successful`, the
 * currency is the one asked and the amount at least the one asked; the verified amount
 * is what is credited. A failed charge, or one verification contradicts, is a failure in
 * plain words, never value. Pending: nothing yet, verified again later. Pure.
 */

/** A renewal charge (a reference Flutterwave generated) matched to the subscription it renews. */
export interface RenewalMatch {
  customerId: string;
  planId: string;
  amountMinor: number;
  currency: string;
}

export type ChargeDecision =
  | { kind: 'pending' }
  /** Verification speaks of another transaction than the webhook: nothing is recorded. */
  | { kind: 'not_this_transaction'; why: string }
  | { kind: 'received'; data: PaymentReceivedData }
  /** `alert`: money may have been taken that Ringside did not credit (someone should look). */
  | { kind: 'failed'; data: PaymentFailedData; alert: boolean };

export function paymentIdOf(transactionId: string): string {
  return `flutterwave:${transactionId}`;
}

/** The Ringside subscription a Flutterwave subscription payment starts or renews: one per customer and plan. */
export function flutterwaveSubscriptionId(customerId: string, planId: string): string {
  return `flutterwave:${customerId}:${planId}`;
}

export function decideCharge(input: { transactionId: string; verified: VerifiedTransaction; link: PaymentLinkCreatedData | null; renewal: RenewalMatch | null; nowIso: string }): ChargeDecision {
  const { transactionId, verified, link, renewal } = input;
  if (verified.id !== transactionId) return { kind: 'not_this_transaction', why: `verification of ${transactionId} answered transaction ${verified.id}` };
  const status = verified.status.toLowerCase();
  if (status === 'pending') return { kind: 'pending' };
  const currency = /^[A-Z]{3}$/.test(verified.currency) ? verified.currency : null;
  // Amounts in a currency without cents would be 100 times off in Ringside's cents: never carried.
  const inCents = currency !== null && billsInCents(currency);
  const paidMinor = currency === null || !inCents ? null : minorFromMajor(verified.amount, currency);
  const expected = link !== null ? { customerId: link.customerId, purpose: link.purpose, planId: link.planId, amountMinor: link.amountMinor, currency: link.currency } : renewal !== null ? { ...renewal, purpose: 'subscription' as const } : null;
  const failed = (reason: string, alert: boolean): ChargeDecision => ({
    kind: 'failed',
    alert,
    data: {
      paymentId: paymentIdOf(transactionId),
      provider: 'flutterwave',
      transactionId,
      reference: verified.tx_ref.slice(0, 200) || null,
      customerId: expected?.customerId ?? null,
      purpose: expected?.purpose ?? null,
      amountMinor: paidMinor ?? 0,
      currency,
      reason: reason.slice(0, 500),
    },
  });
  // Money as the console shows it everywhere else ("$25.00"): the reason is read beside it.
  const paidText = paidMinor !== null && currency !== null ? formatMoney({ minor: paidMinor, currency }) : `${String(verified.amount).slice(0, 40)} ${verified.currency.slice(0, 10)}`;

  if (currency !== null && !inCents) {
    const what = `${unsupportedCurrencyWords(currency)} Flutterwave reports ${String(verified.amount).slice(0, 40)} ${currency}, "${verified.status.slice(0, 40)}".`;
    return failed(status === 'successful' ? `${what} Nothing was credited: refund it in Flutterwave's dashboard or credit it by hand.` : `${what} Nothing was credited.`, status === 'successful');
  }
  if (status !== 'successful') {
    // Flutterwave's own reason, when it gives one, rather than a guess beside it.
    const said = verified.processor_response ? verified.processor_response.slice(0, 200).trim().replace(/[.!]+$/, '') : '';
    if (status === 'failed') return failed(said !== '' ? `The payment of ${paidText} did not go through. Flutterwave says: ${said}. Nothing was charged.` : `The payment of ${paidText} did not go through: the card or account was declined. Nothing was charged.`, false);
    return failed(`Flutterwave says the payment of ${paidText} is "${verified.status.slice(0, 40)}", not successful${said !== '' ? ` (${said})` : ''}. Nothing was credited.`, false);
  }
  if (expected === null) {
    const from = verified.customer?.email ? ` from ${verified.customer.email.slice(0, 200)}` : '';
    return failed(`A payment${from} matched no Ringside link or subscription: Flutterwave took ${paidText} under the reference ${verified.tx_ref.slice(0, 100)}, which is not a link Ringside created, and names no payment plan of a subscription Ringside started. Nothing was credited: find out whose it is in Flutterwave's dashboard.`, true);
  }
  if (currency === null || paidMinor === null) return failed(`Flutterwave reported an amount Ringside cannot read (${String(verified.amount).slice(0, 40)} ${verified.currency.slice(0, 10)}). Nothing was credited: check the payment in Flutterwave's dashboard.`, true);
  const askedText = formatMoney({ minor: expected.amountMinor, currency: expected.currency });
  if (currency !== expected.currency) return failed(`The customer paid ${paidText}, but the link asked for ${askedText}. Nothing was credited: refund it in Flutterwave's dashboard or credit it by hand.`, true);
  if (paidMinor < expected.amountMinor) return failed(`The customer paid ${paidText}, less than the ${askedText} asked. Nothing was credited: refund it in Flutterwave's dashboard or credit it by hand.`, true);
  const paidAt = verified.created_at !== undefined && !Number.isNaN(Date.parse(verified.created_at)) ? new Date(verified.created_at).toISOString() : input.nowIso;
  return {
    kind: 'received',
    data: {
      paymentId: paymentIdOf(transactionId),
      provider: 'flutterwave',
      transactionId,
      reference: verified.tx_ref.slice(0, 200),
      customerId: expected.customerId,
      purpose: expected.purpose,
      planId: expected.purpose === 'subscription' ? expected.planId : null,
      subscriptionId: expected.purpose === 'subscription' && expected.planId !== null ? flutterwaveSubscriptionId(expected.customerId, expected.planId) : null,
      amountMinor: paidMinor,
      currency,
      paidAt,
      verifiedAt: input.nowIso,
    },
  };
}

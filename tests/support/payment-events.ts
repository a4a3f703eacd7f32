import { EVENT_MODEL_VERSION, type EventOf } from '../../src/shared/events/model';

/**
 * Flutterwave payments as the relay appends them once verified (payment.received) or refused
 * (payment.failed), for tests of the billing fold. `receivedAt` defaults to the payment's time;
 * `eventId` lets a test append the same payment under another event id (a redelivery).
 */

export function flutterwaveTopUp(
  transactionId: string,
  customerId: string,
  amountMinor: number,
  paidAt: string,
  options: { receivedAt?: string; eventId?: string; currency?: string } = {},
): EventOf<'payment.received'> {
  return paymentReceived(transactionId, customerId, amountMinor, paidAt, { ...options, purpose: 'top_up' });
}

export function flutterwaveSubscriptionPayment(
  transactionId: string,
  customerId: string,
  planId: string,
  subscriptionId: string,
  amountMinor: number,
  paidAt: string,
  options: { receivedAt?: string; eventId?: string } = {},
): EventOf<'payment.received'> {
  return paymentReceived(transactionId, customerId, amountMinor, paidAt, { ...options, purpose: 'subscription', planId, subscriptionId });
}

function paymentReceived(
  transactionId: string,
  customerId: string,
  amountMinor: number,
  paidAt: string,
  options: { receivedAt?: string; eventId?: string; currency?: string; purpose: 'top_up' | 'subscription'; planId?: string; subscriptionId?: string },
): EventOf<'payment.received'> {
  const receivedAt = options.receivedAt ?? paidAt;
  return {
    v: EVENT_MODEL_VERSION,
    id: options.eventId ?? `flutterwave:charge.completed:${transactionId}`,
    source: 'flutterwave',
    occurredAt: paidAt,
    receivedAt,
    lines: [],
    type: 'payment.received',
    data: {
      paymentId: `flutterwave:${transactionId}`,
      provider: 'flutterwave',
      transactionId,
      reference: `link-${transactionId}`,
      customerId,
      purpose: options.purpose,
      planId: options.planId ?? null,
      subscriptionId: options.subscriptionId ?? null,
      amountMinor,
      currency: options.currency ?? 'USD',
      paidAt,
      verifiedAt: receivedAt,
    },
  };
}

export function flutterwaveFailure(
  transactionId: string,
  customerId: string | null,
  amountMinor: number,
  reason: string,
  at: string,
  purpose: 'top_up' | 'subscription' | null = 'top_up',
): EventOf<'payment.failed'> {
  return {
    v: EVENT_MODEL_VERSION,
    id: `flutterwave:charge.failed:${transactionId}`,
    source: 'flutterwave',
    occurredAt: at,
    receivedAt: at,
    lines: [],
    type: 'payment.failed',
    data: { paymentId: `flutterwave:${transactionId}`, provider: 'flutterwave', transactionId, reference: `link-${transactionId}`, customerId, purpose, amountMinor, currency: amountMinor > 0 ? 'USD' : null, reason },
  };
}

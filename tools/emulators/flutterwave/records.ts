import { majorNumber } from './money';

/**
 * Flutterwave EMULATOR: the records it keeps and how the v3 API renders them
 * (docs/providers/flutterwave.md §3, §4, §7). Renders follow the samples in Flutterwave's own
 * Node SDK documentation (Flutterwave/Node-v3 documentation/*.md).
 */

export interface Customer {
  id: number;
  email: string;
  name: string;
  phone: string;
  createdAtMs: number;
}

export interface PaymentLink {
  token: string;
  txRef: string;
  amountCents: bigint;
  currency: string;
  redirectUrl: string;
  customer: Customer;
  meta: Record<string, unknown> | null;
  paymentPlanId: number | null;
  createdAtMs: number;
  expiresAtMs: number;
  /** `open` until a success, a cancel, or one failed attempt more than `maxRetryAttempts` closes it; `pending` while an asynchronous attempt runs. */
  status: 'open' | 'pending' | 'paid' | 'cancelled' | 'failed';
  /** `max_retry_attempt`: retries allowed after a failed attempt; null = no limit. */
  maxRetryAttempts: number | null;
  transactionIds: number[];
}

export type TransactionStatus = 'successful' | 'failed' | 'pending';

export interface Transaction {
  id: number;
  txRef: string;
  flwRef: string;
  amountCents: bigint;
  chargedAmountCents: bigint;
  appFeeCents: bigint;
  currency: string;
  status: TransactionStatus;
  processorResponse: string;
  createdAtMs: number;
  customer: Customer;
  meta: Record<string, unknown> | null;
  paymentPlanId: number | null;
}

export interface PaymentPlan {
  id: number;
  name: string;
  amountCents: bigint;
  interval: string;
  duration: number;
  currency: string;
  status: 'active' | 'cancelled';
  planToken: string;
  createdAtMs: number;
}

export interface Subscription {
  id: number;
  amountCents: bigint;
  customer: Customer;
  planId: number;
  status: 'active' | 'cancelled';
  createdAtMs: number;
  consecutiveFailures: number;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '.000Z');

function renderCustomer(c: Customer) {
  return { id: c.id, name: c.name, phone_number: c.phone, email: c.email, created_at: iso(c.createdAtMs) };
}

/** `data` of GET /v3/transactions/{id}/verify (and of the charge.completed webhook). */
export function renderTransaction(t: Transaction, accountId: number) {
  return {
    id: t.id,
    tx_ref: t.txRef,
    flw_ref: t.flwRef,
    device_fingerprint: 'N/A',
    amount: majorNumber(t.amountCents),
    currency: t.currency,
    charged_amount: majorNumber(t.chargedAmountCents),
    app_fee: majorNumber(t.appFeeCents),
    merchant_fee: 0,
    processor_response: t.processorResponse,
    auth_model: 'NOAUTH',
    ip: '127.0.0.1',
    narration: 'CARD Transaction ',
    status: t.status,
    payment_type: 'card',
    created_at: iso(t.createdAtMs),
    account_id: accountId,
    card: { first_6digits: '553188', last_4digits: '2950', issuer: 'MASTERCARD  CREDIT', country: 'NG', type: 'MASTERCARD', token: `flw-t1nf-emulator${t.customer.id}-m03k`, expiry: '09/32' },
    meta: t.meta,
    amount_settled: t.status === 'successful' ? majorNumber(t.amountCents - t.appFeeCents) : 0,
    payment_plan: t.paymentPlanId,
    customer: renderCustomer(t.customer),
  };
}

/** The v3 webhook body for a completed charge, successful or failed. */
export function chargeCompletedBody(t: Transaction, accountId: number, overrides: Record<string, unknown> = {}) {
  const { meta, amount_settled: _settled, ...data } = renderTransaction(t, accountId);
  return {
    event: 'charge.completed',
    data: { ...data, ...overrides },
    ...(meta ? { meta_data: meta } : {}),
    'event.type': 'CARD_TRANSACTION',
  };
}

export function renderPlan(p: PaymentPlan) {
  return {
    id: p.id,
    name: p.name,
    amount: majorNumber(p.amountCents),
    interval: p.interval,
    duration: p.duration,
    status: p.status,
    currency: p.currency,
    plan_token: p.planToken,
    created_at: iso(p.createdAtMs),
  };
}

export function renderSubscription(s: Subscription) {
  return {
    id: s.id,
    amount: majorNumber(s.amountCents),
    customer: { id: s.customer.id, customer_email: s.customer.email },
    plan: s.planId,
    status: s.status,
    created_at: iso(s.createdAtMs),
  };
}

/** Shape UNCONFIRMED (see the doc): the subscription as the API renders it, under `data`. */
export function subscriptionCancelledBody(s: Subscription) {
  return { event: 'subscription.cancelled', data: renderSubscription(s) };
}

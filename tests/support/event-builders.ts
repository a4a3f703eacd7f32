import type { z } from 'zod';
import { billingPolicySchema, DEFAULT_RATE_CARD, planSchema, rateCardSchema } from '../../src/shared/billing/catalog';
import { EVENT_MODEL_VERSION, type EventOf, type RingsideEvent } from '../../src/shared/events/model';

/**
 * Builders of well-formed events for tests of the projection, the card and the core,
 * so each test states only what it is about.
 */
const BUSINESS_LINE = '+16175550199';

function envelope(id: string, occurredAt: string, source: RingsideEvent['source'], lines: string[]) {
  return { v: EVENT_MODEL_VERSION, id, source, occurredAt, receivedAt: occurredAt, lines };
}

export function ringing(callId: string, from: string, startedAt: string, to = BUSINESS_LINE): EventOf<'call.ringing'> {
  return {
    ...envelope(`${callId}:ringing`, startedAt, 'openphone', [to]),
    type: 'call.ringing',
    data: { callId, direction: 'incoming', businessNumber: to, externalNumber: from, startedAt },
  };
}

/** Answered `afterSeconds` after it rang (5 s by default, as `completed` assumes). */
export function answered(callId: string, from: string, startedAt: string, afterSeconds = 5, to = BUSINESS_LINE): EventOf<'call.answered'> {
  const answeredAt = new Date(Date.parse(startedAt) + afterSeconds * 1000).toISOString();
  return {
    ...envelope(`${callId}:answered`, answeredAt, 'openphone', [to]),
    type: 'call.answered',
    data: { callId, direction: 'incoming', businessNumber: to, externalNumber: from, startedAt, answeredAt, answeredBy: null },
  };
}

export function completed(
  callId: string,
  from: string,
  startedAt: string,
  durationSeconds: number,
  options: { answered?: boolean; to?: string } = {},
): EventOf<'call.completed'> {
  const to = options.to ?? BUSINESS_LINE;
  const answered = options.answered ?? durationSeconds > 0;
  const startedAtMs = Date.parse(startedAt);
  const answeredAtMs = startedAtMs + 5_000;
  const completedAt = new Date((answered ? answeredAtMs : startedAtMs) + durationSeconds * 1000 + (answered ? 0 : 20_000)).toISOString();
  return {
    ...envelope(`${callId}:completed`, completedAt, 'openphone', [to]),
    type: 'call.completed',
    data: {
      callId,
      direction: 'incoming',
      businessNumber: to,
      externalNumber: from,
      startedAt,
      answeredAt: answered ? new Date(answeredAtMs).toISOString() : null,
      completedAt,
      durationSeconds: answered ? durationSeconds : 0,
      voicemailUrl: null,
      answeredBy: null,
      voicemail: null,
    },
  };
}

export function customerUpserted(
  customerId: string,
  name: string,
  phones: string[],
  options: { company?: string | null; email?: string | null; at?: string } = {},
): EventOf<'customer.upserted'> {
  return {
    ...envelope(`customer:${customerId}:${name}:${phones.join(',')}`, options.at ?? '2026-01-01T00:00:00.000Z', 'console', []),
    type: 'customer.upserted',
    data: { customerId, name, company: options.company ?? null, email: options.email ?? null, phones, quickbooksId: null, emails: [], address: null, notes: '' },
  };
}

export function customerRemoved(customerId: string): EventOf<'customer.removed'> {
  return { ...envelope(`customer-removed:${customerId}`, '2026-01-01T00:00:00.000Z', 'console', []), type: 'customer.removed', data: { customerId } };
}

export function planDefined(
  planId: string,
  name: string,
  includedSeconds: number,
  period: 'monthly' | 'annual' = 'monthly',
  priceMinor = 19900,
): EventOf<'plan.defined'> {
  return {
    ...envelope(`plan:${planId}`, '2026-01-01T00:00:00.000Z', 'console', []),
    type: 'plan.defined',
    data: planSchema.parse({ planId, name, period, includedSeconds, priceMinor, currency: 'USD' }),
  };
}

export function subscriptionStarted(subscriptionId: string, customerId: string, planId: string, startDate: string): EventOf<'subscription.started'> {
  return {
    ...envelope(`subscription:${subscriptionId}`, '2026-01-01T00:00:00.000Z', 'console', []),
    type: 'subscription.started',
    data: { subscriptionId, customerId, planId, startDate, renewal: 'auto' },
  };
}

export function unnormalized(id: string, providerType: string): EventOf<'provider.unnormalized'> {
  return {
    ...envelope(id, '2026-01-01T00:00:00.000Z', 'openphone', []),
    type: 'provider.unnormalized',
    data: { providerType },
    raw: { type: providerType },
  };
}

/** Numbers the events in a list 1, 2, 3, ... as the relay's log would. */
export function sequenced(events: RingsideEvent[], firstSeq = 1): { seq: number; event: RingsideEvent }[] {
  return events.map((event, i) => ({ seq: firstSeq + i, event }));
}

// ---- billing ------------------------------------------------------------------

const ADMIN_AT = '2026-01-01T00:00:00.000Z';

/** A plan with any of its billing rules set; the rest are the catalog's defaults. */
export function planWith(planId: string, rules: Partial<z.input<typeof planSchema>> & { includedSeconds: number }, at = ADMIN_AT): EventOf<'plan.defined'> {
  return {
    ...envelope(`plan:${planId}:${at}`, at, 'console', []),
    type: 'plan.defined',
    data: planSchema.parse({ planId, name: planId, period: 'monthly', priceMinor: 19900, currency: 'USD', ...rules }),
  };
}

export function rateCardDefined(rules: Partial<z.input<typeof rateCardSchema>>, at = ADMIN_AT): EventOf<'rate_card.defined'> {
  return {
    ...envelope(`rate-card:${at}:${JSON.stringify(rules)}`, at, 'console', []),
    type: 'rate_card.defined',
    data: rateCardSchema.parse({ ...DEFAULT_RATE_CARD, ...rules }),
  };
}

export function policyDefined(policy: z.input<typeof billingPolicySchema>, at = ADMIN_AT): EventOf<'billing_policy.defined'> {
  return { ...envelope(`policy:${at}:${JSON.stringify(policy)}`, at, 'console', []), type: 'billing_policy.defined', data: billingPolicySchema.parse(policy) };
}

export function subscriptionWith(
  subscriptionId: string,
  customerId: string,
  planId: string,
  startDate: string,
  options: { renewal?: 'auto' | 'end'; at?: string } = {},
): EventOf<'subscription.started'> {
  return {
    ...envelope(`subscription:${subscriptionId}`, options.at ?? ADMIN_AT, 'console', []),
    type: 'subscription.started',
    data: { subscriptionId, customerId, planId, startDate, renewal: options.renewal ?? 'auto' },
  };
}

export function subscriptionChanged(subscriptionId: string, planId: string, effectiveDate: string, at: string): EventOf<'subscription.changed'> {
  return { ...envelope(`change:${subscriptionId}:${at}`, at, 'console', []), type: 'subscription.changed', data: { subscriptionId, planId, effectiveDate } };
}

export function subscriptionCancelled(subscriptionId: string, effectiveDate: string, at: string): EventOf<'subscription.cancelled'> {
  return { ...envelope(`cancel:${subscriptionId}:${at}`, at, 'console', []), type: 'subscription.cancelled', data: { subscriptionId, effectiveDate } };
}

export function walletCredited(
  entryId: string,
  customerId: string,
  amountMinor: number,
  options: { kind?: 'top_up' | 'grant' | 'bonus'; expiresOn?: string | null; at?: string; currency?: string } = {},
): EventOf<'wallet.credited'> {
  return {
    ...envelope(`wallet:${entryId}`, options.at ?? ADMIN_AT, 'console', []),
    type: 'wallet.credited',
    data: { entryId, customerId, kind: options.kind ?? 'top_up', amountMinor, currency: options.currency ?? 'USD', expiresOn: options.expiresOn ?? null, note: '' },
  };
}

export function adjustmentRecorded(adjustmentId: string, customerId: string, unit: 'seconds' | 'money', amount: number, at = ADMIN_AT): EventOf<'adjustment.recorded'> {
  return {
    ...envelope(`adjustment:${adjustmentId}`, at, 'console', []),
    type: 'adjustment.recorded',
    data: { adjustmentId, customerId, unit, amount, reason: 'goodwill', by: 'owner' },
  };
}

export function callCorrected(callId: string, durationSeconds: number, at: string): EventOf<'call.corrected'> {
  return {
    ...envelope(`corrected:${callId}:${durationSeconds}:${at}`, at, 'console', []),
    type: 'call.corrected',
    data: { callId, durationSeconds, reason: 'the provider cut the call short', by: 'owner' },
  };
}

/** A call answered at `answeredAt` (rang 5 s before) that talked `talkSeconds`. */
export function talked(callId: string, from: string, answeredAt: string, talkSeconds: number): EventOf<'call.completed'> {
  return completed(callId, from, new Date(Date.parse(answeredAt) - 5_000).toISOString(), talkSeconds, { answered: true });
}

/** A call nobody answered; with `voicemail`, the caller left a message. */
export function unanswered(callId: string, from: string, startedAt: string, voicemail = false): EventOf<'call.completed'> {
  const event = completed(callId, from, startedAt, 0, { answered: false });
  return { ...event, data: { ...event.data, voicemailUrl: voicemail ? `https://example.com/vm/${callId}.mp3` : null } };
}

export function invoiceStatusChanged(invoiceKey: string, status: 'ready' | 'void', at = ADMIN_AT): EventOf<'invoice.status_changed'> {
  return { ...envelope(`invoice-status:${invoiceKey}:${status}:${at}`, at, 'console', []), type: 'invoice.status_changed', data: { invoiceKey, status, by: 'owner' } };
}

export function invoiceSynced(invoiceKey: string, quickbooksId: string, at = ADMIN_AT): EventOf<'invoice.synced'> {
  return {
    ...envelope(`invoice-synced:${invoiceKey}`, at, 'console', []),
    type: 'invoice.synced',
    data: { invoiceKey, quickbooksId, docNumber: `D-${quickbooksId}`, link: null, syncedAt: at, quickbooksTotalMinor: null },
  };
}

export function paymentRecorded(paymentId: string, customerId: string, invoiceKey: string, amountMinor: number, at = ADMIN_AT): EventOf<'payment.recorded'> {
  return {
    ...envelope(`payment:${paymentId}`, at, 'console', []),
    type: 'payment.recorded',
    data: { paymentId, quickbooksId: null, customerId, amountMinor, currency: 'USD', receivedOn: at.slice(0, 10), appliedTo: [{ invoiceKey, quickbooksInvoiceId: null, amountMinor }] },
  };
}

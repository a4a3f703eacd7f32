import { planSchema } from '../../shared/billing/catalog';
import { EVENT_MODEL_VERSION, type EventOf, type RingsideEvent } from '../../shared/events/model';

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
    data: { callId, direction: 'incoming', businessNumber: to, externalNumber: from, startedAt, answeredAt },
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
    data: { customerId, name, company: options.company ?? null, email: options.email ?? null, phones, quickbooksId: null },
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

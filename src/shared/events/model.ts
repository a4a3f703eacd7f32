import { z } from 'zod';

/**
 * The normalized event model: one versioned discriminated union shared by the relay,
 * the console core and (as types) the renderer. The relay's log stores these; every
 * console's SQLite database is a projection of them.
 */

export const EVENT_MODEL_VERSION = 1 as const;

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number like +16175550100');
const isoInstant = z.iso.datetime({ offset: true });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31');
const id = z.string().min(1).max(200);

export const providerSources = ['openphone', 'twilio', 'vapi', 'mightycall', 'quickbooks'] as const;
export const eventSources = [...providerSources, 'console'] as const;
export type ProviderSource = (typeof providerSources)[number];
export type EventSource = (typeof eventSources)[number];

// ---- provider (telephony) event data ----------------------------------------

export const callRingingData = z.object({
  callId: id,
  direction: z.enum(['incoming', 'outgoing']),
  /** The workspace line the call rings on (our side). */
  businessNumber: e164,
  /** The other party: the caller for incoming calls. */
  externalNumber: e164,
  startedAt: isoInstant,
});

/**
 * The call was picked up. Not every provider reports it (OpenPhone's legacy webhooks do
 * not, its 2026-03-30 generation does), so a call may go from ringing to completed.
 */
export const callAnsweredData = callRingingData.extend({
  answeredAt: isoInstant,
});

export const callCompletedData = callRingingData.extend({
  /** null: the call was never answered (a missed call is a completed call with no answeredAt). */
  answeredAt: isoInstant.nullable(),
  completedAt: isoInstant,
  /** Talk time in whole seconds: completedAt - answeredAt, 0 when unanswered. */
  durationSeconds: z.number().int().min(0),
  voicemailUrl: z.string().nullable(),
});

/** A provider event kept as received, for a later normalizer to re-derive. */
export const providerUnnormalizedData = z.object({
  providerType: z.string(),
});

// ---- console-originated events ----------------------------------------------

export const customerUpsertedData = z.object({
  customerId: id,
  name: z.string().min(1).max(300),
  company: z.string().max(300).nullable(),
  email: z.string().max(300).nullable(),
  /** Every number the customer may call from, E.164, at least one. */
  phones: z.array(e164).min(1).max(20),
});

export const customerRemovedData = z.object({ customerId: id });

export const planDefinedData = z.object({
  planId: id,
  name: z.string().min(1).max(200),
  period: z.enum(['monthly', 'annual']),
  includedSeconds: z.number().int().min(0),
  priceMinor: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

export const subscriptionStartedData = z.object({
  subscriptionId: id,
  customerId: id,
  planId: id,
  /** First day of the first period, in the business's calendar. */
  startDate: isoDate,
});

// ---- the union --------------------------------------------------------------

const envelope = {
  v: z.literal(EVENT_MODEL_VERSION),
  /** Stable: the provider's event id when there is one, so a retry is recognized. */
  id,
  source: z.enum(eventSources),
  occurredAt: isoInstant,
  receivedAt: isoInstant,
  /**
   * Business lines (E.164) the event concerns; an agent device sees a provider
   * event only when one of these is assigned to it. Empty for console events.
   */
  lines: z.array(e164),
  /** The provider payload exactly as parsed, for provider events. */
  raw: z.unknown().optional(),
};

export const ringsideEventSchema = z.discriminatedUnion('type', [
  z.object({ ...envelope, type: z.literal('call.ringing'), data: callRingingData }),
  z.object({ ...envelope, type: z.literal('call.answered'), data: callAnsweredData }),
  z.object({ ...envelope, type: z.literal('call.completed'), data: callCompletedData }),
  z.object({ ...envelope, type: z.literal('provider.unnormalized'), data: providerUnnormalizedData }),
  z.object({ ...envelope, type: z.literal('customer.upserted'), data: customerUpsertedData }),
  z.object({ ...envelope, type: z.literal('customer.removed'), data: customerRemovedData }),
  z.object({ ...envelope, type: z.literal('plan.defined'), data: planDefinedData }),
  z.object({ ...envelope, type: z.literal('subscription.started'), data: subscriptionStartedData }),
]);

export type RingsideEvent = z.infer<typeof ringsideEventSchema>;
export type RingsideEventType = RingsideEvent['type'];
export type EventOf<T extends RingsideEventType> = Extract<RingsideEvent, { type: T }>;
export type CallRingingData = z.infer<typeof callRingingData>;
export type CallAnsweredData = z.infer<typeof callAnsweredData>;
export type CallCompletedData = z.infer<typeof callCompletedData>;
export type CustomerUpsertedData = z.infer<typeof customerUpsertedData>;
export type PlanDefinedData = z.infer<typeof planDefinedData>;
export type SubscriptionStartedData = z.infer<typeof subscriptionStartedData>;

/** An event as stored in the relay's log. */
export interface SequencedEvent {
  seq: number;
  event: RingsideEvent;
}

// ---- console events posted to POST /v1/events --------------------------------

/** Console event types, with the device roles allowed to post each. */
export const consoleEventRoles = {
  'customer.upserted': ['admin', 'bookkeeper'],
  'customer.removed': ['admin', 'bookkeeper'],
  'plan.defined': ['admin'],
  'subscription.started': ['admin'],
} as const satisfies Partial<Record<RingsideEventType, readonly DeviceRole[]>>;

export type ConsoleEventType = keyof typeof consoleEventRoles;

/**
 * What a console posts: the relay fills in `v`, `source: 'console'`, `receivedAt`
 * and `lines`. `id` is chosen by the console (a UUID, or a key derived from the
 * fact) so a retried post is not appended twice.
 */
export const consoleEventInputSchema = z.discriminatedUnion('type', [
  z.object({ id, occurredAt: isoInstant, type: z.literal('customer.upserted'), data: customerUpsertedData }),
  z.object({ id, occurredAt: isoInstant, type: z.literal('customer.removed'), data: customerRemovedData }),
  z.object({ id, occurredAt: isoInstant, type: z.literal('plan.defined'), data: planDefinedData }),
  z.object({ id, occurredAt: isoInstant, type: z.literal('subscription.started'), data: subscriptionStartedData }),
]);
export type ConsoleEventInput = z.infer<typeof consoleEventInputSchema>;

export const deviceRoles = ['admin', 'bookkeeper', 'agent'] as const;
export type DeviceRole = (typeof deviceRoles)[number];

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EVENT_MODEL_VERSION, type EventOf } from '../../../../src/shared/events/model';

/**
 * What a Flutterwave v3 webhook tells the relay (docs/providers/flutterwave.md §6), read only
 * far enough to know what to verify: a webhook is a hint, never proof. `charge.completed`
 * names a transaction id (successful and failed charges alike); an event about a cancelled
 * subscription names the subscription. Any other event is kept with no effect. A body whose
 * fields have the wrong types is refused (400), so nothing unreadable is queued. Pure.
 */

const transactionId = z.union([z.number().int().positive().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,18}$/)]).transform(String);

const chargeCompleted = z.object({
  event: z.literal('charge.completed'),
  data: z.object({ id: transactionId, tx_ref: z.string().max(200).optional(), status: z.string().max(100).optional() }).loose(),
}).loose();

const subscriptionCancelled = z.object({
  event: z.string().regex(/subscription/i).regex(/cancel/i),
  data: z
    .object({
      id: transactionId,
      customer: z.object({ customer_email: z.string().max(300).optional(), email: z.string().max(300).optional() }).loose().optional(),
      plan: z.union([z.number(), z.string().max(100)]).optional(),
    })
    .loose(),
}).loose();

const anyEvent = z.object({ event: z.string().min(1).max(200) }).loose();

export type FlutterwaveWebhook =
  | { kind: 'charge'; transactionId: string }
  | { kind: 'subscription_cancelled'; subscriptionId: string; email: string | null }
  | { kind: 'other'; event: string };

export function readFlutterwaveWebhook(payload: unknown): { ok: true; webhook: FlutterwaveWebhook } | { ok: false; error: string } {
  const named = anyEvent.safeParse(payload);
  if (!named.success) return { ok: false, error: 'a Flutterwave webhook is a JSON object with an event name (event) and its data' };
  const name = named.data.event;
  if (name === 'charge.completed') {
    const charge = chargeCompleted.safeParse(payload);
    if (!charge.success) return { ok: false, error: `charge.completed needs data.id, the Flutterwave transaction id (a whole number): ${charge.error.issues[0]?.message ?? 'unreadable'}` };
    return { ok: true, webhook: { kind: 'charge', transactionId: charge.data.data.id } };
  }
  if (/subscription/i.test(name) && /cancel/i.test(name)) {
    const cancelled = subscriptionCancelled.safeParse(payload);
    if (!cancelled.success) return { ok: false, error: `${name} needs data.id, the Flutterwave subscription id (a whole number)` };
    const customer = cancelled.data.data.customer;
    return { ok: true, webhook: { kind: 'subscription_cancelled', subscriptionId: cancelled.data.data.id, email: customer?.customer_email ?? customer?.email ?? null } };
  }
  return { ok: true, webhook: { kind: 'other', event: name } };
}

/** providerType of the stored webhook: `flutterwave.<event>`. */
export const FLUTTERWAVE_WEBHOOK_TYPE_PREFIX = 'flutterwave.';

/**
 * The webhook as received, stored before anything is verified (so nothing is lost, and the
 * verifier works from the log). The id hashes the bytes: a resend of the same bytes is a duplicate.
 * Except a subscription's cancellation: a second one (after a reactivation) has the same bytes as
 * the first, so each is stored with the instant it came; the verifier's event id makes one
 * cancellation of one one (payment-verifier.ts cancellationEventId).
 */
export function receivedWebhookEvent(payload: unknown, event: string, rawBody: Buffer, receivedAt: string): EventOf<'provider.unnormalized'> {
  const digest = createHash('sha256').update(rawBody).digest('hex').slice(0, 40);
  const cancellation = /subscription/i.test(event) && /cancel/i.test(event);
  return {
    v: EVENT_MODEL_VERSION,
    id: cancellation ? `flutterwave-webhook:${digest}:${receivedAt}` : `flutterwave-webhook:${digest}`,
    type: 'provider.unnormalized',
    source: 'flutterwave',
    occurredAt: receivedAt,
    receivedAt,
    lines: [],
    raw: payload,
    data: { providerType: `${FLUTTERWAVE_WEBHOOK_TYPE_PREFIX}${event.slice(0, 150)}` },
  };
}

import { createHash } from 'node:crypto';
import { EVENT_MODEL_VERSION, type EventOf } from '../../../../src/shared/events/model';

/**
 * A signed QuickBooks delivery the relay cannot read (issue 11 §4): not JSON, nested too
 * deep, or a shape neither envelope describes (Intuit changed the format once already).
 * It is stored as it came, a `provider.unnormalized` event holding the raw body, and
 * answered 200: Intuit retries anything else for days and may hold later events back.
 * Bookkeeper consoles run a CDC pass when they see one, which finds whatever changed.
 * The id hashes the bytes, so a redelivery is a duplicate.
 */

export const UNREADABLE_WEBHOOK_TYPE = 'quickbooks.webhook';

export function unreadableWebhookEvent(raw: unknown, rawBody: Buffer, receivedAt: string): EventOf<'provider.unnormalized'> {
  return {
    v: EVENT_MODEL_VERSION,
    id: `qbo-webhook-raw:${createHash('sha256').update(rawBody).digest('hex').slice(0, 40)}`,
    type: 'provider.unnormalized',
    source: 'quickbooks',
    occurredAt: receivedAt,
    receivedAt,
    lines: [],
    raw,
    data: { providerType: UNREADABLE_WEBHOOK_TYPE },
  };
}

/** How much of a refused body the marker keeps: enough to see what it was, small enough to store always. */
export const REFUSED_WEBHOOK_HEAD_CHARS = 2_000;

/**
 * A signed delivery the relay will not keep whole (larger than RELAY_MAX_BODY_BYTES, or its
 * events cannot be stored): a small "run a change check" marker, still a provider.unnormalized
 * of QuickBooks so bookkeeper consoles run CDC on it, with the start of the body and its size.
 */
export function refusedWebhookEvent(rawBody: Buffer, reason: 'too_large' | 'unstorable', receivedAt: string): EventOf<'provider.unnormalized'> {
  const head = rawBody.subarray(0, REFUSED_WEBHOOK_HEAD_CHARS * 4).toString('utf8').slice(0, REFUSED_WEBHOOK_HEAD_CHARS);
  return { ...unreadableWebhookEvent(null, rawBody, receivedAt), raw: { refused: reason, bytes: rawBody.length, head } };
}

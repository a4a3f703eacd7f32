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

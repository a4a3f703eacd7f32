import { factKey } from '../../../../../src/shared/events/fact-key';
import { messageStatuses, type RingsideEvent } from '../../../../../src/shared/events/model';
import { normalizeOpenPhone } from '../../../../../src/shared/providers/openphone/normalize';
import { flagHealthCheckText, type IssuedHealthChecks } from '../health-check/health-check-marker';

/**
 * What the log lacks of the calls and texts OpenPhone's API lists (GET /v1/calls and
 * /v1/messages, §1.9): each listed object becomes the event its webhook would have given
 * (the shared normalizer, read as an API-created v4 payload), and is kept only when the
 * log holds no event of the same fact key (src/shared/events/fact-key.ts: webhook event
 * ids are delivery ids the API never shows). Recovered events carry
 * `origin: {by: 'reconciliation', recordOnly: false}`: a call found this way is billed
 * like any completed call. Their id is derived from the fact, so a second run cannot
 * append them twice. Those the log holds are returned too, for comparing. Pure.
 */

export interface ListedActivity {
  calls: readonly unknown[];
  messages: readonly unknown[];
}

export interface MissingFacts {
  events: RingsideEvent[];
  /** Listed objects the normalizer could not read (their ids, when they have one). */
  unreadable: string[];
  /** Calls still ringing or in progress: their webhooks may yet come. */
  unfinishedCalls: number;
  /** Listed calls and texts the log already holds, as their webhooks would have given them: compared with the log (differing-facts.ts). */
  present: { key: string; event: RingsideEvent }[];
}

/** Call statuses after which nothing more happens to the call (§1.9's enum). */
const FINISHED_CALL_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled', 'missed', 'answered', 'forwarded', 'abandoned']);

export function missingFacts(listed: ListedActivity, context: { phoneNumberIds: Readonly<Record<string, string>>; receivedAt: string; has: (key: string) => boolean; healthChecks: IssuedHealthChecks }): MissingFacts {
  const events: RingsideEvent[] = [];
  const unreadable: string[] = [];
  const seen = new Set<string>();
  const present: { key: string; event: RingsideEvent }[] = [];
  let unfinishedCalls = 0;
  const consider = (type: string, resource: Record<string, unknown>, createdAt: unknown, adjust: (event: RingsideEvent) => RingsideEvent): void => {
    const envelope = { id: 'reconciliation', object: 'event', apiVersion: 'v4', createdAt, type, data: { object: resource } };
    const normalized = normalizeOpenPhone(envelope, { receivedAt: context.receivedAt, deliveryId: null, phoneNumberIds: context.phoneNumberIds });
    const key = normalized.ok ? factKey(normalized.event) : null;
    if (!normalized.ok || key === null) {
      unreadable.push(typeof resource.id === 'string' ? resource.id : '(no id)');
      return;
    }
    if (seen.has(key)) return;
    seen.add(key);
    const event = adjust(flagHealthCheckText({ ...normalized.event, id: `reconciliation:${key}`, raw: resource, origin: { by: 'reconciliation', recordOnly: false } } as RingsideEvent, context.healthChecks));
    if (context.has(key)) present.push({ key, event });
    else events.push(event);
  };

  for (const entry of listed.calls) {
    if (!isObject(entry)) continue;
    if (typeof entry.status === 'string' && !FINISHED_CALL_STATUSES.has(entry.status)) {
      unfinishedCalls++;
      continue;
    }
    consider('call.completed', entry, entry.completedAt ?? entry.updatedAt ?? entry.createdAt, (event) => event);
  }
  for (const entry of listed.messages) {
    if (!isObject(entry)) continue;
    const status = typeof entry.status === 'string' ? entry.status : '';
    const type = entry.direction === 'incoming' ? 'message.received' : status === 'failed' || status === 'undelivered' ? `message.${status}` : 'message.delivered';
    consider(type, entry, entry.createdAt, (event) => {
      // An outgoing text still queued or sent is recorded as the API lists it, not as delivered.
      if (event.type !== 'message.recorded' || event.data.direction !== 'outgoing' || !(messageStatuses as readonly string[]).includes(status)) return event;
      return { ...event, data: { ...event.data, status: status as (typeof messageStatuses)[number] } };
    });
  }
  return { events, unreadable, unfinishedCalls, present };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EVENT_MODEL_VERSION, type EventOf } from '../../../../src/shared/events/model';

/**
 * QuickBooks webhook bodies (spec §10) → one `quickbooks.entities_changed` event per
 * company (realm). Both envelopes are accepted:
 * - legacy: {"eventNotifications":[{"realmId","dataChangeEvent":{"entities":[{name,id,operation,lastUpdated,deletedId?}]}}]}
 * - CloudEvents: a JSON array of {specversion,id,type:"qbo.<entity>.<verb>.v1",time,intuitentityid,intuitaccountid,data}
 * CloudEvents are mapped to the legacy vocabulary (name "Invoice", operation "Create")
 * so consumers read one shape. A merge also lists the merged-away entity as a Delete.
 * The event id hashes the notification's content, so a redelivered webhook dedupes.
 */

export type EntitiesChangedEvent = EventOf<'quickbooks.entities_changed'>;
type ChangedEntity = EntitiesChangedEvent['data']['entities'][number];

export type ParsedWebhook = { ok: true; events: EntitiesChangedEvent[] } | { ok: false; error: string };

/** The event schema caps entities per event; a bigger notification is split. */
const MAX_ENTITIES_PER_EVENT = 1000;

const text = (max: number) => z.string().min(1).max(max);

const legacySchema = z.object({
  eventNotifications: z.array(
    z.object({
      realmId: text(100),
      dataChangeEvent: z.object({
        entities: z.array(
          z.object({ name: text(100), id: text(100), operation: text(50), lastUpdated: text(100), deletedId: text(100).optional() }),
        ),
      }),
    }),
  ),
});

const cloudEventSchema = z.object({
  specversion: z.string(),
  id: text(200),
  type: z.string().regex(/^qbo\.[a-z]+\.[a-z]+\.v\d+$/, 'type must look like qbo.<entity>.<verb>.v1'),
  time: text(100),
  intuitentityid: text(100),
  intuitaccountid: text(100),
  data: z.object({ deletedid: z.union([text(100), z.number()]).optional() }).loose().nullish(),
});
const cloudEventsSchema = z.array(cloudEventSchema).min(1);

/** CloudEvents verbs → the legacy operation names (spec §10's operation list). */
const OPERATIONS: Readonly<Record<string, string>> = {
  created: 'Create',
  updated: 'Update',
  deleted: 'Delete',
  merged: 'Merge',
  voided: 'Void',
  emailed: 'Emailed',
};

export function parseQuickBooksWebhook(payload: unknown, receivedAt: string): ParsedWebhook {
  if (Array.isArray(payload)) {
    const parsed = cloudEventsSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, error: `not a CloudEvents batch: ${z.prettifyError(parsed.error)}` };
    // Each realm's event keeps the CloudEvents as received (raw), in delivery order.
    const byRealm = new Map<string, { parsed: z.infer<typeof cloudEventSchema>; raw: unknown }[]>();
    parsed.data.forEach((event, index) => {
      byRealm.set(event.intuitaccountid, [...(byRealm.get(event.intuitaccountid) ?? []), { parsed: event, raw: payload[index] }]);
    });
    const events = [...byRealm].flatMap(([realmId, group]) =>
      toEvents(
        realmId,
        group.flatMap((item) => fromCloudEvent(item.parsed)),
        group.map((item) => item.raw),
        receivedAt,
        `ce:${group.map((item) => item.parsed.id).sort().join(',')}`,
      ),
    );
    return { ok: true, events };
  }
  const parsed = legacySchema.safeParse(payload);
  if (!parsed.success) return { ok: false, error: `not a QuickBooks webhook notification: ${z.prettifyError(parsed.error)}` };
  const rawNotifications = (payload as { eventNotifications: unknown[] }).eventNotifications;
  const events = parsed.data.eventNotifications.flatMap((notification, index) => {
    const entities = notification.dataChangeEvent.entities.flatMap((entity) => withMergedAway(
      { name: entity.name, id: entity.id, operation: entity.operation, lastUpdated: entity.lastUpdated },
      entity.operation === 'Merge' ? entity.deletedId : undefined,
    ));
    const raw = rawNotifications[index];
    return toEvents(notification.realmId, entities, raw, receivedAt, `legacy:${canonicalJson(raw)}`);
  });
  return { ok: true, events };
}

function fromCloudEvent(event: z.infer<typeof cloudEventSchema>): ChangedEntity[] {
  const [, entity = '', verb = ''] = event.type.split('.');
  const operation = OPERATIONS[verb] ?? verb;
  const deletedId = event.data?.deletedid;
  return withMergedAway(
    { name: entity.charAt(0).toUpperCase() + entity.slice(1), id: event.intuitentityid, operation, lastUpdated: event.time },
    operation === 'Merge' && deletedId !== undefined ? String(deletedId) : undefined,
  );
}

function withMergedAway(entity: ChangedEntity, deletedId: string | undefined): ChangedEntity[] {
  return deletedId === undefined ? [entity] : [entity, { ...entity, id: deletedId, operation: 'Delete' }];
}

function toEvents(realmId: string, entities: ChangedEntity[], raw: unknown, receivedAt: string, identity: string): EntitiesChangedEvent[] {
  const digest = createHash('sha256').update(`${realmId}\u0000${identity}`, 'utf8').digest('hex').slice(0, 40);
  const chunks: ChangedEntity[][] = [];
  for (let start = 0; start < entities.length; start += MAX_ENTITIES_PER_EVENT) chunks.push(entities.slice(start, start + MAX_ENTITIES_PER_EVENT));
  if (chunks.length === 0) chunks.push([]);
  return chunks.map((chunk, index) => ({
    v: EVENT_MODEL_VERSION,
    id: `qbo-webhook:${digest}${chunks.length > 1 ? `:${index}` : ''}`,
    type: 'quickbooks.entities_changed',
    source: 'quickbooks',
    occurredAt: latestInstant(chunk) ?? receivedAt,
    receivedAt,
    lines: [],
    raw,
    data: { realmId, entities: chunk },
  }));
}

/** The newest lastUpdated as an ISO instant, or null when none parses. */
function latestInstant(entities: readonly ChangedEntity[]): string | null {
  const times = entities.map((entity) => Date.parse(entity.lastUpdated)).filter((ms) => Number.isFinite(ms));
  return times.length === 0 ? null : new Date(Math.max(...times)).toISOString();
}

/** JSON with object keys sorted, so the same notification hashes the same however it was serialized. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

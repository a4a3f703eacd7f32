import { EVENT_MODEL_VERSION, namespacedCallId, providerSources, ringsideEventSchema, type ProviderSource, type RingsideEvent } from './model';

/**
 * Reads an event as it was stored, in any shape ever written: older shapes are
 * brought up to EVENT_MODEL_VERSION by a chain of upcasters (one per version step,
 * never edited once released), then validated. An event from a newer Ringside (a
 * higher `v`, or a type this version does not know) is not an error: the caller
 * keeps it for a later version to read.
 */
export type StoredEventReading =
  | { kind: 'read'; event: RingsideEvent }
  | { kind: 'newer'; reason: string }
  | { kind: 'unreadable'; reason: string };

type StoredJson = Record<string, unknown>;

/** upcasters[n] turns a version-n event into version n + 1. */
const upcasters: Record<number, (event: StoredJson) => StoredJson> = {
  1: namespaceCallIds,
};

const CALL_TYPES_WITH_PROVIDER_IDS = new Set(['call.ringing', 'call.answered', 'call.completed']);

/**
 * v1 → v2: call ids get their provider's name in front. A provider's call event is
 * namespaced by its own source; a `call.corrected` (posted by a console) names a call
 * of the only telephony provider version 1 had, OpenPhone.
 */
function namespaceCallIds(event: StoredJson): StoredJson {
  const data = event.data;
  const callId = isObject(data) && typeof data.callId === 'string' ? data.callId : null;
  if (callId === null) return { ...event, v: 2 };
  let provider: ProviderSource | null = null;
  if (typeof event.type === 'string' && CALL_TYPES_WITH_PROVIDER_IDS.has(event.type) && isProviderSource(event.source)) provider = event.source;
  else if (event.type === 'call.corrected') provider = 'openphone';
  if (provider === null) return { ...event, v: 2 };
  return { ...event, v: 2, data: { ...(data as StoredJson), callId: namespacedCallId(provider, callId) } };
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(ringsideEventSchema.options.map((option) => option.shape.type.value));
const PROVIDER_SOURCES: ReadonlySet<string> = new Set(providerSources);

export function readStoredEvent(stored: unknown): StoredEventReading {
  if (!isObject(stored)) return { kind: 'unreadable', reason: 'not a JSON object' };
  const version = stored.v === undefined ? 1 : stored.v;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return { kind: 'unreadable', reason: `"v" is ${JSON.stringify(stored.v)}` };
  if (version > EVENT_MODEL_VERSION) return { kind: 'newer', reason: `event version ${version} (this Ringside reads up to ${EVENT_MODEL_VERSION})` };
  let event: StoredJson = stored;
  for (let v = version; v < EVENT_MODEL_VERSION; v += 1) event = upcasters[v]!(event);
  if (typeof event.type !== 'string' || !KNOWN_TYPES.has(event.type)) return { kind: 'newer', reason: `event type ${JSON.stringify(event.type)} is not one this Ringside knows` };
  const parsed = ringsideEventSchema.safeParse(event);
  if (!parsed.success) return { kind: 'unreadable', reason: parsed.error.issues[0]?.message ?? 'invalid event' };
  return { kind: 'read', event: parsed.data };
}

function isProviderSource(value: unknown): value is ProviderSource {
  return typeof value === 'string' && PROVIDER_SOURCES.has(value);
}

function isObject(value: unknown): value is StoredJson {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

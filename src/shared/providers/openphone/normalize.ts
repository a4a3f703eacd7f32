import { EVENT_MODEL_VERSION, namespacedCallId, type RingsideEvent } from '../../events/model';
import { toE164, type E164 } from '../../phone';

/**
 * OpenPhone (Quo) webhook payload → Ringside event (spec telephony-providers §1.3-1.5,
 * §1.10). Pure. Every well-formed envelope yields an event: `call.ringing`,
 * `call.answered` (new generation only) and `call.completed` are normalized when the
 * call's numbers can be determined, anything else is kept as `provider.unnormalized`
 * with its raw payload for a later normalizer. Call ids are namespaced
 * (`openphone:AC123`, namespacedCallId) so no other provider's id can collide.
 */

export interface OpenPhoneNormalizeContext {
  receivedAt: string;
  /** webhook-id of a Standard Webhooks delivery */
  deliveryId: string | null;
  /** PN… id → E.164, for payloads that carry only phoneNumberId (API-created v4 and new generation) */
  phoneNumberIds: Readonly<Record<string, string>>;
}

export type OpenPhoneNormalizeResult = { ok: true; event: RingsideEvent } | { ok: false; error: string };

type Json = Record<string, unknown>;

const MAX_ID_LENGTH = 200;
/** The event model's ids are at most 200 characters, the `openphone:` prefix included. */
const MAX_CALL_ID_LENGTH = MAX_ID_LENGTH - namespacedCallId('openphone', '').length;

type CallEventType = 'call.ringing' | 'call.answered' | 'call.completed';

/** The call events normalized, per generation: legacy webhooks have no call.answered (§1.2, §1.10). */
const LEGACY_CALL_TYPES: readonly CallEventType[] = ['call.ringing', 'call.completed'];
const NEW_GENERATION_CALL_TYPES: readonly CallEventType[] = ['call.ringing', 'call.answered', 'call.completed'];

export function normalizeOpenPhone(payload: unknown, ctx: OpenPhoneNormalizeContext): OpenPhoneNormalizeResult {
  if (!isObject(payload)) return { ok: false, error: 'the payload is not a JSON object' };
  const { id, type, data } = payload;
  if (typeof id !== 'string' || id === '' || id.length > MAX_ID_LENGTH) {
    return { ok: false, error: `the envelope has no "id" string (1-${MAX_ID_LENGTH} characters)` };
  }
  if (typeof type !== 'string' || type === '') return { ok: false, error: 'the envelope has no "type" string' };
  if (!isObject(data)) return { ok: false, error: 'the envelope has no "data" object' };

  const receivedAt = toInstant(ctx.receivedAt) ?? ctx.receivedAt;
  const occurredAt = toInstant(payload.createdAt) ?? receivedAt;
  // Legacy deliveries dedupe on the envelope id (EV…). For Standard Webhooks deliveries the
  // spec says to dedupe on the webhook-id header, which is stable across retries of one
  // delivery; the cost is that two Quo webhooks pointed at the same relay store the same
  // event twice (the envelope id would merge them, but the spec does not promise it is
  // stable across retries).
  const eventId = ctx.deliveryId !== null && ctx.deliveryId !== '' && ctx.deliveryId.length <= MAX_ID_LENGTH ? ctx.deliveryId : id;
  // Legacy payloads carry `data.object`; the 2026-03-30 generation carries `data.resource`.
  const legacy = isObject(data.object);
  const resource = isObject(data.object) ? data.object : isObject(data.resource) ? data.resource : null;
  const callType = (legacy ? LEGACY_CALL_TYPES : NEW_GENERATION_CALL_TYPES).find((t) => t === type);
  const common = { v: EVENT_MODEL_VERSION, id: eventId, source: 'openphone' as const, occurredAt, receivedAt, raw: payload };

  if (callType !== undefined && resource !== null) {
    const call = readCall(resource, ctx.phoneNumberIds, occurredAt, payload.createdAt);
    if (call !== null) {
      const ringing = {
        callId: call.callId,
        direction: call.direction,
        businessNumber: call.businessNumber,
        externalNumber: call.externalNumber,
        startedAt: call.startedAt,
      };
      const lines = [call.businessNumber];
      switch (callType) {
        case 'call.ringing':
          return { ok: true, event: { ...common, type: callType, lines, data: ringing } };
        case 'call.answered': {
          // New generation only, read with the same unconfirmed field names as its ringing
          // and completed (see readCall): the resource's answeredAt, else the event's own time.
          const answeredAt = toInstant(resource.answeredAt) ?? occurredAt;
          return { ok: true, event: { ...common, type: callType, lines, data: { ...ringing, answeredAt, answeredBy: null } } };
        }
        case 'call.completed':
          return { ok: true, event: { ...common, type: callType, lines, data: { ...ringing, ...readCompletion(resource, occurredAt) } } };
      }
    }
  }

  return {
    ok: true,
    event: { ...common, type: 'provider.unnormalized', lines: resource ? guessLines(resource, ctx.phoneNumberIds) : [], data: { providerType: type } },
  };
}

interface CallParties {
  callId: string;
  direction: 'incoming' | 'outgoing';
  businessNumber: E164;
  externalNumber: E164;
  startedAt: string;
}

/**
 * The two call shapes of §1.4: app-created (v2/v3) `from`/`to` + direction, and
 * API-created (v4) `participants[0]` (external) + `phoneNumberId` (ours, mapped through
 * the context). The new generation's fields are unconfirmed, so it goes through the
 * same two readings, also accepting participants as `{phoneNumber}` objects as its REST
 * call does. Null when the call id, direction or either number cannot be determined.
 */
function readCall(call: Json, phoneNumberIds: Readonly<Record<string, string>>, occurredAt: string, envelopeCreatedAt: unknown): CallParties | null {
  const callId = typeof call.id === 'string' && call.id !== '' && call.id.length <= MAX_CALL_ID_LENGTH ? namespacedCallId('openphone', call.id) : null;
  if (callId === null) return null;
  const mappedLine = lineOfPhoneNumberId(call.phoneNumberId, phoneNumberIds);
  const from = typeof call.from === 'string' ? toE164(call.from) : null;
  const to = typeof call.to === 'string' ? toE164(call.to) : null;
  const direction = readDirection(call.direction) ?? (mappedLine === null ? null : mappedLine === to ? 'incoming' : mappedLine === from ? 'outgoing' : null);
  if (direction === null) return null;

  let businessNumber: E164 | null;
  let externalNumber: E164 | null;
  if (from !== null && to !== null) {
    businessNumber = direction === 'incoming' ? to : from;
    externalNumber = direction === 'incoming' ? from : to;
  } else {
    businessNumber = mappedLine;
    externalNumber = firstParticipant(call.participants);
  }
  if (businessNumber === null || externalNumber === null) return null;
  // The call's createdAt is usually the envelope's own, already read into occurredAt
  // (and when that one is not an instant, occurredAt is the fallback either way).
  const startedAt = call.createdAt === envelopeCreatedAt ? occurredAt : (toInstant(call.createdAt) ?? occurredAt);
  return { callId, direction, businessNumber, externalNumber, startedAt };
}

function readCompletion(call: Json, occurredAt: string) {
  const answeredAt = toInstant(call.answeredAt);
  // A call.completed without completedAt still ended: the event's own time is when.
  const completedAt = toInstant(call.completedAt) ?? occurredAt;
  let durationSeconds = 0;
  if (answeredAt !== null) {
    const reported = call.duration;
    durationSeconds =
      typeof reported === 'number' && Number.isInteger(reported) && reported >= 0
        ? reported
        : Math.max(0, Math.floor((Date.parse(completedAt) - Date.parse(answeredAt)) / 1000));
  }
  const voicemail = call.voicemail;
  const voicemailUrl = isObject(voicemail) && typeof voicemail.url === 'string' && voicemail.url !== '' ? voicemail.url : null;
  return { answeredAt, completedAt, durationSeconds, voicemailUrl, answeredBy: null, voicemail: null };
}

function readDirection(value: unknown): 'incoming' | 'outgoing' | null {
  return value === 'incoming' || value === 'outgoing' ? value : null;
}

function firstParticipant(participants: unknown): E164 | null {
  if (!Array.isArray(participants) || participants.length === 0) return null;
  const first: unknown = participants[0];
  if (typeof first === 'string') return toE164(first);
  if (isObject(first) && typeof first.phoneNumber === 'string') return toE164(first.phoneNumber);
  return null;
}

function lineOfPhoneNumberId(phoneNumberId: unknown, phoneNumberIds: Readonly<Record<string, string>>): E164 | null {
  if (typeof phoneNumberId !== 'string' || !Object.hasOwn(phoneNumberIds, phoneNumberId)) return null;
  return toE164(phoneNumberIds[phoneNumberId]);
}

/**
 * Business lines of an event we do not normalize yet, so agents still see it: the
 * mapped phoneNumberId, else the workspace side by direction, else every number in
 * from/to (`to` may be an array or a comma-joined group-text string).
 */
function guessLines(resource: Json, phoneNumberIds: Readonly<Record<string, string>>): E164[] {
  const mapped = lineOfPhoneNumberId(resource.phoneNumberId, phoneNumberIds);
  if (mapped !== null) return [mapped];
  const direction = readDirection(resource.direction);
  const fields = direction === 'incoming' ? [resource.to] : direction === 'outgoing' ? [resource.from] : [resource.from, resource.to];
  const lines = new Set<E164>();
  for (const field of fields) {
    const texts = typeof field === 'string' ? field.split(',') : Array.isArray(field) ? field.filter((v): v is string => typeof v === 'string') : [];
    for (const text of texts) {
      const number = toE164(text);
      if (number !== null) lines.add(number);
    }
  }
  return [...lines];
}

/** ISO-8601 instant with an offset, re-emitted in canonical UTC form; null otherwise. */
function toInstant(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

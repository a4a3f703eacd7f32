import { z } from 'zod';
import {
  callAnsweredData,
  callCompletedData,
  callForwardedData,
  callMissedData,
  callRecordingReadyData,
  callRingingData,
  callSummaryReadyData,
  callTranscriptReadyData,
  callVoicemailReadyData,
  contactChangedData,
  EVENT_MODEL_VERSION,
  messageRecordedData,
  type RingsideEvent,
} from '../../events/model';
import type { E164 } from '../../phone';
import { linesOfArtifact, type Delivery, type Derived, type OpenPhoneNormalizeContext } from './delivery';
import { normalizeRecording, normalizeSummary, normalizeTranscript, normalizeVoicemail } from './normalize-artifacts';
import { normalizeCall } from './normalize-call';
import { normalizeContact } from './normalize-contact';
import { normalizeMessage } from './normalize-message';
import { isObject, lineOfPhoneNumberId, MAX_ID_LENGTH, namespacedId, phoneNumbersIn, readDirection, toInstant, type Json } from './payload-fields';

/**
 * OpenPhone (Quo) webhook payload → Ringside event (spec telephony-providers §1.2-1.5,
 * §1.10). Pure, and never throws. Every well-formed envelope yields one event: each type
 * of both generations is normalized when its fields can be read (calls, their
 * artifacts, messages, contacts), anything else, or a known type whose fields cannot be
 * read or do not fit the event model, is kept as `provider.unnormalized` with its raw
 * payload for a later normalizer. Only a broken envelope (no id, type or data) is an
 * error. Provider ids are namespaced (`openphone:AC123`) so no other provider's can collide.
 */

export type { OpenPhoneNormalizeContext } from './delivery';

export type OpenPhoneNormalizeResult = { ok: true; event: RingsideEvent } | { ok: false; error: string };

type Normalizer = (delivery: Delivery) => Derived | null;

const e164Lines = z.array(z.string().regex(/^\+[1-9]\d{6,14}$/));
const derivedSchema = <T extends Derived['type'], D extends z.ZodType>(type: T, data: D) => z.object({ type: z.literal(type), lines: e164Lines, data });

/** The model's schema of each derived type, for its lines and data (the model's own e164 pattern). */
const DERIVED_SCHEMAS: { readonly [T in Derived['type']]: z.ZodType } = {
  'call.ringing': derivedSchema('call.ringing', callRingingData),
  'call.answered': derivedSchema('call.answered', callAnsweredData),
  'call.completed': derivedSchema('call.completed', callCompletedData),
  'call.missed': derivedSchema('call.missed', callMissedData),
  'call.forwarded': derivedSchema('call.forwarded', callForwardedData),
  'call.recording_ready': derivedSchema('call.recording_ready', callRecordingReadyData),
  'call.voicemail_ready': derivedSchema('call.voicemail_ready', callVoicemailReadyData),
  'call.transcript_ready': derivedSchema('call.transcript_ready', callTranscriptReadyData),
  'call.summary_ready': derivedSchema('call.summary_ready', callSummaryReadyData),
  'message.recorded': derivedSchema('message.recorded', messageRecordedData),
  'contact.changed': derivedSchema('contact.changed', contactChangedData),
};

/** Each envelope type normalized, both generations and both spellings of the AI events (§1.2). */
const NORMALIZERS: Readonly<Record<string, Normalizer>> = {
  'call.ringing': normalizeCall,
  'call.answered': normalizeCall,
  'call.completed': normalizeCall,
  'call.missed': normalizeCall,
  'call.forwarded': normalizeCall,
  'call.recording.completed': normalizeRecording,
  'call.voicemail.completed': normalizeVoicemail,
  'call.transcript.completed': normalizeTranscript,
  callTranscript: normalizeTranscript,
  'call.summary.completed': normalizeSummary,
  callSummary: normalizeSummary,
  'message.received': normalizeMessage,
  'message.delivered': normalizeMessage,
  'message.failed': normalizeMessage,
  'message.undelivered': normalizeMessage,
  'contact.updated': normalizeContact,
  'contact.deleted': normalizeContact,
};

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
  // Legacy payloads carry `data.object`, the 2026-03-30 generation `data.resource`; the
  // same fields are read from either, since the new generation's are unconfirmed.
  const resource = isObject(data.object) ? data.object : isObject(data.resource) ? data.resource : null;
  const common = { v: EVENT_MODEL_VERSION, id: eventId, source: 'openphone' as const, occurredAt, receivedAt, raw: payload };

  const normalizer = Object.hasOwn(NORMALIZERS, type) ? NORMALIZERS[type] : undefined;
  if (normalizer !== undefined && resource !== null) {
    const derived = normalizer({ type, resource, context: isObject(data.context) ? data.context : {}, occurredAt, envelopeCreatedAt: payload.createdAt, ctx });
    if (derived !== null) {
      // The model's own schema is the last word: a field out of its bounds (a 100 kB text,
      // 60 attachments) keeps the event raw rather than storing what no console can read.
      // Only the derived lines and data are checked: the envelope is the one the raw
      // event is stored with too, and checking the whole event costs twice as much.
      const checked = DERIVED_SCHEMAS[derived.type].safeParse(derived);
      if (checked.success) return { ok: true, event: { ...common, ...(checked.data as Derived) } as RingsideEvent };
    }
  }

  return {
    ok: true,
    event: { ...common, type: 'provider.unnormalized', lines: resource ? guessLines(resource, ctx) : [], data: { providerType: type } },
  };
}

/**
 * Business lines of an event we do not normalize, so agents still see it: the mapped
 * phoneNumberId, else the workspace side by direction, else every number in from/to
 * (`to` may be an array or a comma-joined group-text string), else its call's lines.
 */
function guessLines(resource: Json, ctx: OpenPhoneNormalizeContext): E164[] {
  const mapped = lineOfPhoneNumberId(resource.phoneNumberId, ctx.phoneNumberIds);
  if (mapped !== null) return [mapped];
  const direction = readDirection(resource.direction);
  const fields = direction === 'incoming' ? [resource.to] : direction === 'outgoing' ? [resource.from] : [resource.from, resource.to];
  const lines = [...new Set(fields.flatMap((field) => (typeof field === 'string' || Array.isArray(field) ? phoneNumbersIn(field) : [])))];
  if (lines.length > 0) return lines;
  const callId = namespacedId(resource.callId);
  return callId === null ? [] : linesOfArtifact(resource, callId, ctx);
}

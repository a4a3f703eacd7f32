import type { E164 } from '../../phone';
import type { Delivery, Derived } from './delivery';
import { isObject, lineOfPhoneNumberId, namespacedId, phoneNumberOf, readDirection, readMediaItem, text, toInstant, type Json } from './payload-fields';

/**
 * A call's own events: `call.ringing`, `call.answered`, `call.completed` (answered,
 * missed, with a voicemail), `call.missed` and `call.forwarded` (§1.4, §1.10). Null when
 * the call id, direction or either number cannot be determined.
 */
export function normalizeCall(delivery: Delivery): Derived | null {
  const { resource, occurredAt } = delivery;
  const call = readCallParties(resource, delivery);
  if (call === null) return null;
  const lines = [call.businessNumber];
  switch (delivery.type) {
    case 'call.ringing':
      return { type: 'call.ringing', lines, data: call };
    case 'call.answered': {
      // The resource's answeredAt, else the event's own time; whoever it names picked up.
      const answeredAt = toInstant(resource.answeredAt) ?? occurredAt;
      return { type: 'call.answered', lines, data: { ...call, answeredAt, answeredBy: text(resource.answeredBy) ?? text(resource.userId) } };
    }
    case 'call.completed':
      return { type: 'call.completed', lines, data: { ...call, ...readCompletion(resource, occurredAt, call.callId) } };
    case 'call.missed':
      return { type: 'call.missed', lines, data: { ...call, missedAt: toInstant(resource.completedAt) ?? occurredAt } };
    case 'call.forwarded': {
      const forwardedTo = phoneNumberOf(resource.forwardedTo) ?? text(resource.forwardedTo);
      return { type: 'call.forwarded', lines, data: { ...call, forwardedAt: occurredAt, forwardedTo } };
    }
    default:
      return null;
  }
}

export interface CallParties {
  /** `openphone:AC…`, also the owner part of the call's media ids. */
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
export function readCallParties(call: Json, delivery: Pick<Delivery, 'ctx' | 'occurredAt' | 'envelopeCreatedAt'>): CallParties | null {
  const callId = namespacedId(call.id);
  if (callId === null) return null;
  const mappedLine = lineOfPhoneNumberId(call.phoneNumberId, delivery.ctx.phoneNumberIds);
  const from = phoneNumberOf(call.from);
  const to = phoneNumberOf(call.to);
  const direction = readDirection(call.direction) ?? (mappedLine === null ? null : mappedLine === to ? 'incoming' : mappedLine === from ? 'outgoing' : null);
  if (direction === null) return null;

  let businessNumber: E164 | null;
  let externalNumber: E164 | null;
  if (from !== null && to !== null) {
    businessNumber = direction === 'incoming' ? to : from;
    externalNumber = direction === 'incoming' ? from : to;
  } else {
    businessNumber = mappedLine;
    externalNumber = Array.isArray(call.participants) ? phoneNumberOf(call.participants[0]) : null;
  }
  if (businessNumber === null || externalNumber === null) return null;
  // The call's createdAt is usually the envelope's own, already read into occurredAt
  // (and when that one is not an instant, occurredAt is the fallback either way).
  const startedAt = call.createdAt === delivery.envelopeCreatedAt ? delivery.occurredAt : (toInstant(call.createdAt) ?? delivery.occurredAt);
  return { callId, direction, businessNumber, externalNumber, startedAt };
}

function readCompletion(call: Json, occurredAt: string, callId: string) {
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
  // App webhooks put a voicemail left on a missed call in the completion (§1.4); its id
  // is the one call.voicemail.completed names, so the two merge.
  const voicemail = isObject(call.voicemail) ? readMediaItem(call.voicemail, callId, 'voicemail', 0) : null;
  const answeredBy = answeredAt === null ? null : (text(call.answeredBy) ?? text(call.userId));
  return { answeredAt, completedAt, durationSeconds, voicemailUrl: voicemail?.url ?? null, answeredBy, voicemail };
}

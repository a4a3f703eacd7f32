import type { EventOf } from '../../events/model';
import type { E164 } from '../../phone';
import { lineOfPhoneNumberId, phoneNumbersIn, type Json } from './payload-fields';

/** What an OpenPhone type's normalizer is given and gives back (normalize.ts dispatches). */

export interface OpenPhoneNormalizeContext {
  receivedAt: string;
  /** webhook-id of a Standard Webhooks delivery */
  deliveryId: string | null;
  /** PN… id → E.164, for payloads that carry only phoneNumberId (API-created v4 and new generation) */
  phoneNumberIds: Readonly<Record<string, string>>;
  /**
   * The lines a call (namespaced id) was seen on, for artifacts that name only their call
   * (transcripts, summaries). Empty when the call is not known (yet). Default: none known.
   */
  linesOfCall?: (callId: string) => readonly string[];
}

type ProviderEventType =
  | 'call.ringing'
  | 'call.answered'
  | 'call.completed'
  | 'call.missed'
  | 'call.forwarded'
  | 'call.recording_ready'
  | 'call.voicemail_ready'
  | 'call.transcript_ready'
  | 'call.summary_ready'
  | 'message.recorded'
  | 'contact.changed';

/** What a type's normalizer read from the resource: the event's type, lines and data. */
export type Derived = { [T in ProviderEventType]: { type: T; lines: E164[]; data: EventOf<T>['data'] } }[ProviderEventType];

/** What every type's normalizer is given. */
export interface Delivery {
  /** The envelope's type. */
  type: string;
  /** `data.object` (legacy) or `data.resource` (new generation). */
  resource: Json;
  /** `data.context` of the new generation, else an empty object. */
  context: Json;
  /** The envelope's createdAt as an instant, else the time of receipt. */
  occurredAt: string;
  /** The envelope's createdAt as sent, to recognize a resource created at the same moment. */
  envelopeCreatedAt: unknown;
  ctx: OpenPhoneNormalizeContext;
}

/** The lines a call artifact concerns: the mapped phoneNumberId, else those its call was seen on. */
export function linesOfArtifact(resource: Json, callId: string, ctx: OpenPhoneNormalizeContext): E164[] {
  const mapped = lineOfPhoneNumberId(resource.phoneNumberId, ctx.phoneNumberIds);
  if (mapped !== null) return [mapped];
  // An artifact that arrives before any event of its call (delivery order is not
  // guaranteed, §1.8) finds no lines: agents do not see it, admins do.
  return phoneNumbersIn(ctx.linesOfCall?.(callId) ?? []);
}


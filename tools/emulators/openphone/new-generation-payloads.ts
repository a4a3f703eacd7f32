import { newEventId, phoneNumberIdFor, wholeSeconds } from './payloads';

/**
 * OpenPhone webhook emulator: call deliveries of the new generation (Quo-Api-Version
 * 2026-03-30, spec telephony-providers §1.10), sent with Standard Webhooks signatures.
 * The envelope `{id, apiVersion, createdAt, type, data: {resource, context, links}}` is
 * confirmed; the call resource's fields are NOT (the spec could not recover them). The
 * resource here makes the same assumption as the relay's normalizer: a call like Quo's
 * REST call of that version, with `participants` as `{phoneNumber, actorId}` objects and
 * the workspace line only as `phoneNumberId` (so a relay maps it through
 * OPENPHONE_PHONE_NUMBER_IDS), plus `direction`, `createdAt`, `answeredAt`, `completedAt`.
 */

export const NEW_GENERATION_API_VERSION = '2026-03-30';

export type NewGenerationCallType = 'call.ringing' | 'call.answered' | 'call.completed' | 'call.missed' | 'call.forwarded' | 'call.voicemail.completed';

export interface NewGenerationCallResource {
  id: string;
  object: 'call';
  direction: 'incoming' | 'outgoing';
  /** REST call status vocabulary (§1.9); an unanswered call ends as `no-answer`. */
  status: 'ringing' | 'in-progress' | 'completed' | 'no-answer' | 'missed' | 'forwarded';
  phoneNumberId: string;
  /** The external party. */
  participants: { phoneNumber: string; actorId: string | null }[];
  createdAt: string;
  answeredAt: string | null;
  completedAt: string | null;
  /** The user who picked up (`US…`), on call.answered and an answered call.completed. */
  answeredBy?: string | null;
  /** Where a call.forwarded went. */
  forwardedTo?: string | null;
  /** On call.voicemail.completed, as the REST voicemail has it (§1.9, §1.10). */
  voicemail?: { url: string; type: string; duration: number; transcript: string | null };
  /** On call.recording.completed, like the legacy call's `media[]`. */
  media?: { url: string; type: string; duration: number }[];
}

export interface NewGenerationCallEvent {
  id: string;
  apiVersion: typeof NEW_GENERATION_API_VERSION;
  createdAt: string;
  type: NewGenerationCallType;
  data: { resource: NewGenerationCallResource; context: { orgId: string }; links: Record<string, string> };
}

export interface NewGenerationDelivery {
  /** Exact bytes to sign and POST. */
  body: string;
  event: NewGenerationCallEvent;
}

export interface CallParties {
  callId: string;
  from: string;
  to: string;
  direction?: 'incoming' | 'outgoing';
  /** Default: the emulator's stable id for the workspace line (`phoneNumberIdFor`). */
  phoneNumberId?: string;
  orgId?: string;
  eventId?: string;
}

const EMULATED_ORG_ID = 'ORemulated01';

/** The user who answers when a script does not say (the line's own user, like payloads.ts). */
const EMULATED_USER_ID = 'USemulated01';

/** `call.ringing` at `at`; the call record may have been created a moment earlier. */
export function newGenerationCallRingingEvent(input: CallParties & { at: Date; callCreatedAt?: Date }): NewGenerationDelivery {
  return delivery(input, 'call.ringing', input.at, {
    status: 'ringing',
    createdAt: (input.callCreatedAt ?? input.at).toISOString(),
    answeredAt: null,
    completedAt: null,
  });
}

/** `call.answered`, fired when the call is picked up, naming who did (`answeredBy`). */
export function newGenerationCallAnsweredEvent(input: CallParties & { createdAt: Date; answeredAt: Date; answeredBy?: string }): NewGenerationDelivery {
  return delivery(input, 'call.answered', input.answeredAt, {
    status: 'in-progress',
    createdAt: input.createdAt.toISOString(),
    answeredAt: wholeSeconds(input.answeredAt),
    completedAt: null,
    answeredBy: input.answeredBy ?? EMULATED_USER_ID,
  });
}

/** `call.completed`; `answeredAt: null` is a missed call. Times in whole seconds, like the legacy call. */
export function newGenerationCallCompletedEvent(
  input: CallParties & { createdAt: Date; answeredAt: Date | null; completedAt: Date; answeredBy?: string },
): NewGenerationDelivery {
  return delivery(input, 'call.completed', input.completedAt, {
    status: input.answeredAt === null ? 'no-answer' : 'completed',
    createdAt: input.createdAt.toISOString(),
    answeredAt: input.answeredAt === null ? null : wholeSeconds(input.answeredAt),
    completedAt: wholeSeconds(input.completedAt),
    answeredBy: input.answeredAt === null ? null : (input.answeredBy ?? EMULATED_USER_ID),
  });
}

/** `call.missed` (incoming only): nobody answered before the caller gave up or voicemail took it. */
export function newGenerationCallMissedEvent(input: CallParties & { createdAt: Date; missedAt: Date }): NewGenerationDelivery {
  return delivery(input, 'call.missed', input.missedAt, {
    status: 'missed',
    createdAt: input.createdAt.toISOString(),
    answeredAt: null,
    completedAt: wholeSeconds(input.missedAt),
  });
}

/** `call.forwarded`: the call left the line for `forwardedTo` (a number or a user). */
export function newGenerationCallForwardedEvent(input: CallParties & { createdAt: Date; forwardedAt: Date; forwardedTo: string }): NewGenerationDelivery {
  return delivery(input, 'call.forwarded', input.forwardedAt, {
    status: 'forwarded',
    createdAt: input.createdAt.toISOString(),
    answeredAt: null,
    completedAt: null,
    forwardedTo: input.forwardedTo,
  });
}

/** `call.voicemail.completed`: the missed call, carrying its voicemail (URL from the caller's media host). */
export function newGenerationVoicemailEvent(
  input: CallParties & { createdAt: Date; completedAt: Date; at: Date; voicemailUrl: string; durationSeconds: number; transcript?: string },
): NewGenerationDelivery {
  return delivery(input, 'call.voicemail.completed', input.at, {
    status: 'no-answer',
    createdAt: input.createdAt.toISOString(),
    answeredAt: null,
    completedAt: wholeSeconds(input.completedAt),
    voicemail: { url: input.voicemailUrl, type: 'audio/mpeg', duration: input.durationSeconds, transcript: input.transcript ?? null },
  });
}

type CallState = Omit<NewGenerationCallResource, 'id' | 'object' | 'direction' | 'phoneNumberId' | 'participants'>;

function delivery(input: CallParties, type: NewGenerationCallType, at: Date, state: CallState): NewGenerationDelivery {
  const event: NewGenerationCallEvent = {
    id: input.eventId ?? newEventId(),
    apiVersion: NEW_GENERATION_API_VERSION,
    createdAt: at.toISOString(),
    type,
    data: { resource: newGenerationCallResource(input, state), context: { orgId: input.orgId ?? EMULATED_ORG_ID }, links: {} },
  };
  return { body: JSON.stringify(event), event };
}

/** The call resource as this emulator shapes it (see the file comment), for artifact events too. */
export function newGenerationCallResource(input: Omit<CallParties, 'orgId' | 'eventId'>, state: CallState): NewGenerationCallResource {
  const direction = input.direction ?? 'incoming';
  const [business, external] = direction === 'incoming' ? [input.to, input.from] : [input.from, input.to];
  return {
    id: input.callId,
    object: 'call',
    direction,
    phoneNumberId: input.phoneNumberId ?? phoneNumberIdFor(business),
    participants: [{ phoneNumber: external, actorId: null }],
    ...state,
  };
}

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

export type NewGenerationCallType = 'call.ringing' | 'call.answered' | 'call.completed';

export interface NewGenerationCallResource {
  id: string;
  object: 'call';
  direction: 'incoming' | 'outgoing';
  /** REST call status vocabulary (§1.9); an unanswered call ends as `no-answer`. */
  status: 'ringing' | 'in-progress' | 'completed' | 'no-answer';
  phoneNumberId: string;
  /** The external party. */
  participants: { phoneNumber: string; actorId: string | null }[];
  createdAt: string;
  answeredAt: string | null;
  completedAt: string | null;
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

interface CallParties {
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

/** `call.ringing` at `at`; the call record may have been created a moment earlier. */
export function newGenerationCallRingingEvent(input: CallParties & { at: Date; callCreatedAt?: Date }): NewGenerationDelivery {
  return delivery(input, 'call.ringing', input.at, {
    status: 'ringing',
    createdAt: (input.callCreatedAt ?? input.at).toISOString(),
    answeredAt: null,
    completedAt: null,
  });
}

/** `call.answered`, fired when the call is picked up. */
export function newGenerationCallAnsweredEvent(input: CallParties & { createdAt: Date; answeredAt: Date }): NewGenerationDelivery {
  return delivery(input, 'call.answered', input.answeredAt, {
    status: 'in-progress',
    createdAt: input.createdAt.toISOString(),
    answeredAt: wholeSeconds(input.answeredAt),
    completedAt: null,
  });
}

/** `call.completed`; `answeredAt: null` is a missed call. Times in whole seconds, like the legacy call. */
export function newGenerationCallCompletedEvent(
  input: CallParties & { createdAt: Date; answeredAt: Date | null; completedAt: Date },
): NewGenerationDelivery {
  return delivery(input, 'call.completed', input.completedAt, {
    status: input.answeredAt === null ? 'no-answer' : 'completed',
    createdAt: input.createdAt.toISOString(),
    answeredAt: input.answeredAt === null ? null : wholeSeconds(input.answeredAt),
    completedAt: wholeSeconds(input.completedAt),
  });
}

function delivery(
  input: CallParties,
  type: NewGenerationCallType,
  at: Date,
  times: Pick<NewGenerationCallResource, 'status' | 'createdAt' | 'answeredAt' | 'completedAt'>,
): NewGenerationDelivery {
  const direction = input.direction ?? 'incoming';
  const [business, external] = direction === 'incoming' ? [input.to, input.from] : [input.from, input.to];
  const event: NewGenerationCallEvent = {
    id: input.eventId ?? newEventId(),
    apiVersion: NEW_GENERATION_API_VERSION,
    createdAt: at.toISOString(),
    type,
    data: {
      resource: {
        id: input.callId,
        object: 'call',
        direction,
        status: times.status,
        phoneNumberId: input.phoneNumberId ?? phoneNumberIdFor(business),
        participants: [{ phoneNumber: external, actorId: null }],
        createdAt: times.createdAt,
        answeredAt: times.answeredAt,
        completedAt: times.completedAt,
      },
      context: { orgId: input.orgId ?? EMULATED_ORG_ID },
      links: {},
    },
  };
  return { body: JSON.stringify(event), event };
}

import { createHash, randomBytes } from 'node:crypto';

/**
 * OpenPhone webhook emulator: legacy deliveries as app-created webhooks send them
 * (apiVersion v3, `data.object` call with from/to; spec telephony-providers §1.3, §1.4,
 * §1.7). Bodies are compact JSON in the key order of the spec's example, and `body` is
 * the exact bytes to sign and send.
 */

export interface OpenPhoneCallObject {
  id: string;
  object: 'call';
  from: string;
  to: string;
  direction: 'incoming' | 'outgoing';
  media: { url: string; type: string; duration: number }[];
  voicemail: { url: string; type: string; duration: number } | null;
  status: 'ringing' | 'completed';
  createdAt: string;
  answeredAt: string | null;
  completedAt: string | null;
  userId: string;
  phoneNumberId: string;
  conversationId: string;
}

export interface OpenPhoneCallEvent {
  id: string;
  object: 'event';
  apiVersion: 'v3';
  createdAt: string;
  type: 'call.ringing' | 'call.completed';
  data: { object: OpenPhoneCallObject };
}

export interface OpenPhoneDelivery {
  /** Exact bytes to sign and POST. */
  body: string;
  event: OpenPhoneCallEvent;
}

/** Ids OpenPhone does not let the caller choose; defaults are derived so one line keeps one PN id. */
export interface OpenPhoneCallIds {
  userId?: string;
  phoneNumberId?: string;
  conversationId?: string;
}

export function newEventId(): string {
  return `EV${randomBytes(16).toString('hex')}`;
}

export function newCallId(): string {
  return `AC${randomBytes(16).toString('hex')}`;
}

/** The `PN…` id the emulator gives a workspace number (stable, so a relay can map it). */
export function phoneNumberIdFor(businessNumber: string): string {
  return `PN${digest(businessNumber).slice(0, 8)}`;
}

/**
 * `call.ringing`. `at` is when the event fires (envelope createdAt); the call record
 * may have been created a moment earlier (`callCreatedAt`, default `at`).
 */
export function callRingingEvent(input: {
  callId: string;
  from: string;
  to: string;
  direction?: 'incoming' | 'outgoing';
  at: Date;
  callCreatedAt?: Date;
  eventId?: string;
} & OpenPhoneCallIds): OpenPhoneDelivery {
  const direction = input.direction ?? 'incoming';
  return delivery(input.eventId, input.at, 'call.ringing', {
    id: input.callId,
    object: 'call',
    from: input.from,
    to: input.to,
    direction,
    media: [],
    voicemail: null,
    status: 'ringing',
    createdAt: (input.callCreatedAt ?? input.at).toISOString(),
    answeredAt: null,
    completedAt: null,
    ...workspaceIds(input, direction),
  });
}

/**
 * `call.completed`; `answeredAt: null` is a missed call. answeredAt and completedAt are
 * sent in whole seconds, as OpenPhone does (§1.4), so talk time is whole seconds too.
 */
export function callCompletedEvent(input: {
  callId: string;
  from: string;
  to: string;
  direction?: 'incoming' | 'outgoing';
  createdAt: Date;
  answeredAt: Date | null;
  completedAt: Date;
  voicemailUrl?: string;
  voicemailDurationSeconds?: number;
  eventId?: string;
} & OpenPhoneCallIds): OpenPhoneDelivery {
  const direction = input.direction ?? 'incoming';
  const completedAt = wholeSeconds(input.completedAt);
  return delivery(input.eventId, input.completedAt, 'call.completed', {
    id: input.callId,
    object: 'call',
    from: input.from,
    to: input.to,
    direction,
    media: [],
    voicemail:
      input.voicemailUrl === undefined
        ? null
        : { url: input.voicemailUrl, type: 'audio/mpeg', duration: input.voicemailDurationSeconds ?? 0 },
    status: 'completed',
    createdAt: input.createdAt.toISOString(),
    answeredAt: input.answeredAt === null ? null : wholeSeconds(input.answeredAt),
    completedAt,
    ...workspaceIds(input, direction),
  });
}

function delivery(
  eventId: string | undefined,
  at: Date,
  type: OpenPhoneCallEvent['type'],
  call: OpenPhoneCallObject,
): OpenPhoneDelivery {
  const event: OpenPhoneCallEvent = {
    id: eventId ?? newEventId(),
    object: 'event',
    apiVersion: 'v3',
    createdAt: at.toISOString(),
    type,
    data: { object: call },
  };
  return { body: JSON.stringify(event), event };
}

function workspaceIds(
  input: { from: string; to: string } & OpenPhoneCallIds,
  direction: 'incoming' | 'outgoing',
): Required<OpenPhoneCallIds> {
  const [business, external] = direction === 'incoming' ? [input.to, input.from] : [input.from, input.to];
  return {
    userId: input.userId ?? `US${digest(`user:${business}`).slice(0, 8)}`,
    phoneNumberId: input.phoneNumberId ?? phoneNumberIdFor(business),
    // One conversation per (line, other party), like OpenPhone's threads.
    conversationId: input.conversationId ?? `CN${digest(`${business}|${external}`).slice(0, 32)}`,
  };
}

/** An instant truncated to whole seconds, as OpenPhone sends answer and hang-up times (§1.4). */
export function wholeSeconds(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

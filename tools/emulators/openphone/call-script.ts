import {
  newGenerationCallAnsweredEvent,
  newGenerationCallCompletedEvent,
  newGenerationCallRingingEvent,
  type NewGenerationCallType,
} from './new-generation-payloads';
import { callCompletedEvent, callRingingEvent, newCallId } from './payloads';
import { sendOpenPhoneWebhook, type OpenPhoneGeneration } from './sender';

/**
 * OpenPhone webhook emulator: plays one call as OpenPhone reports it. Legacy webhooks
 * (spec §1.7 lifecycle): `call.ringing`, then after the scripted time `call.completed`,
 * answered or missed. New generation (§1.10, Standard Webhooks signatures): `call.ringing`,
 * `call.answered` when it is picked up (not for a missed call), then `call.completed`.
 * Event timestamps follow the script from the moment the call rang; the waits between
 * deliveries are the script divided by `speed`. Backs `npm run simulate -- ring`.
 */

export interface PlayCallStep {
  type: NewGenerationCallType;
  eventId: string;
  callId: string;
  status: number;
  text: string;
}

export interface PlayCallOptions {
  from: string;
  to: string;
  /** The signing key of the generation sent: legacy base64, or `whsec_…` for 'standard'. */
  secretBase64: string;
  /** Which webhooks to emulate (default 'legacy'). */
  generation?: OpenPhoneGeneration;
  direction?: 'incoming' | 'outgoing';
  /** Seconds of ringing before an answer; null = nobody answers (a missed call). Default 3. */
  answerAfterSeconds?: number | null;
  /** Talk time in seconds; for a missed call, how long it rang before the caller gave up. */
  durationSeconds: number;
  /** Time scale: 1 = real time; tests use a large value so the call plays in milliseconds. */
  speed?: number;
  /**
   * A voicemail left on a missed call (ignored when the call is answered). Legacy only: the
   * new generation reports voicemails in an event of their own, which is not emulated.
   */
  voicemailUrl?: string;
  onStep?: (step: PlayCallStep) => void;
  /** Clock, for the event times and signatures (default: the system clock). */
  now?: () => Date;
}

/** One delivery of a call's script, `atSeconds` after the call rang. */
interface ScriptedDelivery {
  atSeconds: number;
  type: NewGenerationCallType;
  eventId: string;
  body: string;
}

interface CallScript {
  callId: string;
  from: string;
  to: string;
  direction: 'incoming' | 'outgoing';
  rangAt: Date;
  answerAfterSeconds: number | null;
  durationSeconds: number;
  voicemailUrl?: string;
}

const DEFAULT_ANSWER_AFTER_SECONDS = 3;

/** The deliveries OpenPhone makes for one call, in order, with when each fires. */
function scriptCall(generation: OpenPhoneGeneration, call: CallScript): ScriptedDelivery[] {
  const { callId, from, to, direction, rangAt, answerAfterSeconds: answerAfter } = call;
  const parties = { callId, from, to, direction };
  const endSeconds = (answerAfter ?? 0) + call.durationSeconds;
  const answer = answerAfter === null ? null : { atSeconds: answerAfter, at: new Date(rangAt.getTime() + answerAfter * 1000) };
  const answeredAt = answer?.at ?? null;
  const completedAt = new Date(rangAt.getTime() + endSeconds * 1000);
  const at = (atSeconds: number, d: { body: string; event: { id: string; type: NewGenerationCallType } }): ScriptedDelivery => ({
    atSeconds,
    type: d.event.type,
    eventId: d.event.id,
    body: d.body,
  });

  if (generation === 'legacy') {
    const voicemail = answerAfter === null && call.voicemailUrl !== undefined ? { voicemailUrl: call.voicemailUrl } : {};
    return [
      at(0, callRingingEvent({ ...parties, at: rangAt })),
      at(endSeconds, callCompletedEvent({ ...parties, createdAt: rangAt, answeredAt, completedAt, ...voicemail })),
    ];
  }
  return [
    at(0, newGenerationCallRingingEvent({ ...parties, at: rangAt })),
    ...(answer === null ? [] : [at(answer.atSeconds, newGenerationCallAnsweredEvent({ ...parties, createdAt: rangAt, answeredAt: answer.at }))]),
    at(endSeconds, newGenerationCallCompletedEvent({ ...parties, createdAt: rangAt, answeredAt, completedAt })),
  ];
}

/** Plays the call and returns its callId; rejects when the relay answers a delivery with a non-2xx. */
export async function playCall(relayBaseUrl: string, options: PlayCallOptions): Promise<string> {
  const now = options.now ?? (() => new Date());
  const speed = options.speed ?? 1;
  const generation = options.generation ?? 'legacy';
  if (!(speed > 0)) throw new Error(`speed must be a positive number, got ${speed}`);
  if (!(options.durationSeconds >= 0)) throw new Error(`durationSeconds must be 0 or more, got ${options.durationSeconds}`);
  const answerAfter = options.answerAfterSeconds === undefined ? DEFAULT_ANSWER_AFTER_SECONDS : options.answerAfterSeconds;
  if (answerAfter !== null && !(answerAfter >= 0)) throw new Error(`answerAfterSeconds must be 0 or more, got ${answerAfter}`);
  if (generation === 'standard' && options.voicemailUrl !== undefined) {
    throw new Error('voicemailUrl is legacy only: new-generation webhooks report a voicemail in an event the emulator does not send');
  }

  const callId = newCallId();
  const script = scriptCall(generation, {
    callId,
    from: options.from,
    to: options.to,
    direction: options.direction ?? 'incoming',
    rangAt: now(),
    answerAfterSeconds: answerAfter,
    durationSeconds: options.durationSeconds,
    ...(options.voicemailUrl === undefined ? {} : { voicemailUrl: options.voicemailUrl }),
  });

  let elapsedSeconds = 0;
  for (const delivery of script) {
    await sleep(((delivery.atSeconds - elapsedSeconds) * 1000) / speed);
    elapsedSeconds = delivery.atSeconds;
    const result = await sendOpenPhoneWebhook(relayBaseUrl, delivery.body, { secretBase64: options.secretBase64, now: now(), generation });
    options.onStep?.({ type: delivery.type, eventId: delivery.eventId, callId, ...result });
    if (result.status < 200 || result.status > 299) {
      throw new Error(`the relay answered ${result.status} to ${delivery.type}: ${result.text.slice(0, 500)}`);
    }
  }
  return callId;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

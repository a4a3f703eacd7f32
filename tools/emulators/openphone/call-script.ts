import { callCompletedEvent, callRingingEvent, newCallId, type OpenPhoneCallEvent } from './payloads';
import { sendOpenPhoneWebhook } from './sender';

/**
 * OpenPhone webhook emulator: plays one call as OpenPhone reports it (spec §1.7
 * lifecycle): `call.ringing`, then after the scripted time `call.completed`, answered
 * or missed. Event timestamps follow the script from the moment the call rang; the
 * waits between deliveries are the script divided by `speed`. Backs `npm run simulate -- ring`.
 */

export interface PlayCallStep {
  type: OpenPhoneCallEvent['type'];
  eventId: string;
  callId: string;
  status: number;
  text: string;
}

export interface PlayCallOptions {
  from: string;
  to: string;
  secretBase64: string;
  direction?: 'incoming' | 'outgoing';
  /** Seconds of ringing before an answer; null = nobody answers (a missed call). Default 3. */
  answerAfterSeconds?: number | null;
  /** Talk time in seconds; for a missed call, how long it rang before the caller gave up. */
  durationSeconds: number;
  /** Time scale: 1 = real time; tests use a large value so the call plays in milliseconds. */
  speed?: number;
  /** A voicemail left on a missed call (ignored when the call is answered). */
  voicemailUrl?: string;
  onStep?: (step: PlayCallStep) => void;
  /** Clock, for the event times and signatures (default: the system clock). */
  now?: () => Date;
}

const DEFAULT_ANSWER_AFTER_SECONDS = 3;

/** Plays the call and returns its callId; rejects when the relay answers a delivery with a non-2xx. */
export async function playCall(relayBaseUrl: string, options: PlayCallOptions): Promise<string> {
  const now = options.now ?? (() => new Date());
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new Error(`speed must be a positive number, got ${speed}`);
  if (!(options.durationSeconds >= 0)) throw new Error(`durationSeconds must be 0 or more, got ${options.durationSeconds}`);
  const answerAfter = options.answerAfterSeconds === undefined ? DEFAULT_ANSWER_AFTER_SECONDS : options.answerAfterSeconds;
  if (answerAfter !== null && !(answerAfter >= 0)) throw new Error(`answerAfterSeconds must be 0 or more, got ${answerAfter}`);

  const callId = newCallId();
  const rangAt = now();
  const parties = { callId, from: options.from, to: options.to, direction: options.direction ?? 'incoming' } as const;
  const send = async (event: { body: string; event: OpenPhoneCallEvent }) => {
    const result = await sendOpenPhoneWebhook(relayBaseUrl, event.body, { secretBase64: options.secretBase64, now: now() });
    options.onStep?.({ type: event.event.type, eventId: event.event.id, callId, ...result });
    if (result.status < 200 || result.status > 299) {
      throw new Error(`the relay answered ${result.status} to ${event.event.type}: ${result.text.slice(0, 500)}`);
    }
  };

  await send(callRingingEvent({ ...parties, at: rangAt }));

  const scriptedSeconds = (answerAfter ?? 0) + options.durationSeconds;
  await sleep((scriptedSeconds * 1000) / speed);
  const answeredAt = answerAfter === null ? null : new Date(rangAt.getTime() + answerAfter * 1000);
  const completedAt = new Date(rangAt.getTime() + scriptedSeconds * 1000);
  await send(
    callCompletedEvent({
      ...parties,
      createdAt: rangAt,
      answeredAt,
      completedAt,
      ...(answerAfter === null && options.voicemailUrl !== undefined ? { voicemailUrl: options.voicemailUrl } : {}),
    }),
  );
  return callId;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

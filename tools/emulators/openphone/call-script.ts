import { callRecordingCompletedEvent, callSummaryCompletedEvent, callTranscriptCompletedEvent, sampleDialogue, voicemailPath, type DialogueTurn } from './artifact-payloads';
import { mediaUrl, type MediaBase } from './envelopes';
import {
  newGenerationCallAnsweredEvent,
  newGenerationCallCompletedEvent,
  newGenerationCallForwardedEvent,
  newGenerationCallMissedEvent,
  newGenerationCallRingingEvent,
  newGenerationVoicemailEvent,
} from './new-generation-payloads';
import { callCompletedEvent, callRingingEvent, newCallId } from './payloads';
import { playDeliveries, scripted, type ScriptedDelivery } from './play';
import type { OpenPhoneGeneration } from './sender';

/**
 * OpenPhone webhook emulator: plays one call as OpenPhone reports it (spec §1.7, §1.8,
 * §1.10). Legacy webhooks: `call.ringing`, then `call.completed` (answered, or missed
 * with an optional `voicemail`), then the recording, transcript and summary. New
 * generation (Standard Webhooks signatures): `call.ringing`, `call.answered` naming who
 * picked up, or `call.forwarded`, or `call.missed` (incoming), then `call.completed`, a
 * `call.voicemail.completed`, and the same artifacts. Artifacts come in the order asked,
 * after the completion or, as OpenPhone may deliver them (§1.8), before it. Event
 * timestamps follow the script from the moment the call rang; the waits between
 * deliveries are the script divided by `speed`. Backs `npm run simulate -- ring` and `voicemail`.
 */

export interface PlayCallStep {
  type: string;
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
  /** The user (`US…`) who answers, named by the new generation's call.answered / completed. */
  answeredBy?: string;
  /**
   * Forwarded to this number or user after ringing (new generation `call.forwarded`); the
   * call is then not answered on this line. Legacy webhooks have no such event: the
   * call just completes unanswered.
   */
  forwardTo?: string;
  /** Where the media host serves recordings and voicemails from (needed for `record` and `voicemailSeconds`). */
  mediaBaseUrl?: MediaBase;
  /** A voicemail this long is left on a missed call (its URL under mediaBaseUrl). */
  voicemailSeconds?: number;
  /** A voicemail at this exact URL instead (missed calls only). */
  voicemailUrl?: string;
  /** The answered call was recorded: `call.recording.completed`. */
  record?: boolean;
  /** AI artifacts of an answered call, sent in this order (default none). */
  artifacts?: readonly ('transcript' | 'summary')[];
  /** What the transcript artifact says, turn by turn (default a short booking, sampleDialogue's). */
  dialogue?: readonly DialogueTurn[];
  /** What the summary artifact says (default: a visit booked for Tuesday). */
  summary?: { summary: string[]; nextSteps: string[] };
  /** 'before-completion': the recording and artifacts arrive before call.completed (default 'after'). */
  artifactTiming?: 'after' | 'before-completion';
  /** Time scale: 1 = real time; tests use a large value so the call plays in milliseconds. */
  speed?: number;
  /** The call's id (default: a fresh `AC…`). */
  callId?: string;
  onStep?: (step: PlayCallStep) => void;
  /** Clock, for the event times and signatures (default: the system clock). */
  now?: () => Date;
}

const DEFAULT_ANSWER_AFTER_SECONDS = 3;
const DEFAULT_SUMMARY = { summary: ['The caller asked to book a visit.'], nextSteps: ['Confirm Tuesday 10:00 by text.'] };
/** Seconds after the call ends that each artifact follows (recording, then AI artifacts). */
const RECORDING_DELAY_SECONDS = 2;
const ARTIFACT_GAP_SECONDS = 4;

interface CallScript extends Required<Pick<PlayCallOptions, 'from' | 'to' | 'direction' | 'durationSeconds'>> {
  callId: string;
  rangAt: Date;
  answerAfter: number | null;
  options: PlayCallOptions;
}

/** The deliveries OpenPhone makes for one call, with when each fires. */
function scriptCall(generation: OpenPhoneGeneration, call: CallScript): ScriptedDelivery[] {
  const { callId, from, to, direction, rangAt, answerAfter, options } = call;
  const parties = { callId, from, to, direction };
  const forwarded = options.forwardTo !== undefined;
  const answered = answerAfter !== null && !forwarded;
  const ringSeconds = answerAfter ?? 0;
  const endSeconds = (answered ? ringSeconds : 0) + call.durationSeconds;
  const instant = (seconds: number) => new Date(rangAt.getTime() + seconds * 1000);
  const answeredAt = answered ? instant(ringSeconds) : null;
  const completedAt = instant(endSeconds);
  const voicemail = answered ? null : voicemailUrlOf(callId, options);
  const answeredBy = options.answeredBy === undefined ? {} : { answeredBy: options.answeredBy };

  const artifacts = answered ? scriptArtifacts(generation, { ...parties, createdAt: rangAt, answeredAt, completedAt }, endSeconds, instant, options) : [];
  const early = options.artifactTiming === 'before-completion';
  const script: ScriptedDelivery[] = [];
  if (generation === 'legacy') {
    script.push(scripted(0, callRingingEvent({ ...parties, at: rangAt })));
    if (early) script.push(...artifacts);
    const withVoicemail = voicemail === null ? {} : { voicemailUrl: voicemail.url, voicemailDurationSeconds: voicemail.seconds };
    script.push(scripted(endSeconds, callCompletedEvent({ ...parties, createdAt: rangAt, answeredAt, completedAt, ...withVoicemail })));
  } else {
    script.push(scripted(0, newGenerationCallRingingEvent({ ...parties, at: rangAt })));
    if (answered) script.push(scripted(ringSeconds, newGenerationCallAnsweredEvent({ ...parties, createdAt: rangAt, answeredAt: answeredAt!, ...answeredBy })));
    if (forwarded) script.push(scripted(ringSeconds, newGenerationCallForwardedEvent({ ...parties, createdAt: rangAt, forwardedAt: instant(ringSeconds), forwardedTo: options.forwardTo! })));
    if (early) script.push(...artifacts);
    if (!answered && !forwarded && direction === 'incoming') script.push(scripted(endSeconds, newGenerationCallMissedEvent({ ...parties, createdAt: rangAt, missedAt: completedAt })));
    script.push(scripted(endSeconds, newGenerationCallCompletedEvent({ ...parties, createdAt: rangAt, answeredAt, completedAt, ...answeredBy })));
    if (voicemail !== null) {
      const at = instant(endSeconds + voicemail.seconds + RECORDING_DELAY_SECONDS);
      script.push(scripted(endSeconds + voicemail.seconds + RECORDING_DELAY_SECONDS, newGenerationVoicemailEvent({ ...parties, createdAt: rangAt, completedAt, at, voicemailUrl: voicemail.url, durationSeconds: voicemail.seconds })));
    }
  }
  if (!early) script.push(...artifacts);
  return script;
}

function scriptArtifacts(
  generation: OpenPhoneGeneration,
  call: { callId: string; from: string; to: string; direction: 'incoming' | 'outgoing'; createdAt: Date; answeredAt: Date | null; completedAt: Date },
  endSeconds: number,
  instant: (seconds: number) => Date,
  options: PlayCallOptions,
): ScriptedDelivery[] {
  // Before the completion: all at the moment the call ends, placed ahead of call.completed
  // (the player keeps the script's order for deliveries due at the same moment).
  const before = options.artifactTiming === 'before-completion';
  const at = (step: number) => (before ? endSeconds : endSeconds + RECORDING_DELAY_SECONDS + step * ARTIFACT_GAP_SECONDS);
  const script: ScriptedDelivery[] = [];
  if (options.record === true) {
    if (options.mediaBaseUrl === undefined) throw new Error('record needs mediaBaseUrl, where the media host serves the recording');
    script.push(scripted(at(0), callRecordingCompletedEvent({ ...call, at: instant(at(0)), mediaBaseUrl: options.mediaBaseUrl, durationSeconds: options.durationSeconds, generation })));
  }
  const [business, external] = call.direction === 'incoming' ? [call.to, call.from] : [call.from, call.to];
  (options.artifacts ?? []).forEach((artifact, index) => {
    const seconds = at(index + 1);
    script.push(
      scripted(
        seconds,
        artifact === 'transcript'
          ? callTranscriptCompletedEvent({ callId: call.callId, at: instant(seconds), dialogue: sampleDialogue(external, business, options.durationSeconds, options.dialogue), durationSeconds: options.durationSeconds, generation })
          : callSummaryCompletedEvent({ callId: call.callId, at: instant(seconds), ...(options.summary ?? DEFAULT_SUMMARY), generation }),
      ),
    );
  });
  return script;
}

function voicemailUrlOf(callId: string, options: PlayCallOptions): { url: string; seconds: number } | null {
  if (options.voicemailUrl !== undefined) return { url: options.voicemailUrl, seconds: options.voicemailSeconds ?? 0 };
  if (options.voicemailSeconds === undefined) return null;
  if (options.mediaBaseUrl === undefined) throw new Error('voicemailSeconds needs mediaBaseUrl, where the media host serves the voicemail');
  return { url: mediaUrl(options.mediaBaseUrl, voicemailPath(callId)), seconds: options.voicemailSeconds };
}

/** Plays the call and returns its callId; rejects when the relay answers a delivery with a non-2xx. */
export async function playCall(relayBaseUrl: string, options: PlayCallOptions): Promise<string> {
  const now = options.now ?? (() => new Date());
  const generation = options.generation ?? 'legacy';
  if (!(options.durationSeconds >= 0)) throw new Error(`durationSeconds must be 0 or more, got ${options.durationSeconds}`);
  const answerAfter = options.answerAfterSeconds === undefined ? DEFAULT_ANSWER_AFTER_SECONDS : options.answerAfterSeconds;
  if (answerAfter !== null && !(answerAfter >= 0)) throw new Error(`answerAfterSeconds must be 0 or more, got ${answerAfter}`);

  const callId = options.callId ?? newCallId();
  const script = scriptCall(generation, {
    callId,
    from: options.from,
    to: options.to,
    direction: options.direction ?? 'incoming',
    rangAt: now(),
    answerAfter,
    durationSeconds: options.durationSeconds,
    options,
  });
  await playDeliveries(relayBaseUrl, script, {
    secretBase64: options.secretBase64,
    generation,
    ...(options.speed === undefined ? {} : { speed: options.speed }),
    now,
    onStep: (step) => options.onStep?.({ ...step, callId }),
  });
  return callId;
}

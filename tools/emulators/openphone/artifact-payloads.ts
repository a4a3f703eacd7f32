import { envelope, mediaUrl, type EmulatedDelivery, type MediaBase } from './envelopes';
import { newGenerationCallResource } from './new-generation-payloads';
import { callCompletedEvent, wholeSeconds } from './payloads';
import type { OpenPhoneGeneration } from './sender';

/**
 * OpenPhone webhook emulator: what arrives for a call after its own events (§1.2, §1.5,
 * §1.8): `call.recording.completed` (the call with `media[]`), `call.transcript.completed`
 * and `call.summary.completed` (only `callId`, in either order, possibly minutes later).
 * Either generation; the AI events can also be sent with the envelope type the API
 * samples show (`callTranscript` / `callSummary`), which the relay must accept too.
 * Media URLs are the caller's media host's (`mediaBaseUrl`, see envelopes.ts `MediaBase`),
 * at `recordingPath` / `voicemailPath` so the host can serve what a script sends.
 */

export interface EmulatedCall {
  callId: string;
  from: string;
  to: string;
  direction?: 'incoming' | 'outgoing';
  createdAt: Date;
  answeredAt: Date | null;
  completedAt: Date;
}

/** The path under the media host of a call's recording, so a host can serve what a script sends. */
export function recordingPath(callId: string, index = 0): string {
  return `/recordings/${callId}-${index}.mp3`;
}

export function voicemailPath(callId: string): string {
  return `/voicemails/${callId}.mp3`;
}

export function callRecordingCompletedEvent(
  input: EmulatedCall & { at: Date; mediaBaseUrl: MediaBase; durationSeconds: number; generation?: OpenPhoneGeneration; eventId?: string },
): EmulatedDelivery {
  const media = [{ url: mediaUrl(input.mediaBaseUrl, recordingPath(input.callId)), type: 'audio/mpeg', duration: input.durationSeconds }];
  const options = input.eventId === undefined ? {} : { eventId: input.eventId };
  if ((input.generation ?? 'legacy') === 'legacy') {
    // The same call object as its completion, now with the recording (§1.4).
    const call = callCompletedEvent(input).event.data.object;
    return envelope('legacy', 'call.recording.completed', input.at, { ...call, media }, options);
  }
  const resource = newGenerationCallResource(input, {
    status: 'completed',
    createdAt: input.createdAt.toISOString(),
    answeredAt: input.answeredAt === null ? null : wholeSeconds(input.answeredAt),
    completedAt: wholeSeconds(input.completedAt),
    media,
  });
  return envelope('standard', 'call.recording.completed', input.at, { ...resource }, options);
}

export interface EmulatedDialogueLine {
  /** E.164 of the speaker. */
  identifier: string;
  userId: string | null;
  content: string;
  start: number;
  end: number;
}

export function callTranscriptCompletedEvent(input: {
  callId: string;
  at: Date;
  dialogue: EmulatedDialogueLine[];
  durationSeconds: number;
  generation?: OpenPhoneGeneration;
  /** `callTranscript`: the envelope type of the API samples instead of the dotted name. */
  spelling?: 'dotted' | 'object';
  eventId?: string;
}): EmulatedDelivery {
  const transcript = {
    callId: input.callId,
    object: 'callTranscript',
    createdAt: input.at.toISOString(),
    dialogue: input.dialogue.map(({ content, start, end, identifier, userId }) => ({ content, start, end, identifier, userId })),
    duration: input.durationSeconds,
    status: 'completed',
    contactIds: [],
  };
  const type = input.spelling === 'object' ? 'callTranscript' : 'call.transcript.completed';
  return envelope(input.generation ?? 'legacy', type, input.at, transcript, input.eventId === undefined ? {} : { eventId: input.eventId });
}

export function callSummaryCompletedEvent(input: {
  callId: string;
  at: Date;
  summary: string[];
  nextSteps: string[];
  generation?: OpenPhoneGeneration;
  /** `callSummary`: the envelope type of the API samples instead of the dotted name. */
  spelling?: 'dotted' | 'object';
  eventId?: string;
}): EmulatedDelivery {
  const summary = { callId: input.callId, object: 'callSummary', status: 'completed', summary: input.summary, nextSteps: input.nextSteps, contactIds: [] };
  const type = input.spelling === 'object' ? 'callSummary' : 'call.summary.completed';
  return envelope(input.generation ?? 'legacy', type, input.at, summary, input.eventId === undefined ? {} : { eventId: input.eventId });
}

/** One turn of a scripted conversation: the caller or someone on the business line. */
export interface DialogueTurn {
  by: 'caller' | 'line';
  text: string;
}

const DEFAULT_TURNS: readonly DialogueTurn[] = [
  { by: 'line', text: 'Thanks for calling, how can I help?' },
  { by: 'caller', text: 'I would like to book a visit next week.' },
  { by: 'line', text: 'Tuesday at ten works. See you then.' },
];

/**
 * A made-up conversation between the caller and the line, for scripts: `turns` (default a
 * short booking) spread over the call's length in proportion to their words.
 */
export function sampleDialogue(caller: string, line: string, durationSeconds: number, turns: readonly DialogueTurn[] = DEFAULT_TURNS): EmulatedDialogueLine[] {
  const weights = turns.map((turn) => Math.max(1, turn.text.split(/\s+/).length));
  const total = weights.reduce((a, b) => a + b, 0);
  const at = (fraction: number) => Math.round(durationSeconds * fraction * 10) / 10;
  let done = 0;
  return turns.map((turn, index) => {
    const start = at((done / total) * 0.95 + (index === 0 ? 0 : 0.01));
    done += weights[index]!;
    const end = at((done / total) * 0.95);
    return turn.by === 'line'
      ? { identifier: line, userId: 'USemulated01', content: turn.text, start, end }
      : { identifier: caller, userId: null, content: turn.text, start, end };
  });
}

import type { RecordedCallData } from '../../events/model';
import type { E164 } from '../../phone';
import { linesOfArtifact, type Delivery, type Derived } from './delivery';
import { readCallParties } from './normalize-call';
import { isObject, namespacedId, phoneNumberOf, readMediaItem, readMediaList, seconds, text, toInstant, type Json } from './payload-fields';

/**
 * What arrives for a call after (or before: order is not guaranteed, §1.8) its own
 * events: recordings, voicemails, transcripts and summaries. Each names its call by the
 * same namespaced id as the call's events, so a console merges them in any order.
 */

/** `call.recording.completed`: legacy carries the call with its recordings in `media[]` (§1.2, §1.4). */
export function normalizeRecording(delivery: Delivery): Derived | null {
  const { resource } = delivery;
  const callId = callIdOf(resource);
  if (callId === null) return null;
  const list = Array.isArray(resource.media) ? resource.media : resource.recordings;
  let recordings = readMediaList(list, callId, 'recording', 50);
  // A new-generation resource may be the recording itself (unconfirmed, §1.10).
  if (recordings.length === 0) recordings = [readMediaItem(resource, callId, 'recording', 0)].filter((item) => item !== null);
  if (recordings.length === 0) return null;
  return { type: 'call.recording_ready', lines: callLines(resource, callId, delivery), data: { callId, recordings, call: recordedCall(resource, callId, delivery) } };
}

/**
 * The call a legacy recording payload is (§1.4): its parties and times, so a call whose
 * own events were lost still shows. Null when the resource is not the call itself. Not
 * a completion: nothing is billed from it.
 */
function recordedCall(resource: Json, callId: string, delivery: Delivery): RecordedCallData | null {
  if (namespacedId(resource.id) !== callId) return null;
  const parties = readCallParties(resource, delivery);
  const answeredAt = toInstant(resource.answeredAt);
  const completedAt = toInstant(resource.completedAt);
  const reported = resource.duration;
  let durationSeconds: number | null = null;
  if (typeof reported === 'number' && Number.isInteger(reported) && reported >= 0) durationSeconds = reported;
  else if (answeredAt !== null && completedAt !== null) durationSeconds = Math.max(0, Math.floor((Date.parse(completedAt) - Date.parse(answeredAt)) / 1000));
  return {
    direction: parties?.direction ?? null,
    businessNumber: parties?.businessNumber ?? null,
    externalNumber: parties?.externalNumber ?? null,
    startedAt: parties?.startedAt ?? toInstant(resource.createdAt),
    answeredAt,
    completedAt,
    durationSeconds,
    answeredBy: answeredAt === null ? null : (text(resource.answeredBy) ?? text(resource.userId)),
  };
}

/**
 * `call.voicemail.completed` (new generation): either a call carrying `voicemail`, like
 * the app webhook's completion, or the voicemail itself as REST returns it
 * (`{recordingUrl, duration, transcript}`, §1.9); both are read.
 */
export function normalizeVoicemail(delivery: Delivery): Derived | null {
  const { resource } = delivery;
  const callId = callIdOf(resource);
  if (callId === null) return null;
  const nested = isObject(resource.voicemail) ? resource.voicemail : null;
  const voicemail = (nested === null ? null : readMediaItem(nested, callId, 'voicemail', 0)) ?? readMediaItem(resource, callId, 'voicemail', 0);
  if (voicemail === null) return null;
  const transcript = text(nested?.transcript, 100_000) ?? text(resource.transcript, 100_000);
  return { type: 'call.voicemail_ready', lines: callLines(resource, callId, delivery), data: { callId, voicemail, transcript } };
}

/** `call.transcript.completed`, or `callTranscript` as the API samples spell it (§1.2, §1.5). */
export function normalizeTranscript(delivery: Delivery): Derived | null {
  const { resource } = delivery;
  const callId = callIdOf(resource);
  if (callId === null || !Array.isArray(resource.dialogue)) return null;
  const dialogue = resource.dialogue.filter(isObject).map((line) => {
    const startSeconds = seconds(line.start) ?? 0;
    return {
      speakerNumber: phoneNumberOf(line.identifier),
      speakerUserId: text(line.userId),
      text: typeof line.content === 'string' ? line.content : typeof line.text === 'string' ? line.text : '',
      startSeconds,
      endSeconds: Math.max(startSeconds, seconds(line.end) ?? startSeconds),
    };
  });
  return { type: 'call.transcript_ready', lines: callLines(resource, callId, delivery), data: { callId, durationSeconds: seconds(resource.duration), dialogue } };
}

/** `call.summary.completed`, or `callSummary` as the API samples spell it (§1.2, §1.5). */
export function normalizeSummary(delivery: Delivery): Derived | null {
  const { resource } = delivery;
  const callId = callIdOf(resource);
  if (callId === null || (!Array.isArray(resource.summary) && !Array.isArray(resource.nextSteps))) return null;
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  return {
    type: 'call.summary_ready',
    lines: callLines(resource, callId, delivery),
    data: { callId, summary: strings(resource.summary), nextSteps: strings(resource.nextSteps) },
  };
}

/**
 * The call an artifact belongs to: its `callId` (summaries, transcripts, a voicemail or
 * recording resource), else the resource's own id when it is the call (`AC…`, §1.4).
 */
function callIdOf(resource: Json): string | null {
  const own = typeof resource.id === 'string' && (resource.object === 'call' || resource.id.startsWith('AC')) ? resource.id : null;
  return namespacedId(resource.callId) ?? namespacedId(own);
}

/** A resource that is the call itself names its line; anything else finds it through the call. */
function callLines(resource: Json, callId: string, delivery: Delivery): E164[] {
  const parties = namespacedId(resource.id) === callId ? readCallParties(resource, delivery) : null;
  return parties === null ? linesOfArtifact(resource, callId, delivery.ctx) : [parties.businessNumber];
}

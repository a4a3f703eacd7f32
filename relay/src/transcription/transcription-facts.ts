import { formatPhone } from '../../../src/shared/phone';
import { EVENT_MODEL_VERSION, type EventOf, type transcriptionFailureReasons } from '../../../src/shared/events/model';
import { boundedId } from '../alerts/relay-alert-event';
import type { ReadTranscript } from './transcript-reading';
import type { TranscriptionKind } from './transcription-queue';

export type TranscriptionFailureReason = (typeof transcriptionFailureReasons)[number];

/**
 * The facts the relay's transcription appends (source `relay`), with ids derived from the
 * call and the recording so that appending one again (a restart between appending and
 * marking the row done) is recognized as the same fact: a recording is transcribed into the
 * log at most once, and fails at most once. And what the alert about a failure says. Pure.
 */

export function transcriptEventId(callId: string, mediaId: string): string {
  return boundedId(`transcription:${callId}:${mediaId}`);
}

export function transcriptReadyEvent(callId: string, mediaId: string, lines: readonly string[], transcript: ReadTranscript, now: number): EventOf<'call.transcript_ready'> {
  const at = new Date(now).toISOString();
  return {
    v: EVENT_MODEL_VERSION,
    id: transcriptEventId(callId, mediaId),
    source: 'relay',
    type: 'call.transcript_ready',
    occurredAt: at,
    receivedAt: at,
    lines: [...lines],
    data: {
      callId,
      durationSeconds: transcript.durationSeconds,
      dialogue: transcript.dialogue,
      transcribedBy: 'ringside',
      mediaId,
      quality: transcript.quality,
      language: transcript.language,
    },
  };
}

export function transcriptionFailedEvent(
  callId: string,
  mediaId: string,
  lines: readonly string[],
  failure: { reason: TranscriptionFailureReason; detail: string; attempts: number },
  now: number,
): EventOf<'call.transcription_failed'> {
  const at = new Date(now).toISOString();
  return {
    v: EVENT_MODEL_VERSION,
    id: boundedId(`transcription-failed:${callId}:${mediaId}`),
    source: 'relay',
    type: 'call.transcription_failed',
    occurredAt: at,
    receivedAt: at,
    lines: [...lines],
    data: { callId, mediaId, reason: failure.reason, detail: failure.detail.slice(0, 500), attempts: Math.max(1, failure.attempts) },
  };
}

/** What the call's detail says of a failure: plain words, no codes. */
export function failureDetail(reason: TranscriptionFailureReason, kind: TranscriptionKind): string {
  const what = kind === 'voicemail' ? 'voicemail' : 'recording';
  switch (reason) {
    case 'unsupported_audio':
      return `The ${what} could not be read as audio, so no transcript was made.`;
    case 'too_large':
      return `The ${what} is too long to be transcribed, so no transcript was made.`;
    case 'backend_refused':
      return `The transcription service turned the ${what} down, so no transcript was made.`;
    case 'backend_unreachable':
      return `The transcription service could not be reached after several tries, so no transcript was made.`;
  }
}

export function transcriptionAlertId(callId: string, mediaId: string): string {
  return boundedId(`transcription:${callId}:${mediaId}`);
}

/** The banner's words: whose call, what happened, where to listen instead. */
export function failureAlert(reason: TranscriptionFailureReason, kind: TranscriptionKind, party: { party: string; direction: 'incoming' | 'outgoing' } | null, lines: readonly string[]): string {
  const noun = kind === 'voicemail' ? 'voicemail' : 'call recording';
  const whose =
    party !== null
      ? kind === 'voicemail' || party.direction === 'incoming'
        ? ` from ${formatPhone(party.party)}`
        : ` with ${formatPhone(party.party)}`
      : lines[0] !== undefined
        ? ` on the line ${formatPhone(lines[0])}`
        : '';
  const why: Record<TranscriptionFailureReason, string> = {
    unsupported_audio: 'it could not be read as audio',
    too_large: 'it is too long for the transcription service',
    backend_refused: 'the transcription service turned it down (whoever runs the Ringside relay can check its key and address)',
    backend_unreachable: 'the transcription service could not be reached after several tries',
  };
  return `A ${noun}${whose} could not be transcribed: ${why[reason]}. It can still be played from the call.`;
}

import type { CallDetail } from '../../../shared/api/communications';

/**
 * What the call's transcript section says about the transcript itself (issue 15 §1): who made
 * it, whether the audio was poor or held no speech, and why none could be made. Plain words
 * for a receptionist. Pure.
 */

const PROVIDER_NAMES: Readonly<Record<string, string>> = { openphone: 'OpenPhone', vapi: 'Vapi', twilio: 'Twilio', mightycall: 'MightyCall' };

/** A line the transcriber was less sure of than this is marked as unsure. */
export const UNSURE_BELOW = 0.5;

export interface TranscriptNotes {
  /** "Transcribed by Ringside", "Transcribed by OpenPhone"; null without a transcript. */
  by: string | null;
  /** A warning to show above the lines, or null. */
  warning: string | null;
  /** Shown instead of lines: no speech found, or why no transcript could be made. */
  instead: string | null;
}

export function transcriptNotes(detail: Pick<CallDetail, 'call' | 'transcriptInfo' | 'transcriptionFailure'>): TranscriptNotes {
  const info = detail.transcriptInfo ?? null;
  if (info === null) return { by: null, warning: null, instead: detail.transcriptionFailure ?? null };
  const provider = PROVIDER_NAMES[detail.call.callId.split(':')[0] ?? ''] ?? 'the phone provider';
  const by = info.by === 'ringside' ? 'Transcribed by Ringside' : `Transcribed by ${provider}`;
  if (info.quality === 'empty') return { by, warning: null, instead: 'No speech was found in the recording.' };
  if (info.quality === 'poor') return { by, warning: 'Poor audio — parts of this transcript may be wrong.', instead: null };
  return { by, warning: null, instead: null };
}

/** Whether a line should be marked as unsure: its confidence is known and low. */
export function isUnsure(confidence: number | null | undefined): boolean {
  return typeof confidence === 'number' && confidence < UNSURE_BELOW;
}

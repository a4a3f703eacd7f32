import { z } from 'zod';
import type { TranscriptLine } from '../../../src/shared/events/model';

/**
 * What an OpenAI-compatible `verbose_json` transcription says, read into a transcript's
 * dialogue and its quality (issue 15 §1). Pure.
 *
 * The rule, kept simple so people can follow it:
 * - a segment's confidence is exp(avg_logprob) (the mean token probability), clamped to 0–1;
 * - a segment is no speech when its text is blank or its no_speech_prob is at least 0.6 (the
 *   threshold Whisper itself uses); such segments are left out, since Whisper tends to invent
 *   words for silence;
 * - the transcript is `empty` when no segment is speech, `poor` when the mean confidence of its
 *   speech segments is below 0.5, else `clear`.
 * A server that answers only `text` (no segments) gives one line without a confidence, `clear`
 * when it has text, `empty` when not.
 */

export const NO_SPEECH_THRESHOLD = 0.6;
export const POOR_MEAN_CONFIDENCE = 0.5;

const segment = z.object({
  start: z.number().min(0).catch(0),
  end: z.number().min(0).catch(0),
  text: z.string().catch(''),
  avg_logprob: z.number().nullable().optional(),
  no_speech_prob: z.number().nullable().optional(),
});

export const transcriptionAnswer = z.object({
  text: z.string().catch(''),
  language: z.string().nullable().optional(),
  duration: z.number().min(0).nullable().optional(),
  segments: z.array(segment).nullable().optional(),
});
export type TranscriptionAnswer = z.infer<typeof transcriptionAnswer>;

export interface ReadTranscript {
  dialogue: TranscriptLine[];
  quality: 'clear' | 'poor' | 'empty';
  durationSeconds: number | null;
  language: string | null;
  /** Mean confidence of the speech segments, null when none carried one. */
  meanConfidence: number | null;
}

export function confidenceOf(avgLogprob: number | null | undefined): number | null {
  if (avgLogprob === null || avgLogprob === undefined || !Number.isFinite(avgLogprob)) return null;
  return Math.min(1, Math.max(0, Math.exp(avgLogprob)));
}

export function readTranscript(answer: TranscriptionAnswer): ReadTranscript {
  const durationSeconds = answer.duration ?? null;
  const language = answer.language === undefined || answer.language === null || answer.language === '' ? null : answer.language.toLowerCase().slice(0, 20);
  if (answer.segments === undefined || answer.segments === null) {
    const text = answer.text.trim();
    const dialogue = text === '' ? [] : [{ speakerNumber: null, speakerUserId: null, text: text.slice(0, 20_000), startSeconds: 0, endSeconds: durationSeconds ?? 0, confidence: null }];
    return { dialogue, quality: text === '' ? 'empty' : 'clear', durationSeconds, language, meanConfidence: null };
  }
  const speech = answer.segments.filter((item) => item.text.trim() !== '' && (item.no_speech_prob ?? 0) < NO_SPEECH_THRESHOLD);
  const dialogue: TranscriptLine[] = speech.slice(0, 20_000).map((item) => ({
    speakerNumber: null,
    speakerUserId: null,
    text: item.text.trim().slice(0, 20_000),
    startSeconds: item.start,
    endSeconds: Math.max(item.start, item.end),
    confidence: confidenceOf(item.avg_logprob),
  }));
  const confidences = dialogue.map((line) => line.confidence).filter((value): value is number => typeof value === 'number');
  const meanConfidence = confidences.length === 0 ? null : confidences.reduce((sum, value) => sum + value, 0) / confidences.length;
  const quality = dialogue.length === 0 ? 'empty' : meanConfidence !== null && meanConfidence < POOR_MEAN_CONFIDENCE ? 'poor' : 'clear';
  return { dialogue, quality, durationSeconds, language, meanConfidence };
}

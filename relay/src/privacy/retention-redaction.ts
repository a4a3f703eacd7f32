import type { ExtractionRecordedData, RetentionKind, RetentionPolicyDefinedData, RingsideEvent } from '../../../src/shared/events/model';
import { ERASED_RAW } from './erase-event';
import type { ExtractionWords } from './extraction-retention';

const DAY_MS = 86_400_000;

/** Per kind, content that occurred before this instant (ms) goes; null keeps it. Pure. */
export type RetentionCutoffs = Record<RetentionKind, number | null>;

export function retentionCutoffs(policy: RetentionPolicyDefinedData | null, nowMs: number): RetentionCutoffs {
  const cutoff = (days: number | null | undefined): number | null => (days == null ? null : nowMs - days * DAY_MS);
  return { recordings: cutoff(policy?.days.recordings), transcripts: cutoff(policy?.days.transcripts), message_bodies: cutoff(policy?.days.message_bodies), media: cutoff(policy?.days.media) };
}

/** What retention removed from one event: the rewritten event, the kinds, and the media whose links it dropped. */
export interface RetentionOutcome {
  event: RingsideEvent;
  kinds: Set<RetentionKind>;
  mediaIds: string[];
}

type Data = Record<string, unknown>;

/**
 * The event with what the policy no longer keeps removed, judged by when it occurred: recordings
 * and voicemails (their links; the files go separately), transcripts and summaries (their words,
 * timings kept), message bodies, and MMS media, and what extractions quote of those words (judged
 * by when the words were said, from `words`; without it extractions are left as they are). An
 * event that loses anything loses its provider payload too (it carries the same words). Null when
 * nothing goes. Pure apart from reading `words`.
 */
export function redactForRetention(event: RingsideEvent, cutoffs: RetentionCutoffs, words?: ExtractionWords): RetentionOutcome | null {
  const at = Date.parse(event.occurredAt);
  const due = (kind: RetentionKind): boolean => cutoffs[kind] !== null && at < cutoffs[kind]!;
  const copy = structuredClone(event) as unknown as Data & { data: Data; raw?: unknown };
  const data = copy.data;
  const kinds = new Set<RetentionKind>();
  const mediaIds: string[] = [];
  const clear = (change: () => unknown, kind: RetentionKind): void => {
    change();
    kinds.add(kind);
  };
  const dropLink = (item: Data | null | undefined, kind: RetentionKind): void => {
    if (!item || item.url === '') return;
    item.url = '';
    mediaIds.push(String(item.mediaId));
    kinds.add(kind);
  };
  switch (copy.type as RingsideEvent['type']) {
    case 'call.recording_ready':
      if (due('recordings')) for (const item of data.recordings as Data[]) dropLink(item, 'recordings');
      break;
    case 'call.completed':
      if (due('recordings')) {
        dropLink(data.voicemail as Data | null, 'recordings');
        if (typeof data.voicemailUrl === 'string' && data.voicemailUrl !== '') clear(() => (data.voicemailUrl = ''), 'recordings');
      }
      break;
    case 'call.voicemail_ready':
      if (due('recordings')) dropLink(data.voicemail as Data, 'recordings');
      if (due('transcripts') && typeof data.transcript === 'string' && data.transcript !== '') clear(() => (data.transcript = ''), 'transcripts');
      break;
    case 'call.transcript_ready':
      if (due('transcripts')) for (const line of data.dialogue as Data[]) if (line.text !== '') clear(() => (line.text = ''), 'transcripts');
      break;
    case 'call.summary_ready':
      if (due('transcripts') && ((data.summary as unknown[]).length > 0 || (data.nextSteps as unknown[]).length > 0)) clear(() => Object.assign(data, { summary: [], nextSteps: [] }), 'transcripts');
      break;
    case 'message.recorded':
      if (due('message_bodies') && data.body !== '') clear(() => (data.body = ''), 'message_bodies');
      if (due('media')) for (const item of data.media as Data[]) dropLink(item, 'media');
      break;
    case 'extraction.recorded': {
      const kind = words?.redact(data as unknown as ExtractionRecordedData, at) ?? null;
      if (kind !== null) kinds.add(kind);
      break;
    }
    default:
      return null;
  }
  if (kinds.size === 0) return null;
  if (copy.raw !== undefined) copy.raw = { ...ERASED_RAW };
  return { event: copy as unknown as RingsideEvent, kinds, mediaIds };
}

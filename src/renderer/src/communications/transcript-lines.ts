import type { CallActivityRow, CallTranscriptLine } from '../../../shared/api/communications';
import { formatPhone } from '../privacy/shown-phone';
import { formatClock } from '../../../shared/units';

export interface ShownTranscriptLine {
  /** Position in the whole transcript (a stable key while searching). */
  index: number;
  speaker: string;
  /** Whether the business's side said it (drawn on the other side). */
  ours: boolean;
  at: string;
  text: string;
}

type TranscriptCall = Pick<CallActivityRow, 'number' | 'businessNumber' | 'customerName' | 'answeredBy'> & { lineName?: string | null };

/**
 * Who said what, in names: the caller by their customer name (else their number), the
 * business's side by the workspace user who spoke (the core names them from the
 * provider's directory), else by who answered, else the line's name, else "The team".
 * Never "You": a console cannot tell which of the team's people it is on the call.
 */
export function speakerOf(line: CallTranscriptLine, call: TranscriptCall): { speaker: string; ours: boolean } {
  if (line.speakerUserId !== null || line.speakerNumber === call.businessNumber) return { speaker: line.speakerName ?? call.answeredBy ?? call.lineName ?? 'The team', ours: true };
  if (line.speakerNumber === call.number) return { speaker: call.customerName ?? formatPhone(call.number), ours: false };
  return { speaker: line.speakerNumber ? formatPhone(line.speakerNumber) : 'Unknown speaker', ours: false };
}

/** The transcript as shown: speakers named, times from the call's start, only lines containing `query` when one is typed. */
export function shownTranscript(
  lines: readonly CallTranscriptLine[],
  call: TranscriptCall,
  query: string,
): ShownTranscriptLine[] {
  const needle = query.trim().toLocaleLowerCase();
  const shown: ShownTranscriptLine[] = [];
  lines.forEach((line, index) => {
    const { speaker, ours } = speakerOf(line, call);
    if (needle !== '' && !line.text.toLocaleLowerCase().includes(needle) && !speaker.toLocaleLowerCase().includes(needle)) return;
    shown.push({ index, speaker, ours, at: formatClock(line.startSeconds), text: line.text });
  });
  return shown;
}

/** `text` cut around each match of `query`, for highlighting: [before, match, between, match, …, after]. */
export function splitOnMatches(text: string, query: string): { text: string; match: boolean }[] {
  const needle = query.trim().toLocaleLowerCase();
  if (needle === '') return [{ text, match: false }];
  const parts: { text: string; match: boolean }[] = [];
  const haystack = text.toLocaleLowerCase();
  let from = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, from)) {
    if (at > from) parts.push({ text: text.slice(from, at), match: false });
    parts.push({ text: text.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false });
  return parts;
}

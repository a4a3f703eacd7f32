/**
 * What a customer said, as the extractor reads it: one incoming text, one transcript line
 * they spoke, or their voicemail's transcript. Only the customer's own words: what the
 * business wrote or said ("this is Dana from Acme") names the agent, not the caller.
 */
export interface CustomerWords {
  /** The message id or `<callId>#<line>`: where a suggestion came from. */
  sourceId: string;
  kind: 'message' | 'transcript' | 'voicemail';
  /** ISO instant. */
  at: string;
  text: string;
}

/** One finding in a text: the value and the words around it, as they were written. */
export interface Finding {
  value: string;
  /** The sentence (or a window of it) the value was found in. */
  quote: string;
}

/** The sentence around [start, end) of `text`, cut to about 160 characters, for a person to judge the finding by. */
export function quoteAround(text: string, start: number, end: number): string {
  const before = text.slice(0, start);
  const sentenceStart = Math.max(before.lastIndexOf('. '), before.lastIndexOf('! '), before.lastIndexOf('? '), before.lastIndexOf('\n'));
  let from = sentenceStart < 0 ? 0 : sentenceStart + 1;
  const after = text.slice(end).search(/[.!?](\s|$)|\n/);
  let to = after < 0 ? text.length : end + after + 1;
  if (start - from > 60) from = start - 60;
  if (to - end > 80) to = end + 80;
  const words = text.slice(from, to).replace(/\s+/g, ' ').trim();
  return `${from > 0 && sentenceStart + 1 !== from ? '…' : ''}${words}${to < text.length && !/[.!?]$/.test(words) ? '…' : ''}`;
}

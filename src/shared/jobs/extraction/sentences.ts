import type { ExtractionLine, SpeakerRole } from './extractor';

/** One sentence of a line, the unit every field finder reads (evidence is a sentence's words). */
export interface Sentence {
  text: string;
  speaker: SpeakerRole;
  /** ISO instant of the line it belongs to. */
  at: string;
  lineIndex: number;
  /** Position among all sentences of the subject. */
  index: number;
}

/**
 * Splits lines into sentences at . ? ! followed by a space and a capital or a digit, so
 * "St. Louis", "4:30" and "$1,200.00" stay whole. Pure.
 */
export function sentencesOf(lines: readonly ExtractionLine[]): Sentence[] {
  const sentences: Sentence[] = [];
  lines.forEach((line, lineIndex) => {
    const parts = line.text
      .split(/(?<=[.?!])\s+(?=[A-Z0-9"'])/)
      .map((part) => part.trim())
      .filter((part) => part !== '');
    // Rejoin a split after an abbreviation ("St. Louis", "Mt. Vernon", "Nov. 17") or a single-letter initial
    // ("1200 N. Clark Street", "John J. Moore"): no sentence ends on one capital letter.
    const joined: string[] = [];
    for (const part of parts) {
      const last = joined[joined.length - 1];
      if (last !== undefined && (/\b(?:St|Mt|Ft|Dr|Mr|Mrs|Ms|Jr|Sr|No|[A-Z])\.$/.test(last) || (/\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$/i.test(last) && /^\d/.test(part)))) joined[joined.length - 1] = `${last} ${part}`;
      else joined.push(part);
    }
    for (const text of joined) sentences.push({ text, speaker: line.speaker, at: line.at, lineIndex, index: sentences.length });
  });
  return sentences;
}

/** The customer's words: their lines, and a voicemail's or unknown speaker's. */
export function isCustomerSentence(sentence: Sentence): boolean {
  return sentence.speaker !== 'business';
}

import type { ExtractedField } from './extractor';
import { isCustomerSentence, type Sentence } from './sentences';

/**
 * The job's description is the customer's own sentence stating the problem or the work
 * wanted ("our water heater let go and it's flooding the basement"); notes are what the
 * crew must know on arrival (gate codes, pets, parking, who will be home, insurance). Pure.
 */

const PROBLEM = /\b(?:leak\w*|crack\w*|broke\w*|won'?t|isn'?t|doesn'?t|not working|stopped working|quit|died|snapped|burst|flood\w*|smell|noise|grinding|stuck|sinking|shifting|slow|cold|no heat|dripping|running|jammed|clogged|fogged|puddle|water|need\w*|want\w*|like to|looking for|install\w*|replace\w*|repair\w*|redo|remodel\w*|refaced|estimate|inspection|measured|looked at|pinhole|bouncy|dip|wider|quote)\b/i;
const NOT_DESCRIPTION = /^(?:(?:hi|hey|hello|yes|yeah|okay|ok|thanks|thank you|perfect|great|sure)\b[^a-z]*$)|\b(?:call me|my number|address is)\b/i;
/** Clauses that greet or introduce ("Hi", "hey baby", "this is Tom Becker"): not the problem. */
const GREETING = /^(?:(?:hi|hey|hello|hiya|yeah|yes|ope|oh|okay|ok|so|well|uh|um|good morning|good afternoon|morning)(?:\s+there)?|(?:hi|hey|hello)\s+\w+)[.!]?$/i;
const INTRODUCTION = /\b(?:this is|my name(?:'s| is)|name's|it's|i'm)\s+[A-Z]|^[A-Z][a-z]+ [A-Z][a-z]+ (?:here|calling)\b/;

/** The sentence without its greeting and introduction clauses, and whether what is left states a problem. */
function problemPart(sentence: Sentence): string {
  const clauses = sentence.text.split(/,\s+/).filter((clause) => !GREETING.test(clause.trim()) && !INTRODUCTION.test(clause));
  return clauses.join(', ').trim();
}

/** What is left once a house number and street are taken out: an address alone states no problem. */
function withoutAddresses(text: string): string {
  return text.replace(/\b\d{1,6}\s+(?:[A-Z0-9][\w.'-]*\s+){1,4}?(?:Street|St|Avenue|Ave|Drive|Dr|Road|Rd|Lane|Ln|Boulevard|Blvd|Court|Ct|Terrace|Way|Place|South|North|East|West)\b\.?/g, '');
}

export function findDescription(sentences: readonly Sentence[]): ExtractedField | null {
  const candidates = sentences.filter(isCustomerSentence).map((sentence) => ({ sentence, text: problemPart(sentence) }));
  const stated = candidates.find(({ text }) => text !== '' && PROBLEM.test(withoutAddresses(text)) && !/\d{3}[\s.-]\d{3}[\s.-]\d{4}/.test(text) && !NOT_DESCRIPTION.test(text));
  if (stated) return { value: stated.text, confidence: 0.65, evidence: stated.sentence.text };
  const long = candidates.find(({ text }) => withoutAddresses(text).split(/\s+/).length >= 6 && !NOT_DESCRIPTION.test(text));
  return long ? { value: long.text, confidence: 0.4, evidence: long.sentence.text } : null;
}

const NOTE = /\b(?:gate code|gate|code is|lockbox|key under|dogs?|cats?|pets?|park(?:ing)? (?:on|in|at|behind|out)|parking|knock|ring the bell|text (?:me )?before|call (?:him|her) |husband|wife|tenant|adjuster|insurance|elderly|little ones|kids|shared|side door|back door|basement door)\b/i;

export function findNotes(sentences: readonly Sentence[]): ExtractedField | null {
  const notes = sentences.filter((sentence) => isCustomerSentence(sentence) && NOTE.test(sentence.text)).map((sentence) => sentence.text);
  if (notes.length === 0) return null;
  const text = [...new Set(notes)].join(' ').slice(0, 2000);
  return { value: text, confidence: 0.7, evidence: text };
}

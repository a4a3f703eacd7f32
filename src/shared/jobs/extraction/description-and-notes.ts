import type { ExtractedField } from './extractor';
import { isCustomerSentence, type Sentence } from './sentences';

/**
 * The job's description is the customer's own sentence stating the problem or the work
 * wanted ("our water heater let go and it's flooding the basement"); notes are what the
 * crew must know on arrival (gate codes, pets, parking, who will be home, insurance). Pure.
 */

const PROBLEM = /\b(?:leak\w*|crack\w*|broke\w*|won'?t|isn'?t|doesn'?t|not working|quit|died|snapped|burst|flood\w*|smell|noise|grinding|stuck|sinking|shifting|slow|cold|no heat|dripping|running|jammed|fogged|puddle|water|need\w*|want\w*|like to|looking for|install\w*|replace\w*|repair\w*|redo|remodel\w*|refaced|estimate|inspection|measured|looked at|pinhole|bouncy|dip|wider)\b/i;
const NOT_DESCRIPTION = /^(?:(?:hi|hey|hello|yes|yeah|okay|ok|thanks|thank you|perfect|great|sure)\b[^a-z]*$)|\b(?:my name|this is [A-Z]|call me|my number|address is)\b/;

export function findDescription(sentences: readonly Sentence[]): ExtractedField | null {
  const customer = sentences.filter(isCustomerSentence);
  const stated = customer.find((sentence) => PROBLEM.test(sentence.text) && !/\d{3}[\s.-]\d{3}[\s.-]\d{4}/.test(sentence.text) && !NOT_DESCRIPTION.test(sentence.text));
  if (stated) return { value: stated.text, confidence: 0.65, evidence: stated.text };
  const long = customer.find((sentence) => sentence.text.split(/\s+/).length >= 6 && !NOT_DESCRIPTION.test(sentence.text));
  return long ? { value: long.text, confidence: 0.4, evidence: long.text } : null;
}

const NOTE = /\b(?:gate code|gate|code is|lockbox|key under|dogs?|cats?|pets?|park(?:ing)?|driveway|knock|ring the bell|text (?:me )?before|call (?:him|her) |husband|wife|tenant|adjuster|insurance|elderly|little ones|kids|shared|side door|back door|basement door)\b/i;

export function findNotes(sentences: readonly Sentence[]): ExtractedField | null {
  const notes = sentences.filter((sentence) => isCustomerSentence(sentence) && NOTE.test(sentence.text)).map((sentence) => sentence.text);
  if (notes.length === 0) return null;
  const text = [...new Set(notes)].join(' ').slice(0, 2000);
  return { value: text, confidence: 0.7, evidence: text };
}

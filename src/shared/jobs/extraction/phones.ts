import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { ExtractedField, KnownCustomer } from './extractor';
import { isCustomerSentence, type Sentence } from './sentences';
import { digitWordsAsDigits } from './spoken-numbers';

/**
 * The number to call the customer back on. A number the customer says ("call me at
 * 720-555-0187", "six one seven, five five five, zero one four two", "area code 415, 555,
 * 0135") wins over caller ID: people give the number they will answer. Without one, the
 * caller's number, then the one on file. Parsed with libphonenumber into E.164. Pure.
 */

const CALLBACK_CUE = /\b(?:call|reach|text|ring|number|cell|phone|contact)\b/i;
const NUMBER_RUN = /(?:\+?1[\s.-]*)?\(?\b\d{3}\)?[\s.,-]*\d{3}[\s.,-]*\d{4}\b/g;

export interface SpokenPhone {
  e164: string;
  evidence: string;
  confidence: number;
  sentenceIndex: number;
  /** The sentence the number begins in, where whose it is was said ("for unit 2 call the tenant 312 / 555 0131"). */
  firstSentenceIndex: number;
  /** Said as another person's number ("call my tenant Marcus at…"). */
  someoneElse: boolean;
  /** Said as the number to try if the first fails ("if I don't pick up, my husband is…"). */
  fallback: boolean;
  /** Said as the number not to call: "my work line is 720 555 0168 but don't call that". */
  refused?: boolean;
  /** The customer says to call it ("please call my husband instead…"), whoever's it is. */
  directed: boolean;
}

/** Words said between the groups of a number ("area code 312 then five five five"), not part of it. */
const BETWEEN_GROUPS = /(\d)[\s,.]+(?:(?:and )?then|and|dash|uh|um|er)[\s,.]+(?=\d)/gi;
/** "…zero one six three, sorry, zero one six eight": the last digits said again, corrected. */
const CORRECTED_TAIL = /^[\s,.]*(?:(?:sorry|no|wait|i mean|actually|make (?:that|it)|not)\b[\s,.]*)+(?:(?:it'?s|it is|that'?s|the last (?:four|part) is)\s+)?(\d{4}|\d{3})\b(?![\s.-]*\d)/i;
/**
 * Whose number it is, said just before it: "call my tenant Marcus…", "her number's…", "my husband
 * Dev is…". Someone else's number is not the caller's callback number; it belongs to the job it is
 * said for (offline-extractor.ts).
 */
const SOMEONE_ELSE = /\b(?:my (?:husband|wife|partner|tenant|son|daughter|mom|mother|mum|mama|dad|father|neighbou?r|super|landlord|boss|assistant|roommate|brother|sister)\b|(?:the|our) (?:tenant|super|renter|occupant)s?\b|(?:her|his|their) (?:number|cell|phone)|(?!my\b)[a-z]+'s (?:number|cell|phone))/i;
/** Words right after a number that turn it down: "but don't call that", "not that one", "never use it". */
const REFUSED_AFTER = /^[\s,.;]*(?:but |and |so )?(?:please )?(?:(?:don'?t|do not|never) (?:call|use|text|ring)(?: (?:that|it|this|me (?:there|on it)))?|not that one)\b/i;
const FALLBACK = /\b(?:if (?:i|we) (?:don'?t|do not|can'?t|cannot) (?:pick up|answer|get it)|if (?:there'?s )?no answer|(?:as a )?back ?up|otherwise|or else)\b/i;
/** "double five" is 55, "triple oh" 000. */
function repeatedDigits(text: string): string {
  return text.replace(/\b(double|triple)\s+(zero|oh|one|two|three|four|five|six|seven|eight|nine|\d)\b/gi, (_, times: string, digit: string) => Array<string>(times.toLowerCase() === 'double' ? 2 : 3).fill(digit).join(' '));
}

/**
 * Numbers the customer said. People give a number in groups and pause between them, so speech-to-text
 * often writes its groups as lines of their own ("my cell is seven seven three" / "five five five zero
 * one four two"): a run of the customer's sentences with no business words between is read as one text.
 */
export function spokenPhones(sentences: readonly Sentence[], region: CountryCode): SpokenPhone[] {
  const found: SpokenPhone[] = [];
  const runs: Sentence[][] = [];
  let previous: Sentence | null = null;
  for (const sentence of sentences) {
    if (!isCustomerSentence(sentence)) {
      previous = null;
      continue;
    }
    if (previous === null) runs.push([]);
    runs[runs.length - 1]!.push(sentence);
    previous = sentence;
  }
  for (const run of runs) {
    // Where each sentence ends in the joined text, to tell which sentences a number was said in.
    const ends: number[] = [];
    let joined = '';
    for (const sentence of run) {
      joined += `${joined === '' ? '' : ' '}${digitWordsAsDigits(repeatedDigits(sentence.text.replace(/\barea code\s*/gi, '')))}`;
      ends.push(joined.length);
    }
    const text = digitWordsAsDigits(joined.replace(BETWEEN_GROUPS, '$1 '));
    for (const match of text.matchAll(NUMBER_RUN)) {
      let digits = match[0].replace(/[^\d+]/g, '');
      const correction = CORRECTED_TAIL.exec(text.slice(match.index + match[0].length));
      if (correction) digits = digits.slice(0, digits.length - correction[1]!.length) + correction[1]!;
      const parsed = parsePhoneNumberFromString(digits, region);
      if (!parsed || !parsed.isPossible()) continue;
      // Offsets shift a little as words become digits; the share of the text said is what counts.
      const share = (match.index + match[0].length) / text.length;
      const last = run[Math.min(run.length - 1, ends.findIndex((end) => end / joined.length >= share - 1e-9))] ?? run[run.length - 1]!;
      const first = run[Math.max(0, ends.findIndex((end) => end / joined.length > match.index / text.length))] ?? last;
      const said = run.filter((sentence) => sentence.index <= last.index && sentence.index >= last.index - 2);
      const evidence = said.map((sentence) => sentence.text).join(' ');
      // Whose it is is said just before it, in the same sentence.
      const before = text.slice(Math.max(0, match.index - 80), match.index).split(/[.?!]\s/).pop() ?? '';
      found.push({ e164: parsed.number, evidence, confidence: CALLBACK_CUE.test(evidence) ? 0.95 : 0.85, sentenceIndex: last.index, firstSentenceIndex: Math.min(first.index, last.index), someoneElse: SOMEONE_ELSE.test(before), fallback: FALLBACK.test(before), refused: REFUSED_AFTER.test(text.slice(match.index + match[0].length)), directed: /\b(?:call|reach|text|ring|contact|instead)\b/i.test(before) });
    }
  }
  return found;
}

const ON_FILE = /\b(?:on file|you (?:already )?have (?:it|for me|on record)|the (?:one|number) you have)\b/i;

/**
 * `passOver` says which numbers said are not the callback: by default one given as a fallback; in
 * a call of several jobs also another person's, which is that job's own (offline-extractor.ts).
 */
export function findPhone(sentences: readonly Sentence[], callerNumber: string | null, customer: KnownCustomer | null, region: CountryCode, passOver: (phone: SpokenPhone) => boolean = (phone) => phone.fallback || (phone.someoneElse && !phone.directed)): ExtractedField | null {
  const spoken = spokenPhones(sentences, region).filter((phone) => !phone.refused && !passOver(phone));
  // The last number said is the one the customer settled on ("actually, call my cell…").
  const last = spoken[spoken.length - 1];
  if (last) return { value: last.e164, confidence: last.confidence, evidence: last.evidence };
  const onFile = customer?.phones[0];
  // "Call my cell, the one you have on file, I'm on the office line": the number on file, not caller ID.
  const askedForFile = onFile !== undefined && sentences.find((sentence) => isCustomerSentence(sentence) && ON_FILE.test(sentence.text));
  if (askedForFile) return { value: onFile, confidence: 0.8, evidence: askedForFile.text };
  if (callerNumber !== null) return { value: callerNumber, confidence: 0.7, evidence: '' };
  return onFile ? { value: onFile, confidence: 0.6, evidence: '' } : null;
}

import { quoteAround, type Finding } from './found-text';

/**
 * A person introducing themselves: "this is Maria Lopez", "my name is Maria Lopez",
 * "my name's …", "Maria Lopez here". Only a first and a last name (two to four capitalized
 * words, particles such as "de" or "van" between them) counts: a lone first name says too
 * little to rename a customer, and "this is Urgent" or "this is the front desk" is no name.
 */

const INTRODUCTIONS = [/\bthis is\s+/gi, /\bmy name is\s+/gi, /\bmy name's\s+/gi, /\bit's\s+(?=[A-Z][a-z]+\s+[A-Z][a-z]+\s+here\b)/g];
const HERE = /\b([A-Z][\p{Ll}'’-]+(?:\s+[A-Z][\p{Ll}'’-]+){1,2})\s+here\b/gu;

/** A capitalized name word: Lopez, O'Brien, D'Angelo, McAllister, Smith-Jones, José. */
const NAME_PART = "(?:Mc|Mac|[A-Z]['’])?[A-Z][\\p{Ll}]+";
const NAME_WORD = new RegExp(`^${NAME_PART}(?:-${NAME_PART})*$`, 'u');
const PARTICLES = new Set(['de', 'del', 'da', 'van', 'von', 'der', 'le', 'la', 'di', 'bin', 'al']);

/**
 * Capitalized words that start sentences, greetings and places, never a person's name here.
 * Matched against every word of a candidate: "This is Acme Plumbing" names a company.
 */
const NOT_NAMES = new Set(
  `The A An Your Our My His Her Their Its This That Just Not Only Also Still Calling Regarding About Re Urgent Important Great Good Fine Okay Ok
  Sorry Hello Hi Hey Thanks Thank Yes No Please Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
  August September October November December Today Tomorrow Tonight Morning Afternoon Evening Customer Service Support Sales Billing Office Desk Front
  Team Company Inc Ltd Llc Corp Plumbing Electric Heating Cleaning Services Service Group Dental Clinic Hospital Pharmacy Bank Insurance Realty
  Street Avenue Road Lane Drive Way Mr Mrs Ms Miss Dr Doctor Sir Madam Ringside Openphone Quickbooks`.split(/\s+/),
);

export function namesInText(text: string): Finding[] {
  const found: Finding[] = [];
  for (const pattern of INTRODUCTIONS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index + match[0].length;
      const name = leadingName(text.slice(start));
      if (name !== null) found.push({ value: name, quote: quoteAround(text, match.index, start + name.length) });
    }
  }
  for (const match of text.matchAll(HERE)) {
    // "Maria Lopez here" only opening a text or a sentence: "the form is in the Blue Folder here" is not an introduction.
    const before = text.slice(0, match.index).trimEnd();
    const opens = before === '' || /[.!?,]$/.test(before) || /\b(?:hi|hello|hey)$/i.test(before);
    const name = opens ? asName(match[1]!.split(/\s+/)) : null;
    if (name !== null) found.push({ value: name, quote: quoteAround(text, match.index, match.index + match[0].length) });
  }
  return found;
}

/** The name at the start of `rest`: name words (and particles between them) up to the first other word. */
function leadingName(rest: string): string | null {
  const words: string[] = [];
  for (const raw of rest.split(/\s+/).slice(0, 6)) {
    const word = raw.replace(/[,.;:!?)]+$/, '');
    const ended = word !== raw;
    if (NAME_WORD.test(word) || (words.length > 0 && PARTICLES.has(word))) words.push(word);
    else break;
    if (ended) break;
  }
  while (words.length > 0 && PARTICLES.has(words[words.length - 1]!)) words.pop();
  return asName(words.slice(0, 4));
}

function asName(words: string[]): string | null {
  const named = words.filter((word) => !PARTICLES.has(word));
  if (named.length < 2 || named.length > 4) return null;
  if (named.some((word) => NOT_NAMES.has(word))) return null;
  return words.join(' ');
}

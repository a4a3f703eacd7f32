import type { ExtractedField, KnownCustomer } from './extractor';
import { isCustomerSentence, type Sentence } from './sentences';

/**
 * The caller's name from how people introduce themselves: "this is Maria Lopez", "my name
 * is…", "my name's…", "I'm Olivia Tran", "it's Dave from the bakery", "put it under
 * Hernandez, Luis Hernandez", "Hi Sue, Frank Doyle.", or the words right after the business
 * asked for a name. Only the customer's words; a name is one to three capitalized words and
 * stops at "from", "with", a comma or the end of the sentence. Pure.
 */

/** A courtesy title belongs to the name it comes with: "Mrs. Alvarez" is the name, "Mrs" alone is not. */
const TITLE = '(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\\.?\\s+(?:(?:and|&)\\s+(?:Mr|Mrs|Ms|Miss|Mx|Dr)\\.?\\s+)?)';
const NAME = `((?:${TITLE})?(?:[A-Z][a-zA-Z'’-]+)(?:\\s+(?:[A-Z][a-zA-Z'’-]+)){0,2})`;
/** Two or three capitalized words that are a person's, not a firm's ("Sears Home Services"). */
const PERSON = `((?:${TITLE})?(?!(?:Home|Services?|Company|Apartments?|Property|Management|Builders|Inc|LLC|Corp|Group)\\b)[A-Z][a-zA-Z'’-]+(?:\\s+(?!(?:Home|Services?|Company|Apartments?|Property|Management|Builders|Inc|LLC|Corp|Group)\\b)[A-Z][a-zA-Z'’-]+){1,2})`;
const TITLE_ONLY = /^(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?$/;
const NOT_NAMES = new Set(['I', 'Im', 'The', 'This', 'It', 'We', 'Our', 'My', 'Yes', 'Yeah', 'No', 'Hi', 'Hey', 'Hello', 'Okay', 'Ok', 'Thanks', 'Sorry', 'Just', 'Also', 'So', 'Well', 'Uh', 'Um']);

/** The business asking who is calling. */
const ASKS_WHO = /(?:\bname\b|\bwho(?:'s| is| am I| are you| do I have| should I| can I)\b|\b(?:talking|speaking) (?:to|with)\b)[^.?!]*(?:\?|$)/i;

interface Pattern {
  pattern: RegExp;
  confidence: number;
  /** The name is the second capture, given only when it repeats a word of the first. */
  repeats?: boolean;
}
const PATTERNS: Pattern[] = [
  { pattern: new RegExp(`\\b(?:[Mm]y )?[Nn]ame(?:'s|s| is)\\s+${NAME}`), confidence: 0.92 },
  // "it's Brenda, Brenda Walsh", "this is Mrs. Abernathy, Joan Abernathy": the fuller second
  // telling, which repeats a word of the first.
  { pattern: new RegExp(`\\b(?:[Ii]t's|[Tt]his is|I'm)\\s+(?:${TITLE})?([A-Z][a-z'-]+),\\s+([A-Z][a-z'-]+\\s+[A-Z][a-zA-Z'-]+)(?=[,.!?]|$|\\s+(?:from|with|here|calling)\\b)`), confidence: 0.88, repeats: true },
  { pattern: new RegExp(`\\bput it (?:down )?under\\s+(?:[A-Z][a-zA-Z'-]+,\\s+)?${NAME}`), confidence: 0.9 },
  { pattern: new RegExp(`\\b[Tt]his is,?\\s+${NAME}`), confidence: 0.88 },
  // Speech-to-text writes names capitalized and little else: a name ends where the lower-case words start.
  { pattern: new RegExp(`\\b[Ii]t'?s\\s+${NAME}(?=\\s+(?:from|with|w/|at|over|calling|ringing|here|[a-z])|[,.]|$)`), confidence: 0.8 },
  { pattern: new RegExp(`\\b(?:I'?m|im)\\s+${NAME}(?=[,.]|$|\\s+(?:from|with|w/|[a-z]))`), confidence: 0.8 },
  { pattern: new RegExp(`(?:^|,\\s+)${NAME}\\s+(?:here|calling)\\b`), confidence: 0.8 },
  { pattern: new RegExp(`^(?:[Hh]i|[Hh]ey|[Hh]ello)\\s+[A-Z][a-z]+,\\s+${NAME}(?=\\.)`), confidence: 0.7 },
  // "Hey, Tammy Hargrove.": a greeting, then a first and last name and nothing else.
  { pattern: new RegExp(`^(?:[Hh]i|[Hh]ey|[Hh]ello)(?: there)?,\\s+([A-Z][a-zA-Z'’-]+\\s+[A-Z][a-zA-Z'’-]+)(?=[.!]$)`), confidence: 0.7 },
  // "hi um Gloria Abernathy my contractor says…", "Ayuh, hi, Harold Pelletier.", "Derek Lam w/ Lam Builders": a
  // greeting (or nothing), then a first and last name, then the lower-case words of the call.
  { pattern: new RegExp(`^(?:[A-Za-z]+,\\s+)?(?:(?:[Yy]eah|[Yy]es|[Oo]h|[Hh]i|[Hh]ey|[Hh]ello|[Ss]o|[Oo]k|[Oo]kay)(?: there)?[,!]?\\s+)+${PERSON}(?=\\s+(?:[a-z]|w/)|\\s*[,.!]|$)`), confidence: 0.7 },
  { pattern: new RegExp(`^${PERSON}(?=\\s+(?:[a-z]{2,}|w/))`), confidence: 0.65 },
  // "Hi, Ashley from Copper Ridge HOA": a greeting, then who is writing and whom they are with.
  { pattern: new RegExp(`^(?:[Hh]i|[Hh]ey|[Hh]ello)(?: there)?[,!]?\\s+${NAME}(?=\\s+(?:from|with|at|over at)\\s+(?:the\\s+)?[A-Z])`), confidence: 0.75 },
];

function cleanName(raw: string): string | null {
  let words = raw.split(/\s+/).filter((word) => !NOT_NAMES.has(word.replace(/['’]/g, '')));
  // "Mrs Okafor Grace Okafor": the fuller telling after the first.
  const repeated = words.findIndex((word, i) => i > 0 && words.indexOf(word) < i);
  if (repeated > 0 && repeated - words.indexOf(words[repeated]!) >= 2) words = words.slice(words.indexOf(words[repeated]!) + 1);
  if (words.length === 1 && TITLE_ONLY.test(words[0]!)) return null;
  if (words.length === 0 || words.length !== raw.split(/\s+/).length) {
    // A leading non-name word ("Just Maria") is dropped; a non-name inside means it is not a name.
    if (words.length === 0) return null;
  }
  return words.join(' ');
}

/**
 * Speech-to-text and quick texts write names in lower case ("hi um this is gary novak i got a
 * leak"): in a sentence with no capital letter at all, the two words after "this is", "my name
 * is", "it's" or "I'm" are the name, unless either is an everyday word ("it's the driveway").
 */
const LOWER_CASE_INTRODUCTION = /\b(?:this is|my name is|my names|my name's|name's|its|it's|im|i'm)\s+([a-z][a-z'’-]+)\s+([a-z][a-z'’-]+)\b/;
const EVERYDAY_WORDS = new Set(
  'a an the my our your his her their this that these those it its is was be been being am are were will would could should can may might must shall do does did have has had not no yes so just really very pretty about calling call from with at in on for to of and or but if then than like um uh er well okay ok hi hey hello here there what when where why how who which me you we they he she him them us up down out over off again still already also too only even now later soon today tomorrow tonight morning afternoon evening going gonna got get getting calling call sunk sinking leaking broken been kind sort gonna wondering looking trying hoping asking needing about around thats fine sure sounds good great perfect works sorry'.split(' '),
);

function titleCased(word: string): string {
  return word.replace(/(^|[-'’])([a-z])/g, (_, start: string, letter: string) => `${start}${letter.toUpperCase()}`);
}

/** "luis ortega calling", "hey there, tina marsh here": a lower-case name said before "calling" or "here". */
const LOWER_CASE_NAME_CALLING = /(?:^|,\s+)([a-z][a-z'’-]+)\s+((?:o\s+)?[a-z][a-z'’-]+)\s+(?:here|calling)\b/;

/** Speech-to-text splits an Irish surname: "o rourke" is O'Rourke. */
function surnameJoined(words: string): string {
  return words.replace(/\bo\s+([a-z]{3,})\b/g, "o'$1");
}

/** A lower-case first and last name, title-cased ("sam o rourke" is Sam O'Rourke); null when either is an everyday word. */
function lowerCasePair(first: string, last: string): string | null {
  const surname = surnameJoined(last);
  if (EVERYDAY_WORDS.has(first) || EVERYDAY_WORDS.has(surname) || /\d/.test(first + surname)) return null;
  return `${titleCased(first)} ${titleCased(surname)}`;
}

function lowerCaseName(text: string): string | null {
  // The pronoun "I" is capitalized even where nothing else is ("hi this is linda moreau, I am at…").
  if (/[A-Z]/.test(text.replace(/\bI\b/g, 'i'))) return null;
  const match = LOWER_CASE_INTRODUCTION.exec(surnameJoined(text)) ?? LOWER_CASE_NAME_CALLING.exec(text);
  return match ? lowerCasePair(match[1]!, match[2]!) : null;
}

/** The business's own names: the one answering ("this is Kevin") and the business's, never the caller's. */
function businessNames(sentences: readonly Sentence[]): Set<string> {
  const names = new Set<string>();
  for (const sentence of sentences) {
    if (sentence.speaker !== 'business') continue;
    for (const match of sentence.text.matchAll(/\b(?:this is|it'?s|i'?m|speaking with|my name is)\s+([A-Z][a-z]+)\b/gi)) names.add(match[1]!);
  }
  return names;
}

/** The words as a name finder reads them: no "uh" or "um", no name spelled out ("o r t e g a", "S-U-L-L-I-V-A-N"), no greeting to the one answering ("hi Kim, …"). */
function plainWords(text: string, agents: Set<string>): string {
  let plain = text.replace(/\b(?:uh|um|er|erm)\b[,.]?\s*/gi, '').replace(/(?:^|\s)[a-zA-Z](?:[\s,-]+[a-zA-Z]){2,}(?=[\s.,!?]|$)/g, '');
  for (const agent of agents) plain = plain.replace(new RegExp(`^((?:[A-Za-z]+,?\\s+)?(?:oh\\s+)?(?:hi|hey|hello)(?: there)?[,!]?\\s+)${agent}\\b[,!]?\\s*`, 'i'), '$1');
  return plain.trim();
}

export function findName(sentences: readonly Sentence[], customer: KnownCustomer | null): ExtractedField | null {
  const found = introducedName(sentences, customer);
  if (!found || found.value.includes(' ')) return found;
  // "it's Maya again" from a customer on file as Maya Goldberg: the name on file.
  if (customer?.name && customer.name.split(/\s+/)[0]!.toLowerCase() === found.value.toLowerCase()) return { ...found, value: customer.name };
  // "my names Gina too Gina Rossi", "Maya here … Maya Goldberg": a first name, told in full later.
  const full = new RegExp(`\\b${found.value}\\s+((?!(?:${[...NOT_NAMES].join('|')})\\b)[A-Z][a-zA-Z'’-]+)`);
  for (const sentence of sentences) {
    if (!isCustomerSentence(sentence)) continue;
    const match = full.exec(sentence.text);
    if (match) return { ...found, value: `${found.value} ${match[1]}` };
  }
  return found;
}

function introducedName(sentences: readonly Sentence[], customer: KnownCustomer | null): ExtractedField | null {
  const agents = businessNames(sentences);
  for (const said of sentences) {
    if (!isCustomerSentence(said)) continue;
    const sentence = { ...said, text: plainWords(said.text, agents) };
    const lower = lowerCaseName(sentence.text);
    if (lower) return { value: lower, confidence: 0.7, evidence: sentence.text };
    for (const { pattern, confidence, repeats } of PATTERNS) {
      const match = pattern.exec(sentence.text);
      if (repeats && match && !match[2]!.split(/\s+/).includes(match[1]!)) continue;
      const raw = repeats ? match?.[2] : match?.[1];
      const name = raw ? cleanName(raw) : null;
      if (name) return { value: name, confidence, evidence: sentence.text };
    }
  }
  // The answer to "What is your name?", "Can I get your name?", "Who am I talking with?": the
  // customer's next turn, its leading capitalized words (after a "Yeah," or "Sure,").
  for (const question of sentences) {
    if (question.speaker !== 'business' || !ASKS_WHO.test(question.text)) continue;
    const nextTurn = sentences.find((s) => s.index > question.index && isCustomerSentence(s));
    if (!nextTurn) continue;
    for (const answer of sentences.filter((s) => s.lineIndex === nextTurn.lineIndex)) {
      const text = plainWords(answer.text, agents).replace(/^(?:(?:yes|yeah|yep|sure|oh|uh|um|it's|this is|that's|that'd be)\b[,.]?\s*)+/i, '');
      const match = new RegExp(`^${NAME}(?=[,.!]|\\s+\\d|$)`).exec(text);
      const name = match?.[1] ? cleanName(match[1]) : null;
      if (name && (name.split(' ').length >= 2)) return { value: name, confidence: 0.75, evidence: answer.text };
      // Speech-to-text answers in lower case: "deshawn carter", "sam o rourke, 301 east 21st street".
      const lower = /^([a-z][a-z'’-]+)\s+((?:o\s+)?[a-z][a-z'’-]+)(?=[,.!]|\s+\d|$)/.exec(text);
      // Only in a turn written all in lower case: where names are capitalized, lower-case words are not one.
      const allLower = sentences.filter((s) => s.lineIndex === nextTurn.lineIndex).every((s) => !/[A-Z]/.test(s.text.replace(/\bI\b|\b\d+[A-Z]\b/g, '')));
      const lowerName = lower && allLower ? lowerCasePair(lower[1]!, lower[2]!) : null;
      if (lowerName) return { value: lowerName, confidence: 0.7, evidence: answer.text };
    }
  }
  // A text thread's "Megan Sullivan, 3951 Tennyson Street…": a name right before an address.
  for (const sentence of sentences) {
    if (!isCustomerSentence(sentence)) continue;
    const match = new RegExp(`^${NAME},?\\s+\\d{1,6}\\s+[A-Z]`).exec(sentence.text);
    const name = match?.[1] ? cleanName(match[1]) : null;
    if (name && name.split(' ').length >= 2) return { value: name, confidence: 0.7, evidence: sentence.text };
  }
  if (customer?.name) return { value: customer.name, confidence: 0.6, evidence: '' };
  // "Hi Sofia, this is Alpine Kitchen & Tile. Your tile came in!": a business writing first greets the customer by name.
  const opening = sentences[0];
  const greeted = opening?.speaker === 'business' ? /^(?:hi|hello|hey|good (?:morning|afternoon|evening))\s+([A-Z][a-z'’-]+)\s*[,!]/i.exec(opening.text) : null;
  if (greeted && !agents.has(greeted[1]!) && !NOT_NAMES.has(greeted[1]!)) return { value: greeted[1]!, confidence: 0.55, evidence: opening!.text };
  return null;
}

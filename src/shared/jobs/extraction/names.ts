import type { ExtractedField, KnownCustomer } from './extractor';
import { isCustomerSentence, type Sentence } from './sentences';

/**
 * The caller's name from how people introduce themselves: "this is Maria Lopez", "my name
 * is…", "my name's…", "I'm Olivia Tran", "it's Dave from the bakery", "put it under
 * Hernandez, Luis Hernandez", "Hi Sue, Frank Doyle.", or the words right after the business
 * asked for a name. Only the customer's words; a name is one to three capitalized words and
 * stops at "from", "with", a comma or the end of the sentence. Pure.
 */

const NAME = "((?:[A-Z][a-zA-Z'’-]+)(?:\\s+(?:[A-Z][a-zA-Z'’-]+)){0,2})";
const NOT_NAMES = new Set(['I', 'Im', 'The', 'This', 'It', 'We', 'Our', 'My', 'Yes', 'Yeah', 'No', 'Hi', 'Hey', 'Hello', 'Okay', 'Ok', 'Thanks', 'Sorry', 'Just', 'Also', 'So', 'Well', 'Uh', 'Um']);

interface Pattern {
  pattern: RegExp;
  confidence: number;
}
const PATTERNS: Pattern[] = [
  { pattern: new RegExp(`\\b(?:[Mm]y )?[Nn]ame(?:'s| is)\\s+${NAME}`), confidence: 0.92 },
  // "it's Brenda, Brenda Walsh": the fuller second telling.
  { pattern: /\b(?:[Ii]t's|[Tt]his is)\s+[A-Z][a-z'-]+,\s+([A-Z][a-z'-]+\s+[A-Z][a-zA-Z'-]+)/, confidence: 0.88 },
  { pattern: new RegExp(`\\bput it (?:down )?under\\s+(?:[A-Z][a-zA-Z'-]+,\\s+)?${NAME}`), confidence: 0.9 },
  { pattern: new RegExp(`\\b[Tt]his is\\s+${NAME}`), confidence: 0.88 },
  { pattern: new RegExp(`\\b[Ii]t's\\s+${NAME}(?=\\s+(?:from|with|at|over)\\b|[,.]|$)`), confidence: 0.8 },
  { pattern: new RegExp(`\\bI'm\\s+${NAME}(?=[,.]|$|\\s+(?:from|with)\\b)`), confidence: 0.8 },
  { pattern: new RegExp(`(?:^|,\\s+)${NAME}\\s+(?:here|calling)\\b`), confidence: 0.8 },
  { pattern: new RegExp(`^(?:[Hh]i|[Hh]ey|[Hh]ello)\\s+[A-Z][a-z]+,\\s+${NAME}(?=\\.)`), confidence: 0.7 },
];

function cleanName(raw: string): string | null {
  const words = raw.split(/\s+/).filter((word) => !NOT_NAMES.has(word.replace(/['’]/g, '')));
  if (words.length === 0 || words.length !== raw.split(/\s+/).length) {
    // A leading non-name word ("Just Maria") is dropped; a non-name inside means it is not a name.
    if (words.length === 0) return null;
  }
  return words.join(' ');
}

export function findName(sentences: readonly Sentence[], customer: KnownCustomer | null): ExtractedField | null {
  for (const sentence of sentences) {
    if (!isCustomerSentence(sentence)) continue;
    for (const { pattern, confidence } of PATTERNS) {
      const match = pattern.exec(sentence.text);
      const name = match?.[1] ? cleanName(match[1]) : null;
      if (name) return { value: name, confidence, evidence: sentence.text };
    }
  }
  // The answer to "What is your name?" / "Name and address?": its leading capitalized words.
  for (let i = 1; i < sentences.length; i++) {
    const asked = sentences.slice(Math.max(0, i - 2), i).some((s) => s.speaker === 'business' && /\bname\b[^.]*\?/i.test(s.text));
    const answer = sentences[i]!;
    if (!asked || !isCustomerSentence(answer)) continue;
    const match = new RegExp(`^${NAME}(?=[,.]|\\s+\\d|$)`).exec(answer.text);
    const name = match?.[1] ? cleanName(match[1]) : null;
    if (name && name.split(' ').length >= 2) return { value: name, confidence: 0.75, evidence: answer.text };
  }
  // A text thread's "Megan Sullivan, 3951 Tennyson Street…": a name right before an address.
  for (const sentence of sentences) {
    if (!isCustomerSentence(sentence)) continue;
    const match = new RegExp(`^${NAME},?\\s+\\d{1,6}\\s+[A-Z]`).exec(sentence.text);
    const name = match?.[1] ? cleanName(match[1]) : null;
    if (name && name.split(' ').length >= 2) return { value: name, confidence: 0.7, evidence: sentence.text };
  }
  return customer?.name ? { value: customer.name, confidence: 0.6, evidence: '' } : null;
}

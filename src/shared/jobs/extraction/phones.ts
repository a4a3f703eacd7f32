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
}

export function spokenPhones(sentences: readonly Sentence[], region: CountryCode): SpokenPhone[] {
  const found: SpokenPhone[] = [];
  for (const sentence of sentences) {
    if (!isCustomerSentence(sentence)) continue;
    const text = digitWordsAsDigits(sentence.text.replace(/\barea code\s*/gi, ''));
    for (const match of text.matchAll(NUMBER_RUN)) {
      const parsed = parsePhoneNumberFromString(match[0].replace(/[^\d+]/g, ''), region);
      if (!parsed || !parsed.isPossible()) continue;
      found.push({ e164: parsed.number, evidence: sentence.text, confidence: CALLBACK_CUE.test(sentence.text) ? 0.95 : 0.85, sentenceIndex: sentence.index });
    }
  }
  return found;
}

export function findPhone(sentences: readonly Sentence[], callerNumber: string | null, customer: KnownCustomer | null, region: CountryCode): ExtractedField | null {
  const spoken = spokenPhones(sentences, region);
  // The last number said is the one the customer settled on ("actually, call my cell…").
  const last = spoken[spoken.length - 1];
  if (last) return { value: last.e164, confidence: last.confidence, evidence: last.evidence };
  if (callerNumber !== null) return { value: callerNumber, confidence: 0.7, evidence: '' };
  const onFile = customer?.phones[0];
  return onFile ? { value: onFile, confidence: 0.6, evidence: '' } : null;
}

import type { ExtractedField } from './extractor';
import type { Sentence } from './sentences';
import { NUMBER_WORDS_PATTERN, numberFromWords } from './spoken-numbers';

/**
 * A quoted price or the customer's budget, in minor units: "$1,200", "$3,450", "four hundred
 * and fifty dollars", "eighteen hundred dollars", "about two grand" (200000 USD), "under
 * 10k", "around 6 grand", and the trades' bare shorthand in a sentence about money ("a spring
 * runs two eighty five installed", "the call out is one fifty"). When a sentence names several
 * (a range), the first is kept: the floor of a range is what was promised. Pure.
 */

/** Words that make a bare number in the sentence a price rather than a count or a time. */
const MONEY_CONTEXT = /\b(?:dollars?|bucks|fee|rate|runs?|costs?|price|charge[sd]?|installed|install|quote[sd]?|budget|spend|flat|call[- ]out|service call|visit|tune-up|estimate|consult(?:ation)?|diagnostic|inspection|evaluation|assessment|treatment|coupon|trip charge|comes off|keep it|under|around|about)\b/i;

const QUOTE_WORDS = /\b(?:charges?|fee|flat|costs?|price|call[- ]?out|service call|diagnostic|trip charge|labor|comes to|total)\b/i;

export interface FoundPrice {
  minor: number;
  evidence: string;
  confidence: number;
  sentenceIndex: number;
  /** "eighty nine dollars each": one price for every job in the call. */
  each: boolean;
}

const MULTIPLIER: Record<string, number> = { k: 1000, grand: 1000, thousand: 1000 };
/** "Grand" as a street's or a place's name: "Grand Avenue", "Grand Rapids". */
const GRAND_STREET = '(?!\\s+(?:avenue|ave|street|st|boulevard|blvd|road|rd|river|rapids|canyon|island|prairie)\\b)';
const COMPOUND_TENS = '^(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)';
const COMPOUND_UNITS = '(?:one|two|three|four|five|six|seven|eight|nine)$';

function amountOf(raw: string): number | null {
  return /^\d/.test(raw) ? Number(raw) : numberFromWords(raw);
}

export function pricesIn(sentence: Sentence): FoundPrice[] {
  const found: { at: number; minor: number; confidence: number }[] = [];
  const text = sentence.text;
  const taken: [number, number][] = [];
  const free = (start: number, end: number) => taken.every(([a, b]) => end <= a || start >= b);
  const add = (start: number, end: number, dollars: number, confidence: number) => {
    if (!free(start, end) || !(dollars > 0) || dollars > 10_000_000) return;
    taken.push([start, end]);
    found.push({ at: start, minor: Math.round(dollars * 100), confidence });
  };
  // "between three and five thousand" · "2 to 3 grand" · "$3-5k": one unit after a range belongs
  // to both ends, so the floor is 3,000 (a first number already larger than the second, as in
  // "fifteen hundred to two thousand", carries its own size).
  const amount = `(?:\\d+(?:\\.\\d+)?|${NUMBER_WORDS_PATTERN})`;
  const rangePattern = new RegExp(`\\b(?:between\\s+|from\\s+)?\\$?\\s?(${amount})\\s*(?:and|to|or|-|–)\\s*\\$?\\s?(${amount})\\s*(k|grand|thousand|hundred)\\b`, 'gi');
  for (const match of text.matchAll(rangePattern)) {
    // "forty-two hundred" is one number: a hyphen between words joins tens and units, it does not make a range.
    if (new RegExp(`${COMPOUND_TENS}-${COMPOUND_UNITS}`, 'i').test(`${match[1]!.split(/\s+/).pop()}-${match[2]!.split(/\s+/)[0]}`) && match[0].includes(`${match[1]!}-${match[2]!}`)) continue;
    const low = amountOf(match[1]!);
    const high = amountOf(match[2]!);
    if (low === null || high === null) continue;
    const multiplier = match[3]!.toLowerCase() === 'hundred' ? 100 : MULTIPLIER[match[3]!.toLowerCase()]!;
    add(match.index, match.index + match[0].length, low < high ? low * multiplier : low, 0.85);
  }
  // "eighteen and a half thousand" · "2 and a half grand" · "a couple hundred bucks" · "a few grand":
  // a half added to the amount, "a couple" is two and "a few" three of the unit.
  const half = new RegExp(`\\b(${amount})\\s+and\\s+a\\s+half\\s+(k|grand|thousand|hundred)\\b`, 'gi');
  for (const match of text.matchAll(half)) {
    const whole = amountOf(match[1]!);
    if (whole === null) continue;
    const multiplier = match[2]!.toLowerCase() === 'hundred' ? 100 : MULTIPLIER[match[2]!.toLowerCase()]!;
    add(match.index, match.index + match[0].length, (whole + 0.5) * multiplier, 0.85);
  }
  for (const match of text.matchAll(/\ba\s+(couple(?:\s+of)?|few)\s+(hundred|thousand|grand)\b(?:\s+(?:dollars|bucks))?/gi)) {
    const count = match[1]!.toLowerCase().startsWith('couple') ? 2 : 3;
    const multiplier = match[2]!.toLowerCase() === 'hundred' ? 100 : 1000;
    add(match.index, match.index + match[0].length, count * multiplier, 0.75);
  }
  // $1,200 · $3,450.00 · $12.5k
  for (const match of text.matchAll(/\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*(k|grand|thousand)?\b/gi)) {
    const dollars = Number(match[1]!.replace(/,/g, '')) + (match[2] ? Number(match[2].padEnd(2, '0')) / 100 : 0);
    add(match.index, match.index + match[0].length, dollars * (match[3] ? MULTIPLIER[match[3].toLowerCase()]! : 1), 0.9);
  }
  // 10k · 6 grand · 3 thousand · 300 dollars
  // "550 grand street": "grand" before a street's kind is the street's name, not a thousand.
  for (const match of text.matchAll(new RegExp(`\\b(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)\\s*(k|grand${GRAND_STREET}|thousand|dollars?|bucks)\\b`, 'gi'))) {
    const unit = match[2]!.toLowerCase();
    add(match.index, match.index + match[0].length, Number(match[1]!.replace(/,/g, '')) * (MULTIPLIER[unit] ?? 1), 0.85);
  }
  // four hundred and fifty dollars · two grand · eighteen hundred · two eighty five (in a money sentence)
  // "nineteen fifty grand avenue": "grand" before a street suffix is the street's name, not a thousand.
  const words = new RegExp(`\\b(${NUMBER_WORDS_PATTERN})(?:[\\s-]+(dollars?|bucks|grand${GRAND_STREET}|thousand|k)\\b)?`, 'gi');
  const moneySentence = MONEY_CONTEXT.test(text);
  // Money words other than "about", "around" and "under", which as often come before an hour.
  const withoutHedges = text.replace(/\b(?:about|around|under)\b/gi, ' ');
  const moneyWords = MONEY_CONTEXT.test(withoutHedges) || QUOTE_WORDS.test(withoutHedges);
  for (const match of text.matchAll(words)) {
    // "a ninety-five dollar trip charge": "a" is the article, not one hundred ("a hundred fifty" is 150).
    const article = /^a\s+(?!hundred|thousand)/i.exec(match[1]!);
    const value = numberFromWords(article ? match[1]!.slice(article[0].length) : match[1]!);
    if (value === null) continue;
    const unit = match[2]?.toLowerCase();
    if (!unit && isClockTime(match[1]!, text.slice(0, match.index), text.slice(match.index + match[0].length), moneyWords)) continue;
    // "about forty minutes", "ninety degrees": a number that counts or measures something is not a price.
    if (!unit && /^\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|feet|foot|ft|inch(?:es)?|square|sq|percent|degrees|gallons?|miles?)\b/i.test(text.slice(match.index + match[0].length))) continue;
    const dollars = value * (unit ? (MULTIPLIER[unit] ?? 1) : 1);
    if (unit) add(match.index, match.index + match[0].length, dollars, 0.85);
    // A bare small number is a count ("two piers"), not a price.
    else if (moneySentence && dollars >= 20) add(match.index, match.index + match[0].length, dollars, 0.6);
  }
  // "the emergency service call is 195", "thats usually 275 flat": a bare figure the business says beside a word for a charge.
  if (sentence.speaker === 'business' && QUOTE_WORDS.test(text)) {
    for (const match of text.matchAll(/(?<![\d:$.,/-])\b(\d{2,4})\b(?![\d:/-]|\s*(?:am|pm|a\.m|p\.m|minutes?|hours?|days?|weeks?|years?|%|percent|square|sq|feet|ft|inch|[A-Z][a-z]))/g)) {
      const dollars = Number(match[1]);
      if (dollars >= 20) add(match.index, match.index + match[0].length, dollars, 0.55);
    }
  }
  const each = /\b(?:each|apiece|per (?:unit|visit|job))\b/i.test(text);
  return found
    .sort((a, b) => a.at - b.at)
    .map((price) => ({ minor: price.minor, evidence: text, confidence: price.confidence, sentenceIndex: sentence.index, each }));
}

const CLOCK_WORDS = /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-]+(?:oh[\s-]+five|ten|fifteen|twenty(?:[\s-]+five)?|thirty(?:[\s-]+five)?|forty(?:[\s-]+five)?|fifty(?:[\s-]+five)?)$/i;

/**
 * "by about ten thirty tonight", "at two fifteen", "ten thirty please": an hour and its minutes
 * in words are a time of day when told as one (after "at", "by", "till", before am/pm or
 * "tonight"), or beside a day when nothing in the sentence but "about" or "around" speaks of
 * money; "the call out is one fifty" and "a spring is around two fifty" stay prices.
 */
function isClockTime(words: string, before: string, after: string, moneyWords: boolean): boolean {
  if (!CLOCK_WORDS.test(words.trim())) return false;
  if (/^\s*(?:a\.?m\b|p\.?m\b|o'?\s?clock|tonight|this (?:morning|afternoon|evening)|in the (?:morning|afternoon|evening))/i.test(after)) return true;
  if (/\b(?:at|by|till|til|until|before|after)\s+(?:about\s+|around\s+)?$/i.test(before)) return true;
  // "dec 30 around ten thirty": with a day in the sentence and no money word, the hour is when; "a spring is around two fifty" stays a price.
  return !moneyWords && DAY_IN_SENTENCE.test(`${before} ${after}`);
}
const DAY_IN_SENTENCE = /\b(?:today|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|morning|afternoon|evening|the \d{1,2}(?:st|nd|rd|th))\b/i;

export function priceField(price: FoundPrice, currency: string): ExtractedField {
  return { value: `${price.minor} ${currency}`, confidence: price.confidence, evidence: price.evidence };
}

/** The most certain price of a stretch of the words; the earliest among equals. */
export function bestPrice(sentences: readonly Sentence[]): FoundPrice | null {
  let best: FoundPrice | null = null;
  for (const price of sentences.flatMap(pricesIn)) if (best === null || price.confidence > best.confidence) best = price;
  return best;
}

import type { ExtractedField, KnownCustomer } from './extractor';
import { isCustomerSentence, type Sentence } from './sentences';
import { digitWordsAsDigits, HOUSE_NUMBER_WORDS_PATTERN, houseNumberFromWords } from './spoken-numbers';

/**
 * Service addresses by pattern, as US and Canadian callers say them: a house number, an
 * optional direction, the street name and its suffix ("4417 Ridgeway Drive", "2209 Northwest
 * 36th Street", "4020 Bryant Avenue South"), the grid form ("1180 East 900 South"), a unit
 * ("Unit B", "Apartment 2R", "Suite 4", "#5", or "Unit 2B at …" before it), the city (", Denver"
 * or "in Garland"), the state (two letters or its name) and the ZIP. Written back in one form:
 * suffixes and states spelled as the post office does (Avenue, MO), parts separated by commas.
 * Pure.
 */

const SUFFIXES: Record<string, string> = {
  street: 'Street', st: 'Street', avenue: 'Avenue', ave: 'Avenue', av: 'Avenue', drive: 'Drive', dr: 'Drive', road: 'Road', rd: 'Road',
  lane: 'Lane', ln: 'Lane', boulevard: 'Boulevard', blvd: 'Boulevard', court: 'Court', ct: 'Court', terrace: 'Terrace', ter: 'Terrace',
  way: 'Way', place: 'Place', pl: 'Place', circle: 'Circle', cir: 'Circle', parkway: 'Parkway', pkwy: 'Parkway', highway: 'Highway', hwy: 'Highway',
  trail: 'Trail', trl: 'Trail', pike: 'Pike', square: 'Square', sq: 'Square', loop: 'Loop', row: 'Row', alley: 'Alley', crescent: 'Crescent', close: 'Close',
};
const DIRECTIONS: Record<string, string> = {
  north: 'North', south: 'South', east: 'East', west: 'West', northeast: 'Northeast', northwest: 'Northwest', southeast: 'Southeast', southwest: 'Southwest',
  n: 'North', s: 'South', e: 'East', w: 'West', ne: 'Northeast', nw: 'Northwest', se: 'Southeast', sw: 'Southwest',
};
export const STATES: Record<string, string> = {
  alabama: 'AL', alaska: 'AK', arizona: 'AZ', arkansas: 'AR', california: 'CA', colorado: 'CO', connecticut: 'CT', delaware: 'DE', florida: 'FL', georgia: 'GA',
  hawaii: 'HI', idaho: 'ID', illinois: 'IL', indiana: 'IN', iowa: 'IA', kansas: 'KS', kentucky: 'KY', louisiana: 'LA', maine: 'ME', maryland: 'MD',
  massachusetts: 'MA', michigan: 'MI', minnesota: 'MN', mississippi: 'MS', missouri: 'MO', montana: 'MT', nebraska: 'NE', nevada: 'NV', 'new hampshire': 'NH',
  'new jersey': 'NJ', 'new mexico': 'NM', 'new york': 'NY', 'north carolina': 'NC', 'north dakota': 'ND', ohio: 'OH', oklahoma: 'OK', oregon: 'OR',
  pennsylvania: 'PA', 'rhode island': 'RI', 'south carolina': 'SC', 'south dakota': 'SD', tennessee: 'TN', texas: 'TX', utah: 'UT', vermont: 'VT',
  virginia: 'VA', washington: 'WA', 'west virginia': 'WV', wisconsin: 'WI', wyoming: 'WY', 'district of columbia': 'DC',
};
const STATE_CODES = new Set(Object.values(STATES));

/** A word in any of its written cases ("street", "Street", "STREET"): the pattern as a whole is case-sensitive, since names are capitalized. */
function anyCase(word: string): string {
  return word.replace(/[a-z]/g, (letter) => `[${letter.toUpperCase()}${letter}]`);
}
const byLength = (words: string[]) => words.sort((a, b) => b.length - a.length);
const suffixAlternatives = byLength(Object.keys(SUFFIXES)).map(anyCase).join('|');
const directionAlternatives = byLength(Object.keys(DIRECTIONS)).map(anyCase).join('|');
const stateNameAlternatives = byLength(Object.keys(STATES)).map((name) => anyCase(name).replace(/ /g, '\\s+')).join('|');

const DIRECTION = `(?:${directionAlternatives})\\.?`;
const NAME_WORD = "(?:[A-Z][a-zA-Z'’-]*|\\d{1,4}(?:st|nd|rd|th))";
/**
 * Speech-to-text writes street names in lower case ("twelve oh five elm street"): a lower-case
 * word is a street name only between a house number and a plain street suffix (not "way",
 * "close", "row" or "place", which are everyday words), and never a word that counts, measures
 * or joins ("2 hours to drive", "3 kids in the court").
 */
const LOWER_NAME_WORD = "(?!(?:the|a|an|to|in|on|of|and|or|for|at|my|our|your|his|her|their|this|that|is|it|its|be|by|from|up|down|off|out|over|hours?|minutes?|days?|weeks?|months?|years?|feet|foot|ft|inch(?:es)?|miles?|blocks?|times?|more|less|dollars?|bucks|kids|dogs?|cats?|cars?|people|guys|houses?|doors?|stor(?:y|ies)|percent|degrees|am|pm|o'?clock|we|i|you|they|he|she|us|them|was|were|are|will|would|can|could|just|then|than|so|but|if|when|like|about|around)\\b)[a-z][a-z'’-]*";
/** The kinds of street an address ends its street with ("Oak Street", "Elm Ct"). */
export const STREET_SUFFIX_WORDS: readonly string[] = ['street', 'st', 'avenue', 'ave', 'road', 'rd', 'drive', 'dr', 'lane', 'ln', 'boulevard', 'blvd', 'court', 'ct', 'terrace', 'parkway', 'pkwy', 'circle', 'cir', 'trail', 'highway', 'hwy', 'pike'];
const PLAIN_SUFFIX = `(?:${byLength([...STREET_SUFFIX_WORDS]).join('|')})\\b\\.?`;
const SUFFIX = `(?:${suffixAlternatives})\\b\\.?`;
// "number 9" after a street is its door; a longer run of digits after "number" is a phone number.
const UNIT = `(${['unit', 'apartment', 'apt', 'suite', 'ste', 'lot', 'number'].map(anyCase).join('|')}|#)\\.?(?:\\s+|(?=\\d))([A-Za-z]?\\d{1,5}[A-Za-z]?|[A-Za-z])(?![a-zA-Z]|[\\d-]*\\d{3})`;
const UNIT_WORD_AHEAD = `(?=,?\\s+(?:${['unit', 'apartment', 'apt', 'suite', 'ste', 'number'].map(anyCase).join('|')}|#)\\.?\\s*[A-Za-z]?\\d)`;
const CAPITALIZED = "[A-Z][a-zA-Z'’-]+";
/** City: one to three capitalized words ("St. Louis", "Eau Claire", "McLean"). */
const CITY_WORD = "(?![A-Z]{2}\\b)[A-Z][a-zA-Z'’-]+";
/** A lower-case city (speech-to-text, texts) only when a state or ZIP follows and says it is one: "in mora minnesota", "chicago 60613". */
const LOWER_CITY_WORD = "(?!(?:and|the|in|at|on|apt|unit|suite)\\b)[a-z][a-z'’-]+";
const CITY_AHEAD_OF_STATE = `(?=,?\\s+(?:${stateNameAlternatives}|[A-Z]{2}|\\d{5})\\b)`;
const CITY = `((?:St\\.?\\s+|Ft\\.?\\s+|Mt\\.?\\s+)?${CITY_WORD}(?:\\s+${CITY_WORD}){0,2}|${LOWER_CITY_WORD}(?:\\s+${LOWER_CITY_WORD})?${CITY_AHEAD_OF_STATE})`;

const STREET_FORMS = [
  // 901 Route 9 · 2200 County Road 15 · 4 State Highway 121 (a numbered road has no suffix)
  `(\\d{1,6})\\s+((?:${['route', 'rte', 'county road', 'state road', 'state route', 'state highway', 'highway', 'hwy', 'farm to market', 'fm', 'us', 'sr', 'cr'].map((word) => anyCase(word).replace(/ /g, '\\s+')).join('|')})\\s+\\d{1,4}[A-Z]?(?:\\s+${DIRECTION}(?![a-z]))?)(?![\\w-])`,
  // 4417 Ridgeway Drive · 2209 Northwest 36th Street · 4020 Bryant Avenue South · N84 W15787 Menomonee Avenue (Wisconsin's grid)
  `(\\d{1,6}|[NSEW]\\d{1,4}\\s+[NSEW]\\d{1,6})\\s+((?:${DIRECTION}\\s+)?${NAME_WORD}(?:\\s+${NAME_WORD}){0,3}\\s+${SUFFIX}(?:\\s+${DIRECTION}(?![a-z]))?)`,
  // 1180 East 900 South (a grid address)
  `(\\d{1,6})\\s+(${DIRECTION}\\s+\\d{1,5}\\s+${DIRECTION})`,
  // Streets said without their suffix, as locals do: "2330 West Cullerton", "2231 South Broad" (a
  // direction then a name), or any name when a unit follows ("87 Prospect Park West, apt 3R").
  `(\\d{2,6})\\s+((?:${directionAlternatives})\\s+${CAPITALIZED}(?:\\s+${CAPITALIZED})?)(?!\\s+[A-Z0-9])(?![a-z'’-])`,
  `(\\d{1,6})\\s+(${CAPITALIZED}(?:\\s+${CAPITALIZED}){0,2}(?:\\s+${DIRECTION})?)${UNIT_WORD_AHEAD}`,
  // 640 Via Esplanade · 12 Calle Luna
  `(\\d{1,6})\\s+((?:Via|Calle|Camino|Avenida|Rue)\\s+[A-Z][a-zA-Z'-]+(?:\\s+[A-Z][a-zA-Z'-]+)?)`,
  // 1205 elm street · 2250 north lincoln avenue (speech-to-text)
  `(\\d{1,6})\\s+((?:${DIRECTION}\\s+)?${LOWER_NAME_WORD}(?:\\s+${LOWER_NAME_WORD}){0,2}\\s+${PLAIN_SUFFIX}(?:\\s+${DIRECTION}(?![a-z]))?)`,
  // Rural Route 2 Box 118 · RR 3, Box 42 (no house number: the route and box are the address)
  `(${anyCase('rural route')}\\s+\\d{1,4}|RR\\s*\\d{1,4})\\s*,?\\s+(${anyCase('box')}\\s+\\d{1,6})`,
  // "4418 north kedzie, apartment 2", "5524 south harper, can you…" (speech-to-text): a local's
  // street without its suffix, in lower case, only with a whole direction word and where the clause or a unit follows.
  `(\\d{2,6})\\s+((?:north|south|east|west)\\s+${LOWER_NAME_WORD})(?=\\s*[,.;]|\\s*$|\\s+(?:unit|apartment|apt|suite)\\b)`,
];
const ADDRESS = new RegExp(
  `(?:\\b${UNIT}\\s+at\\s+)?\\b(?:${STREET_FORMS.map((form) => `(?:${form})`).join('|')})` +
    `(?:,?\\s+${UNIT})?` +
    `(?:(?:,\\s*|\\s+in\\s+|\\s+)(?!(?:${stateNameAlternatives})\\b(?!\\s+City)(?!,?\\s+[A-Z]{2}\\b))${CITY})?` +
    `(?:,?\\s+(${stateNameAlternatives}|[A-Z]{2})\\b)?` +
    `(?:,?\\s+(\\d{5})(?:-\\d{4})?)?`,
  'g',
);

export interface FoundAddress {
  value: string;
  /** Number and street, lower case: what tells two addresses apart. */
  streetKey: string;
  evidence: string;
  sentenceIndex: number;
  confidence: number;
}

function titleCase(word: string): string {
  return word.length <= 1 ? word.toUpperCase() : /^\d/.test(word) ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1);
}

function normalStreet(street: string): string {
  return street
    .split(/\s+/)
    .map((word, i, words) => {
      const bare = word.replace(/\.$/, '').toLowerCase();
      if (i === words.length - 1 || i === words.length - 2) {
        if (bare in SUFFIXES && (i === words.length - 1 || (words[words.length - 1]!.replace(/\.$/, '').toLowerCase() in DIRECTIONS))) return SUFFIXES[bare]!;
      }
      if ((i === 0 || i === words.length - 1) && bare in DIRECTIONS && words.length > 2) return DIRECTIONS[bare]!;
      return titleCase(word.replace(/\.$/, ''));
    })
    .join(' ');
}

function stateCode(raw: string | undefined): string | null {
  if (!raw) return null;
  const name = raw.toLowerCase().replace(/\s+/g, ' ');
  if (name in STATES) return STATES[name]!;
  const code = raw.toUpperCase();
  return raw === code && STATE_CODES.has(code) ? code : null;
}

const UNIT_LABELS: Record<string, string> = { unit: 'Unit', apartment: 'Apartment', apt: 'Apt', suite: 'Suite', ste: 'Suite', lot: 'Lot', number: 'Unit', '#': 'Unit' };
/** What people call the big cities they live in. */
const CITY_NICKNAMES: Record<string, string> = { philly: 'Philadelphia', la: 'Los Angeles', nyc: 'New York', vegas: 'Las Vegas', sf: 'San Francisco', 'san fran': 'San Francisco', nola: 'New Orleans', dc: 'Washington' };

function ruralRoute(raw: string): string {
  return `Rural Route ${raw.replace(/\D+/g, ' ').trim()}`;
}
/** Words a city capture must not end on: they start the next clause. */
const NOT_CITY = new Set(['The', 'This', 'That', 'We', 'I', 'It', 'My', 'Our', 'Call', 'Please', 'And', 'But', 'So', 'Thanks', 'Thank', 'No', 'Yes', 'Gate', 'Park', 'Somebody', 'Could']);

/** A house number said in words right before a street ("nineteen fifty grand avenue") written as digits, so the street patterns read it. */
const HOUSE_NUMBER_IN_WORDS = new RegExp(
  `(?<![\\w-])(${HOUSE_NUMBER_WORDS_PATTERN})(?=\\s+(?:${DIRECTION}\\s+)?(?:[A-Za-z'’-]+\\s+){1,3}?${SUFFIX})`,
  'gi',
);

export function houseNumbersAsDigits(text: string): string {
  return text.replace(HOUSE_NUMBER_IN_WORDS, (words) => {
    const number = houseNumberFromWords(words);
    return number === null ? words : String(number);
  });
}

/**
 * The sentence as an address is written: house numbers in words as digits ("16 thirty" is 1630),
 * a ZIP read digit by digit as one ("oh two one four four"), the house number read back
 * ("2231 South Broad, that's two-two-three-one, Philly") said once.
 */
const ORDINAL_UNITS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13,
  fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19,
};
const ORDINAL_TENS: Record<string, number> = { twentieth: 20, thirtieth: 30, fortieth: 40, fiftieth: 50, sixtieth: 60, seventieth: 70, eightieth: 80, ninetieth: 90 };
const TENS_WORDS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
/** "1518 west thirty-third place": a numbered street said in words, after a house number (and a direction), before its suffix. */
const ORDINAL_STREET = new RegExp(
  `(\\d{1,6}\\s+(?:${DIRECTION}\\s+)?)(?:(${Object.keys(TENS_WORDS).join('|')})[\\s-]+)?(${[...Object.keys(ORDINAL_UNITS), ...Object.keys(ORDINAL_TENS)].join('|')})(?=\\s+${SUFFIX})`,
  'gi',
);
function suffixed(n: number): string {
  const tail = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${tail}`;
}
function ordinalStreetsAsDigits(text: string): string {
  return text.replace(ORDINAL_STREET, (match, before: string, tens: string | undefined, ordinal: string) => {
    const unit = ORDINAL_UNITS[ordinal.toLowerCase()];
    const n = tens ? (unit !== undefined && unit < 10 ? TENS_WORDS[tens.toLowerCase()]! + unit : null) : (unit ?? ORDINAL_TENS[ordinal.toLowerCase()]!);
    return n === null ? match : `${before}${suffixed(n)}`;
  });
}

function spokenAsWritten(text: string): string {
  const digits = ordinalStreetsAsDigits(digitWordsAsDigits(houseNumbersAsDigits(text)));
  return digits.replace(/\b(\d{1,6})(\s+[^,.]{2,40}?),\s*(?:that'?s|that is)\s+\1\s*(?=,)/gi, '$1$2');
}

export function addressesIn(sentence: Sentence): FoundAddress[] {
  const found: FoundAddress[] = [];
  for (const match of spokenAsWritten(sentence.text).matchAll(ADDRESS)) {
    const groups = match.slice(1);
    const [preUnitLabel, preUnit, n0, s0, n1, s1, n2, s2, n3, s3, n4, s4, n5, s5, n6, s6, n7, s7, n8, s8, unitLabelRaw, unit, cityRaw, stateRaw, zip] = groups;
    const number = n7 !== undefined ? ruralRoute(n7) : (n0 ?? n1 ?? n2 ?? n3 ?? n4 ?? n5 ?? n6 ?? n8)?.replace(/\s+/g, ' ');
    const streetRaw = s0 ?? s1 ?? s2 ?? s3 ?? s4 ?? s5 ?? s6 ?? s7 ?? s8;
    if (number === undefined || streetRaw === undefined) continue;
    const street = normalStreet(streetRaw);
    let city = cityRaw?.split(/\s+/).map(titleCase).filter((word) => !NOT_CITY.has(word)).join(' ') || null;
    if (city !== null && cityRaw !== undefined && titleCase(cityRaw.split(/\s+/)[0]!) !== city.split(' ')[0]) city = null;
    if (city !== null) city = CITY_NICKNAMES[city.toLowerCase()] ?? city;
    const state = stateCode(stateRaw);
    const unitValue = (preUnit ?? unit) || null;
    const unitLabel = UNIT_LABELS[(preUnitLabel ?? unitLabelRaw ?? 'unit').toLowerCase()] ?? 'Unit';
    const parts = [`${number} ${street}`];
    if (unitValue) parts.push(`${unitLabel} ${unitValue.toUpperCase()}`);
    if (city) parts.push(city);
    let value = parts.join(', ');
    if (state) value += `, ${state}`;
    if (zip) value += state ? ` ${zip}` : `, ${zip}`;
    const detail = [unitValue, city, state, zip].filter(Boolean).length;
    found.push({
      value,
      streetKey: `${number} ${street}`.toLowerCase(),
      evidence: sentence.text,
      sentenceIndex: sentence.index,
      confidence: Math.min(0.95, 0.7 + detail * 0.08),
    });
  }
  return found;
}

/** Words that say an address is where the bill goes, not where the work is. */
const NOT_THE_SITE = /\b(?:bill(?:ing)?|invoice|mailing|mail|statement)s?\b[^.?!]{0,30}$|\b(?:send|mail) (?:it|the bill|the invoice) to\b[^.?!]{0,20}$/i;
/** The customer's answer that a read-back is right: "that's it", "yes", "correct". */
const CONFIRMS = /^(?:(?:yes|yeah|yep|yup|correct|right|exactly|that'?s (?:it|right|correct|the one))\b)/i;

export function addressesOf(sentences: readonly Sentence[]): FoundAddress[] {
  // Addresses the business reads back are repeats; the customer's words are the source.
  const own = sentences
    .filter(isCustomerSentence)
    .flatMap((sentence) =>
      addressesIn(sentence).filter((address) => {
        const at = sentence.text.indexOf(address.value.split(' ')[0]!);
        return at < 0 || !NOT_THE_SITE.test(sentence.text.slice(0, at));
      }),
    );
  if (own.length > 0) return own;
  // None said by the customer: an address the business says and the customer confirms ("…at 5102 West Moorhead Circle" / "that's it").
  return sentences.flatMap((sentence) => {
    if (sentence.speaker !== 'business') return [];
    const answer = sentences.find((next) => next.index > sentence.index && isCustomerSentence(next));
    return answer && CONFIRMS.test(answer.text.trim()) ? addressesIn(sentence).map((address) => ({ ...address, confidence: Math.min(address.confidence, 0.75) })) : [];
  });
}

export function knownAddress(customer: KnownCustomer | null): ExtractedField | null {
  return customer?.address ? { value: customer.address, confidence: 0.6, evidence: '' } : null;
}

const ADDRESS_WORDS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(SUFFIXES).map(([key, value]) => [key, value.toLowerCase()])),
  ...Object.fromEntries(Object.entries(DIRECTIONS).map(([key, value]) => [key, value.toLowerCase()])),
  apt: 'apartment',
  ste: 'suite',
  '#': 'unit',
};

/** Two addresses compare equal when their words do once punctuation, abbreviations and state names are set aside. */
export function normalizedAddress(address: string): string {
  let text = ` ${address.toLowerCase().replace(/#\s*/g, ' unit ')} `;
  for (const [name, code] of Object.entries(STATES)) text = text.replace(new RegExp(`[\\s,]${name.replace(/ /g, '\\s+')}[\\s,]`, 'g'), ` ${code.toLowerCase()} `);
  return text
    .replace(/[.,;]/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '' && word !== 'in')
    .map((word) => ADDRESS_WORDS[word] ?? word)
    .join(' ');
}

import type { ExtractionInput, ExtractionOutcome } from './extractor';
import { addressesOf, STREET_SUFFIX_WORDS, type FoundAddress } from './addresses';
import { sentencesPerAddress } from './addresses-in-one-breath';
import type { Sentence } from './sentences';
import { NUMBER_WORD } from './spoken-numbers';

/**
 * Where one appointment's words end and the next one's begin. Each new service address the
 * customer gives ("my other building at 88 West Birch Avenue…") opens an appointment at its
 * sentence; everything before the second address belongs to the first. Addresses given in one
 * sentence share the words up to the next address, each taking the pieces that name it
 * (addresses-in-one-breath.ts). One address or none: one appointment. Then whether there is an appointment at all. Pure.
 */

export interface AppointmentSegment {
  sentences: Sentence[];
  address: FoundAddress | null;
  /** A later visit of the same job ("the install the Friday after"): its day may count from the visit before's. */
  laterVisit?: boolean;
}

export function appointmentSegments(sentences: readonly Sentence[]): AppointmentSegment[] {
  const segments = offerNamingEachJob(daysOfferedForTheFirstJobLate(segmentsByAddress(sentences)));
  return segments.length === 1 ? laterVisitOfTheSameJob(segments[0]!) : segments;
}

const DAY_WORDS_SOURCE = '\\b(?:today|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|next week|the \\d{1,2}(?:st|nd|rd|th))\\b';
const DAY_WORDS = new RegExp(DAY_WORDS_SOURCE, 'i');
/** A second visit named: "the follow-up", "a second visit", "the return trip". */
const LATER_VISIT = /\b(?:(?:the|a|your) )?(?:follow[- ]?up(?: visit| appointment)?|second (?:visit|trip|appointment)|return (?:visit|trip))\b|\b(?:the (?:designer|tech|technician|installer|estimator|crew)|he|she|they|we)(?:'ll| will)?\s+(?:comes?|coming|be coming) back\b/i;
/** The work itself after a first look: "the install", "the installation", "the job itself". */
const THE_WORK = /\b(?:the (?:install(?:ation)?|install day|job itself|work itself|repair itself|actual (?:install|job|work)))\b/i;
/** A first look before the work: an estimate, an inspection, a measure, a consult. */
const FIRST_LOOK = /\b(?:estimates?|inspections?|measure(?:ments?)?|consult(?:ation)?s?|assessments?|diagnos\w*|walk[- ]?through|quote visit)\b/i;
/** Words that tell a visit already made. */
const PAST_VISIT = /\b(?:did|came|had|was|were|gave|got|sent|last|ago|yesterday)\b/i;
/** A day, said itself or counted from the one before ("the day after", "two days later"). */
const A_DAY = new RegExp(`${DAY_WORDS_SOURCE}|\\b(?:the day after|the next day|days? later|weeks? later)\\b`, 'i');

/**
 * One job in two visits, each with its day: "the estimate Tuesday morning and the install the
 * Friday after, in the afternoon", "can the follow-up be the Tuesday after?". The words from the
 * second visit's name on are its own appointment at the same place. Only when a day was said
 * before the second visit is named, and another after; "the install" only after a first look was
 * named (an estimate, an inspection, a measure), and never after a first visit told as already made.
 */
function laterVisitOfTheSameJob(segment: AppointmentSegment): AppointmentSegment[] {
  const one = [segment];
  const { sentences } = segment;
  for (const sentence of sentences) {
    const cue = LATER_VISIT.exec(sentence.text) ?? THE_WORK.exec(sentence.text);
    if (!cue) continue;
    const before = [...sentences.filter((earlier) => earlier.index < sentence.index), ...(cue.index > 0 ? [{ ...sentence, text: sentence.text.slice(0, cue.index).replace(/[\s,;]*(?:and|then)?\s*$/i, '').trim() }] : [])].filter((piece) => piece.text !== '');
    const after = [{ ...sentence, text: sentence.text.slice(cue.index) }, ...sentences.filter((later) => later.index > sentence.index)];
    // A first visit told as history ("you did our estimate Monday", "we had the inspection last Tuesday") is no visit to book.
    if (!before.some((piece) => A_DAY.test(piece.text) && !PAST_VISIT.test(piece.text)) || !after.some((piece) => A_DAY.test(piece.text))) continue;
    if (!LATER_VISIT.test(cue[0]) && !before.some((piece) => FIRST_LOOK.test(piece.text))) continue;
    return [
      { ...segment, sentences: before },
      { ...segment, sentences: after, laterVisit: true },
    ];
  }
  return one;
}

/** Words naming the caller's own job ("yours"), and the other person's ("hers", "your mom's", "the other one"). */
const OWN_JOB = /\b(?:yours|your (?:place|house|home|unit|one)|you first)\b/i;
const OTHER_JOB = /\b(?:hers|his|theirs|her (?:place|house|home|unit)|his (?:place|house|home|unit)|their (?:place|house|home)|your (?:mom|mother|dad|father|son|daughter|sister|brother|neighbou?r|tenant)'?s|the other (?:one|place|house|property|unit)|the other)\b/i;
const STREET_KIND_WORD = new RegExp(`^(?:${STREET_SUFFIX_WORDS.join('|')}|north|south|east|west|n|s|e|w)$`, 'i');

/** The words that name a street without its number and kind: "12 Oak Street" → "oak". */
function streetWords(address: FoundAddress): string[] {
  const street = address.value.split(',')[0]!.toLowerCase().split(/\s+/);
  return street.filter((word) => !/^\d/.test(word) && !STREET_KIND_WORD.test(word) && word.length > 2);
}

/**
 * Both jobs told, then one sentence books each: "I can do Oak Street Friday at 9 and Elm Street
 * Friday at 1", "Tomorrow I can do yours at 10 and hers at 2". Its two halves, joined by "and",
 * go to the jobs they name (by the street's name, or the caller's own job first and the other
 * person's second); the half without a day is given the day the other half says.
 */
/** "And for your visit tomorrow it's an $89 diagnostic": words about the caller's own visit, said after the other job's. */
const YOUR_VISIT = /\b(?:for )?your (?:own )?(?:visit|appointment|repair|service call)\b/i;

function offerNamingEachJob(segments: AppointmentSegment[]): AppointmentSegment[] {
  if (segments.length !== 2 || segments.some((segment) => segment.address === null)) return segments;
  const [own, other] = segments as [AppointmentSegment, AppointmentSegment];
  const back = other.sentences.slice(1).filter((sentence) => sentence.speaker === 'business' && YOUR_VISIT.test(sentence.text) && !OTHER_JOB.test(sentence.text));
  if (back.length > 0) {
    segments = [
      { ...own, sentences: [...own.sentences, ...back] },
      { ...other, sentences: other.sentences.filter((sentence) => !back.includes(sentence)) },
    ];
  }
  const [first, second] = segments as [AppointmentSegment, AppointmentSegment];
  const names = [streetWords(first.address!), streetWords(second.address!)];
  // Two doors on one street ("22 Birch Run Ct" and "14 Birch Run Ct") are told apart by their numbers.
  const numbers = [first, second].map((segment) => /^\s*(\d+)/.exec(segment.address!.value)?.[1] ?? null);
  const sameStreet = names[0]!.join(' ') === names[1]!.join(' ');
  const names1 = (text: string, k: number) =>
    sameStreet ? numbers[k] !== null && new RegExp(`(?<![\\d:/])\\b${numbers[k]}\\b(?![:/]\\d)`).test(text) : names[k]!.some((word) => new RegExp(`\\b${word}\\b`, 'i').test(text));
  for (const sentence of second.sentences.slice(1)) {
    const halves = sentence.text.split(/,?\s+and\s+/i);
    if (halves.length !== 2) continue;
    const [a, b] = halves as [string, string];
    const firstIsA = (names1(a, 0) && names1(b, 1)) || (OWN_JOB.test(a) && OTHER_JOB.test(b));
    const firstIsB = (names1(b, 0) && names1(a, 1)) || (OWN_JOB.test(b) && OTHER_JOB.test(a));
    if (firstIsA === firstIsB || !DAY_WORDS.test(sentence.text)) continue;
    const days = [...sentence.text.matchAll(new RegExp(DAY_WORDS.source, 'gi'))].map((match) => match[0]);
    // A half naming its own day ("Fri 12/4 10-12") keeps it.
    const withDay = (text: string) => (DAY_WORDS.test(text) || /\b(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b|\b\d{1,2}\/\d{1,2}\b/i.test(text) || days.length === 0 ? text : `${days[0]!} ${text}`);
    const [own, other] = firstIsA ? [a, b] : [b, a];
    return [
      { ...first, sentences: [...first.sentences, { ...sentence, text: withDay(own) }] },
      { ...second, sentences: second.sentences.map((kept) => (kept === sentence ? { ...sentence, text: withDay(other) } : kept)) },
    ];
  }
  return segments;
}

/** "And for the camp, we're up that way on the 16th": the business turning to the other job. */
const FOR_THE_OTHER_JOB = /^(?:and |now |then )?for the \w+(?: \w+)?,/i;

/**
 * Both jobs told, then the business offers the days in turn: "Gutters this Thursday, 8 to 10?
 * And for the camp, … the 16th." A first job with no day of its own takes the business's offers
 * made after the second job opened and before the words turning to it ("for the camp,").
 */
function daysOfferedForTheFirstJobLate(segments: AppointmentSegment[]): AppointmentSegment[] {
  if (segments.length !== 2) return segments;
  const [first, second] = segments as [AppointmentSegment, AppointmentSegment];
  if (first.sentences.some((sentence) => DAY_WORDS.test(sentence.text))) return segments;
  const turn = second.sentences.findIndex((sentence, k) => k > 0 && sentence.speaker === 'business' && FOR_THE_OTHER_JOB.test(sentence.text));
  if (turn < 0) return segments;
  const offers = second.sentences.slice(1, turn).filter((sentence) => sentence.speaker === 'business' && DAY_WORDS.test(sentence.text));
  if (offers.length === 0) return segments;
  return [
    { ...first, sentences: [...first.sentences, ...offers] },
    { ...second, sentences: second.sentences.filter((sentence) => !offers.includes(sentence)) },
  ];
}

function segmentsByAddress(sentences: readonly Sentence[]): AppointmentSegment[] {
  const addresses = addressesOf(sentences);
  const distinct: FoundAddress[] = [];
  for (const address of addresses) {
    const same = distinct.find((known) => known.streetKey === address.streetKey);
    // The fuller telling of an address already given (", Cary" added) replaces it.
    if (same) {
      if (address.value.length > same.value.length) distinct[distinct.indexOf(same)] = { ...address, sentenceIndex: same.sentenceIndex };
    } else distinct.push(address);
  }
  if (distinct.length <= 1) return unitsOfOneBuilding(sentences, distinct[0] ?? null) ?? secondJobAtTheSamePlace(sentences, distinct[0] ?? null);
  // Addresses given in the same sentence open their appointments together and share what follows.
  const groups: FoundAddress[][] = [];
  for (const address of distinct) {
    const group = groups[groups.length - 1];
    if (group && group[0]!.sentenceIndex === address.sentenceIndex) group.push(address);
    else groups.push([address]);
  }
  const theirOwnLast = ownAddressGivenLast(sentences, groups);
  if (theirOwnLast) return theirOwnLast;
  return groups.flatMap((group, g) => {
    const from = g === 0 ? 0 : group[0]!.sentenceIndex;
    const to = groups[g + 1]?.[0]?.sentenceIndex ?? Number.POSITIVE_INFINITY;
    const shared = sentences.filter((sentence) => sentence.index >= from && sentence.index < to);
    if (group.length === 1) return [{ sentences: shared, address: group[0]! }];
    return sentencesPerAddress(shared, group).map((own, i) => ({ sentences: own, address: group[i]! }));
  });
}

const UNIT = /\bunit (?:#\s*)?(\d+[a-z]?)\b/gi;
const UNITS = /\bunits (\d+[a-z]?(?:(?:,\s*|,?\s+(?:and|&)\s+)\d+[a-z]?)+)\b/gi;

/**
 * One building and several of its units, each a job ("unit 2 the oven wont heat and unit 5 the
 * dishwasher leaks", "units 6 and 8"): an appointment per unit, each with the words that name
 * it; the one day of a sentence that names several ("both thursday unit 2 at 9 and unit 5 at 11",
 * "unit 6 at 9am and unit 8 at 11am Tuesday") is every unit's. Null unless a sentence names two units together and the address has no unit.
 */
function unitsOfOneBuilding(sentences: readonly Sentence[], address: FoundAddress | null): AppointmentSegment[] | null {
  if (address === null || /\bunit\b/i.test(address.value)) return null;
  const units: string[] = [];
  let together = false;
  for (const sentence of sentences) {
    const here = new Set<string>();
    for (const match of sentence.text.matchAll(UNIT)) here.add(match[1]!.toLowerCase());
    for (const match of sentence.text.matchAll(UNITS)) for (const unit of match[1]!.split(/,\s*|\s+(?:and|&)\s+|\s+/)) if (/^\d/.test(unit)) here.add(unit.toLowerCase());
    if (here.size >= 2) together = true;
    for (const unit of here) if (!units.includes(unit)) units.push(unit);
  }
  if (!together || units.length < 2) return null;
  const names = units.map((unit) => `unit ${unit}`);
  const members = units.map(() => address);
  const perUnit = sentencesPerAddress(sentences, members, names);
  const [street, ...rest] = address.value.split(', ');
  return units.map((unit, i) => ({
    sentences: perUnit[i]!.map((piece) => {
      const whole = sentences.find((sentence) => sentence.index === piece.index)!;
      if (whole.text === piece.text || DAY_WORDS.test(piece.text)) return piece;
      const days = new Set([...whole.text.matchAll(new RegExp(DAY_WORDS.source, 'gi'))].map((match) => match[0].toLowerCase()));
      return days.size === 1 ? { ...piece, text: `${[...days][0]!} ${piece.text}` } : piece;
    }),
    address: { ...address, value: [street, `Unit ${unit.toUpperCase()}`, ...rest].join(', ') },
  }));
}

/** The customer giving their own address after someone else's: "and mine is 715 West Baseline Road". */
const MINE = /\b(?:mine(?:'?s| is)|ours(?:'?s| is)|my (?:own )?(?:address|place|house) is)\b/i;

/**
 * A job talked over before any address, then another person's job with its address ("whats her
 * address" … "2909 North 44th Street"), then "and mine is …": the customer's own address is the
 * first job's, and the words from the other address on are the other job's. Null when the call
 * is not told that way.
 */
function ownAddressGivenLast(sentences: readonly Sentence[], groups: readonly FoundAddress[][]): AppointmentSegment[] | null {
  if (groups.length !== 2 || groups.some((group) => group.length !== 1)) return null;
  const [other, own] = [groups[0]![0]!, groups[1]![0]!];
  const ownSentence = sentences.find((sentence) => sentence.index === own.sentenceIndex);
  if (!ownSentence || ownSentence.speaker === 'business' || !MINE.test(ownSentence.text)) return null;
  const before = sentences.filter((sentence) => sentence.index < other.sentenceIndex);
  if (!before.some((sentence) => DAY_WORDS.test(sentence.text))) return null;
  // Nothing after "mine is" but the closing words: no day of its own.
  if (sentences.some((sentence) => sentence.index > own.sentenceIndex && DAY_WORDS.test(sentence.text))) return null;
  return [
    { sentences: [...before, ownSentence], address: own },
    { sentences: sentences.filter((sentence) => sentence.index >= other.sentenceIndex && sentence.index !== own.sentenceIndex), address: other },
  ];
}

/** The customer adding a second job where the first is: "while I have you, can I book…", "and while he's there…". */
const SECOND_JOB = /\bwhile (?:i(?:'ve| have) (?:got )?you|you'?re (?:out|there|here)|he'?s (?:out|there)|she'?s (?:out|there)|they'?re (?:out|there)|the tech is there)\b/i;

/** The business asking for the customer's other job: "And the second thing?", "what's the other issue?". */
const SECOND_JOB_ASKED = /\b(?:(?:and|what'?s|what is|whats) (?:the|your) (?:second|other) (?:thing|job|issue|problem|one)\b[^.!?]*\?|(?:and )?(?:the|your) (?:second|other) (?:thing|job|issue|problem)\?)/i;

/**
 * One place, and the customer (or the business asking for it) adds a second job there: the words up to the cue are the first
 * job's, the rest the second's, both at the same address; each keeps its own time, price and
 * urgency. Only when the second job gets a day of its own, else it is one visit.
 */
function secondJobAtTheSamePlace(sentences: readonly Sentence[], address: FoundAddress | null): AppointmentSegment[] {
  const one = [{ sentences: [...sentences], address }];
  const cue = sentences.find((sentence) => (sentence.speaker !== 'business' && SECOND_JOB.test(sentence.text)) || (sentence.speaker === 'business' && SECOND_JOB_ASKED.test(sentence.text)));
  if (!cue || address === null) return one;
  const at = Math.max(0, cue.text.search(cue.speaker === 'business' ? SECOND_JOB_ASKED : SECOND_JOB));
  const first = [...sentences.filter((sentence) => sentence.index < cue.index), ...(at > 0 ? [{ ...cue, text: cue.text.slice(0, at).trim() }] : [])];
  const second = [{ ...cue, text: cue.text.slice(at) }, ...sentences.filter((sentence) => sentence.index > cue.index)];
  if (!second.some((sentence) => DAY_WORDS.test(sentence.text))) return one;
  return [
    { sentences: first, address },
    { sentences: second, address },
  ];
}

/** Words that ask for (or give) a visit: what tells a booking from a question. */
const VISIT = /\b(?:come (?:out|over|by|look|take)|come\b|send (?:someone|somebody|a tech|out|an)|send\b|schedule\w*|book\w*|serviced|appointment|estimate|inspection|evaluation|take a look|look at it|measure\w*|install\w*|be there|tech will|on the schedule|put you down|works for you|when works|can someone|can somebody|need (?:it|somebody|someone)|get (?:someone|somebody)|have a tech|swing by|stop by|as soon as (?:possible|you can)|asap|call me back)\b/i;

const DECLINED = /\b(?:not yet|never ?mind|nvm|found someone|went with (?:someone|another)|we'?ll (?:reach out|call (?:you )?back|think about it|get back)|i'?ll (?:think about it|call (?:you )?back|get back)|no thanks|no thank you|we'?re all set|thanks anyway)\b/i;
/**
 * The customer putting the visit off to no day in particular: "we'll hold off", "maybe next year",
 * "not right now", "let's wait until after the holidays".
 */
const DEFERRED = /\b(?:hold off|put (?:it|this|that) off|not (?:right now|at this time|this year|ready yet)|(?:maybe|probably|perhaps) (?:next year|later|in the (?:new year|spring|summer|fall))|(?:wait|hold off|hold out) (?:until|till|til) (?:after|next|the new year|the spring|january)|after the (?:holidays|new year|first of the year))\b/i;
/** Nothing but a parting courtesy: "you too", "thanks", "bye now", "have a good one". */
const PLEASANTRY = /^(?:(?:you too|you as well|same to you|thanks|thank you|bye(?: now)?|goodbye|ok(?:ay)?|have a (?:good|great|nice) (?:one|day|night|weekend))[\s,.!]*)+$/i;
/** Words that take a time: a deferral said beside them, or beside a day ("after the holidays, say January 5th?"), is not a refusal. */
const AGREES = /\b(?:works|sounds good|perfect|book (?:it|me|us)|see you|that'?s fine|deal|confirmed)\b/i;
/** A mass text or a robocall: what a marketer writes, never a customer. */
const MARKETING = /\b(?:reply stop|text stop|unsubscribe|opt[- ]out|click (?:here|the link|below)|limited time|act now|promo code|you(?:'ve| have) been (?:selected|approved|chosen)|pre-?approved|claim your|exclusive (?:offer|deal)|extended (?:auto |car |vehicle )?warranty|press (?:1|one|9|nine) to|to be removed from (?:our|the|this) (?:list|calls))\b/i;
const SELLING = /\b(?:more leads|get (?:you )?more (?:customers|leads|calls)|(?:help(?:ing)?|work(?:ing)? with) (?:contractors|businesses|local businesses)|seo|search rankings?|merchant services|card processing|business loan|(?:are|is) (?:you|this) the (?:owner|business owner)|help(?:ing)? (?:\w+ )?(?:companies|contractors|businesses|shops) (?:in|like|get|grow)|(?:exclusive|qualified|pre-?screened) leads|who handles (?:your|the) (?:marketing|advertising|purchasing|ordering)|(?:this )?message is for the owner|contractor pricing|drop off (?:a|our) catalog)\b/i;

/** The line going: what a caller says when they lose the other side. */
const BREAKING_UP = /\b(?:you(?:'?re| are) breaking(?: up)?|you(?:'?re| are) cutting (?:out|off)|can you hear(?: me)?|i can'?t hear you|hello\?\s*hello|you there\?|lost you|(?:bad|weak) (?:connection|signal|line))\b/i;
/** A closing: "thanks", "bye", "have a good one", "appreciate it", whatever punctuation speech-to-text puts after it. */
const CLOSING = /\b(?:thanks|thank you|bye|goodbye|appreciate it|have a (?:good|great|nice) (?:one|day|night|evening|weekend))[\s,.!\-—–]*$/i;
/**
 * Words a sentence cannot end on ("I was wondering if you could", "It's 19, uh", "hello can you",
 * "Could I get your", "it's been"): an article, a conjunction, a preposition, a possessive, a
 * helping verb waiting for its verb.
 */
const DANGLING = /\b(?:the|a|an|and|or|but|if|to|of|at|on|in|my|our|your|their|its|is|was|been|could|would|can|can you|uh|um|so|that|with|for|from|like|because|than|into)$/i;
/** An address begun and never finished: "its twenty", "It's 19". */
const HOUSE_NUMBER_ALONE = new RegExp(`\\b(?:it'?s|it is|we'?re at|i'?m at|address is)\\s+(?:\\d+|${NUMBER_WORD}(?:[\\s-]+${NUMBER_WORD})*)[,.]?$`, 'i');
/**
 * A house number and the first word of its street, and the line ends before the street's kind
 * ("It's 208 Glen", "this is Carol from, uh, 52 Maple"): the address was being given when the
 * line went. A street said whole ends on its kind ("208 Glen Road") or is followed by more.
 */
const STREET_BEGUN = /\b(?:it'?s|it is|from|address is|we'?re at|i'?m at|we live at|i live at|located at|over at)[,\s]+(?:(?:uh|um)[,\s]+)*\d{1,6}\s+(?:(?:north|south|east|west|n|s|e|w)\.?\s+)?(?!(?:am|pm|o'?clock|ish|sharp|please|then|thanks|today|tomorrow|tonight|years?|months?|weeks?|days?|hours?|minutes?|feet|foot|inches|gallons?|stories|bucks|dollars|grand|percent|people|units?|rooms?)$)[a-z]+$/i;
const STREET_KIND = /\b(?:street|st|avenue|ave|road|rd|drive|dr|lane|ln|court|ct|boulevard|blvd|way|place|pl|circle|cir|terrace|parkway|pkwy|highway|hwy|trail|loop|broadway|square|plaza|alley|row|pike|run)$/i;
/** A phone number begun and never finished: "my number is 214 555", "call me back at two one four". */
const NUMBER_BEGUN = /\b(?:number is|call me(?: back)? at|reach me at|text me at)\s+([\d\s-]+)$/i;
/** A line that is only noise ("[inaudible]", "…"): nothing said. */
const NOISE = /^\W*(?:\[[^\]]*\]|\(?inaudible\)?|crosstalk|static)?\W*$/i;

/**
 * The last words end mid-sentence ("I was wondering if you could", a trailing dash or comma, an
 * address or phone number begun and not finished), or the line is breaking up. A missing full
 * stop alone says nothing: speech-to-text punctuates some lines and not others, and "ok thanks
 * bye" or a voicemail's "call me back at 555 0100" ends a call whole without one.
 */
function endsCutOff(input: ExtractionInput): boolean {
  const last = input.lines.filter((line) => !NOISE.test(line.text)).pop();
  if (!last) return false;
  const text = last.text.trim();
  if (BREAKING_UP.test(text)) return true;
  if (CLOSING.test(text)) return false;
  // "hello?" said alone at the end: the caller has lost the other side.
  if (input.lines.length > 1 && /^hello\W*$/i.test(text)) return true;
  if (/[-—–,]$/.test(text) || /\b(?:what|how) about$/i.test(text) || DANGLING.test(text) || HOUSE_NUMBER_ALONE.test(text)) return true;
  if (STREET_BEGUN.test(text) && !STREET_KIND.test(text)) return true;
  const number = NUMBER_BEGUN.exec(text);
  return number !== null && number[1]!.replace(/\D/g, '').length < 7;
}

export function outcomeOf(input: ExtractionInput, sentences: readonly Sentence[], found: { address: boolean; time: boolean }): ExtractionOutcome {
  const spoken = sentences.map((sentence) => sentence.text).join(' ');
  const visit = VISIT.test(spoken);
  // "I'm calling to cancel my appointment for Thursday": a day and a visit word, and no booking.
  const cancelling = /\bcancel(?:l?ing|led)?\b[^.?!]*\b(?:appointment|visit|job|estimate)\b/i.test(spoken) && !found.address;
  // "Can you resend the invoice for the job at 55 Lake Street?": paperwork about a job, not a visit.
  const paperwork = /\b(?:invoice|receipt|statement|paperwork|warranty card)\b[^.?!]*\b(?:copy|resend|send (?:it|me)|again|email)\b|\b(?:resend|copy of|send me|email me)\b[^.?!]*\b(?:invoice|receipt|statement|paperwork)\b/i.test(spoken) && !found.time;
  // "Not yet, we'll reach out after the holidays", "nvm found someone": the customer's last words turn the offer down.
  // The customer's whole last line ("Not yet, we'll reach out after the holidays. Thanks!"), not only its last sentence.
  const customerSentences = sentences.filter((sentence) => sentence.speaker !== 'business');
  // "you too", "thanks, bye": a parting courtesy after the answer is not the answer.
  const answering = customerSentences.filter((sentence) => !PLEASANTRY.test(sentence.text.trim()));
  const lastLineIndex = (answering.length > 0 ? answering : customerSentences)[(answering.length > 0 ? answering : customerSentences).length - 1]?.lineIndex;
  const lastWords = customerSentences.filter((sentence) => sentence.lineIndex === lastLineIndex).map((sentence) => sentence.text).join(' ');
  const declined = (DECLINED.test(lastWords) || (DEFERRED.test(lastWords) && !AGREES.test(lastWords) && !DAY_WORDS.test(lastWords))) && !found.address;
  // Someone selling to the business ("we're helping contractors get more leads"), or a mass text or robocall.
  const selling = SELLING.test(spoken) || customerSentences.some((sentence) => MARKETING.test(sentence.text));
  const appointment = !cancelling && !paperwork && !declined && !selling && ((found.address && found.time) || ((found.address || found.time) && visit));
  // A thread of texts is never "cut off": the last text simply has no full stop.
  // A line heard breaking up at the end is a dropped call even with a day said: nothing was agreed.
  const lastLine = input.lines.filter((line) => !NOISE.test(line.text)).pop()?.text ?? '';
  // With a time agreed, only a line that plainly went (a dash, breaking up, a street begun) is dropped: "yes it is" and "its 0143" end whole calls.
  if (input.subject.kind !== 'conversation' && endsCutOff(input) && (!found.time || (BREAKING_UP.test(lastLine) && !found.address) || /[-—–]$/.test(lastLine.trim()))) return 'dropped_call';
  return appointment ? 'appointments' : 'no_appointment';
}

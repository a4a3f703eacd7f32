import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { houseNumbersAsDigits, STREET_SUFFIX_WORDS } from './addresses';
import type { ExtractedField } from './extractor';
import type { Sentence } from './sentences';

/**
 * The preferred date and time, resolved in the business's time zone from when the words were
 * said. chrono-node reads the day ("next Tuesday", "tomorrow", "Wednesday December 2nd");
 * times of day are read here, because callers give them loosely and chrono's guesses suit
 * calendars more than callers:
 *
 * - "morning" / "first thing" → 08:00–12:00, "afternoon" → 12:00–17:00, "evening" / "after
 *   work" → 17:00–20:00, "tonight" → 17:00–22:00, "noon" → 12:00;
 * - "at 10", "around 2 pm", "4:30", "one o'clock" → that instant; an hour said without am/pm
 *   is a working hour: 1–6 is afternoon, 7–11 morning;
 * - "between 1 and 3", "Monday 10-12" → 13:00–15:00, 10:00–12:00 (a hyphenated pair only beside
 *   a day or with am/pm); never a pair followed by a unit ("between three and five thousand",
 *   "2-3 weeks") nor, without am/pm, one in a sentence about money;
 * - "before noon" → 08:00–12:00, "between 9 and noon" → 09:00–12:00; "10ish" → 10:00;
 * - "after 3" → 15:00 to the end of that part of the day
 *   (17:00, or 20:00 from 17:00 on); "within the hour" / "right now" → the next hour;
 *   "in 30 minutes" → that instant;
 * - a day without a time → the business day, 08:00–17:00;
 * - "the 14th" → the next 14th on or after the day the words were said.
 *
 * Across a conversation the latest day agreed wins; a time said later ("Afternoon.") applies
 * to the day already on the table, and a vaguer window that contains the agreed time ("any
 * afternoon's fine" after "at 1") leaves it. A sentence naming two days ("Thursday at 10 or
 * Friday at 2?") offers a choice and decides nothing. Pure.
 */

export const PART_OF_DAY_WINDOWS = {
  morning: [8 * 60, 12 * 60],
  afternoon: [12 * 60, 17 * 60],
  evening: [17 * 60, 20 * 60],
  tonight: [17 * 60, 22 * 60],
  businessDay: [8 * 60, 17 * 60],
} as const;

interface LocalDate {
  year: number;
  month: number;
  day: number;
}
/** Minutes after midnight; an instant when end is null. */
interface TimeOfDay {
  start: number;
  end: number | null;
  /** Said only as a part of the day ("first thing", "afternoon"): its edges are loose. */
  part?: keyof typeof LOOSE_PARTS;
}

/**
 * How far a part of the day stretches when it only restates a time already agreed: "around
 * 7:30" then "first thing, perfect" keeps 7:30, though the morning window starts at 8.
 */
const LOOSE_PARTS = { morning: [5 * 60, 12 * 60], afternoon: [12 * 60, 18 * 60], evening: [16 * 60, 23 * 60], tonight: [16 * 60, 24 * 60] } as const;

const sameDate = (a: LocalDate, b: LocalDate) => a.year === b.year && a.month === b.month && a.day === b.day;

function localAt(instant: string, zone: string): DateTime {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone);
}

const WEEKDAY = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const STREET_KINDS = `(?:${STREET_SUFFIX_WORDS.join('|')})`;
const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const WORD_HOURS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, noon: 12 };
const HOUR = '(\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon)';
const MERIDIEM = '\\s*(a\\.?m\\.?|p\\.?m\\.?)?';
const NOT_A_TIME_AFTER = '(?!\\s*(?:minutes?|hours?|days?|weeks?|years?|square|sq|feet|ft|inch|inches|percent|%|dollars|bucks|grand|k\\b|thousand|hundred|degrees|piers|of\\b|x\\d))';
/** Words of a sentence about money, where numbers are amounts unless am/pm makes them hours. */
const MONEY_WORDS = /\$|\b(?:dollars?|bucks|grand|costs?|price[sd]?|runs|charge[sd]?|quoted?|budget|fee)\b/i;

function hourOf(raw: string): number {
  return WORD_HOURS[raw.toLowerCase()] ?? Number(raw);
}

/** A working hour: "at 2" is 2 pm, "at 8" 8 am; "tonight" and "evening" make it pm. */
function minutesOf(hourRaw: string, minuteRaw: string | undefined, meridiem: string | undefined, evening: boolean): number | null {
  let hour = hourOf(hourRaw);
  const minute = minuteRaw ? Number(minuteRaw) : 0;
  if (hour > 23 || minute > 59) return null;
  const m = meridiem?.toLowerCase().replace(/\./g, '');
  if (m === 'pm' && hour < 12) hour += 12;
  else if (m === 'am' && hour === 12) hour = 0;
  else if (m === undefined && hour >= 1 && hour <= 11 && (hour <= 6 || evening)) hour += 12;
  return hour * 60 + minute;
}

function endOfPartOfDay(start: number): number {
  return start < PART_OF_DAY_WINDOWS.afternoon[1] ? PART_OF_DAY_WINDOWS.afternoon[1] : start < PART_OF_DAY_WINDOWS.evening[1] ? PART_OF_DAY_WINDOWS.evening[1] : Math.min(start + 120, 24 * 60 - 1);
}

interface Reading {
  dates: LocalDate[];
  time: TimeOfDay | null;
  /** The time is counted from when the words were said ("within the hour"): it carries its own day. */
  relativeDate: LocalDate | null;
  /** A day counted from the day already said ("the following Monday"), not one said itself. */
  countedFromDaySaid?: boolean;
  /** "end of the week", "early next week": the days run from `dates[0]` to this one. */
  spanEnd?: LocalDate;
}

const MINUTE_WORDS: Record<string, number> = { 'oh five': 5, ten: 10, fifteen: 15, twenty: 20, 'twenty five': 25, thirty: 30, 'thirty five': 35, forty: 40, 'forty five': 45, fifty: 50, 'fifty five': 55 };
const HOUR_WORD = '(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\\d{1,2})';
const MINUTE_WORD = `(${Object.keys(MINUTE_WORDS).sort((a, b) => b.length - a.length).map((word) => word.replace(' ', '[\\s-]+')).join('|')})`;

/**
 * Clock times as people say them written as a clock does: "quarter to nine" 8:45, "half past
 * four" 4:30, "quarter after ten" 10:15, "eight forty five" 8:45, "ten thirty" 10:30. In a
 * sentence about money "one fifty" is a price, so there only a time with am/pm or "o'clock" is
 * read.
 */
export function spokenClockTimes(text: string): string {
  const hour = (raw: string) => WORD_HOURS[raw.toLowerCase()] ?? Number(raw);
  // Speech-to-text spells am and pm apart ("nine a m", "4 p. m."), and an hour in words before
  // them is that hour ("nine am" 9 am).
  let out = text
    .replace(/\b(\d{1,2}(?::\d{2})?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*([ap])\.?\s+m\b\.?/gi, '$1 $2m')
    .replace(/(?<!\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\d+)[\s,.-]+)\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*(a\.?m\.?|p\.?m\.?)(?![a-z])/gi, (_, h: string, meridiem: string) => `${hour(h)} ${meridiem}`)
    .replace(new RegExp(`\\b(?:a\\s+)?quarter\\s+(?:to|of|till|til)\\s+${HOUR_WORD}\\b`, 'gi'), (_, h: string) => `${((hour(h) + 10) % 12) + 1}:45`)
    .replace(new RegExp(`\\b(?:a\\s+)?quarter\\s+(?:past|after)\\s+${HOUR_WORD}\\b`, 'gi'), (_, h: string) => `${hour(h)}:15`)
    .replace(new RegExp(`\\bhalf\\s+(?:past|after)\\s+${HOUR_WORD}\\b`, 'gi'), (_, h: string) => `${hour(h)}:30`);
  // "starts at three-fifty": an hour hyphened to its tens is how a price is written, and makes the sentence one about money.
  const money = MONEY_WORDS.test(text) || /\b(?:call[- ]?out|diagnostic|labor|installed|flat|trip charge|service call|runs)\b|\b(?:one|two|three|four|five|six|seven|eight|nine)-(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b/i.test(text);
  // Never inside a run of digit words (a phone number: "seven two oh five five five"), and never
  // hyphenated ("three-fifty" is how a price is written).
  out = out.replace(new RegExp(`(?<!\\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\\d+)[\\s,.-]+)\\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\\s+${MINUTE_WORD}\\b(?![\\s,.-]+(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\\d)\\b)(?!\\s*(?:dollars|bucks|grand|thousand|hundred|square|feet|foot|minutes|percent)\\b)`, 'gi'), (match, h: string, m: string, offset: number, whole: string) => {
    const told = /\b(?:at|around|about|by|say|till|until|before|after)\s*$/i.test(whole.slice(0, offset)) || /^\s*(?:a\.?m|p\.?m|o'?clock)/i.test(whole.slice(offset + match.length));
    if (money && !told) return match;
    return `${hour(h)}:${String(MINUTE_WORDS[m.toLowerCase().replace(/[\s-]+/, ' ')]).padStart(2, '0')}`;
  });
  return out;
}

const SHORT_WEEKDAYS: Record<string, string> = { mon: 'monday', tue: 'tuesday', tues: 'tuesday', wed: 'wednesday', weds: 'wednesday', thu: 'thursday', thur: 'thursday', thurs: 'thursday', fri: 'friday', sat: 'saturday', sun: 'sunday' };

/**
 * How texts and quick notes write days and times, written out: "@ 2" at 2, "2morrow" tomorrow,
 * "sat am" Saturday morning, "fri pm" Friday afternoon, "in the a.m." in the morning, "noonish"
 * noon, "a week Monday" Monday week. A short weekday counts only where a day is meant (before a
 * time or a part of the day, or after "on", "this", "next"), since "Sun Valley" is a name.
 */
function textShorthand(said: string): string {
  const short = Object.keys(SHORT_WEEKDAYS).join('|');
  return said
    .replace(/\s@\s*(?=\d)/g, ' at ')
    .replace(/\b(?:2morrow|2moro|2mrw|tmw|tmrw|tomorow|tommorow|tommorrow)\b/gi, 'tomorrow')
    .replace(new RegExp(`\\b(?:(on|this|next|til|till|until|by)\\s+)?(${short})\\.?(?=\\s+(?:a\\.?m\\b\\.?|p\\.?m\\b\\.?|morning|afternoon|evening|night|at\\b|@|\\d)|\\s*$|\\s*[,?!])`, 'gi'), (match, before: string | undefined, day: string, offset: number, whole: string) => {
      const next = whole.slice(offset + match.length);
      // "Sun," or "Sat?" alone at the end counts only after "on", "this", "next".
      if (before === undefined && !/^\s+\S/.test(next)) return match;
      return `${before ? `${before} ` : ''}${SHORT_WEEKDAYS[day.toLowerCase()]!}`;
    })
    .replace(new RegExp(`\\b(${WEEKDAY}|tomorrow|today)\\s+(a|p)\\.?m\\b\\.?(?!\\w)`, 'gi'), (_, day: string, part: string) => `${day} ${part.toLowerCase() === 'a' ? 'morning' : 'afternoon'}`)
    .replace(/\bin the (a|p)\.?m\.?(?!\w)/gi, (_, part: string) => `in the ${part.toLowerCase() === 'a' ? 'morning' : 'afternoon'}`)
    .replace(/\bnoonish\b/gi, 'noon')
    .replace(new RegExp(`\\ba week (?:on )?(${WEEKDAY})\\b`, 'gi'), '$1 week');
}

/**
 * @param daySaid the day already on the table in the call, from which "the following Monday" and
 *   "the day after" count (a day said earlier in the same sentence counts first).
 */
/** A sentence about reaching the caller ("give me a call tomorrow morning", "you can reach me Monday between 9 and 5"), not about a visit. */
const CALLBACK = /\b(?:call me|give (?:me|us) a (?:call|ring|shout)|call (?:me |us )?back|reach me|text me|get back to me|best (?:time|number) to (?:reach|call)|ring me|(?:will|'ll) (?:call|text|ring) (?:you )?(?:about|when|before|ahead|first|\d+ minutes)|call(?:s)? (?:you )?(?:about )?\d+ minutes (?:before|ahead))\b/i;
const VISIT_WORDS = /\b(?:come|coming|send|visit|appointment|be there|out here|stop by|swing by|schedul\w*|book\w*|take a look|look at|estimate|install\w*|fix|repair|service|tech|technician|someone|somebody)\b/i;

export function readSentence(said: string, at: string, zone: string, daySaid: LocalDate | null = null): Reading {
  // From the words about reaching the caller to the end of their clause: when to call, not when to come.
  said = said.replace(new RegExp(`${CALLBACK.source}[^.!?;]*`, 'gi'), (clause) => (VISIT_WORDS.test(clause) ? clause : ' '.repeat(clause.length)));
  // "the tech calls the morning of", "she will call you that morning with a time": when someone
  // calls ahead is not when the visit is.
  // "twelve oh five grape street" is a house, not 12:05: house numbers in words are read as the address reader reads them.
  const text = unavailableAndCommitments(spokenClockTimes(houseNumbersAsDigits(textShorthand(said)))).replace(/\b((?:call|calls|ring|rings|text|texts)(?:\s+(?:you|her|him|them|the \w+|ahead|first))?)\s+(?:that|the)\s+(?:morning|afternoon|evening)(?:\s+of\b)?/gi, '$1');
  const local = localAt(at, zone);
  const today: LocalDate = { year: local.year, month: local.month, day: local.day };
  // "at 7 after work", "7 when I get home": a bare 7–11 said with the end of the working day is the evening.
  // "someone needs to be home", "somebody has to be home": who must be there, not when they get back.
  const evening = /\b(?:tonight|evening|p\.?m\.?|after (?:work|dinner|school)|off work|(?:get|gets|i'?m|am|(?<!\b(?:needs?|has|have|must|should|got) to |\b(?:must|should) )be) (?:home|off)|home from work)\b/i.test(text);
  const dates: LocalDate[] = [];
  const addDate = (date: LocalDate) => {
    if (!dates.some((known) => sameDate(known, date))) dates.push(date);
  };

  // Days: "the 14th" read here (chrono needs a month); the rest by chrono.
  const withWeekday = new Map<number, string>();
  const ordinals = [
    ...[...weekdaysInHistory(text).matchAll(new RegExp(`(?:\\b(${WEEKDAY}),?\\s+)?\\bthe\\s+(\\d{1,2})(?:st|nd|rd|th)\\b(?!\\s+(?:street|st|avenue|ave|floor|unit))`, 'gi'))].map((match) => {
      if (match[1]) withWeekday.set(Number(match[2]), match[1]);
      return Number(match[2]);
    }),
    ...ordinalWordDays(text),
  ];
  for (const day of ordinals) {
    if (day < 1 || day > 31) continue;
    let candidate = local.set({ day: Math.min(day, local.daysInMonth ?? 28) });
    if (candidate.day !== day || candidate.startOf('day') < local.startOf('day')) {
      candidate = local.plus({ months: 1 }).startOf('month');
      candidate = candidate.set({ day: Math.min(day, candidate.daysInMonth ?? 28) });
    }
    // "Monday the 28th" said in November, whose 28th is a Saturday: the next month whose 28th is a Monday.
    const weekday = withWeekday.get(day);
    if (weekday !== undefined) {
      const target = WEEKDAY.split('|').indexOf(weekday.toLowerCase()) + 1;
      for (let ahead = 0; ahead < 12 && (candidate.weekday !== target || candidate.day !== day); ahead++) {
        const month = candidate.plus({ months: 1 }).startOf('month');
        candidate = month.set({ day: Math.min(day, month.daysInMonth ?? 28) });
      }
      if (candidate.weekday !== target || candidate.day !== day) continue;
    }
    addDate({ year: candidate.year, month: candidate.month, day: candidate.day });
  }
  // "a week from Monday", "Tuesday fortnight", "the day after tomorrow": chrono reads only the
  // weekday (or "tomorrow") of these, so they are read here and hidden from it.
  const offsets = relativeDays(weekdaysInHistory(text), local);
  for (const date of offsets.dates) addDate(date);
  const spanned = spansOfDays(offsets.rest, local);
  if (spanned.span) addDate(spanned.span.from);
  const fromDaySaid = daysFromTheDaySaid(spanned.rest);
  // "early afternoon Friday": chrono reads a part of the day before its weekday as today's, so the
  // two are said the other way round for it (padded, so that positions still match the text).
  const chronoText = fromDaySaid.rest.replace(new RegExp(`\\b(morning|afternoon|evening)(\\s+(?:on\\s+)?)(${WEEKDAY})\\b`, 'gi'), (match, part: string, _between: string, weekday: string) => `${weekday} ${part}`.padEnd(match.length));
  const chronoDates: { date: LocalDate; index: number }[] = [];
  if (ordinals.length === 0) {
    const reference = { instant: new Date(Date.parse(at)), timezone: local.offset };
    for (const result of chrono.parse(chronoText, reference, { forwardDate: true })) {
      const start = result.start;
      // Speech is written with whole weekdays: a bare "Sun" or "Sat" is a name ("Sun Valley Electric").
      if (/^(?:sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)\.?$/i.test(result.text.trim())) continue;
      // "bye now", "it's fine now": a bare "now" is not a day asked for ("right now" is read below, with its hour).
      if (/^now$/i.test(result.text.trim())) continue;
      // "next week, either Wednesday or Thursday": the weekdays say which days of it; "next week" itself adds none.
      if (/^next week$/i.test(result.text.trim()) && new RegExp(`\\b(?:${WEEKDAY})\\b`, 'i').test(chronoText)) continue;
      // "Peak Air's weekend line", "the holiday weekend rate": a weekend named for what it is, not a day asked for.
      if (/^(?:the )?weekends?$/i.test(result.text.trim()) && !/\b(?:this|next|on the|over the|coming)\s*$/i.test(chronoText.slice(0, result.index))) continue;
      // "over the weekend when the snow was melting it was dripping": a weekend told as history.
      if (/^(?:the )?weekend$/i.test(result.text.trim()) && /\b(?:was|were|had|did|happened|started)\b/i.test(chronoText)) continue;
      // "you'll get a written quote within a couple of days": a promise about something else, not a visit.
      if (/\bwithin\s*$/i.test(chronoText.slice(0, result.index)) || /^within\b/i.test(result.text.trim()) || (/^(?:in )?(?:a couple(?: of)?|a few|two|three|\d+) (?:days?|weeks?)$/i.test(result.text.trim()) && /\b(?:quote|estimate|price|hear|call|email|invoice|results?|back to you)\b/i.test(chronoText))) continue;
      // "last night", "last Tuesday", "two days ago": history, whatever day chrono puts it on ("last night" said at 7 pm is read as the coming midnight).
      if (/\b(?:last|yesterday|ago|past)\b/i.test(result.text)) continue;
      // "2-3 hours", "10-12": a hyphenated pair of small numbers is a range of hours or a count, not a month and day.
      if (/^\d{1,2}\s*[-–—]\s*\d{1,2}$/.test(result.text.trim())) continue;
      // "apartment 9D", "unit 3R": a number with one letter names a door, not a count of days.
      if (/^\d+\s*[a-z]$/i.test(result.text.trim())) continue;
      // "it should take 3 hours": a bare length of time says how long, not when ("in 3 hours" does).
      if (/^[\d\s-]+(?:minutes?|mins?|hours?|hrs?)$/i.test(result.text.trim())) continue;
      // "push it back a couple hours": a shift of the time, not a day.
      if (/^(?:every\s+)?(?:a\s+)?(?:couple(?: of)?|few|an?|one|two|three|several)\s+(?:minutes?|mins?|hours?|hrs?)$/i.test(result.text.trim())) continue;
      // "give her a few days to settle in": a length of time, not a day ("in a few days" is one).
      if (/^(?:a\s+)?(?:couple(?: of)?|few)\s+(?:days?|weeks?)$/i.test(result.text.trim()) && !/\bin\s*$/i.test(chronoText.slice(0, result.index))) continue;
      const hasDay = start.isCertain('day') || start.isCertain('weekday') || /\b(?:today|tonight|tomorrow)\b/i.test(result.text);
      if (!hasDay) continue;
      let when = DateTime.fromObject({ year: start.get('year')!, month: start.get('month')!, day: start.get('day')! }, { zone });
      // "Monday" said on a Monday means next Monday: today is called "today".
      if (start.isCertain('weekday') && !start.isCertain('day') && !/\b(?:today|tonight)\b/i.test(result.text) && when.hasSame(local, 'day')) when = when.plus({ days: 7 });
      // A weekday named is the next one: chrono reads some windows ("Monday from 9 to noon") on the one before.
      if (start.isCertain('weekday') && !start.isCertain('day') && !/\b(?:last|past|yesterday)\b/i.test(result.text)) while (when < local.startOf('day')) when = when.plus({ days: 7 });
      const date = { year: when.year, month: when.month, day: when.day };
      // Past days ("yesterday", "last spring") are history, not a request.
      if (when < local.startOf('day')) continue;
      // A customer books within the year ahead: a day read years away is a misreading, not a request.
      if (when > local.plus({ years: 1 })) continue;
      chronoDates.push({ date, index: result.index });
      addDate(date);
    }
  }
  // "Thursday, actually no, make that Friday": a day taken back is not offered; the first day
  // after the last taking back stands ("…make that friday same time, thursday I have a thing").
  // "Thursday would be perfect, if not Friday": a first choice and a fallback; the first choice stands.
  if (chronoDates.length > 1) {
    const first = chronoDates[0]!;
    const last = chronoDates[chronoDates.length - 1]!;
    const between = chronoText.slice(first.index, last.index);
    const corrections = [...between.matchAll(new RegExp(CORRECTION.source, 'gi'))];
    const lastCorrection = corrections[corrections.length - 1];
    if (lastCorrection) {
      const at = first.index + lastCorrection.index + lastCorrection[0].length;
      dates.splice(0, dates.length, (chronoDates.find((found) => found.index >= at) ?? last).date);
    } else if (FALLBACK.test(text.slice(first.index, chronoDates[1]!.index))) dates.splice(0, dates.length, first.date);
  }
  let countedFromDaySaid = false;
  for (const phrase of fromDaySaid.phrases) {
    const before = chronoDates.filter((found) => found.index < phrase.index).pop()?.date ?? (ordinals.length > 0 ? dates[0] : undefined) ?? daySaid;
    const when = phrase.from(before ? DateTime.fromObject(before, { zone }) : null, local.startOf('day'));
    if (when) addDate({ year: when.year, month: when.month, day: when.day });
    if (when && before === daySaid) countedFromDaySaid = true;
  }
  // "either Wednesday or Thursday afternoon, either one works": a choice left open is the span of its days.
  if (!spanned.span && dates.length === 2 && /\bor\b/i.test(text) && /\b(?:either(?: one| day| is fine| works)?|whichever|any of (?:those|them))\b/i.test(text)) {
    const [a, b] = [...dates].sort((x, y) => DateTime.fromObject(x, { zone }).toMillis() - DateTime.fromObject(y, { zone }).toMillis()) as [LocalDate, LocalDate];
    if (DateTime.fromObject(b, { zone }).diff(DateTime.fromObject(a, { zone }), 'days').days <= 6) spanned.span = { from: a, to: b };
  }
  // "end of the week, so Thursday or Friday": days named inside a span are the span, not a choice between them.
  let spanEnd: LocalDate | undefined;
  if (spanned.span) {
    const { from, to } = spanned.span;
    const inside = (date: LocalDate) => {
      const when = DateTime.fromObject(date, { zone });
      // "end of the week, Thursday or Friday" said on a Thursday: its Thursday is today, not next week's.
      return [when, when.minus({ weeks: 1 })].some((day) => day >= DateTime.fromObject(from, { zone }) && day <= DateTime.fromObject(to, { zone }));
    };
    const outside = dates.filter((date) => !inside(date));
    dates.splice(0, dates.length, from, ...outside);
    spanEnd = to;
  }
  // "There was a big bang this morning": today told as history is no visit today.
  if (/\b(?:tonight|this (?:morning|afternoon|evening))\b/i.test(text) && !new RegExp(`(?:${PAST_CUE}|\\b(?:was|were|had|heard|did|went)\\b)[^.,;!?]{0,40}\\bthis (?:morning|afternoon|evening)\\b`, 'i').test(text)) addDate(today);
  // "first thing in the morning" said in the evening with no day: tomorrow morning.
  if (dates.length === 0 && local.hour >= 17 && /\b(?:in the morning|first thing)\b/i.test(text)) {
    const tomorrow = local.plus({ days: 1 });
    addDate({ year: tomorrow.year, month: tomorrow.month, day: tomorrow.day });
  }

  // Times of day, most specific first.
  let time: TimeOfDay | null = null;
  let relativeDate: LocalDate | null = null;
  // "between three and five thousand" is a price: the unit after the second number says so, and
  // a sentence about money reads a bare pair of numbers as amounts unless am/pm makes them hours.
  const moneySentence = MONEY_WORDS.test(text);
  const spokenRange = new RegExp(`\\b(?:between|from)\\s+(?:(?:about|around)\\s+)?${HOUR}(?::(\\d{2}))?${MERIDIEM}\\s*(?:\\s(?:and|to|till|til|until|through|thru)|-|&)\\s*(?:(?:about|around)\\s+)?${HOUR}(?::(\\d{2}))?${MERIDIEM}(?![\\d:])${NOT_A_TIME_AFTER}`, 'i').exec(text);
  // "Monday 10-12", "9–11am": a hyphenated pair of hours, taken as hours only beside a day or with
  // am/pm, and never inside a longer run of digits (a phone number, "10-12-2026", an address range).
  const bareRange = new RegExp(`(?<![\\d:/.-])\\b(\\d{1,2})(?::(\\d{2}))?${MERIDIEM}\\s*[-–—]\\s*(\\d{1,2})(?::(\\d{2}))?${MERIDIEM}(?![\\d:/-])${NOT_A_TIME_AFTER}`, 'i').exec(text);
  // "Thursday 8 to 10am", "Friday 10 to 12.": with "to" the pair needs am/pm or to end the clause, since "2 to 3 guys" is a count.
  // Hours in words count too ("Two to four on the 30th", "One to four.").
  // "1 till 4", "10 through 2", "1 to 3 Monday", "1 to 4 or so": the other ways a window is said.
  const toRange = new RegExp(`(?<![\\d:/.-])\\b${HOUR}(?::(\\d{2}))?${MERIDIEM}\\s+(?:to|till|til|until|through|thru)\\s+${HOUR}(?::(\\d{2}))?${MERIDIEM}(?:ish)?(?![\\d:/-])(?=\\s*(?:[.,;!?]|$|(?:works?|is|would|ok|okay|please|on|then|tomorrow|today|this|that|next|or so|if|for|in the|window|slot|${WEEKDAY})\\b))`, 'i').exec(text);
  // A sentence that is nothing but the pair ("One to four.", "So 2 to 4 then?") answers the day already on the table.
  const onlyRange = toRange !== null && new RegExp(`^(?:(?:so|ok(?:ay)?|yes|yeah|how about|say|then)[,\\s]+)*${escapeRegExp(toRange[0].trimEnd())}(?:[,\\s]+(?:then|ok(?:ay)?|works?|please))*[\\s.?!]*$`, 'i').test(text.trim());
  // "sometime 1 to 3", "anytime 10 till 2", "we could do 1 to 4": words that offer a window of time before the pair.
  const cuedRange = toRange !== null && /\b(?:sometime|some time|anytime|any time|like|say|do|probably|maybe|roughly|make it|make that|how about|what about|so)\s*$/i.test(text.slice(0, toRange.index));
  const toRangeIsTime = toRange !== null && (dates.length > 0 || onlyRange || cuedRange) && hourOf(toRange[1]!) <= 12 && hourOf(toRange[4]!) <= 12;
  const bareRangeIsTime = bareRange !== null && (dates.length > 0 || bareRange[3] !== undefined || bareRange[6] !== undefined) && Number(bareRange[1]) <= 12 && Number(bareRange[4]) <= 12;
  const range = spokenRange && !(moneySentence && !spokenRange[3] && !spokenRange[6]) ? spokenRange : bareRangeIsTime && !(moneySentence && !bareRange[3] && !bareRange[6]) ? bareRange : toRangeIsTime && !(moneySentence && !toRange[3] && !toRange[6]) ? toRange : null;
  // "I'm home until noon" is free before noon; "at work until 3" is free after 3.
  const untilHour = new RegExp(`\\b(?:until|till|til)\\s+${HOUR}(?::(\\d{2}))?${MERIDIEM}\\b${NOT_A_TIME_AFTER}`, 'i').exec(text);
  const untilSide = untilHour === null ? null : /\b(?:home|here|around|available|free|in)\s*(?:\S+\s+){0,3}$/i.test(text.slice(0, untilHour.index)) && !/\b(?:not|won'?t|can'?t)\b[^,.;]*$/i.test(text.slice(0, untilHour.index)) ? 'before' : /\b(?:work|working|busy|out|away|gone|school|class|appointment|meeting|shift|tied up)\s*(?:\S+\s+){0,3}$/i.test(text.slice(0, untilHour.index)) ? 'after' : null;
  const after = new RegExp(`\\bafter\\s+${HOUR}(?::(\\d{2}))?${MERIDIEM}\\b${NOT_A_TIME_AFTER}`, 'i').exec(text) ?? (untilSide === 'after' ? untilHour : null) ?? new RegExp(`\\bnot\\s+(?:until|till|before)\\s+${HOUR}(?::(\\d{2}))?${MERIDIEM}\\b${NOT_A_TIME_AFTER}`, 'i').exec(text);
  const oclock = new RegExp(`\\b${HOUR}\\s*o'?\\s?clock\\b`, 'i').exec(text);
  const clock = /\b(\d{1,2}):(\d{2})\s*(a\.?m\.?|p\.?m\.?)?/i.exec(text);
  // "Thu 12/10 PM" is the afternoon of the 10th, not 10 pm: a number after a slash is the day of a date.
  const withMeridiem = /(?<![\d/])\b(\d{1,2})\s*(a\.?m\.?|p\.?m\.?)(?![a-z])/i.exec(text);
  const dateWithPart = /\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\s*(a\.?m|p\.?m)\b/i.exec(text);
  // "10ish" is about 10 (never the 1 of it).
  // "not before 9:30" is from 9:30 on.
  const notBefore = new RegExp(`\\bnot\\s+(?:until|till|before)\\s+${HOUR}(?::(\\d{2}))?${MERIDIEM}\\b${NOT_A_TIME_AFTER}`, 'i').exec(text);
  const before = notBefore ? null : (new RegExp(`\\bbefore\\s+${HOUR}(?::(\\d{2}))?${MERIDIEM}\\b${NOT_A_TIME_AFTER}`, 'i').exec(text) ?? (untilSide === 'before' ? untilHour : null));
  const beforeEnd = before ? minutesOf(before[1]!, before[2], before[3], evening) : null;
  // "at 12 Pine Lane" is a house: a capitalized word after the number, other than a day or month, names a street.
  const point = new RegExp(`\\b(?:at|around|about|by|say|(?:down|you|in|booked) for)\\s+(\\d{1,2})(?!\\d)(?:ish)?(?![:,.]\\d)${NOT_A_TIME_AFTER}(?:\\s*(a\\.?m\\.?|p\\.?m\\.?))?(?![a-z])`, 'i').exec(text);
  // Written in lower case by speech-to-text ("at 12 oak street", "at 9 north maple avenue"): a street's kind a word or three on says so.
  const pointIsHouse =
    point !== null &&
    ((new RegExp(`^\\s+(?!(?:${WEEKDAY}|${MONTHS})\\b)[A-Z][a-z]`, 'i').test(text.slice(point.index + point[0].length)) && /^\s+[A-Z][a-z]/.test(text.slice(point.index + point[0].length))) ||
      new RegExp(`^\\s+(?!(?:${WEEKDAY}|${MONTHS}|tomorrow|today|tonight|am|pm|o'?clock)\\b)(?:[a-z]+\\s+){1,3}${STREET_KINDS}\\b`, 'i').test(text.slice(point.index + point[0].length)));
  // "around ten?", "Friday afternoon around two": an hour in words, when nothing follows that makes it a count ("about two inches").
  const wordPoint = new RegExp(`\\b(?:at|around|about|say)\\s+(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:ish)?(?=\\s*(?:[.,;!?]|$|o'?clock|a\\.?m\\.?|p\\.?m\\.?|in the (?:morning|afternoon|evening)|(?:this|tomorrow|today|tonight|on|works?|would|is|if)\\b))`, 'i').exec(text);
  // "Thursday, 4 works", "does 2 work Friday?", "can you do 3 on Thursday", "at like 3", "Friday 3ish": a bare
  // hour offered or taken, said after a day, a comma or words that offer a time ("MERV 8 is fine" is a rating), when
  // the words after it take it as a time and nothing after it counts something.
  const bareHourAfter = `(?=ish\\b|\\s*(?:[.,;!?]|$|works?\\b|is (?:good|fine|ok|okay|best|better|great|perfect)\\b|would (?:work|be)\\b|sounds\\b|ok\\b|okay\\b|then\\b|on (?:${WEEKDAY})\\b|(?:${WEEKDAY}|tomorrow|today|tonight)\\b|in the (?:morning|afternoon|evening)\\b))`;
  const bareHour =
    new RegExp(`(?<=(?:^|[,;]\\s*|\\b(?:${WEEKDAY}|tomorrow|today|at|around|about|by|say|like|do|maybe|so|yes|yeah|ok|okay|then|how'?s|how is|what about|does|would|could|will|can|is)\\s+))\\b(\\d{1,2})(?![\\d:])(?=ish\\b|\\s*(?:works?|is (?:good|fine|ok|okay|best|better|great|perfect)|would (?:work|be (?:good|great|fine|best|perfect))|sounds good)\\b|\\s*then\\b)`, 'i').exec(text) ??
    new RegExp(`\\b(?:at like|like|do|how'?s|how is|what about|does|maybe)\\s+(\\d{1,2})(?![\\d:])${bareHourAfter}`, 'i').exec(text);
  // "Ten is good.", "yes, two works": an hour in words that opens the reply and is taken ("that one works" is no hour).
  const wordHourAnswer = /^\W*(?:(?:yes|yeah|yep|ok(?:ay)?|sure|great)[,\s]+)?(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:\s+o'?\s?clock)?\s+(?:is (?:good|fine|great|perfect|better|best)|works|would work|sounds good)\b/i.exec(text);
  const bareHourIsTime = bareHour !== null && !moneySentence && Number(bareHour[1]) >= 1 && Number(bareHour[1]) <= 12 && (dates.length > 0 || /\b(?:works?|ish|how'?s|how is|what about|does|at like|is (?:good|fine|ok|okay|best|better|great|perfect)|would (?:work|be)|then)\b/i.test(text.slice(bareHour.index, bareHour.index + bareHour[0].length + 20)));
  const inMinutes = /\bin\s+(\d{1,3}|thirty|fifteen|twenty|forty[- ]five)\s+minutes\b/i.exec(text);
  // "in an hour or so", "in a couple of hours": that long from now.
  const inHours = /\bin\s+(an|one|a couple(?: of)?|two|three|[1-3])\s+hours?\b/i.exec(text);
  // "please call me back right away": how soon to call back, not when the visit is.
  const visitText = text.replace(/\b(?:call|ring|text|phone|get back to)(?:\s+(?:me|us))?(?:\s+back)?\s+(?:right away|straight away|within the hour|within an hour)\b/gi, ' ');
  const withinHour = /\b(?:within the hour|within an hour|right now)\b/i.test(visitText);
  // "right away", "as soon as you can get here", "in the next couple of hours": the next two hours.
  const withinTwoHours = /\b(?:right away|straight away|as soon as (?:you|someone|somebody|a tech) can (?:get|come|be) (?:here|over|out)|in the next (?:couple|two|2) (?:of )?hours)\b/i.test(visitText);
  if (range) {
    const endMeridiem = range[6] ?? range[3];
    const end = minutesOf(range[4]!, range[5], endMeridiem, evening);
    let start = minutesOf(range[1]!, range[2], range[3] ?? (endMeridiem && hourOf(range[1]!) < hourOf(range[4]!) ? endMeridiem : undefined), evening);
    if (start !== null && end !== null && start > end && start >= 12 * 60) start -= 12 * 60;
    if (start !== null && end !== null && start < end) time = { start, end };
  } else if (beforeEnd !== null && beforeEnd > PART_OF_DAY_WINDOWS.businessDay[0]) {
    // "before noon", "before 3": from the start of the working day until then.
    time = { start: PART_OF_DAY_WINDOWS.businessDay[0], end: beforeEnd };
  } else if (after) {
    const start = minutesOf(after[1]!, after[2], after[3], evening);
    // "anytime after 8:15 tonight": free from then until the day is over.
    if (start !== null) time = { start, end: /\btonight\b/i.test(text) ? 24 * 60 - 1 : endOfPartOfDay(start) };
  } else if (clock || withMeridiem || oclock || (point && !pointIsHouse && (Number(point[1]) <= 12 || point[2] !== undefined) ? point : null) || wordPoint) {
    const [hour, minute, meridiem] = clock ? [clock[1]!, clock[2], clock[3]] : withMeridiem ? [withMeridiem[1]!, undefined, withMeridiem[2]] : oclock ? [oclock[1]!, undefined, undefined] : point && !pointIsHouse && (Number(point[1]) <= 12 || point[2] !== undefined) ? [point[1]!, undefined, point[2]] : [wordPoint![1]!, undefined, undefined];
    const start = minutesOf(hour, minute, meridiem, evening);
    if (start !== null) time = { start, end: null };
  } else if (bareHourIsTime) {
    const start = minutesOf(bareHour[1]!, undefined, undefined, evening);
    if (start !== null) time = { start, end: null };
  } else if (wordHourAnswer) {
    const start = minutesOf(wordHourAnswer[1]!, undefined, undefined, evening);
    if (start !== null) time = { start, end: null };
  } else if (/\bnoon\b/i.test(text)) time = { start: 12 * 60, end: null };
  else if (/\blunch ?time\b|\b(?:around|at|over) lunch\b/i.test(text)) time = { start: 12 * 60, end: 13 * 60, part: 'afternoon' };
  // "I get home at 3, anytime after that": from then on.
  if (time !== null && time.end === null && /\b(?:any ?time |or )?after (?:that|then)\b/i.test(text)) time = { start: time.start, end: endOfPartOfDay(time.start) };
  if (time === null) {
    if (inMinutes || inHours || withinHour || withinTwoHours) {
      const hours = inHours ? (({ an: 1, one: 1, two: 2, three: 3, 'a couple': 2, 'a couple of': 2 } as Record<string, number>)[inHours[1]!.toLowerCase()] ?? Number(inHours[1])) : 0;
      const minutes = inMinutes ? (/^\d+$/.test(inMinutes[1]!) ? Number(inMinutes[1]) : ({ thirty: 30, fifteen: 15, twenty: 20 } as Record<string, number>)[inMinutes[1]!.toLowerCase()] ?? 45) : inHours ? hours * 60 : withinHour ? 60 : 120;
      const start = local.hour * 60 + local.minute;
      time = inMinutes || inHours ? { start: start + minutes, end: null } : { start, end: start + minutes };
      relativeDate = today;
    } else if (/\bfirst thing\b/i.test(text)) time = { start: 8 * 60, end: 9 * 60, part: 'morning' };
    // "not the morning, the afternoon works", "mornings are bad, afternoon please": the part refused is not the one wanted.
    else if (/\bafternoons?\b/i.test(text) && /\b(?:not (?:in )?(?:the )?mornings?|mornings? (?:are|is|'s) (?:bad|no good|out|tough|hard)|mornings? (?:don'?t|doesn'?t|won'?t) work|no mornings?)\b/i.test(text)) time = windowOf('afternoon');
    else if (dateWithPart) time = windowOf(dateWithPart[1]!.toLowerCase().startsWith('a') ? 'morning' : 'afternoon');
    else if (NARROWED_PART.test(text)) time = narrowedPart(NARROWED_PART.exec(text)!);
    else if (/\bmornings?\b/i.test(text)) time = windowOf('morning');
    // Lunch is over by one.
    else if (/\bafter lunch\b/i.test(text)) time = { start: 13 * 60, end: 17 * 60, part: 'afternoon' };
    else if (/\bafternoons?\b/i.test(text)) time = windowOf('afternoon');
    else if (/\btonight\b/i.test(text)) time = windowOf('tonight');
    else if (/\bevenings?\b|\bafter work\b|\bafter (?:we|I) (?:close|get home|get off)\b/i.test(text)) time = windowOf('evening');
  } else if (time.end === null && !clock && !withMeridiem && !oclock) {
    // "around 6" in "tomorrow evening around 6": the part of the day settles am or pm.
    const part = /\bmorning\b/i.test(text) ? 'morning' : null;
    if (part && time.start >= 12 * 60 && time.start - 12 * 60 < PART_OF_DAY_WINDOWS.morning[1]) time = { start: time.start - 12 * 60, end: null };
  }
  return { dates, time, relativeDate, countedFromDaySaid, ...(spanEnd ? { spanEnd } : {}) };
}

/**
 * A part of the day narrowed ("late morning", "early afternoon", "mid-afternoon"): the part of it
 * a receptionist would offer. Each lies inside its part's window, so a later time in that part
 * still narrows it, and a plain "morning" written down for it still holds it.
 */
const NARROWED_PART = /\b(early|mid|late)[\s-]*(morning|afternoon|evening)\b/i;
const NARROWED_WINDOWS: Record<string, [number, number]> = {
  'early morning': [8 * 60, 10 * 60],
  'mid morning': [10 * 60, 11 * 60],
  'late morning': [10 * 60, 12 * 60],
  'early afternoon': [13 * 60, 15 * 60],
  'mid afternoon': [14 * 60, 16 * 60],
  'late afternoon': [15 * 60, 17 * 60],
  'early evening': [17 * 60, 19 * 60],
  'mid evening': [18 * 60, 20 * 60],
  'late evening': [19 * 60, 21 * 60],
};

function narrowedPart(match: RegExpExecArray): TimeOfDay {
  const part = match[2]!.toLowerCase() as 'morning' | 'afternoon' | 'evening';
  const [start, end] = NARROWED_WINDOWS[`${match[1]!.toLowerCase()} ${part}`]!;
  return { start, end, part };
}

/** Words that offer a second choice behind the first: "if not", "otherwise", "or else". */
const FALLBACK = /\b(?:if not|otherwise|or else|failing that|as a backup|second choice)\b/i;
/** Words that take back what was just said: "no wait", "actually", "make that", "I mean". */
const CORRECTION = /\b(?:no wait|wait no|actually|make (?:that|it)|i mean|scratch that|or rather|no sorry|sorry)\b/i;

const ORDINAL_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13,
  fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};
const ORDINAL_WORD = Object.keys(ORDINAL_WORDS).join('|');


/**
 * Days of the month in words: "the eleventh", "Tuesday the twenty second". "The first" and "the
 * second" alone more often mean a place or an option than a day, so the days 1–9 count only
 * right after a weekday.
 */
function ordinalWordDays(text: string): number[] {
  const pattern = new RegExp(`\\b(${WEEKDAY})?,?\\s*the\\s+(?:(twenty|thirty)[\\s-]+)?(${ORDINAL_WORD})\\b(?!\\s+(?:floor|street|avenue|one|time|thing|place|house|address|unit|option|of))`, 'gi');
  const days: number[] = [];
  for (const match of text.matchAll(pattern)) {
    const tens = match[2] ? (match[2].toLowerCase() === 'twenty' ? 20 : 30) : 0;
    const unit = ORDINAL_WORDS[match[3]!.toLowerCase()]!;
    if (tens > 0 && unit > 9) continue;
    const day = tens + unit;
    if (day < 10 && match[1] === undefined) continue;
    if (day <= 31) days.push(day);
  }
  return days;
}

/**
 * A weekday told as history ("it first started on Monday", "since Sunday", "the guy who came out
 * Tuesday", "the storm on Saturday") is blanked: it is when the trouble began, not a day asked
 * for. Only with a word of the past before it in the same clause.
 */
const PAST_CUE = "\\b(?:since|started|began|begun|noticed|happened|broke(?: down)?|stopped(?: working)?|quit|went out|came (?:out|by|over)|was (?:out|here|there)|were (?:out|here|there)|storm|wind|ago|tried|fixed|replaced|changed|checked|looked at|blew|heard|took)\\b";
function weekdaysInHistory(text: string): string {
  return unavailableAndCommitments(text).replace(new RegExp(`(${PAST_CUE}[^.,;!?]{0,40}?)\\b((?:on |last |this past |early |late )?(?:${WEEKDAY})(?:\\s+(?:morning|afternoon|evening|night))?)\\b`, 'gi'), (_, before: string, day: string) => `${before}${' '.repeat(day.length)}`);
}

/**
 * "Today's booked up", "nothing tomorrow": a day ruled out names no visit; "I pick up my son at
 * 3:15", "I have to leave by 7": the caller's own commitments are not the visit's time.
 */
function unavailableAndCommitments(text: string): string {
  const blank = (match: string) => ' '.repeat(match.length);
  return text
    .replace(new RegExp(`\\b(?:today|tomorrow|${WEEKDAY})(?:'s| is| are)\\s+(?:all\\s+|completely\\s+)?(?:booked(?: up)?|full|out|no good|not good|bad|impossible|tough|hard|difficult|rough|a no)\\b|\\bnothing (?:today|tomorrow)\\b`, 'gi'), blank)
    .replace(/\b(?:i|we|he|she)\s+(?:pick(?:s)? up|drop(?:s)? off|have to (?:leave|be at|get)|need to (?:leave|be at)|leave for|get off work|start work|fly out|fly back|leave town|are away|will be away|are out of town)\b[^.,;!?]*/gi, blank)
    .replace(/\b(?:i|we|he|she)(?:'ve| have| has|'ve got| got)\s+(?:a|an|my|our|his|her)\s+(?:call|meeting|appointment|appt|doctor'?s?(?: appointment)?|dentist|class|shift|conference|interview|flight|surgery)\b[^.,;!?]*/gi, blank)
    .replace(/\b(?:i|we|he|she)(?:'re|'m| are| am| is|'s)\s+(?:picking up|dropping off|flying|leaving|moving|closing)\b[^.,;!?]*/gi, blank)
    // "I can take the bus today", "they're saying more snow next week": the caller's own plans and the weather.
    .replace(/\b(?:i|we)(?: can| could|'ll| will)\s+(?:take (?:the|a|an) (?:bus|train|uber|lyft|cab|taxi)|get a ride|walk)\b[^.,;!?]*/gi, blank)
    .replace(/\b(?:they'?re saying|they are saying|the forecast|forecast says|(?:more|another) (?:snow|rain|storm|freeze|cold snap))\b[^.,;!?]*/gi, blank)
    // "she's in Florida until the 6th of January": away until then; when to come is said after it.
    .replace(/\b(?:i|we|he|she|they)(?:'re|'s|'m| are| is| am| will be)\s+(?:in|at|away|out of town|gone|traveling|travelling|visiting)\b(?!\s+(?:work|the office|school|my job|the gym|home)\b)[^.;!?]*?\b(?:until|till|through)\b[^.;!?]*?(?=,?\s*so\b|[.;!?]|$)/gi, blank);
}

/** The next given weekday after `local` (today's weekday means a week on, as chrono is read above). */
function nextWeekday(local: DateTime, weekday: string): DateTime {
  const target = WEEKDAY.split('|').indexOf(weekday.toLowerCase()) + 1;
  const ahead = (target - local.weekday + 7) % 7 || 7;
  return local.startOf('day').plus({ days: ahead });
}

/** The last given weekday before `day`. */
function previousWeekday(day: DateTime, weekday: string): DateTime {
  const target = WEEKDAY.split('|').indexOf(weekday.toLowerCase()) + 1;
  const back = (day.weekday - target + 7) % 7 || 7;
  return day.startOf('day').minus({ days: back });
}

const MONTH_NUMBERS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

/** "the first Monday in December" on or after today (a month already past is next year's); null for a month not told. */
function nthWeekdayOfMonth(local: DateTime, nth: string, weekday: string, month: string): DateTime | null {
  const today = local.startOf('day');
  const inMonth = (start: DateTime): DateTime => {
    const target = WEEKDAY.split('|').indexOf(weekday.toLowerCase()) + 1;
    if (nth === 'last') {
      const end = start.endOf('month').startOf('day');
      return end.minus({ days: (end.weekday - target + 7) % 7 });
    }
    const first = start.plus({ days: (target - start.weekday + 7) % 7 });
    return first.plus({ weeks: ['first', 'second', 'third', 'fourth'].indexOf(nth) });
  };
  if (month.endsWith('month')) {
    const start = (month.startsWith('next') ? today.plus({ months: 1 }) : today).startOf('month');
    return inMonth(start);
  }
  const number = MONTH_NUMBERS[month.slice(0, 3)];
  if (number === undefined) return null;
  let start = today.set({ month: number }).startOf('month');
  if (inMonth(start) < today) start = start.plus({ years: 1 });
  return inMonth(start);
}

const HOLIDAY_NAMES = "thanksgiving|christmas eve|christmas|new year'?s eve|new year'?s|memorial|labor|independence|black friday";

/** The next day (today or later) of a US holiday a receptionist books around. */
function nextHoliday(local: DateTime, name: string): DateTime | null {
  const today = local.startOf('day');
  const inYear = (year: number): DateTime | null => {
    const on = (month: number, day: number) => DateTime.fromObject({ year, month, day }, { zone: local.zone });
    const nth = (month: number, weekday: number, n: number) => {
      const first = on(month, 1);
      return first.plus({ days: ((weekday - first.weekday + 7) % 7) + 7 * (n - 1) });
    };
    const key = name.replace(/'/g, '');
    if (key === 'thanksgiving') return nth(11, 4, 4);
    if (key === 'black friday') return nth(11, 4, 4).plus({ days: 1 });
    if (key === 'christmas eve') return on(12, 24);
    if (key === 'christmas') return on(12, 25);
    if (key === 'new years eve') return on(12, 31);
    if (key === 'new years') return on(1, 1);
    if (key === 'memorial') return on(5, 31).minus({ days: (on(5, 31).weekday - 1 + 7) % 7 });
    if (key === 'labor') return nth(9, 1, 1);
    if (key === 'independence') return on(7, 4);
    return null;
  };
  const thisYear = inYear(today.year);
  if (thisYear === null) return null;
  return thisYear >= today.minus({ days: 7 }) ? thisYear : inYear(today.year + 1);
}

/** "a week from Monday", "two weeks from Friday", "Monday week", "Tuesday fortnight", "the day after tomorrow"; the text left for chrono. */
function relativeDays(text: string, local: DateTime): { dates: LocalDate[]; rest: string } {
  const dates: LocalDate[] = [];
  const blank = (match: string) => ' '.repeat(match.length);
  const toDate = (when: DateTime): LocalDate => ({ year: when.year, month: when.month, day: when.day });
  let rest = text.replace(new RegExp(`\\b(a|one|two|three) weeks? from (?:this |next )?(${WEEKDAY})\\b`, 'gi'), (match, count: string, weekday: string) => {
    const weeks = { a: 1, one: 1, two: 2, three: 3 }[count.toLowerCase() as 'a'];
    dates.push(toDate(nextWeekday(local, weekday).plus({ weeks })));
    return blank(match);
  });
  rest = rest.replace(new RegExp(`\\b(${WEEKDAY}) (week|fortnight)\\b`, 'gi'), (match, weekday: string, span: string) => {
    dates.push(toDate(nextWeekday(local, weekday).plus({ weeks: span.toLowerCase() === 'week' ? 1 : 2 })));
    return blank(match);
  });
  rest = rest.replace(/\b(?:the )?day after tomorrow\b/gi, (match) => {
    dates.push(toDate(local.startOf('day').plus({ days: 2 })));
    return blank(match);
  });
  // "a week from tomorrow", "two weeks from today".
  rest = rest.replace(/\b(a|one|two|three) weeks? from (today|tomorrow|now)\b/gi, (match, count: string, from: string) => {
    const weeks = { a: 1, one: 1, two: 2, three: 3 }[count.toLowerCase() as 'a'];
    dates.push(toDate(local.startOf('day').plus({ weeks, days: from.toLowerCase() === 'tomorrow' ? 1 : 0 })));
    return blank(match);
  });
  // "the first Monday in December", "the last Friday of the month", "the second Tuesday of next month".
  rest = rest.replace(new RegExp(`\\bthe (first|second|third|fourth|last) (${WEEKDAY}) (?:in|of) (${MONTHS}|(?:the|this|next) month)\\b`, 'gi'), (match, nth: string, weekday: string, month: string) => {
    const when = nthWeekdayOfMonth(local, nth.toLowerCase(), weekday, month.toLowerCase());
    if (when === null) return match;
    dates.push(toDate(when));
    return blank(match);
  });
  // Holidays a receptionist books around: "the Tuesday after Thanksgiving", "the day after Christmas", "Labor Day".
  rest = rest.replace(new RegExp(`\\b(?:the (${WEEKDAY}|day) (?:after|before) )?(${HOLIDAY_NAMES})(?: day)?\\b`, 'gi'), (match, counted: string | undefined, name: string, index: number, whole: string) => {
    const holiday = nextHoliday(local, name.toLowerCase());
    // "before Christmas", "over Thanksgiving": a time around the holiday, not a day; hidden from chrono all the same.
    if (holiday === null) return match;
    // Said alone, a holiday is a day asked for only after "on" or before a time ("on Black Friday", "Black Friday at 9"): "it's Christmas week", "merry Christmas", "before Christmas" name none.
    const after = whole.slice(index + match.length);
    const asked = /\bon\s*$/i.test(whole.slice(0, index)) || /^\s*(?:at \d|at (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|noon)\b|in the (?:morning|afternoon)|morning|afternoon|works|would work|is (?:fine|good|best))/i.test(after);
    if (counted === undefined && (!asked || /^\s*(?:week|weekend|season|time|break|rush|hours|party)\b/i.test(after))) return blank(match);
    const said = match.toLowerCase();
    const when = counted === undefined ? holiday : counted.toLowerCase() === 'day' ? holiday.plus({ days: said.includes(' after ') ? 1 : -1 }) : said.includes(' after ') ? nextWeekday(holiday, counted) : previousWeekday(holiday, counted);
    if (when >= local.startOf('day')) dates.push(toDate(when));
    return blank(match);
  });
  return { dates, rest };
}

/**
 * Spans of days: "end of the week" is its Thursday and Friday (from today when that is later;
 * said at the weekend, the coming week's), "early next week" (or its beginning, its start) the
 * next Monday and Tuesday, "end of next week" that week's Thursday and Friday. The text left for
 * chrono, which would read "the week" as a day a week away.
 */
function spansOfDays(text: string, local: DateTime): { span: { from: LocalDate; to: LocalDate } | null; rest: string } {
  const toDate = (when: DateTime): LocalDate => ({ year: when.year, month: when.month, day: when.day });
  const today = local.startOf('day');
  const monday = today.minus({ days: today.weekday - 1 });
  let span: { from: LocalDate; to: LocalDate } | null = null;
  // "any day this week", "sometime next week": the working days left in that week.
  const anyDay = text.replace(/\b(?:any ?day|sometime|some time|any ?time|later)(?: (?:during|in))? (this|next) week\b/gi, (match, which: string) => {
    const weekStart = which.toLowerCase() === 'next' ? monday.plus({ weeks: 1 }) : monday;
    const first = weekStart < today ? today : weekStart;
    const last = weekStart.plus({ days: 4 });
    if (first > last) return match;
    span ??= { from: toDate(first), to: toDate(last) };
    return ' '.repeat(match.length);
  });
  const rest = anyDay.replace(/\b(?:(?:at |by )?the )?(end|early|beginning|start|first part) (?:of )?(the|this|next) week\b/gi, (match, part: string, which: string) => {
    const late = part.toLowerCase() === 'end';
    // "early this week" is history or today: only the end of this week, and either part of the next, is a span ahead.
    if (!late && which.toLowerCase() !== 'next') return match;
    const weekStart = which.toLowerCase() === 'next' || (late && today.weekday >= 6) ? monday.plus({ weeks: 1 }) : monday;
    const first = weekStart.plus({ days: late ? 3 : 0 });
    const last = weekStart.plus({ days: late ? 4 : 1 });
    span ??= { from: toDate(first < today ? today : first), to: toDate(last) };
    return ' '.repeat(match.length);
  });
  return { span, rest };
}

interface FromDaySaid {
  index: number;
  /** The day meant, counted from the day said (null when none was), or null when it cannot be told. */
  from: (daySaid: DateTime | null, today: DateTime) => DateTime | null;
}

const COUNT_WORDS: Record<string, number> = { a: 1, one: 1, two: 2, three: 3, four: 4, five: 5, 'a couple of': 2, 'a couple': 2 };

/**
 * Days counted from the day just said rather than from today: "the following Monday", "the
 * Tuesday after that", "the Friday after", "the day after", "the next day", "two days later",
 * "a week after that". A weekday so said is the first one after the day said (with no day said,
 * the next one from today); a count of days needs a day said. Hidden from chrono, which would
 * read their weekday from today.
 */
function daysFromTheDaySaid(text: string): { phrases: FromDaySaid[]; rest: string } {
  const phrases: FromDaySaid[] = [];
  const blank = (match: string) => ' '.repeat(match.length);
  const weekdayAfter = (weekday: string) => (daySaid: DateTime | null, today: DateTime) => nextWeekday(daySaid ?? today, weekday);
  const ending = '(?=\\s*(?:[.,;!?]|$|(?:and|in|at|is|works?|would|for|please|then|instead|ok|okay|around|between|from|morning|afternoon|evening)\\b))';
  let rest = text.replace(new RegExp(`\\bthe following (${WEEKDAY})\\b`, 'gi'), (match, weekday: string, index: number) => {
    phrases.push({ index, from: weekdayAfter(weekday) });
    return blank(match);
  });
  rest = rest.replace(new RegExp(`\\bthe (${WEEKDAY}) (?:after|following)(?:(?: (?:that|this|it|then)\\b)|${ending})`, 'gi'), (match, weekday: string, index: number) => {
    phrases.push({ index, from: weekdayAfter(weekday) });
    return blank(match);
  });
  rest = rest.replace(new RegExp(`\\bthe (?:day after|next day|following day)\\b${ending}`, 'gi'), (match, index: number) => {
    phrases.push({ index, from: (daySaid) => daySaid?.plus({ days: 1 }) ?? null });
    return blank(match);
  });
  // "Can we do the week after, same day?": the same weekday a week after the day said.
  rest = rest.replace(/\b(?:the )?week after(?: that)?(?:,?\s*(?:the )?same day)?(?=\s*(?:[.,;!?]|$|(?:at|same|then|instead|please|in the)\b))|\bsame day(?:,)? (?:the )?(?:next week|week after)\b/gi, (match, index: number) => {
    phrases.push({ index, from: (daySaid) => daySaid?.plus({ weeks: 1 }) ?? null });
    return blank(match);
  });
  rest = rest.replace(/\b(a couple(?: of)?|a|one|two|three|four|five|[1-5]) (days?|weeks?) (?:later|after (?:that|this|it))\b/gi, (match, count: string, unit: string, index: number) => {
    const n = COUNT_WORDS[count.toLowerCase()] ?? Number(count);
    phrases.push({ index, from: (daySaid) => daySaid?.plus(unit.toLowerCase().startsWith('week') ? { weeks: n } : { days: n }) ?? null });
    return blank(match);
  });
  return { phrases, rest };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function windowOf(part: keyof typeof LOOSE_PARTS): TimeOfDay {
  const [start, end] = PART_OF_DAY_WINDOWS[part];
  return { start, end, part };
}

function contains(outer: TimeOfDay, inner: TimeOfDay): boolean {
  if (outer.end === null) return false;
  const [start, end] = outer.part ? LOOSE_PARTS[outer.part] : [outer.start, outer.end];
  return inner.start >= start && (inner.end ?? inner.start) <= end;
}

const AGREEMENT = /\b(?:works?|perfect|sounds good|fine|great|yes|yep|booked|you'?re set|it is|done|got it|that'?s good|is good|okay|ok|deal|suits)\b/i;

const dayKey = (date: LocalDate) => `${date.year}-${date.month}-${date.day}`;

/**
 * Whether `said`, read from a weekday named alone ("Monday's okay", "that Monday"), means the
 * same weekday already on the table a week or two later: no date, "next" or "this" said with it.
 */
function sameWeekdayLater(said: LocalDate, onTable: LocalDate, text: string, zone: string): boolean {
  const a = DateTime.fromObject(said, { zone });
  const b = DateTime.fromObject(onTable, { zone });
  if (a.weekday !== b.weekday || b <= a || b.diff(a, 'days').days > 21) return false;
  if (/\b(?:next|this|coming|following|after)\b|\b\d{1,2}(?:st|nd|rd|th)?\b/i.test(text)) return false;
  return new RegExp(`\\b(?:that\\s+)?(?:${WEEKDAY})(?:'s)?\\b`, 'i').test(text);
}

interface Choice {
  date: LocalDate;
  time: TimeOfDay | null;
}

/**
 * A sentence offering two or three visits joined by "or" ("I have Thursday at 10 or Friday at 2",
 * "Monday we have 10 or 2", "10 or 2 on Monday?"): each choice with its day (a choice naming
 * none takes the day said with another, or the day on the table) and its time. Null unless at
 * least two choices differ.
 */
function choicesOffered(sentence: Sentence, zone: string, daySaid: LocalDate | null, dateOnTable: LocalDate | null): Choice[] | null {
  if (!/\bor\b/i.test(sentence.text)) return null;
  const pieces = sentence.text.split(/,?\s+or\s+/i);
  if (pieces.length < 2 || pieces.length > 3) return null;
  const readings = pieces.map((piece) => {
    const reading = readSentence(piece, sentence.at, zone, daySaid);
    const bare = new RegExp(`(?:^|\\s)(?:(?:at|say|maybe)\\s+)?${HOUR}(?::(\\d{2}))?${MERIDIEM}(?:\\s+(?:on\\s+)?(${WEEKDAY}|tomorrow|today))?\\s*[.?!]*\\s*$`, 'i').exec(piece);
    // A window said alone ("… 12-2 or 2-4") is read as hours the way it would be beside its day.
    const time = reading.time ?? (reading.dates.length === 0 ? readSentence(`tomorrow ${piece}`, sentence.at, zone).time : null) ?? (bare ? (() => {
      const start = minutesOf(bare[1]!, bare[2], bare[3], false);
      return start === null ? null : { start, end: null };
    })() : null);
    return { dates: reading.dates, time };
  });
  // Each choice names a day or a time of its own: "Tuesday afternoon or whenever you can" offers one visit.
  if (readings.some((reading) => reading.dates.length > 1 || (reading.dates.length === 0 && reading.time === null))) return null;
  const shared = readings.find((reading) => reading.dates.length === 1)?.dates[0] ?? dateOnTable;
  if (shared === null) return null;
  const choices = readings.map((reading) => ({ date: reading.dates[0] ?? shared, time: reading.time }));
  if (choices.some((choice) => choice.time === null && readings.every((reading) => reading.dates.length === 0))) return null;
  const differ = choices.some((choice) => !sameDate(choice.date, choices[0]!.date) || choice.time?.start !== choices[0]!.time?.start);
  return differ ? choices : null;
}

const PICK_ORDINALS: Record<string, number> = { first: 0, '1st': 0, former: 0, earlier: 0, second: 1, '2nd': 1, latter: 1, later: 1, third: 2, '3rd': 2 };

/** Whether an hour said ("3", "ten", "2:30 pm") is `minutes` after midnight, read as morning or as evening. */
function isHour(hour: string, minute: string | undefined, meridiem: string | undefined, minutes: number | null): boolean {
  return minutes !== null && [false, true].some((evening) => minutesOf(hour, minute, meridiem, evening) === minutes);
}

/** The customer picking one of the choices: "the second one", "the later one", "first", "ten", "2 works". Null when the reply picks none. */
function choicePicked(text: string, choices: readonly Choice[]): Choice | null {
  const ordinal = /^\W*(?:(?:um|uh|hmm|ok(?:ay)?|yes|yeah|let'?s do|let'?s go with|i'?ll take|go with|do)[,\s]+)*(?:the\s+)?(first|second|third|1st|2nd|3rd|last|former|latter|earlier|later)(?:\s+(?:one|option|time|slot|window))?\b/i.exec(text);
  if (ordinal) {
    const word = ordinal[1]!.toLowerCase();
    return word === 'last' ? choices[choices.length - 1]! : (choices[PICK_ORDINALS[word]!] ?? null);
  }
  const lead = "^\\W*(?:(?:um|uh|ok(?:ay)?|yes|yeah|let'?s do|do|make it)[,\\s]+)*";
  // "12-2 pls", "the 2 to 4": a window offered, said back.
  const range = new RegExp(`${lead}(?:the\\s+)?${HOUR}(?::(\\d{2}))?${MERIDIEM}\\s*(?:[-–]|to|till|until)\\s*${HOUR}(?::(\\d{2}))?${MERIDIEM}(?![\\d:])`, 'i').exec(text);
  if (range) {
    const matching = choices.filter((choice) => choice.time !== null && isHour(range[1]!, range[2], range[3], choice.time.start) && isHour(range[4]!, range[5], range[6], choice.time.end));
    return matching.length === 1 ? matching[0]! : null;
  }
  const hour = new RegExp(`${lead}(?:at\\s+)?${HOUR}(?::(\\d{2}))?${MERIDIEM}(?:\\s+(?:works?|please|is (?:good|fine|better|best)|then))?\\s*[.!]*\\s*$`, 'i').exec(text);
  if (!hour) {
    // "I work till 2 so 3 please": of the hours said, the one offered (and only one) is the pick.
    const said = [...text.matchAll(new RegExp(`(?<![\\d:])\\b${HOUR}(?::(\\d{2}))?${MERIDIEM}(?![\\d:])(?!\\s*(?:minutes?|hours?|days?|weeks?|years?|kids?|people|dollars|bucks))`, 'gi'))];
    const offered = choices.filter((choice) => choice.time !== null && said.some((match) => !/\b(?:till|til|until|before|after|from|by)\s*$/i.test(text.slice(0, match.index)) && isHour(match[1]!, match[2], match[3], choice.time!.start)));
    return offered.length === 1 ? offered[0]! : null;
  }
  const matching = choices.filter((choice) => choice.time !== null && isHour(hour[1]!, hour[2], hour[3], choice.time.start));
  return matching.length === 1 ? matching[0]! : null;
}

/**
 * A reply that fits one choice only: "monday" or "the monday one" after "Fri 11/13 at 2 or Mon
 * 11/16 at 9", "the morning window" or "afternoon please" after "8 to 10 or 1 to 3".
 */
function choiceFitting(reading: Reading, choices: readonly Choice[], text = ''): Choice | null {
  if (reading.dates.length > 1 || (reading.dates.length === 0 && reading.time === null)) return null;
  // "The 11th." after "Monday, January 11th, or Tuesday the 12th": the day of the month said picks, whatever month it would be read in alone.
  const dayOnly = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)\\b`, 'i').exec(text);
  const saidDay = dayOnly && !new RegExp(`\\b(?:${MONTHS})\\b`, 'i').test(text) ? Number(dayOnly[1]) : null;
  const fits = choices.filter((choice) => {
    if (reading.dates.length === 1 && !sameDate(reading.dates[0]!, choice.date) && saidDay !== choice.date.day) return false;
    if (reading.time === null || choice.time === null) return reading.time === null;
    return contains(reading.time, choice.time) || reading.time.start === choice.time.start;
  });
  return fits.length === 1 ? fits[0]! : null;
}

export function findPreferredTime(sentences: readonly Sentence[], zone: string): ExtractedField | null {
  let date: LocalDate | null = null;
  /** The last day said itself, from which "the following Monday" counts. */
  let daySaid: LocalDate | null = null;
  let time: TimeOfDay | null = null;
  /** The last day of a span of days said ("early next week"), which starts at `date`. */
  let spanEnd: LocalDate | null = null;
  let evidence: string[] = [];
  let lastUpdate = -1;
  let firstHour: { time: TimeOfDay; sentence: Sentence } | null = null;
  /** The choices last offered ("Thursday at 10 or Friday at 2", "Monday we have 10 or 2"), for "the second one" or "ten" to pick from. */
  let offered: { choices: Choice[]; index: number } | null = null;
  /** The last time of day said, agreed or not, for "same time Tuesday?". */
  let lastTime: TimeOfDay | null = null;
  /** The last time given to each day, for a return to it. */
  const timeByDay = new Map<string, TimeOfDay>();
  /** A time said before any day, for the day said right after it. */
  let pendingTime: { time: TimeOfDay; index: number } | null = null;
  for (const sentence of sentences) {
    // "The Tuesday after that?" … "Yes, the Tuesday after that": both count from the day said before them, not from each other.
    let reading = readSentence(sentence.text, sentence.at, zone, daySaid);
    // "either Wednesday or Thursday afternoon, either one works" is a span of days, not a choice to be made.
    const choices = reading.spanEnd ? null : choicesOffered(sentence, zone, daySaid, date);
    if (choices !== null) {
      offered = { choices, index: sentence.index };
      // Several days offered decide none; one day with several times puts that day on the table.
      if (reading.dates.length !== 1) continue;
      reading = { ...reading, time: null };
    }
    const picked = offered !== null && sentence.index - offered.index <= 2 && sentence.speaker !== 'business' ? choicePicked(sentence.text, offered.choices) : null;
    const fitting = picked === null && offered !== null && sentence.index - offered.index <= 2 && sentence.speaker !== 'business' ? choiceFitting(reading, offered.choices, sentence.text) : null;
    const chosen = picked ?? fitting;
    if (chosen !== null) {
      reading = { dates: [chosen.date], time: chosen.time, relativeDate: null };
      offered = null;
    }
    if (reading.dates.length > 1) continue;
    // "Same time Tuesday?", "Friday the 20th, same time": the time already agreed, on the new day.
    if (reading.time === null && lastTime !== null && /\b(?:same time|same hour|at the same time)\b/i.test(sentence.text)) reading = { ...reading, time: lastTime };
    if (reading.time !== null) lastTime = reading.time;
    let said = reading.dates[0] ?? reading.relativeDate;
    // "the first opening is Monday the 23rd" … "Monday's okay": a weekday named alone is the one on the table, not the next.
    if (said && date !== null && reading.dates.length === 1 && !reading.countedFromDaySaid && sameWeekdayLater(said, date, sentence.text, zone)) said = date;
    if (reading.dates.length === 1 && !reading.countedFromDaySaid) daySaid = said ?? reading.dates[0]!;
    if (said) {
      if (date === null || !sameDate(date, said)) {
        // "How about the first, in the morning?" … "December first? sure": the morning said just before the day is its.
        const before = date === null && reading.time === null && pendingTime !== null && sentence.index - pendingTime.index <= 2 ? pendingTime.time : null;
        // Back to a day already given a time ("Wednesday, 1 to 4" … "okay till Wednesday"): that time again.
        const earlier = timeByDay.get(dayKey(said)) ?? null;
        date = said;
        time = reading.time ?? before ?? earlier;
        spanEnd = reading.spanEnd ?? null;
        evidence = [sentence.text];
      } else {
        // "end of the week" … "Thursday then": the first day of a span, named alone, narrows it to that day.
        if (reading.dates.length === 1) spanEnd = reading.spanEnd ?? null;
        if (reading.time && !(time && contains(reading.time, time))) time = reading.time;
        evidence.push(sentence.text);
      }
      lastUpdate = sentence.index;
      if (time !== null) timeByDay.set(dayKey(date), time);
    } else if (reading.time && date !== null) {
      if (!(time && contains(reading.time, time))) {
        time = reading.time;
        evidence.push(sentence.text);
        lastUpdate = sentence.index;
        timeByDay.set(dayKey(date), time);
      }
    } else if (reading.time) {
      // Only a window or a part of the day: a lone number before any day may be a house ("at 12 oak street").
      // And only one offered or asked about ("How about the first, in the morning?"), not the caller's own hours told in passing.
      if (reading.time.end !== null && (sentence.speaker === 'business' || sentence.text.includes('?'))) pendingTime = { time: reading.time, index: sentence.index };
      if (reading.time.end === null && firstHour === null) firstHour = { time: reading.time, sentence };
    }
  }
  // "the tech can be there by 8:30", and no day said in the whole call: the next 8:30 from then.
  if (date === null && firstHour !== null) {
    const local = localAt(firstHour.sentence.at, zone);
    // "He'll be there by about twelve fifteen", said at 11 pm: an hour read as the afternoon's is
    // the night's when the call is at night and that comes within three hours.
    const nightly = firstHour.time.start - 12 * 60;
    if ((local.hour >= 20 || local.hour < 6) && nightly >= 0) {
      const start = local.startOf('day').plus({ minutes: nightly });
      const next = start >= local ? start : start.plus({ days: 1 });
      if (next.diff(local, 'minutes').minutes <= 180) firstHour = { ...firstHour, time: { start: nightly, end: null } };
    }
    const when = local.startOf('day').plus({ minutes: firstHour.time.start }) >= local ? local : local.plus({ days: 1 });
    date = { year: when.year, month: when.month, day: when.day };
    time = firstHour.time;
    evidence = [firstHour.sentence.text];
    lastUpdate = firstHour.sentence.index;
  }
  if (date === null) return null;
  const day = DateTime.fromObject(date, { zone });
  const agreed = sentences.some((sentence) => sentence.index > lastUpdate && sentence.index <= lastUpdate + 3 && AGREEMENT.test(sentence.text)) || AGREEMENT.test(evidence[evidence.length - 1] ?? '');
  const format = (minutes: number) => day.plus({ minutes }).toISO({ suppressMilliseconds: true })!;
  let value: string;
  let confidence: number;
  if (spanEnd !== null) {
    // "early next week": from the start of the first day's hours to the end of the last's.
    const lastDay = DateTime.fromObject(spanEnd, { zone });
    const [from, to] = time === null ? PART_OF_DAY_WINDOWS.businessDay : [time.start, time.end ?? time.start];
    value = `${format(from)}/${lastDay.plus({ minutes: to }).toISO({ suppressMilliseconds: true })!}`;
    confidence = 0.6;
  } else if (time === null) {
    // "later today", "today if possible": what is left of the working day from when it was said.
    const saidAt = localAt(sentences[Math.max(0, lastUpdate)]?.at ?? sentences[0]!.at, zone);
    const now = saidAt.hasSame(day, 'day') ? Math.ceil((saidAt.hour * 60 + saidAt.minute) / 15) * 15 : 0;
    const from = Math.max(PART_OF_DAY_WINDOWS.businessDay[0], now < PART_OF_DAY_WINDOWS.businessDay[1] ? now : 0);
    value = `${format(from)}/${format(PART_OF_DAY_WINDOWS.businessDay[1])}`;
    confidence = 0.55;
  } else if (time.end === null) {
    value = format(time.start);
    confidence = 0.8;
  } else {
    value = `${format(time.start)}/${format(time.end)}`;
    confidence = 0.72;
  }
  if (agreed) confidence = Math.min(0.95, confidence + 0.1);
  return { value, confidence, evidence: [...new Set(evidence)].join(' … ').slice(0, 2000) };
}

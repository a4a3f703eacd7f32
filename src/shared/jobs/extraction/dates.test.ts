import { describe, expect, it } from 'vitest';
import { findPreferredTime, readSentence } from './dates';
import { sentencesOf } from './sentences';

const ZONE = 'America/Chicago';
const CALLED = '2026-11-12T19:00:00Z'; // Thursday, 1 pm in Chicago

describe('reading when a customer is free', () => {
  it('a customer free "anytime after 8:15 tonight" can be seen until the end of the day', () => {
    const reading = readSentence('You can come anytime after 8:15 tonight.', CALLED, ZONE);
    expect(reading.time).toEqual({ start: 20 * 60 + 15, end: 24 * 60 - 1 });
  });

  it('"after 3" without tonight still ends with the afternoon', () => {
    const reading = readSentence('Friday after 3 works.', CALLED, ZONE);
    expect(reading.time).toEqual({ start: 15 * 60, end: 17 * 60 });
  });

  it('a burst pipe caller asking for someone "as soon as you can get here" is given the next two hours', () => {
    const reading = readSentence('Water is everywhere, please send someone as soon as you can get here.', CALLED, ZONE);
    expect(reading.time).toEqual({ start: 13 * 60, end: 15 * 60 });
    expect(reading.relativeDate).toEqual({ year: 2026, month: 11, day: 12 });
  });

  it('"in the next couple of hours" and "right away" mean the next two hours; "within the hour" stays one', () => {
    expect(readSentence('Can you be here in the next couple of hours?', CALLED, ZONE).time).toEqual({ start: 13 * 60, end: 15 * 60 });
    expect(readSentence('We need someone right away.', CALLED, ZONE).time).toEqual({ start: 13 * 60, end: 15 * 60 });
    expect(readSentence('Can someone come within the hour?', CALLED, ZONE).time).toEqual({ start: 13 * 60, end: 14 * 60 });
  });

  it('a text asking for "the 8th at 10" books the next 8th after the call, in this year or the next', () => {
    const reading = readSentence('Could you do the 8th at 10?', CALLED, ZONE);
    expect(reading.dates).toEqual([{ year: 2026, month: 12, day: 8 }]);
    expect(reading.time).toEqual({ start: 10 * 60, end: null });
  });

  it('a caller who turns down the morning ("not the morning, the afternoon works") is booked in the afternoon', () => {
    expect(readSentence('Friday, not the morning, the afternoon works.', CALLED, ZONE).time).toEqual({ start: 12 * 60, end: 17 * 60, part: 'afternoon' });
    expect(readSentence('Mornings are bad for me, Monday afternoon please.', CALLED, ZONE).time).toEqual({ start: 12 * 60, end: 17 * 60, part: 'afternoon' });
  });

  it('a window of bare hours is that window of the afternoon or across midday, however the two hours are joined', () => {
    const window = (text: string) => readSentence(text, CALLED, ZONE).time;
    expect(window('Saturday between 2 and 5 is best.')).toEqual({ start: 14 * 60, end: 17 * 60 });
    expect(window('Saturday from 9 till 1 works.')).toEqual({ start: 9 * 60, end: 13 * 60 });
    expect(window('Saturday, from 11 until 3.')).toEqual({ start: 11 * 60, end: 15 * 60 });
    expect(window('Saturday 2 through 5.')).toEqual({ start: 14 * 60, end: 17 * 60 });
    expect(window('Saturday between 2 & 5.')).toEqual({ start: 14 * 60, end: 17 * 60 });
    expect(window('sometime 2 to 4 saturday')).toEqual({ start: 14 * 60, end: 16 * 60 });
    expect(window('Anytime 9 to 1 is fine for me.')).toEqual({ start: 9 * 60, end: 13 * 60 });
    // A pair that counts something is not a time.
    expect(window('Saturday we will need 2 to 3 guys.')).toBeNull();
  });

  it('a weekday said with a window ending at noon is the next such weekday', () => {
    const reading = readSentence('Saturday from 8 to noon?', CALLED, ZONE);
    expect(reading.dates).toEqual([{ year: 2026, month: 11, day: 14 }]);
    expect(reading.time).toEqual({ start: 8 * 60, end: 12 * 60 });
  });

  it('a bare hour offered or taken for a visit is a working hour: 1 to 6 the afternoon, 7 to 11 the morning unless the evening is said', () => {
    const hour = (text: string) => readSentence(text, CALLED, ZONE).time;
    expect(hour('Saturday, 2 works for me.')).toEqual({ start: 14 * 60, end: null });
    expect(hour('Would 5 work Saturday?')).toEqual({ start: 17 * 60, end: null });
    expect(hour('Could you do 1 on Saturday?')).toEqual({ start: 13 * 60, end: null });
    expect(hour('Saturday 10ish is good.')).toEqual({ start: 10 * 60, end: null });
    expect(hour('Yes, 3 is fine.')).toEqual({ start: 15 * 60, end: null });
    expect(hour('Saturday at 8 after work.')).toEqual({ start: 20 * 60, end: null });
    expect(hour('Saturday at 8.')).toEqual({ start: 8 * 60, end: null });
    // A number that names or counts something is not an hour.
    expect(hour('A size 6 is fine.')).toBeNull();
    expect(hour('Option 2 works.')).toBeNull();
    expect(hour('Saturday, 2 guys is fine.')).toBeNull();
    expect(hour('Saturday works, my unit is 4.')).toBeNull();
  });

  it('"end of the week" is its Thursday and Friday, and "early next week" the next Monday and Tuesday', () => {
    const thursday = { year: 2026, month: 11, day: 12 };
    const end = readSentence('We could send someone end of the week, Thursday or Friday.', CALLED, ZONE);
    expect(end.dates).toEqual([thursday]);
    expect(end.spanEnd).toEqual({ year: 2026, month: 11, day: 13 });
    const early = readSentence('Early next week suits me, Monday or Tuesday, I am home both days.', CALLED, ZONE);
    expect(early.dates).toEqual([{ year: 2026, month: 11, day: 16 }]);
    expect(early.spanEnd).toEqual({ year: 2026, month: 11, day: 17 });
    // Said on a Saturday, the end of the week is the coming one.
    const saturday = readSentence('Sometime at the end of the week is fine.', '2026-11-14T16:00:00Z', ZONE);
    expect(saturday.dates).toEqual([{ year: 2026, month: 11, day: 19 }]);
    expect(saturday.spanEnd).toEqual({ year: 2026, month: 11, day: 20 });
  });

  it('an apartment such as "9D" is a door, not nine days away', () => {
    expect(readSentence('I live at 40 Pine Street, apartment 7C.', CALLED, ZONE).dates).toEqual([]);
  });

  it('when the tech calls ahead ("calls the morning of", "will ring you that morning") is not when the visit is', () => {
    expect(readSentence('Saturday afternoon then, he calls the morning of.', CALLED, ZONE).time).toEqual({ start: 12 * 60, end: 17 * 60, part: 'afternoon' });
    expect(readSentence('Okay, Saturday after 2, the office will ring you that morning to confirm.', CALLED, ZONE).time).toEqual({ start: 14 * 60, end: 17 * 60 });
    expect(readSentence('Saturday morning works.', CALLED, ZONE).time).toEqual({ start: 8 * 60, end: 12 * 60, part: 'morning' });
  });

  it('a date written "12/15 PM" is the afternoon of the 15th and "12/15 AM" its morning, not a quarter past midday or 3 pm', () => {
    const pm = readSentence('You are booked for Tue 12/15 PM.', CALLED, ZONE);
    expect(pm.dates).toEqual([{ year: 2026, month: 12, day: 15 }]);
    expect(pm.time).toEqual({ start: 12 * 60, end: 17 * 60, part: 'afternoon' });
    expect(readSentence('Confirmed, Wed 12/16 AM.', CALLED, ZONE).time).toEqual({ start: 8 * 60, end: 12 * 60, part: 'morning' });
  });

  it('"someone needs to be home" says who must be there, not that the hour is in the evening; "when I get home" still does', () => {
    expect(readSentence('Saturday at nine thirty, someone needs to be home for about an hour.', CALLED, ZONE).time).toEqual({ start: 9 * 60 + 30, end: null });
    expect(readSentence('Saturday at 8, an adult has to be home.', CALLED, ZONE).time).toEqual({ start: 8 * 60, end: null });
    expect(readSentence('Saturday at 7 once I get home.', CALLED, ZONE).time).toEqual({ start: 19 * 60, end: null });
  });

  it('a house number in words ("nine fifteen maple avenue") is a house, not a time of day', () => {
    expect(readSentence('It is nine fifteen maple avenue.', CALLED, ZONE).time).toBeNull();
    expect(readSentence('Saturday at nine fifteen works.', CALLED, ZONE).time).toEqual({ start: 9 * 60 + 15, end: null });
  });

  it('"call me back right away" asks for a quick call, not a visit in the next two hours', () => {
    expect(readSentence('The furnace is out, call me back right away please.', CALLED, ZONE).time).toBeNull();
    expect(readSentence('Can you ring me back within the hour?', CALLED, ZONE).time).toBeNull();
    expect(readSentence('Please send someone right away.', CALLED, ZONE).time).toEqual({ start: 13 * 60, end: 15 * 60 });
  });

  it('"nine a m" and "4 p. m." as speech-to-text spells them are 9 am and 4 pm', () => {
    expect(readSentence('Monday the 16th at nine a m works.', CALLED, ZONE).time).toEqual({ start: 9 * 60, end: null });
    expect(readSentence('Friday around 4 p. m. please.', CALLED, ZONE).time).toEqual({ start: 16 * 60, end: null });
    expect(readSentence('Can you come Friday, ten am?', CALLED, ZONE).time).toEqual({ start: 10 * 60, end: null });
  });

  it('a narrowed part of the day is the part of it a receptionist would offer: late morning 10 to 12, early afternoon 1 to 3, late afternoon 3 to 5', () => {
    const window = (text: string) => readSentence(text, CALLED, ZONE).time;
    expect(window('Could you do the 3rd, late morning?')).toEqual({ start: 10 * 60, end: 12 * 60, part: 'morning' });
    expect(window('Friday, early afternoon.')).toEqual({ start: 13 * 60, end: 15 * 60, part: 'afternoon' });
    expect(window('Friday mid-afternoon is best.')).toEqual({ start: 14 * 60, end: 16 * 60, part: 'afternoon' });
    expect(window('Friday, late afternoon.')).toEqual({ start: 15 * 60, end: 17 * 60, part: 'afternoon' });
    expect(window('Early morning Monday.')).toEqual({ start: 8 * 60, end: 10 * 60, part: 'morning' });
  });

  it('"early afternoon Friday", the part said before its weekday, is that Friday', () => {
    expect(readSentence('early afternoon Friday, 12 Oak Street.', CALLED, ZONE).dates).toEqual([{ year: 2026, month: 11, day: 13 }]);
    expect(readSentence('morning on Tuesday works', CALLED, ZONE).dates).toEqual([{ year: 2026, month: 11, day: 17 }]);
  });

  it('"a week from tomorrow" and "two weeks from today" count from the day of the call', () => {
    expect(readSentence('A week from tomorrow at 4.', CALLED, ZONE).dates).toEqual([{ year: 2026, month: 11, day: 20 }]);
    expect(readSentence('Two weeks from today, in the morning.', CALLED, ZONE).dates).toEqual([{ year: 2026, month: 11, day: 26 }]);
  });

  it('"the first Monday in December", "the last Friday of the month" and "the second Tuesday of next month" are those days', () => {
    expect(readSentence('The first Monday in December at 10.', CALLED, ZONE).dates).toEqual([{ year: 2026, month: 12, day: 7 }]);
    expect(readSentence('The last Friday of the month works.', CALLED, ZONE).dates).toEqual([{ year: 2026, month: 11, day: 27 }]);
    expect(readSentence('The second Tuesday of next month.', CALLED, ZONE).dates).toEqual([{ year: 2026, month: 12, day: 8 }]);
    // A month already past this year is next year's.
    expect(readSentence('The first Monday in March.', CALLED, ZONE).dates).toEqual([{ year: 2027, month: 3, day: 1 }]);
  });

  it('a visit booked around a holiday: "the Tuesday after Thanksgiving", "the day after Christmas"; "before Christmas" names no day', () => {
    expect(readSentence('The Tuesday after Thanksgiving, in the afternoon.', CALLED, ZONE).dates).toEqual([{ year: 2026, month: 12, day: 1 }]);
    expect(readSentence('Could you come the day after Christmas?', CALLED, ZONE).dates).toEqual([{ year: 2026, month: 12, day: 26 }]);
    expect(readSentence('Black Friday at 9 is fine.', CALLED, ZONE).dates).toEqual([{ year: 2026, month: 11, day: 27 }]);
    expect(readSentence('Sometime before Christmas would be great.', CALLED, ZONE).dates).toEqual([]);
    // Said after this year's, the next one.
    expect(readSentence('The Monday after Labor Day.', CALLED, ZONE).dates).toEqual([{ year: 2027, month: 9, day: 13 }]);
  });
});

describe('days and times as texts write them', () => {
  const read = (text: string) => readSentence(text, CALLED, ZONE);
  it('"Tues 11/17 @ 2" is the 17th at 2 pm; "2morrow morning" tomorrow morning', () => {
    expect(read('Tues 11/17 @ 2 works').time).toEqual({ start: 14 * 60, end: null });
    expect(read('2morrow morning').dates).toEqual([{ year: 2026, month: 11, day: 13 }]);
  });

  it('"sat am" is Saturday morning, "fri pm" Friday afternoon, "in the a.m." the morning; "Sun Valley" names no day', () => {
    expect(read('can u do sat am')).toMatchObject({ dates: [{ year: 2026, month: 11, day: 14 }], time: { start: 8 * 60, end: 12 * 60 } });
    expect(read('fri pm is best')).toMatchObject({ dates: [{ year: 2026, month: 11, day: 13 }], time: { start: 12 * 60, end: 17 * 60 } });
    expect(read('Monday in the a.m.').time).toMatchObject({ start: 8 * 60, end: 12 * 60 });
    expect(read('This is Sun Valley Electric returning your call').dates).toEqual([]);
  });

  it('"noonish" is noon and "a week Monday" is Monday week', () => {
    expect(read('noonish on Friday').time).toEqual({ start: 12 * 60, end: null });
    expect(read('a week Monday at 10').dates).toEqual([{ year: 2026, month: 11, day: 23 }]);
  });
});

describe('choosing among the visits offered', () => {
  /** A call on Thursday 12 November 2026, 1 pm in Chicago, the business speaking first. */
  const booked = (...said: string[]) =>
    findPreferredTime(sentencesOf(said.map((text, i) => ({ speaker: i % 2 === 0 ? 'business' : 'customer', text, at: new Date(Date.parse(CALLED) + i * 7000).toISOString() }))), ZONE)?.value ?? null;

  it('"the second one" after "Thursday at 10 or Friday at 2" is Friday at 2; "the first one" Thursday at 10', () => {
    expect(booked('I have Monday at 10 or Tuesday at 2.', 'the second one')).toBe('2026-11-17T14:00:00-06:00');
    expect(booked('I have Monday at 10 or Tuesday at 2.', 'the first one please')).toBe('2026-11-16T10:00:00-06:00');
  });

  it('one day with two times: "ten" or "the later one" picks the time, on that day', () => {
    expect(booked('Monday we have 10 or 2.', 'ten')).toBe('2026-11-16T10:00:00-06:00');
    expect(booked('Monday we have 10 or 2.', 'the later one')).toBe('2026-11-16T14:00:00-06:00');
    expect(booked('Tomorrow 11/13 we can do 12-2 or 2-4', '2-4 pls')).toBe('2026-11-13T14:00:00-06:00/2026-11-13T16:00:00-06:00');
  });

  it('"or whenever you can" offers no second visit: the afternoon said stands', () => {
    expect(booked('When works?', 'the day after tomorrow in the afternoon works or whenever you can')).toBe('2026-11-14T12:00:00-06:00/2026-11-14T17:00:00-06:00');
  });

  it('"same time Tuesday?" after Monday at 9 was turned down is Tuesday at 9', () => {
    expect(booked('How about Monday at 9?', 'Monday is no good, I work. Tuesday?', 'Same time Tuesday?', 'yes')).toBe('2026-11-17T09:00:00-06:00');
  });
});

describe('history and the night', () => {
  it('"we had shingles blow off last night … maybe monday after lunch", said on a Saturday evening, is Monday afternoon', () => {
    const reading = readSentence("we had some shingles blow off last night, so maybe monday after lunch if that works", '2026-11-08T03:22:00Z', 'America/Los_Angeles');
    expect(reading.dates).toEqual([{ year: 2026, month: 11, day: 9 }]);
  });

  it('"he\'ll be there by about twelve fifteen", said at 11:10 pm with no day, is a quarter past midnight', () => {
    const at = (i: number) => new Date(Date.parse('2026-12-16T06:10:00Z') + i * 7000).toISOString();
    const sentences = sentencesOf([
      { speaker: 'customer', text: 'A pipe burst in the crawl space, water is spraying everywhere.', at: at(0) },
      { speaker: 'business', text: "He'll be there by about twelve fifteen.", at: at(1) },
    ]);
    expect(findPreferredTime(sentences, 'America/Denver')?.value).toBe('2026-12-16T00:15:00-07:00');
  });
});

describe('what a conversation says around the visit', () => {
  const booked = (...said: [speaker: 'business' | 'customer', text: string][]) =>
    findPreferredTime(sentencesOf(said.map(([speaker, text], i) => ({ speaker, text, at: new Date(Date.parse(CALLED) + i * 7000).toISOString() }))), ZONE)?.value ?? null;

  it('a weekday told as history ("it first started on Monday", "since Sunday") does not move the visit', () => {
    expect(booked(['business', 'Can we do Friday at 10?'], ['customer', 'Friday at 10 is fine. Oh and it first started on Monday, just so you know.'])).toBe('2026-11-13T10:00:00-06:00');
    expect(booked(['business', 'Can we do Friday at 10?'], ['customer', 'Yes.'], ['customer', 'It has been like this since Sunday.'])).toBe('2026-11-13T10:00:00-06:00');
  });

  it('"I work till 2 so 3 please" after "tomorrow, 9 or 3" picks 3', () => {
    expect(booked(['business', 'I could do tomorrow, 9 or 3.'], ['customer', 'I work till 2 so 3 please'])).toBe('2026-11-13T15:00:00-06:00');
  });

  it('"push it back a couple hours" names no day, and "Sure, 11 then." moves Friday at 9 to 11', () => {
    expect(booked(['business', 'Would Friday at 9 work?'], ['customer', 'Could we push it back a couple hours?'], ['business', 'Sure, 11 then.'])).toBe('2026-11-13T11:00:00-06:00');
  });

  it('"the week after, same day?" after Friday is the Friday a week later', () => {
    expect(booked(['business', 'Would Friday at 9 work?'], ['customer', 'Can we do the week after, same day?'], ['business', 'Ok.'])).toBe('2026-11-20T08:00:00-06:00/2026-11-20T17:00:00-06:00');
  });
});

describe('replies that pick, and hours said loosely', () => {
  const booked = (...said: [speaker: 'business' | 'customer', text: string][]) =>
    findPreferredTime(sentencesOf(said.map(([speaker, text], i) => ({ speaker, text, at: new Date(Date.parse(CALLED) + i * 600_000).toISOString() }))), ZONE)?.value ?? null;

  it('"the monday one" or "1st one" after "Fri 11/13 at 2 or Mon 11/16 at 9" is that visit, time and all', () => {
    expect(booked(['business', 'We have Fri 11/13 at 2 or Mon 11/16 at 9'], ['customer', 'the monday one'])).toBe('2026-11-16T09:00:00-06:00');
    expect(booked(['business', 'We have Fri 11/13 at 2 or Mon 11/16 at 9'], ['customer', '1st one'])).toBe('2026-11-13T14:00:00-06:00');
  });

  it('"the morning window" or "afternoon please" after "8 to 10 or 1 to 3" is that window', () => {
    expect(booked(['business', 'We can do Friday between 8 and 10 or between 1 and 3'], ['customer', 'the morning window'])).toBe('2026-11-13T08:00:00-06:00/2026-11-13T10:00:00-06:00');
    expect(booked(['business', 'We can do Friday between 8 and 10 or between 1 and 3'], ['customer', 'afternoon please'])).toBe('2026-11-13T13:00:00-06:00/2026-11-13T15:00:00-06:00');
  });

  it('"home until noon" is the morning up to noon, "at work until 3" from 3, "I get home at 3, anytime after that" from 3 on', () => {
    expect(readSentence('I am home tomorrow until noon.', CALLED, ZONE).time).toEqual({ start: 8 * 60, end: 12 * 60 });
    expect(readSentence("Friday I'm at work until 3.", CALLED, ZONE).time).toEqual({ start: 15 * 60, end: 17 * 60 });
    expect(readSentence('Friday I get home at 3, anytime after that.', CALLED, ZONE).time).toEqual({ start: 15 * 60, end: 17 * 60 });
  });

  it('"around lunchtime" is noon to one', () => {
    expect(readSentence('We can come tomorrow around lunchtime.', CALLED, ZONE).time).toEqual({ start: 12 * 60, end: 13 * 60, part: 'afternoon' });
  });

  it('"How about the first, in the morning?" … "December first? sure": the morning said before the day is that day\'s', () => {
    expect(booked(['business', 'How about the first, in the morning?'], ['customer', 'December first? sure'])).toBe('2026-12-01T08:00:00-06:00/2026-12-01T12:00:00-06:00');
  });

  it('"at 12 oak street" written in lower case is a house, not noon; "at 9 tomorrow" is still 9', () => {
    expect(readSentence('hi its ann lee at 12 oak street, we had a leak', CALLED, ZONE).time).toBeNull();
    expect(readSentence('we live at 9 north maple avenue', CALLED, ZONE).time).toBeNull();
    expect(readSentence('come at 9 tomorrow', CALLED, ZONE).time).toEqual({ start: 9 * 60, end: null });
  });
});

describe('more ways a visit is asked for', () => {
  const voicemail = (text: string) => findPreferredTime(sentencesOf([{ speaker: 'customer', text, at: CALLED }]), ZONE)?.value ?? null;

  it('"later today" is what is left of the working day from the call (1 pm) on', () => {
    expect(voicemail('Could someone come later today if possible?')).toBe('2026-11-12T13:00:00-06:00/2026-11-12T17:00:00-06:00');
  });

  it('"in an hour or so" is an hour after the call', () => {
    expect(voicemail('Can someone be here in an hour or so?')).toBe('2026-11-12T14:00:00-06:00');
  });

  it('"Nov. 17 at 10" keeps its month: the full stop of the abbreviation ends no sentence', () => {
    expect(voicemail('Could you come Nov. 17 at 10? Thanks.')).toBe('2026-11-17T10:00:00-06:00');
  });

  it('"Actually make it 4 to 6" moves the window of "between 3 and 5 tomorrow"', () => {
    expect(voicemail('Can you come between 3 and 5 tomorrow? Actually make it 4 to 6.')).toBe('2026-11-13T16:00:00-06:00/2026-11-13T18:00:00-06:00');
  });

  it('"any day this week after 4" is from today to Friday, after 4', () => {
    expect(voicemail('Any day this week after 4 works.')).toBe('2026-11-12T16:00:00-06:00/2026-11-13T17:00:00-06:00');
  });

  it('"Friday, 10 to 2 window is fine" is that window', () => {
    expect(voicemail('Friday, 10 to 2 window is fine.')).toBe('2026-11-13T10:00:00-06:00/2026-11-13T14:00:00-06:00');
  });

  it('when to call the caller back is not when to come: "give me a call tomorrow morning", "you can reach me Monday between 9 and 5"', () => {
    expect(voicemail('Give me a call tomorrow morning to set something up.')).toBeNull();
    expect(voicemail('You can reach me Monday between 9 and 5.')).toBeNull();
    expect(voicemail('Could someone come out Friday? Call me back at 3 or after.')).toBe('2026-11-13T08:00:00-06:00/2026-11-13T17:00:00-06:00');
    expect(voicemail('next wednesday would be good mornings are better for me you can reach me at this number')).toBe('2026-11-18T08:00:00-06:00/2026-11-18T12:00:00-06:00');
  });

  it("the caller's own hours told in passing are not the visit's: \"I am at work till 5 so call my cell. We need someone Friday.\"", () => {
    expect(voicemail('I am at work till 5 so call my cell. We need someone Friday.')).toBe('2026-11-13T08:00:00-06:00/2026-11-13T17:00:00-06:00');
  });
});

describe('a conversation that comes back to a day, and words that name no visit', () => {
  const booked = (...said: [speaker: 'business' | 'customer', text: string][]) =>
    findPreferredTime(sentencesOf(said.map(([speaker, text], i) => ({ speaker, text, at: new Date(Date.parse(CALLED) + i * 7000).toISOString() }))), ZONE)?.value ?? null;

  it('back to a day already given a time ("Wednesday the 18th, 1 to 4" … "okay till Wednesday"): that time again', () => {
    expect(booked(['business', 'Wednesday the 18th, between 1 and 4.'], ['business', 'The tech will call about 30 minutes before.'], ['business', "Otherwise you're okay till Wednesday."])).toBe('2026-11-18T13:00:00-06:00/2026-11-18T16:00:00-06:00');
  });

  it('"Monday\'s okay" after "the first opening is Monday the 23rd" is that Monday, not the next one', () => {
    expect(booked(['business', 'The first opening I have is Monday the 23rd.'], ['customer', "Monday's okay I guess, in the morning?"])).toBe('2026-11-23T08:00:00-06:00/2026-11-23T12:00:00-06:00');
  });

  it('"we fly out the 24th", "today\'s booked up", "I pick up my son at 3:15" name no visit', () => {
    expect(booked(['business', 'Friday the 20th, I can do 10 AM.'], ['customer', 'Good, we fly out the 24th.'])).toBe('2026-11-20T10:00:00-06:00');
    expect(booked(['business', "Today's booked up, but I can get you first thing tomorrow, 7 to 9 in the morning."])).toBe('2026-11-13T07:00:00-06:00/2026-11-13T09:00:00-06:00');
    expect(booked(['business', 'I have tomorrow 12 to 4.'], ['customer', 'Tomorrow. But I pick up my son at 3:15.'], ['business', "I'll make you his first stop after lunch, so 12 to 2."])).toBe('2026-11-13T12:00:00-06:00/2026-11-13T14:00:00-06:00');
  });

  it('"the weekend line", "a quote within a couple of days", "it\'s Christmas week" name no day; "around nine tonight" is 9 pm', () => {
    expect(booked(['business', "This is Peak Air's weekend line."], ['business', 'Our tech can be there between 10 and 12 this morning.'])).toBe('2026-11-12T10:00:00-06:00/2026-11-12T12:00:00-06:00');
    expect(booked(['business', 'Friday the 20th at 10.'], ['business', "You'll get a written quote within a couple of days."])).toBe('2026-11-20T10:00:00-06:00');
    expect(booked(['customer', "I know it's Christmas week. If anybody could come Monday the 28th, any time after noon works."])).toBe('2026-12-28T12:00:00-06:00/2026-12-28T17:00:00-06:00');
    expect(booked(['business', 'He can be there around nine tonight.'])).toBe('2026-11-12T21:00:00-06:00');
  });

  it('"Eight to ten then." and "8 to 10 then." answer the day on the table; "Monday the 28th" said in November is December\'s Monday the 28th', () => {
    expect(readSentence('8 to 10 then.', CALLED, ZONE).time).toEqual({ start: 8 * 60, end: 10 * 60 });
    expect(readSentence('Eight to ten then.', CALLED, ZONE).time).toEqual({ start: 8 * 60, end: 10 * 60 });
    expect(readSentence('Could you come Monday the 28th?', CALLED, ZONE).dates).toEqual([{ year: 2026, month: 12, day: 28 }]);
  });
});

describe('the caller\'s own day is not the visit\'s', () => {
  const booked = (...said: [speaker: 'business' | 'customer', text: string][]) =>
    findPreferredTime(sentencesOf(said.map(([speaker, text], i) => ({ speaker, text, at: new Date(Date.parse(CALLED) + i * 7000).toISOString() }))), ZONE)?.value ?? null;

  it('"there was a big bang this morning" and "my husband tried to fix it on Tuesday" are history', () => {
    expect(readSentence('There was a big bang this morning, like a gunshot.', CALLED, ZONE).dates).toEqual([]);
    expect(readSentence("My husband tried to fix a cable on it on Tuesday, I don't know if he made it worse.", CALLED, ZONE).dates).toEqual([]);
  });

  it('"not before 9:30" is from 9:30 on', () => {
    expect(readSentence("Tuesday, but not before 9:30, I'm at the gym.", CALLED, ZONE).time).toEqual({ start: 9 * 60 + 30, end: 17 * 60 });
  });

  it('"I have a call at 9 on Tuesday" and "we\'re picking up the car on the 20th" do not move the visit', () => {
    expect(booked(['business', 'I have Tuesday the 17th, 8 to 10.'], ['customer', 'Oh, I have a call at 9 on Tuesday.'])).toBe('2026-11-17T08:00:00-06:00/2026-11-17T10:00:00-06:00');
    expect(readSentence("We're picking up the car on the 20th, so it'd be nice to have it in by then.", CALLED, ZONE).dates).toEqual([]);
  });

  it('"I\'ll put you down for 10 on Tuesday", "Ten is good." are 10; "Monday\'s tough" rules Monday out', () => {
    expect(readSentence("I'll put you down for 10 on Tuesday.", CALLED, ZONE).time).toEqual({ start: 10 * 60, end: null });
    expect(readSentence('Ten is good.', CALLED, ZONE).time).toEqual({ start: 10 * 60, end: null });
    expect(readSentence("That one works for me.", CALLED, ZONE).time).toBeNull();
    expect(readSentence("Monday's tough because I've got the kids.", CALLED, ZONE).dates).toEqual([]);
  });

  it('"next week, either Wednesday or Thursday afternoon" left open is Wednesday noon to Thursday 5', () => {
    const voicemail = (text: string) => findPreferredTime(sentencesOf([{ speaker: 'customer', text, at: CALLED }]), ZONE)?.value ?? null;
    expect(voicemail('Could somebody come out next week, either Wednesday or Thursday afternoon? Either one works for me.')).toBe('2026-11-18T12:00:00-06:00/2026-11-19T17:00:00-06:00');
  });

  it('lengths of time and days away name no visit: "every couple of minutes", "give her a few days", "over the weekend it was dripping", "she\'s in Florida until the 6th"', () => {
    expect(readSentence('My furnace keeps turning on and off, like every couple of minutes, since last week.', CALLED, ZONE).dates).toEqual([]);
    expect(readSentence('Give her a few days to settle in.', CALLED, ZONE).dates).toEqual([]);
    expect(readSentence('Over the weekend when the snow was melting it was dripping.', CALLED, ZONE).dates).toEqual([]);
    expect(readSentence("But she's in Florida until the 6th, of January, so after that.", CALLED, ZONE).dates).toEqual([]);
  });

  it('"The 11th." after "Monday, January 11th, or Tuesday the 12th" is January\'s 11th', () => {
    const booked = (...said: [speaker: 'business' | 'customer', text: string][]) =>
      findPreferredTime(sentencesOf(said.map(([speaker, text], i) => ({ speaker, text, at: new Date(Date.parse(CALLED) + i * 7000).toISOString() }))), ZONE)?.value ?? null;
    expect(booked(['business', 'I could do Monday, January 11th, or Tuesday the 12th.'], ['customer', 'The 11th. In the morning, she is an early bird.'])).toBe('2027-01-11T08:00:00-06:00/2027-01-11T12:00:00-06:00');
  });

  it('"I can take the bus today" and "they\'re saying more snow next week" name no visit', () => {
    expect(readSentence('Okay, yes, I can take the bus today.', CALLED, ZONE).dates).toEqual([]);
    expect(readSentence("As soon as you can really, they're saying more snow next week.", CALLED, ZONE).dates).toEqual([]);
  });
});

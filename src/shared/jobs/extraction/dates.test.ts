import { describe, expect, it } from 'vitest';
import { readSentence } from './dates';

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
});

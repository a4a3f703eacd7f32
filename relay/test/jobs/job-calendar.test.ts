import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { jobsCalendar } from '../../../src/shared/jobs/job-calendar';
import { emptyDetails, type JobRecord } from '../../../src/shared/jobs/job-fold';

/** A DTSTART/DTEND as a calendar app reads it: its instant, on the clocks of `timeZone`. */
function wallClockIn(vevent: ICAL.Component, name: 'dtstart' | 'dtend', timeZone: string): string {
  const value = vevent.getFirstPropertyValue(name) as ICAL.Time;
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(value.toJSDate()).replace(' ', 'T');
}

function job(jobId: string, stage: JobRecord['stage'], details: Partial<JobRecord['details']>): JobRecord {
  return {
    jobId,
    stage,
    position: 0,
    details: { ...emptyDetails('Basement crack'), ...details },
    extractionId: null,
    appointmentIndex: null,
    callId: null,
    conversationId: null,
    createdBy: 'Front desk',
    proposals: {},
    reviews: {},
    personSet: [],
    notes: [],
    photos: [],
    mediaIds: [],
    createdAtMs: Date.parse('2026-12-01T10:00:00Z'),
    updatedAtMs: Date.parse('2026-12-01T10:10:00Z'),
  };
}

describe('jobs as iCalendar text', () => {
  it('writes each job with a time as one event at the right time in the business time zone, summer and winter, an hour long when only its start is known, tentative before Confirmed', () => {
    const text = jobsCalendar({
      calendarName: 'Harbor jobs',
      timeZone: 'America/Chicago',
      jobs: [
        { job: job('j-confirmed', 'confirmed', { scheduledStart: '2026-07-08T15:00:00.000Z', customerName: 'Ann Lee', description: 'Crack, water coming in' }), summaryLines: [], photoUrls: [] },
        { job: job('j-quote', 'quote_sent', { scheduledStart: '2026-12-09T15:00:00.000Z', scheduledEnd: '2026-12-09T17:30:00.000Z' }), summaryLines: ['Wants a quote first'], photoUrls: ['https://relay.example/calendar/s/photos/a', 'https://relay.example/calendar/s/photos/b'] },
        { job: job('j-no-time', 'confirmed', {}), summaryLines: [], photoUrls: [] },
      ],
    });
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent');
    expect(events.map((event) => event.getFirstPropertyValue('uid'))).toEqual(['j-confirmed@ringside', 'j-quote@ringside']);
    // Times in UTC need no VTIMEZONE (a TZID without one is what Outlook refuses); the zone is named for the calendar.
    expect(text).not.toMatch(/TZID/);
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('America/Chicago');
    for (const event of events) for (const name of ['dtstart', 'dtend'] as const) expect((event.getFirstPropertyValue(name) as ICAL.Time).zone?.tzid).toBe('UTC');
    const [summer, winter] = events;
    // Summer time in Chicago is UTC−5, winter UTC−6: each reads at the job's own wall-clock time there.
    expect(wallClockIn(summer!, 'dtstart', 'America/Chicago')).toBe('2026-07-08T10:00:00');
    expect(wallClockIn(summer!, 'dtend', 'America/Chicago')).toBe('2026-07-08T11:00:00');
    expect(text).toContain('DTSTART:20260708T150000Z');
    expect(summer!.getFirstPropertyValue('summary')).toBe('Basement crack — Ann Lee');
    expect(summer!.getFirstPropertyValue('description')).toBe('Crack, water coming in');
    expect(summer!.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(wallClockIn(winter!, 'dtstart', 'America/Chicago')).toBe('2026-12-09T09:00:00');
    expect(wallClockIn(winter!, 'dtend', 'America/Chicago')).toBe('2026-12-09T11:30:00');
    expect(winter!.getFirstPropertyValue('status')).toBe('TENTATIVE');
    expect(winter!.getFirstPropertyValue('description')).toBe('Wants a quote first\n\nPhotos:\nhttps://relay.example/calendar/s/photos/a\nhttps://relay.example/calendar/s/photos/b');
    expect(winter!.getFirstPropertyValue('sequence')).toBe(600);
  });

  it('writes the same text for the same jobs', () => {
    const input = { calendarName: 'Jobs', timeZone: 'UTC', jobs: [{ job: job('j1', 'completed', { scheduledStart: '2026-12-09T15:00:00.000Z' }), summaryLines: [], photoUrls: [] }] };
    expect(jobsCalendar(input)).toBe(jobsCalendar(input));
  });

  it('cannot be broken by a job id or a business name with line breaks: each job stays one event with the UID it was given, its characters encoded', () => {
    const evil = 'x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nDTSTART:20261224T100000Z\r\nSUMMARY:Call 1-900-SCAM now\r\nURL:https://evil.example';
    const text = jobsCalendar({
      calendarName: 'Harbor\r\nX-INJECTED:1',
      timeZone: 'UTC',
      jobs: [
        { job: job(evil, 'confirmed', { scheduledStart: '2026-12-09T15:00:00.000Z' }), summaryLines: [], photoUrls: [] },
        { job: job('conversation:+16175550100|+16175550111,+16175550112:0', 'confirmed', { scheduledStart: '2026-12-10T15:00:00.000Z' }), summaryLines: [], photoUrls: [] },
      ],
    });
    expect(text).not.toMatch(/^(UID:evil|URL:|SUMMARY:Call|X-INJECTED)/m);
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent');
    expect(events.map((event) => event.getFirstPropertyValue('uid'))).toEqual([
      'conversation:+16175550100%7C+16175550111%2C+16175550112:0@ringside',
      'x%0D%0AEND:VEVENT%0D%0ABEGIN:VEVENT%0D%0AUID:evil%0D%0ADTSTART:20261224T100000Z%0D%0ASUMMARY:Call%201-900-SCAM%20now%0D%0AURL:https:%2F%2Fevil.example@ringside',
    ]);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Harbor X-INJECTED:1');
  });
});

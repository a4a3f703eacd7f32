import { useState } from 'react';
import type { RingsideClient } from '../../../shared/api/contract';
import type { CalendarJob } from '../../../shared/api/jobs';
import type { JobStage } from '../../../shared/events/model';
import { useApiQuery } from '../api/use-api-query';
import { SubmitStatus } from '../forms/SubmitStatus';
import { useSubmit } from '../forms/use-submit';
import { clockWords, dateWords, timesShownInWords, useBusinessTimeZone } from '../time/time-words';
import { isoDay } from './job-words';

type Span = 'month' | 'week';

/** What the colours on the grid mean (the stages a job with a time can be in). */
const LEGEND = [
  { stage: 'confirmed', label: 'Confirmed' },
  { stage: 'in_progress', label: 'In progress' },
  { stage: 'completed', label: 'Completed' },
] as const;

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Monday of the week `date` is in. */
function weekStart(date: Date): Date {
  const start = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  start.setDate(start.getDate() - ((start.getDay() + 6) % 7));
  return start;
}

/** The days the grid shows: whole weeks covering the month, or one week. */
export function gridDays(anchor: Date, span: Span): Date[] {
  const first = span === 'month' ? weekStart(new Date(anchor.getFullYear(), anchor.getMonth(), 1)) : weekStart(anchor);
  const last = span === 'month' ? new Date(anchor.getFullYear(), anchor.getMonth() + 1, 0) : new Date(first.getFullYear(), first.getMonth(), first.getDate() + 6);
  const days: Date[] = [];
  for (let day = new Date(first); day <= last || days.length % 7 !== 0; day = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1)) days.push(day);
  return days;
}

/** Confirmed jobs (and later) on a month or week grid, with the business's subscribable calendar link. */
export function JobCalendarView({ client, onOpen, canAdmin, stageNames }: { client: RingsideClient; onOpen(jobId: string): void; canAdmin: boolean; stageNames?: Partial<Record<JobStage, string>> }) {
  const [span, setSpan] = useState<Span>('month');
  const [anchor, setAnchor] = useState(() => new Date());
  const days = gridDays(anchor, span);
  const range = { from: isoDay(days[0]!), to: isoDay(days[days.length - 1]!) };
  const jobs = useApiQuery(client, 'jobs.calendar', range);
  const byDay = new Map<string, CalendarJob[]>();
  for (const job of jobs.data ?? []) {
    const day = isoDay(new Date(job.start));
    byDay.set(day, [...(byDay.get(day) ?? []), job]);
  }
  const step = (direction: number) =>
    setAnchor((current) => (span === 'month' ? new Date(current.getFullYear(), current.getMonth() + direction, 1) : new Date(current.getFullYear(), current.getMonth(), current.getDate() + 7 * direction)));
  const heading = span === 'month' ? anchor.toLocaleDateString('en-GB', { month: 'long', year: 'numeric' }) : `Week of ${days[0]!.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}`;
  const today = isoDay(new Date());
  const zoneWords = timesShownInWords(useBusinessTimeZone(client));
  return (
    <div className="job-calendar" data-testid="job-calendar">
      <div className="job-calendar__bar">
        <button type="button" className="button" onClick={() => step(-1)} aria-label={span === 'month' ? 'Previous month' : 'Previous week'}>
          ‹
        </button>
        <h2 className="job-calendar__title" aria-live="polite">
          {heading}
        </h2>
        <button type="button" className="button" onClick={() => step(1)} aria-label={span === 'month' ? 'Next month' : 'Next week'}>
          ›
        </button>
        <button type="button" className="button button--quiet" onClick={() => setAnchor(new Date())}>
          Today
        </button>
        <div className="segmented" role="group" aria-label="Show">
          <button type="button" className="button" aria-pressed={span === 'month'} onClick={() => setSpan('month')}>
            Month
          </button>
          <button type="button" className="button" aria-pressed={span === 'week'} onClick={() => setSpan('week')}>
            Week
          </button>
        </div>
      </div>
      <div className="job-calendar__key">
        <p className="hint" data-testid="job-calendar-zone">
          {zoneWords}
        </p>
        <ul className="job-calendar__legend" aria-label="Colours">
          {LEGEND.map((item) => (
            <li key={item.stage}>
              <span className={`job-calendar__swatch job-calendar__job--${item.stage}`} aria-hidden="true" /> {stageNames?.[item.stage] ?? item.label}
            </li>
          ))}
        </ul>
      </div>
      {jobs.error ? <p className="error">{jobs.error}</p> : null}
      <div className={`job-calendar__grid job-calendar__grid--${span}`} role="grid" aria-label={heading}>
        <div role="row" className="job-calendar__row job-calendar__row--head">
          {WEEKDAYS.map((day) => (
            <div role="columnheader" key={day} className="job-calendar__weekday">
              {day}
            </div>
          ))}
        </div>
        {Array.from({ length: days.length / 7 }, (_, week) => (
          <div role="row" className="job-calendar__row" key={week}>
            {days.slice(week * 7, week * 7 + 7).map((day) => {
              const key = isoDay(day);
              const here = byDay.get(key) ?? [];
              const outside = span === 'month' && day.getMonth() !== anchor.getMonth();
              return (
                <div role="gridcell" key={key} className={`job-calendar__day${outside ? ' is-outside' : ''}${key === today ? ' is-today' : ''}`} data-day={key}>
                  <span className="job-calendar__date">{day.getDate()}</span>
                  {here.map((job) => (
                    <button key={job.jobId} type="button" className={`job-calendar__job job-calendar__job--${job.stage}`} onClick={() => onOpen(job.jobId)} data-testid="calendar-job">
                      <span className="job-calendar__time">{clockWords(job.start)}</span> {job.title}
                      {job.customerName ? <span className="job-calendar__who"> · {job.customerName}</span> : null}
                    </button>
                  ))}
                </div>
              );
            })}
          </div>
        ))}
      </div>
      {jobs.data && jobs.data.length === 0 ? <p className="muted">No confirmed jobs in these days. A job shows here once it is confirmed (or later) and has a time.</p> : null}
      <CalendarFeedPanel client={client} canAdmin={canAdmin} />
    </div>
  );
}

/** The link Google Calendar, Outlook or Apple Calendar follow; an admin makes, changes or turns it off. */
function CalendarFeedPanel({ client, canAdmin }: { client: RingsideClient; canAdmin: boolean }) {
  const read = useApiQuery(client, 'jobs.calendarFeed', canAdmin ? {} : null);
  const [answer, setAnswer] = useState<typeof read.data>(null);
  const feed = answer ?? read.data;
  const submit = useSubmit();
  const change = (action: 'create' | 'rotate' | 'revoke', done: string) =>
    submit.run(async () => {
      const next = await client.invoke('jobs.changeCalendarFeed', { action });
      setAnswer(next);
      // Why it could not be done is shown once, in the panel.
      return next.unavailable ? '' : done;
    });
  return (
    <section className="panel panel--full job-feed" aria-labelledby="job-feed-title" data-testid="job-feed">
      <h2 id="job-feed-title">Follow the jobs in your calendar</h2>
      <p className="hint">Google Calendar, Outlook and Apple Calendar can follow a private link to the confirmed jobs, with each visit’s address, summary and photos. Anyone with the link can read it.</p>
      {!canAdmin ? <p className="muted">Ask an admin for the calendar link.</p> : null}
      {canAdmin && feed?.unavailable ? (
        <p className="muted" data-testid="job-feed-unavailable">
          {feed.unavailable}
        </p>
      ) : null}
      {canAdmin && feed && !feed.unavailable && feed.url ? (
        <>
          <label htmlFor="job-feed-url">Calendar link</label>
          <input id="job-feed-url" className="input job-feed__url" readOnly value={feed.url} onFocus={(event) => event.target.select()} data-testid="job-feed-url" />
          {feed.createdBy ? <p className="hint">Made by {feed.createdBy}{feed.createdAt ? ` on ${dateWords(feed.createdAt)}` : ''}.</p> : null}
          <div className="form__actions">
            <button type="button" className="button" onClick={() => void submit.run(async () => (await navigator.clipboard.writeText(feed.url!), 'Link copied. Paste it into your calendar’s “subscribe by URL”.'))}>
              Copy link
            </button>
            <button type="button" className="button" disabled={submit.busy} onClick={() => void change('rotate', 'A new link is made; the old one no longer works. Give the new one to your calendars.')}>
              Make a new link
            </button>
            <button type="button" className="button button--quiet" disabled={submit.busy} onClick={() => void change('revoke', 'The link is turned off: calendars following it stop updating.')}>
              Turn off
            </button>
          </div>
        </>
      ) : null}
      {canAdmin && feed && !feed.unavailable && !feed.url ? (
        <button type="button" className="button button--primary" disabled={submit.busy} onClick={() => void change('create', 'Link made. Copy it into your calendar.')} data-testid="job-feed-create">
          Make a calendar link
        </button>
      ) : null}
      <SubmitStatus state={submit} testId="job-feed" />
    </section>
  );
}

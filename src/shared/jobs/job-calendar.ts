import ical, { ICalEventStatus } from 'ical-generator';
import type { JobStage } from '../events/model';
import type { JobRecord } from './job-fold';

/**
 * Jobs as iCalendar text (issue 15 §3), for the relay's subscribable feed and the console's
 * `.ics` file per job, so both write the same event for the same job. Pure: the same jobs give
 * the same text (every time written comes from the jobs, never a clock).
 *
 * One VEVENT per job: UID `<jobId>@ringside` (a calendar that follows the feed updates the event
 * instead of adding another), SUMMARY the title and the customer, LOCATION the address,
 * DESCRIPTION the call's summary lines and links to the job's photos, DTSTART/DTEND in UTC
 * (`…Z`) with the calendar's X-WR-TIMEZONE naming the business time zone, STATUS CONFIRMED from
 * Confirmed on and TENTATIVE before, LAST-MODIFIED the job's last change and SEQUENCE growing
 * with each change.
 *
 * Why UTC: a DTSTART;TZID=<zone> needs a VTIMEZONE for that zone in the same file (RFC 5545
 * §3.2.19; Outlook refuses the event without one). Writing the instants in UTC needs none, and
 * every calendar app shows them at the right wall-clock time in its user's zone (the business's,
 * for the people who follow this feed), across summer and winter time. Packages that write a
 * VTIMEZONE exist (timezones-ical-library 2.3.2, @touch4it/ical-timezones 1.9.0 on npm), but
 * they carry their own copy of the zone rules, which goes stale apart from Node's, for a zone
 * block no reader needs when the times are UTC.
 */

export interface CalendarJob {
  job: JobRecord;
  /** The call's summary lines (call.summary_ready), else empty: the job's description stands in. */
  summaryLines: readonly string[];
  /** Links to the job's photos, in the order they were added. */
  photoUrls: readonly string[];
}

export interface JobsCalendarInput {
  jobs: readonly CalendarJob[];
  /** IANA name of the business time zone (RELAY_BUSINESS_TIME_ZONE). */
  timeZone: string;
  /** What the calendar app names the subscription. */
  calendarName: string;
}

/** How long a job lasts on the calendar when only its start is known. */
export const DEFAULT_JOB_MINUTES = 60;

const CONFIRMED_STAGES: ReadonlySet<JobStage> = new Set(['confirmed', 'in_progress', 'completed']);

export function jobsCalendar(input: JobsCalendarInput): string {
  const calendar = ical({ name: withoutControlCharacters(input.calendarName), prodId: { company: 'Ringside', product: 'Jobs', language: 'EN' } });
  // The business's zone, for apps that show a subscribed calendar in it; the times themselves are UTC (see above), so no VTIMEZONE is needed.
  calendar.x([{ key: 'X-WR-TIMEZONE', value: input.timeZone }]);
  const ordered = [...input.jobs].filter((entry) => entry.job.details.scheduledStart !== null).sort((a, b) => (a.job.jobId < b.job.jobId ? -1 : a.job.jobId > b.job.jobId ? 1 : 0));
  for (const entry of ordered) {
    const { job } = entry;
    const startMs = Date.parse(job.details.scheduledStart!);
    const endIso = job.details.scheduledEnd;
    const endMs = endIso !== null && Date.parse(endIso) > startMs ? Date.parse(endIso) : startMs + DEFAULT_JOB_MINUTES * 60_000;
    calendar.createEvent({
      id: uidOf(job.jobId),
      // A plain Date with no time zone on the event or the calendar: ical-generator writes it in UTC (DTSTART:20261208T150000Z).
      start: new Date(startMs),
      end: new Date(endMs),
      stamp: new Date(job.updatedAtMs),
      lastModified: new Date(job.updatedAtMs),
      created: new Date(job.createdAtMs),
      // A whole number that grows with every change: the seconds from the job's first version to its last.
      sequence: Math.max(0, Math.floor((job.updatedAtMs - job.createdAtMs) / 1000)),
      summary: summaryOf(job),
      location: job.details.address,
      description: descriptionOf(entry),
      status: CONFIRMED_STAGES.has(job.stage) ? ICalEventStatus.CONFIRMED : ICalEventStatus.TENTATIVE,
    });
  }
  return calendar.toString();
}

/**
 * `<jobId>@ringside` with every character outside a safe set percent-encoded: ical-generator
 * writes the UID as given, so a line break in a job id would end the event and start another
 * (the event model already keeps job ids to a safe set; this holds for any older id too).
 * A thread's job id has `|` and `,`, which are encoded the same way every time.
 */
export function uidOf(jobId: string): string {
  const encoded = jobId.replace(/[^A-Za-z0-9:._@+-]/gu, (character) => [...UTF8.encode(character)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
  return `${encoded}@ringside`;
}
const UTF8 = new TextEncoder();

/** The calendar's name as the operator set it, without line breaks or other control characters (it is written as given). */
function withoutControlCharacters(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

function summaryOf(job: JobRecord): string {
  const customer = job.details.customerName?.trim();
  return customer ? `${job.details.title} — ${customer}` : job.details.title;
}

function descriptionOf(entry: CalendarJob): string {
  const { job } = entry;
  const lines = entry.summaryLines.length > 0 ? [...entry.summaryLines] : job.details.description ? [job.details.description] : [];
  if (job.details.phone) lines.push(`Phone: ${job.details.phone}`);
  if (entry.photoUrls.length > 0) {
    lines.push('', entry.photoUrls.length === 1 ? 'Photo:' : 'Photos:');
    lines.push(...entry.photoUrls);
  }
  return lines.join('\n');
}

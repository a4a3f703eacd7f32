import { createHash, randomUUID } from 'node:crypto';
import type { ApiHandlers } from '../../shared/api/contract';
import type { JobBoard, JobsApiOutputs, JobView } from '../../shared/api/jobs';
import type { Clock } from '../../shared/clock';
import type { DataKind } from '../../shared/api/data-changes';
import { EVENT_MODEL_VERSION, jobUrgencies, ringsideEventSchema, type ConsoleEventInput, type JobDetails, type JobFieldName, type RingsideEvent } from '../../shared/events/model';
import { jobsCalendar } from '../../shared/jobs/job-calendar';
import { applyJobEvent, detailKeysOfField, detailsOfProposedValue, type JobChange, type JobLookup, type JobRecord } from '../../shared/jobs/job-fold';
import { toE164 } from '../../shared/phone';
import { CALENDAR_FEED_PATH, calendarFeedAnswerSchema, JOB_PHOTOS_PATH, uploadPhotoAnswerSchema, type CalendarFeed } from '../../shared/relay-rest/jobs';
import { readCatalog } from '../billing/queries/account-standing';
import type { ConsoleDatabase } from '../db/open-console-database';
import { callRelay, refusalOf, RelayRequestError } from '../http/relay-rest-client';
import { jsonOf } from '../http/outbound-client';
import type { MediaCache } from '../media/media-cache';
import { postConsoleEvent } from '../relay-link/post-console-event';
import { accuracyOf, allJobRecords, boardOf, businessTimeZone, calendarOf, jobView } from './job-reads';
import { databaseLookup, lookupWith, readStageNames } from './job-store';
import { FIELD_NAMES } from './job-words';

const JUST_MADE_WAIT_MS = 5000;
const JUST_MADE_POLL_MS = 50;

export interface JobsHandlersDeps {
  database: () => ConsoleDatabase;
  clock: Clock;
  relay: () => { url: string; token: string };
  whoAmI: () => Promise<string>;
  mediaCache: MediaCache;
  changed: (kinds: DataKind[]) => void;
  newId?: () => string;
}

type JobsHandlers = Pick<ApiHandlers, keyof JobsApiOutputs>;

const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/**
 * The Jobs page's API. Reads come from the jobs tables; every change is a console event
 * posted to the relay, so every console shows it. A change answers the job (or board) as it
 * will be once the event comes back: the same shared fold the projection runs, applied here
 * to what the database holds, so the page moves at once and agrees with every console after.
 */
export function createJobsHandlers(deps: JobsHandlersDeps): JobsHandlers {
  const newId = deps.newId ?? randomUUID;
  const now = () => new Date(deps.clock()).toISOString();

  const post = async (events: readonly ConsoleEventInput[]): Promise<void> => {
    const { url, token } = deps.relay();
    for (const event of events) await postConsoleEvent(url, token, event);
  };
  const input = <T extends ConsoleEventInput['type']>(type: T, data: Extract<ConsoleEventInput, { type: T }>['data'], id = `${type}:${newId()}`): ConsoleEventInput =>
    ({ type, id, occurredAt: now(), data }) as ConsoleEventInput;

  /** The jobs as they will be after `events`, without writing anything. */
  const foresee = (events: readonly ConsoleEventInput[]): { lookup: JobLookup; changes: JobChange[] } => {
    let lookup = databaseLookup(deps.database());
    const changes: JobChange[] = [];
    for (const event of events) {
      const step = applyJobEvent(lookup, asStored(event));
      changes.push(...step);
      lookup = lookupWith(lookup, step);
    }
    return { lookup, changes };
  };
  const viewAfter = (jobId: string, events: readonly ConsoleEventInput[]): JobView => {
    const job = foresee(events).lookup.job(jobId);
    if (!job) throw new Error('This job is no longer on the board.');
    return jobView(deps.database(), job);
  };
  // A job made on this console a moment ago reaches its database when the relay's stream brings it back
  // (milliseconds): a photo or a calendar file asked for at once waits for it rather than failing.
  const existing = async (jobId: string): Promise<JobRecord> => {
    for (let waitedMs = 0; ; waitedMs += JUST_MADE_POLL_MS) {
      const job = databaseLookup(deps.database()).job(jobId);
      if (job) return job;
      if (waitedMs >= JUST_MADE_WAIT_MS) throw new Error('This job is no longer on the board (removed or changed on another console). Close it and look again.');
      await new Promise((resolve) => setTimeout(resolve, JUST_MADE_POLL_MS));
    }
  };
  const boardAfter = (events: readonly ConsoleEventInput[]): JobBoard => {
    const db = deps.database();
    const { changes } = foresee(events);
    const changed = new Map<string, JobRecord>();
    for (const change of changes) if (change.kind === 'job') changed.set(change.job.jobId, change.job);
    const records = allJobRecords(db).map((job) => changed.get(job.jobId) ?? job);
    for (const job of changed.values()) if (!records.some((other) => other.jobId === job.jobId)) records.push(job);
    return boardOf(db, records);
  };

  return {
    'jobs.board': async ({ query }) => {
      const db = deps.database();
      return boardOf(db, allJobRecords(db), query);
    },
    'jobs.get': async ({ jobId }) => jobView(deps.database(), await existing(jobId)),
    'jobs.create': async ({ requestId, callId, details }) => {
      const db = deps.database();
      // Derived from the request, so a retried press names the same job (the relay keeps the first post).
      const jobId = uuidOf(requestId);
      const filled = { ...fromCall(db, callId), ...withoutUndefined(details) };
      const events = [input('job.created', { jobId, callId, conversationId: null, details: filled, by: await deps.whoAmI() }, `job.created:${requestId}`)];
      await post(events);
      return viewAfter(jobId, events);
    },
    'jobs.move': async ({ jobId, stage, beforeJobId }) => {
      await existing(jobId);
      const events = [input('job.moved', { jobId, stage, beforeJobId: beforeJobId === jobId ? null : beforeJobId, by: await deps.whoAmI() })];
      await post(events);
      return boardAfter(events);
    },
    'jobs.edit': async ({ jobId, changes }) => {
      await existing(jobId);
      const events = [input('job.edited', { jobId, changes: withoutUndefined(changes), by: await deps.whoAmI() })];
      await post(events);
      return viewAfter(jobId, events);
    },
    'jobs.reviewField': async ({ jobId, field, decision, chosen }) => {
      const db = deps.database();
      const job = await existing(jobId);
      const proposed = job.proposals[field]?.value ?? null;
      const by = await deps.whoAmI();
      let kept: string | null;
      let details: Partial<JobDetails>;
      if (decision === 'accepted') {
        if (proposed === null) throw new Error(`Nothing was suggested for ${FIELD_NAMES[field].toLowerCase()}: choose Edit to write it.`);
        kept = proposed;
        const read = detailsOfProposedValue(field, proposed);
        if (read === null) throw new Error(`The suggested ${FIELD_NAMES[field].toLowerCase()} cannot be kept as it is: choose Edit and correct it.`);
        details = read;
      } else if (decision === 'edited') {
        kept = normalChosen(field, chosen, job, readCatalog(db).rateCard.currency);
        details = detailsOfProposedValue(field, kept) ?? {};
      } else {
        kept = null;
        details = detailsOfProposedValue(field, null) ?? {};
      }
      const differs = detailKeysOfField[field].filter((key) => (job.details as Record<string, unknown>)[key] !== (details as Record<string, unknown>)[key]);
      const events = [input('job.field_reviewed', { jobId, field, decision, proposed, chosen: kept, by })];
      if (differs.length > 0) events.push(input('job.edited', { jobId, changes: Object.fromEntries(differs.map((key) => [key, details[key] ?? null])), by }));
      await post(events);
      return viewAfter(jobId, events);
    },
    'jobs.addNote': async ({ jobId, text }) => {
      await existing(jobId);
      const events = [input('job.note_added', { noteId: newId(), jobId, text: text.trim(), by: await deps.whoAmI() })];
      await post(events);
      return viewAfter(jobId, events);
    },
    'jobs.addPhoto': async ({ jobId, fileName, contentType, base64 }) => {
      await existing(jobId);
      const bytes = Buffer.from(base64, 'base64');
      if (bytes.length === 0) throw new Error('This file is empty: choose a photo.');
      if (bytes.length > MAX_PHOTO_BYTES) throw new Error('This photo is larger than 10 MB: choose a smaller one.');
      const answer = await callRelay(deps.relay(), 'POST', JOB_PHOTOS_PATH, bytes, { headers: { 'content-type': contentType, 'x-file-name': headerSafe(fileName) } });
      if (answer.status === 404) throw new Error('This relay does not take job photos yet: update the relay.');
      if (answer.status === 413) throw new Error('The relay refused this photo: it is larger than the relay takes.');
      if (answer.status < 200 || answer.status >= 300) throw new RelayRequestError(`The relay refused this photo (${answer.status}): ${refusalOf(answer)}`, answer.status);
      const uploaded = uploadPhotoAnswerSchema.safeParse(jsonOf(answer));
      if (!uploaded.success) throw new RelayRequestError('The relay took the photo but answered something this console does not read: update Ringside and the relay to the same version.', answer.status);
      const { photo } = uploaded.data;
      // This console already has the bytes: showing the photo needs no download.
      if (createHash('sha256').update(bytes).digest('hex') === photo.sha256) deps.mediaCache.put(photo.sha256, bytes);
      // The relay's name for it (no folders, no control characters), which is also what it stores.
      const events = [input('job.photo_added', { jobId, sha256: photo.sha256, contentType: photo.contentType, fileName: photo.fileName, by: await deps.whoAmI() })];
      await post(events);
      return viewAfter(jobId, events);
    },
    'jobs.photo': async ({ sha256 }) => {
      const db = deps.database();
      const known =
        (db.sqlite.prepare('SELECT content_type FROM job_photos WHERE sha256 = ? LIMIT 1').get(sha256) as { content_type: string } | undefined) ??
        (db.sqlite.prepare('SELECT content_type FROM media_captures WHERE sha256 = ? LIMIT 1').get(sha256) as { content_type: string } | undefined);
      if (!known) throw new Error('This photo is not on any job here.');
      const cached = deps.mediaCache.get(sha256);
      if (cached) return { dataUrl: dataUrl(known.content_type, cached) };
      const answer = await callRelay(deps.relay(), 'GET', `/v1/media/${sha256}`, undefined, { binary: true });
      if (answer.status === 404) throw new Error('The relay no longer has this photo.');
      if (answer.status === 403) throw new Error('This console may not see this photo.');
      if (answer.status !== 200 || !answer.bytes) throw new Error(`The relay could not send this photo (HTTP ${answer.status}).`);
      if (createHash('sha256').update(answer.bytes).digest('hex') !== sha256) throw new Error('The photo the relay sent was damaged on the way. Try again.');
      deps.mediaCache.put(sha256, answer.bytes);
      return { dataUrl: dataUrl(known.content_type, answer.bytes) };
    },
    'jobs.calendar': async ({ from, to }) => calendarOf(deps.database(), from, to),
    'jobs.icsFile': async ({ jobId }) => {
      const db = deps.database();
      const job = await existing(jobId);
      if (job.details.scheduledStart === null) throw new Error('Give the job a time first: a calendar file needs one.');
      const view = jobView(db, job);
      const text = jobsCalendar({ jobs: [{ job, summaryLines: view.summary, photoUrls: [] }], timeZone: businessTimeZone(db), calendarName: 'Ringside jobs' });
      return { fileName: `${fileNameOf(job.details.title)}.ics`, text };
    },
    'jobs.stageNames': async () => readStageNames(deps.database()),
    'jobs.nameStages': async ({ names }) => {
      const trimmed = Object.fromEntries(Object.entries(names).map(([stage, name]) => [stage, name.trim()])) as typeof names;
      await post([input('job_stages.named', { names: trimmed, by: await deps.whoAmI() })]);
      return trimmed;
    },
    'jobs.calendarFeed': async () => feedAnswer(deps.relay(), 'GET'),
    'jobs.changeCalendarFeed': async ({ action }) => feedAnswer(deps.relay(), 'POST', { action }),
    'jobs.accuracy': async () => accuracyOf(deps.database()),
  };
}

/** A posted event as the relay will store it (defaults filled in), for the fold to foresee. */
function asStored(event: ConsoleEventInput): RingsideEvent {
  return ringsideEventSchema.parse({ v: EVENT_MODEL_VERSION, id: event.id, source: 'console', occurredAt: event.occurredAt, receivedAt: event.occurredAt, lines: [], type: event.type, data: event.data });
}

/** A UUID (v4 layout) from the request id, the same every time. */
export function uuidOf(requestId: string): string {
  const hex = createHash('sha256').update(`job:${requestId}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A job made from a call starts with the caller's number and customer. */
function fromCall(db: ConsoleDatabase, callId: string | null): Partial<JobDetails> {
  if (callId === null) return {};
  const call = db.sqlite.prepare('SELECT external_e164 FROM calls WHERE call_id = ?').get(callId) as { external_e164: string } | undefined;
  if (!call) return {};
  const customer = db.sqlite
    .prepare('SELECT c.customer_id, c.name FROM customer_phones p JOIN customers c ON c.customer_id = p.customer_id WHERE p.phone_e164 = ? ORDER BY c.updated_seq DESC LIMIT 1')
    .get(call.external_e164) as { customer_id: string; name: string } | undefined;
  return { phone: call.external_e164, ...(customer ? { customerId: customer.customer_id, customerName: customer.name } : {}) };
}

/** What a person wrote for a field, in the field's normal form; a plain error when it cannot be read. */
function normalChosen(field: JobFieldName, chosen: string | null, job: JobRecord, defaultCurrency: string): string {
  const text = chosen?.trim() ?? '';
  const name = FIELD_NAMES[field].toLowerCase();
  if (text === '') throw new Error(`Write the ${name} first, or choose Reject to leave it empty.`);
  switch (field) {
    case 'phone': {
      const e164 = toE164(text);
      if (!e164) throw new Error('That is not a phone number Ringside can read: write it with its area code.');
      return e164;
    }
    case 'price': {
      if (/^\d+\s+[A-Z]{3}$/.test(text)) return text;
      const amount = Number(text.replace(/[^\d.]/g, ''));
      if (!/\d/.test(text) || !Number.isFinite(amount)) throw new Error('Write the price as an amount, like 450 or 450.00.');
      const currency = job.details.currency ?? job.proposals.price?.value.split(/\s+/)[1] ?? defaultCurrency;
      return `${Math.round(amount * 100)} ${currency}`;
    }
    case 'preferredTime':
      if (detailsOfProposedValue('preferredTime', text) === null) throw new Error('Choose a date and time.');
      return text;
    case 'urgency':
      if (!(jobUrgencies as readonly string[]).includes(text)) throw new Error('Choose how urgent it is.');
      return text;
    default:
      return text;
  }
}

/** HTTP headers carry Latin-1 only: a name with other letters travels percent-encoded. */
function headerSafe(fileName: string): string {
  return /^[\x20-\x7e]*$/.test(fileName) ? fileName : encodeURIComponent(fileName);
}

function dataUrl(contentType: string, bytes: Buffer): string {
  return `data:${contentType};base64,${bytes.toString('base64')}`;
}

function fileNameOf(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'job';
}

const NO_FEED: CalendarFeed = { url: null, createdAt: null, createdBy: null };

/** The relay's calendar feed, or why it cannot be had, in plain words (the relay's own when it gives them). */
async function feedAnswer(relay: { url: string; token: string }, method: 'GET' | 'POST', body?: unknown): Promise<CalendarFeed & { unavailable: string | null }> {
  let answer;
  try {
    answer = await callRelay(relay, method, CALENDAR_FEED_PATH, body);
  } catch (error) {
    if (error instanceof RelayRequestError) return { ...NO_FEED, unavailable: `The relay could not be reached, so the calendar link is unavailable for now (${error.message}).` };
    throw error;
  }
  if (answer.status === 403) return { ...NO_FEED, unavailable: 'Only an admin console can see and change the calendar link.' };
  if (answer.status === 404) return { ...NO_FEED, unavailable: 'This relay does not offer a calendar link yet: update the relay.' };
  if (answer.status < 200 || answer.status >= 300) return { ...NO_FEED, unavailable: refusalOf(answer) };
  const parsed = calendarFeedAnswerSchema.safeParse(jsonOf(answer));
  if (!parsed.success) return { ...NO_FEED, unavailable: 'The relay answered something this console does not read: update Ringside and the relay to the same version.' };
  return { ...parsed.data.feed, unavailable: null };
}

import { DateTime } from 'luxon';
import type { CalendarJob, FieldAccuracy, JobBoard, JobCard, JobFieldView, JobView } from '../../shared/api/jobs';
import { jobFieldNames, jobStages, type JobDetails, type JobFieldName, type JobStage } from '../../shared/events/model';
import { byPosition, calendarStages, unreviewedFields, type JobHappening, type JobRecord } from '../../shared/jobs/job-fold';
import { formatPhone } from '../../shared/phone';
import { readCatalog } from '../billing/queries/account-standing';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { JobsTable } from '../db/schema';
import { readStageNames, recordOf } from './job-store';
import { happeningWords, proposedValueWords, whenWords } from './job-words';

/** What the Jobs page reads: the board, a job's page, the calendar, the extractor's accuracy. */

/** The business's time zone (its business hours' zone), else this computer's. */
export function businessTimeZone(db: ConsoleDatabase): string {
  return readCatalog(db).rateCard.businessHours?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}

/** Every job as the fold knows it, in board order per stage. */
export function allJobRecords(db: ConsoleDatabase): JobRecord[] {
  const rows = db.sqlite.prepare('SELECT * FROM jobs').all() as JobsTable[];
  return rows.map((row) => recordOf(db, row));
}

/** A job's card: what the board shows of it. */
export function cardOf(db: ConsoleDatabase, job: JobRecord, zone: string): JobCard {
  const d = job.details;
  return {
    jobId: job.jobId,
    stage: job.stage,
    title: d.title,
    customerId: d.customerId,
    customerName: d.customerName ?? customerName(db, d.customerId),
    address: d.address,
    scheduledStart: d.scheduledStart,
    scheduledEnd: d.scheduledEnd,
    urgency: d.urgency,
    priceMinor: d.priceMinor,
    currency: d.currency,
    unreviewedFields: unreviewedFields(job).length,
    photoCount: job.photos.length + job.mediaIds.length,
    createdAtMs: job.createdAtMs,
    origin: originWords(db, job, zone),
  };
}

function customerName(db: ConsoleDatabase, customerId: string | null): string | null {
  if (customerId === null) return null;
  const row = db.sqlite.prepare('SELECT name FROM customers WHERE customer_id = ?').get(customerId) as { name: string } | undefined;
  return row?.name ?? null;
}

/** Where the job came from, in words ("Call on 3 Dec, 9:14", "Texts with Maria Lopez", "Added by Front desk"). */
function originWords(db: ConsoleDatabase, job: JobRecord, zone: string): string {
  if (job.createdBy !== null) return `Added by ${job.createdBy}`;
  const kind = job.extractionId?.split(':')[0];
  if (kind === 'conversation') {
    const who = job.details.customerName ?? customerName(db, job.details.customerId) ?? (job.details.phone ? formatPhone(job.details.phone) : null);
    return who ? `Texts with ${who}` : 'Texts';
  }
  const call = job.callId === null ? undefined : (db.sqlite.prepare('SELECT started_at_ms FROM calls WHERE call_id = ?').get(job.callId) as { started_at_ms: number } | undefined);
  const what = kind === 'voicemail' ? 'Voicemail' : 'Call';
  return call ? `${what} on ${whenWords(call.started_at_ms, zone)}` : what;
}

function matches(card: JobCard, words: string[]): boolean {
  const text = [card.title, card.customerName, card.address, card.origin].filter(Boolean).join(' ').toLowerCase();
  return words.every((word) => text.includes(word));
}

/** Columns in stage order with their names; `query` keeps the cards whose words hold every word of it. */
export function boardOf(db: ConsoleDatabase, records: readonly JobRecord[], query?: string): JobBoard {
  const names = readStageNames(db);
  const zone = businessTimeZone(db);
  const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const sorted = [...records].sort(byPosition);
  return {
    columns: jobStages.map((stage) => ({
      stage,
      name: names[stage],
      jobs: sorted
        .filter((job) => job.stage === stage)
        .map((job) => cardOf(db, job, zone))
        .filter((card) => words.length === 0 || matches(card, words)),
    })),
  };
}

/** A job's page. */
export function jobView(db: ConsoleDatabase, job: JobRecord): JobView {
  const zone = businessTimeZone(db);
  const names = readStageNames(db);
  const summaryRow = job.callId === null ? undefined : (db.sqlite.prepare('SELECT summary_json FROM call_artifacts WHERE call_id = ?').get(job.callId) as { summary_json: string | null } | undefined);
  const summary = summaryRow?.summary_json ? (JSON.parse(summaryRow.summary_json) as unknown[]).filter((line): line is string => typeof line === 'string') : [];
  const history = (db.sqlite.prepare('SELECT at_ms, happening_json FROM job_history WHERE job_id = ? ORDER BY seq').all(job.jobId) as { at_ms: number; happening_json: string }[]).map((row) => ({
    atMs: row.at_ms,
    words: happeningWords(JSON.parse(row.happening_json) as JobHappening, names),
  }));
  return {
    ...cardOf(db, job, zone),
    details: detailsOf(job),
    callId: job.callId,
    conversationId: job.conversationId,
    summary,
    fields: fieldViews(job),
    notes: job.notes.map((note) => ({ ...note })),
    photos: [...job.photos.map((photo) => ({ sha256: photo.sha256, fileName: photo.fileName, contentType: photo.contentType, by: photo.by, atMs: photo.atMs })), ...sentPhotos(db, job)],
    history,
  };
}

/** The details with the title, as the API gives them (every key present). */
function detailsOf(job: JobRecord): JobDetails {
  return { ...job.details } as JobDetails;
}

/** Pictures the customer sent by text in the thread the job came from, once the relay saved them. */
function sentPhotos(db: ConsoleDatabase, job: JobRecord): JobView['photos'] {
  if (job.mediaIds.length === 0) return [];
  const capture = db.sqlite.prepare('SELECT sha256, content_type FROM media_captures WHERE media_id = ?');
  const by = job.details.customerName ?? 'The customer';
  const out: JobView['photos'] = [];
  for (const [index, mediaId] of job.mediaIds.entries()) {
    const row = capture.get(mediaId) as { sha256: string; content_type: string } | undefined;
    if (!row || !row.content_type.startsWith('image/') || job.photos.some((photo) => photo.sha256 === row.sha256)) continue;
    out.push({ sha256: row.sha256, fileName: `Sent by text ${index + 1}`, contentType: row.content_type, by, atMs: job.createdAtMs });
  }
  return out;
}

function fieldViews(job: JobRecord): JobFieldView[] {
  return jobFieldNames.map((field) => {
    const proposed = job.proposals[field];
    const review = job.reviews[field];
    return {
      field,
      proposed: proposed ? { value: proposed.value, display: proposedValueWords(field, proposed.value), confidence: proposed.confidence, evidence: proposed.evidence } : null,
      review: review ? { decision: review.decision, chosen: review.chosen, by: review.by, atMs: review.atMs } : null,
    };
  });
}

/** Jobs from Confirmed on whose start falls in [from, to] (whole days in the business's zone). */
export function calendarOf(db: ConsoleDatabase, from: string, to: string): CalendarJob[] {
  const zone = businessTimeZone(db);
  const fromMs = DateTime.fromISO(from, { zone }).startOf('day').toMillis();
  const toMs = DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day').toMillis();
  const stages = calendarStages as readonly string[];
  const rows = db.sqlite
    .prepare(`SELECT * FROM jobs WHERE scheduled_start_ms >= ? AND scheduled_start_ms < ? AND stage IN (${stages.map(() => '?').join(', ')}) ORDER BY scheduled_start_ms, job_id`)
    .all(fromMs, toMs, ...stages) as JobsTable[];
  return rows.map((row) => ({
    jobId: row.job_id,
    title: row.title,
    customerName: row.customer_name ?? customerName(db, row.customer_id),
    address: row.address,
    start: row.scheduled_start!,
    end: row.scheduled_end,
    stage: row.stage as JobStage,
  }));
}

/** How often each field's proposal was taken as it was, from people's answers. */
export function accuracyOf(db: ConsoleDatabase): FieldAccuracy[] {
  const rows = db.sqlite.prepare('SELECT field, decision, COUNT(*) AS n FROM job_reviews GROUP BY field, decision').all() as { field: JobFieldName; decision: 'accepted' | 'edited' | 'rejected'; n: number }[];
  return jobFieldNames.map((field) => {
    const count = (decision: string) => rows.find((row) => row.field === field && row.decision === decision)?.n ?? 0;
    const accepted = count('accepted');
    const edited = count('edited');
    const rejected = count('rejected');
    const reviewed = accepted + edited + rejected;
    return { field, reviewed, accepted, edited, rejected, accuracy: reviewed === 0 ? null : accepted / reviewed };
  });
}


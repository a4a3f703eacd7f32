import type BetterSqlite3 from 'better-sqlite3';
import { jobStages, type ExtractedField, type JobDetails, type JobFieldName, type JobStage } from '../../shared/events/model';
import { defaultStageNames, unreviewedFields, type JobChange, type JobFieldReview, type JobLookup, type JobRecord } from '../../shared/jobs/job-fold';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { JobsTable, JobProposalsTable, JobReviewsTable } from '../db/schema';

/**
 * Jobs in the console database, as the shared fold reads and leaves them: a JobRecord is
 * one jobs row with its proposals, reviews, notes and photos. The projection writes the
 * fold's changes here; the handlers read records to answer and to foresee a change.
 */

interface Statements {
  job: BetterSqlite3.Statement<[string], JobsTable>;
  column: BetterSqlite3.Statement<[string], { job_id: string; position: number }>;
  proposals: BetterSqlite3.Statement<[string], JobProposalsTable>;
  reviews: BetterSqlite3.Statement<[string], JobReviewsTable>;
  notes: BetterSqlite3.Statement<[string], { note_id: string; text: string; by_whom: string; at_ms: number }>;
  photos: BetterSqlite3.Statement<[string], { sha256: string; content_type: string; file_name: string; by_whom: string; at_ms: number }>;
  upsertJob: BetterSqlite3.Statement<JobsTable>;
  clearProposals: BetterSqlite3.Statement<[string]>;
  insertProposal: BetterSqlite3.Statement<JobProposalsTable>;
  clearReviews: BetterSqlite3.Statement<[string]>;
  insertReview: BetterSqlite3.Statement<JobReviewsTable>;
  insertNote: BetterSqlite3.Statement<{ note_id: string; job_id: string; text: string; by_whom: string; at_ms: number; seq: number }>;
  insertPhoto: BetterSqlite3.Statement<{ job_id: string; sha256: string; content_type: string; file_name: string; by_whom: string; at_ms: number; seq: number }>;
  insertHistory: BetterSqlite3.Statement<{ job_id: string; seq: number; at_ms: number; happening_json: string }>;
  nameStage: BetterSqlite3.Statement<{ stage: string; name: string; named_by: string; seq: number }>;
  stageNames: BetterSqlite3.Statement<[], { stage: string; name: string }>;
}

const cache = new WeakMap<ConsoleDatabase, Statements>();

function statements(db: ConsoleDatabase): Statements {
  let s = cache.get(db);
  if (s) return s;
  const q = db.sqlite;
  s = {
    job: q.prepare('SELECT * FROM jobs WHERE job_id = ?'),
    column: q.prepare('SELECT job_id, position FROM jobs WHERE stage = ?'),
    proposals: q.prepare('SELECT * FROM job_proposals WHERE job_id = ?'),
    reviews: q.prepare('SELECT * FROM job_reviews WHERE job_id = ?'),
    notes: q.prepare('SELECT note_id, text, by_whom, at_ms FROM job_notes WHERE job_id = ? ORDER BY seq, note_id'),
    photos: q.prepare('SELECT sha256, content_type, file_name, by_whom, at_ms FROM job_photos WHERE job_id = ? ORDER BY seq, sha256'),
    upsertJob: q.prepare(
      `INSERT INTO jobs (job_id, stage, position, title, customer_id, customer_name, phone, address, scheduled_start, scheduled_end, scheduled_start_ms,
         description, price_minor, currency, urgency, extraction_id, appointment_index, call_id, conversation_id, created_by, person_set_json, media_ids_json,
         unreviewed, photo_count, created_at_ms, updated_at_ms, updated_seq)
       VALUES (@job_id, @stage, @position, @title, @customer_id, @customer_name, @phone, @address, @scheduled_start, @scheduled_end, @scheduled_start_ms,
         @description, @price_minor, @currency, @urgency, @extraction_id, @appointment_index, @call_id, @conversation_id, @created_by, @person_set_json, @media_ids_json,
         @unreviewed, @photo_count, @created_at_ms, @updated_at_ms, @updated_seq)
       ON CONFLICT (job_id) DO UPDATE SET stage = excluded.stage, position = excluded.position, title = excluded.title, customer_id = excluded.customer_id,
         customer_name = excluded.customer_name, phone = excluded.phone, address = excluded.address, scheduled_start = excluded.scheduled_start,
         scheduled_end = excluded.scheduled_end, scheduled_start_ms = excluded.scheduled_start_ms, description = excluded.description,
         price_minor = excluded.price_minor, currency = excluded.currency, urgency = excluded.urgency, extraction_id = excluded.extraction_id,
         appointment_index = excluded.appointment_index, call_id = excluded.call_id, conversation_id = excluded.conversation_id, created_by = excluded.created_by,
         person_set_json = excluded.person_set_json, media_ids_json = excluded.media_ids_json, unreviewed = excluded.unreviewed,
         photo_count = excluded.photo_count, created_at_ms = excluded.created_at_ms, updated_at_ms = excluded.updated_at_ms, updated_seq = excluded.updated_seq`,
    ),
    clearProposals: q.prepare('DELETE FROM job_proposals WHERE job_id = ?'),
    insertProposal: q.prepare('INSERT INTO job_proposals (job_id, field, value, confidence, evidence) VALUES (@job_id, @field, @value, @confidence, @evidence)'),
    clearReviews: q.prepare('DELETE FROM job_reviews WHERE job_id = ?'),
    insertReview: q.prepare('INSERT INTO job_reviews (job_id, field, decision, proposed, chosen, by_whom, at_ms) VALUES (@job_id, @field, @decision, @proposed, @chosen, @by_whom, @at_ms)'),
    insertNote: q.prepare('INSERT OR IGNORE INTO job_notes (note_id, job_id, text, by_whom, at_ms, seq) VALUES (@note_id, @job_id, @text, @by_whom, @at_ms, @seq)'),
    insertPhoto: q.prepare('INSERT OR IGNORE INTO job_photos (job_id, sha256, content_type, file_name, by_whom, at_ms, seq) VALUES (@job_id, @sha256, @content_type, @file_name, @by_whom, @at_ms, @seq)'),
    insertHistory: q.prepare('INSERT OR REPLACE INTO job_history (job_id, seq, at_ms, happening_json) VALUES (@job_id, @seq, @at_ms, @happening_json)'),
    nameStage: q.prepare(
      'INSERT INTO job_stage_names (stage, name, named_by, seq) VALUES (@stage, @name, @named_by, @seq) ON CONFLICT (stage) DO UPDATE SET name = excluded.name, named_by = excluded.named_by, seq = excluded.seq',
    ),
    stageNames: q.prepare('SELECT stage, name FROM job_stage_names'),
  };
  cache.set(db, s);
  return s;
}

const parseKeys = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
};

/** The job as the fold knows it, from its rows; null when there is none. */
export function readJobRecord(db: ConsoleDatabase, jobId: string): JobRecord | null {
  const s = statements(db);
  const row = s.job.get(jobId);
  if (!row) return null;
  return recordOf(db, row);
}

export function recordOf(db: ConsoleDatabase, row: JobsTable): JobRecord {
  const s = statements(db);
  const proposals: Partial<Record<JobFieldName, ExtractedField>> = {};
  for (const p of s.proposals.all(row.job_id)) proposals[p.field as JobFieldName] = { value: p.value, confidence: p.confidence, evidence: p.evidence };
  const reviews: Partial<Record<JobFieldName, JobFieldReview>> = {};
  for (const r of s.reviews.all(row.job_id)) reviews[r.field as JobFieldName] = { decision: r.decision, proposed: r.proposed, chosen: r.chosen, by: r.by_whom, atMs: r.at_ms };
  return {
    jobId: row.job_id,
    stage: row.stage as JobStage,
    position: row.position,
    details: {
      title: row.title,
      customerId: row.customer_id,
      customerName: row.customer_name,
      phone: row.phone,
      address: row.address,
      scheduledStart: row.scheduled_start,
      scheduledEnd: row.scheduled_end,
      description: row.description,
      priceMinor: row.price_minor,
      currency: row.currency,
      urgency: row.urgency as JobDetails['urgency'],
    },
    extractionId: row.extraction_id,
    appointmentIndex: row.appointment_index,
    callId: row.call_id,
    conversationId: row.conversation_id,
    createdBy: row.created_by,
    proposals,
    reviews,
    personSet: parseKeys(row.person_set_json) as (keyof JobDetails)[],
    notes: s.notes.all(row.job_id).map((n) => ({ noteId: n.note_id, text: n.text, by: n.by_whom, atMs: n.at_ms })),
    photos: s.photos.all(row.job_id).map((p) => ({ sha256: p.sha256, contentType: p.content_type, fileName: p.file_name, by: p.by_whom, atMs: p.at_ms })),
    mediaIds: parseKeys(row.media_ids_json),
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

/** The fold's view of the jobs in this database. */
export function databaseLookup(db: ConsoleDatabase): JobLookup {
  const s = statements(db);
  return { job: (jobId) => readJobRecord(db, jobId), column: (stage) => s.column.all(stage).map((row) => ({ jobId: row.job_id, position: row.position })) };
}

/** The database's jobs with `changes` laid over them: what they will be once the change is applied. */
export function lookupWith(base: JobLookup, changes: readonly JobChange[]): JobLookup {
  const changed = new Map<string, JobRecord>();
  for (const change of changes) if (change.kind === 'job') changed.set(change.job.jobId, change.job);
  return {
    job: (jobId) => changed.get(jobId) ?? base.job(jobId),
    column: (stage) => [
      ...base.column(stage).filter((entry) => !changed.has(entry.jobId)),
      ...[...changed.values()].filter((job) => job.stage === stage).map((job) => ({ jobId: job.jobId, position: job.position })),
    ],
  };
}

/** Writes the fold's changes for the event at `seq`. */
export function writeJobChanges(db: ConsoleDatabase, seq: number, changes: readonly JobChange[]): void {
  const s = statements(db);
  for (const change of changes) {
    if (change.kind === 'stage_names') {
      for (const stage of jobStages) s.nameStage.run({ stage, name: change.names[stage], named_by: change.by, seq });
      continue;
    }
    const { job } = change;
    s.upsertJob.run(rowOf(job, seq));
    s.clearProposals.run(job.jobId);
    for (const [field, p] of Object.entries(job.proposals)) if (p) s.insertProposal.run({ job_id: job.jobId, field, value: p.value, confidence: p.confidence, evidence: p.evidence });
    s.clearReviews.run(job.jobId);
    for (const [field, r] of Object.entries(job.reviews))
      if (r) s.insertReview.run({ job_id: job.jobId, field, decision: r.decision, proposed: r.proposed, chosen: r.chosen, by_whom: r.by, at_ms: r.atMs });
    for (const n of job.notes) s.insertNote.run({ note_id: n.noteId, job_id: job.jobId, text: n.text, by_whom: n.by, at_ms: n.atMs, seq });
    for (const p of job.photos) s.insertPhoto.run({ job_id: job.jobId, sha256: p.sha256, content_type: p.contentType, file_name: p.fileName, by_whom: p.by, at_ms: p.atMs, seq });
    if (change.happened) s.insertHistory.run({ job_id: job.jobId, seq, at_ms: change.happened.atMs, happening_json: JSON.stringify(change.happened) });
  }
}

function rowOf(job: JobRecord, seq: number): JobsTable {
  const d = job.details;
  const startMs = d.scheduledStart === null ? null : Date.parse(d.scheduledStart);
  return {
    job_id: job.jobId,
    stage: job.stage,
    position: job.position,
    title: d.title,
    customer_id: d.customerId,
    customer_name: d.customerName,
    phone: d.phone,
    address: d.address,
    scheduled_start: d.scheduledStart,
    scheduled_end: d.scheduledEnd,
    scheduled_start_ms: startMs === null || Number.isNaN(startMs) ? null : startMs,
    description: d.description,
    price_minor: d.priceMinor,
    currency: d.currency,
    urgency: d.urgency,
    extraction_id: job.extractionId,
    appointment_index: job.appointmentIndex,
    call_id: job.callId,
    conversation_id: job.conversationId,
    created_by: job.createdBy,
    person_set_json: JSON.stringify(job.personSet),
    media_ids_json: JSON.stringify(job.mediaIds),
    unreviewed: unreviewedFields(job).length,
    photo_count: job.photos.length + job.mediaIds.length,
    created_at_ms: job.createdAtMs,
    updated_at_ms: job.updatedAtMs,
    updated_seq: seq,
  };
}

/** The names people see for each stage: the admin's, else the defaults. */
export function readStageNames(db: ConsoleDatabase): Record<JobStage, string> {
  const names = { ...defaultStageNames };
  for (const row of statements(db).stageNames.all()) if ((jobStages as readonly string[]).includes(row.stage)) names[row.stage as JobStage] = row.name;
  return names;
}

import { z } from 'zod';
import { jobDetails, jobFieldNames, jobStages, type JobFieldName, type JobStage, type JobDetails } from '../events/model';
import type { CalendarFeed } from '../relay-rest/jobs';

/**
 * The jobs part of the renderer API (issue 15 §3, merged into apiInputSchemas in contract.ts):
 * the board (kanban by stage), a job's page (what was proposed from the call, each field
 * accepted / edited / rejected, notes, photos), the calendar of confirmed jobs with an .ics per
 * job and the business's subscribable feed, and the extractor's accuracy as people corrected it.
 * Every change is a console event posted to the relay, so all consoles agree.
 */

const id = z.string().min(1).max(200);
const requestId = z.string().min(8).max(200);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const jobsApiInputSchemas = {
  'jobs.board': z.object({ query: z.string().max(200).optional() }).strict(),
  'jobs.get': z.object({ jobId: id }).strict(),
  'jobs.create': z.object({ requestId, callId: id.nullable(), details: jobDetails.partial().extend({ title: z.string().min(1, 'give the job a title').max(200) }) }).strict(),
  'jobs.move': z.object({ jobId: id, stage: z.enum(jobStages), beforeJobId: id.nullable() }).strict(),
  'jobs.edit': z.object({ jobId: id, changes: jobDetails.partial() }).strict(),
  'jobs.reviewField': z.object({ jobId: id, field: z.enum(jobFieldNames), decision: z.enum(['accepted', 'edited', 'rejected']), chosen: z.string().max(2000).nullable() }).strict(),
  'jobs.addNote': z.object({ jobId: id, text: z.string().trim().min(1, 'write the note first').max(5000) }).strict(),
  /** The photo's bytes, base64; at most 10 MB of image. */
  'jobs.addPhoto': z.object({ jobId: id, fileName: z.string().min(1).max(300), contentType: z.string().regex(/^image\/[a-z0-9.+-]+$/, 'choose an image'), base64: z.string().min(1).max(14_000_000) }).strict(),
  'jobs.photo': z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
  'jobs.calendar': z.object({ from: isoDate, to: isoDate }).strict(),
  'jobs.icsFile': z.object({ jobId: id }).strict(),
  'jobs.stageNames': z.object({}).strict(),
  'jobs.nameStages': z.object({ names: z.object(Object.fromEntries(jobStages.map((stage) => [stage, z.string().trim().min(1, 'give every stage a name').max(60)])) as Record<JobStage, z.ZodString>) }).strict(),
  'jobs.calendarFeed': z.object({}).strict(),
  'jobs.changeCalendarFeed': z.object({ action: z.enum(['create', 'rotate', 'revoke']) }).strict(),
  'jobs.accuracy': z.object({}).strict(),
} as const;

export interface JobCard {
  jobId: string;
  stage: JobStage;
  title: string;
  customerId: string | null;
  customerName: string | null;
  address: string | null;
  scheduledStart: string | null;
  scheduledEnd: string | null;
  urgency: JobDetails['urgency'];
  priceMinor: number | null;
  currency: string | null;
  /** Proposed fields nobody has reviewed yet. */
  unreviewedFields: number;
  photoCount: number;
  createdAtMs: number;
  /** Where it came from, in plain words ("Call on 3 Dec, 9:14", "Texts with Maria Lopez", "Added by Front desk"). */
  origin: string;
}

export interface JobBoard {
  columns: { stage: JobStage; name: string; jobs: JobCard[] }[];
}

export interface JobFieldView {
  field: JobFieldName;
  /** What the extractor proposed (its normal form) with how sure it was and the words it came from; null: nothing proposed. */
  proposed: { value: string; display: string; confidence: number; evidence: string } | null;
  review: { decision: 'accepted' | 'edited' | 'rejected'; chosen: string | null; by: string; atMs: number } | null;
}

export interface JobView extends JobCard {
  details: JobDetails;
  callId: string | null;
  conversationId: string | null;
  /** The call's summary lines, when there is one. */
  summary: string[];
  fields: JobFieldView[];
  notes: { noteId: string; text: string; by: string; atMs: number }[];
  photos: { sha256: string; fileName: string; contentType: string; by: string; atMs: number }[];
  history: { atMs: number; words: string }[];
}

export interface CalendarJob {
  jobId: string;
  title: string;
  customerName: string | null;
  address: string | null;
  start: string;
  end: string | null;
  stage: JobStage;
}

export interface FieldAccuracy {
  field: JobFieldName;
  reviewed: number;
  accepted: number;
  edited: number;
  rejected: number;
  /** accepted ÷ reviewed; null before any review. */
  accuracy: number | null;
}

export interface JobsApiOutputs {
  'jobs.board': JobBoard;
  'jobs.get': JobView;
  'jobs.create': JobView;
  'jobs.move': JobBoard;
  'jobs.edit': JobView;
  'jobs.reviewField': JobView;
  'jobs.addNote': JobView;
  'jobs.addPhoto': JobView;
  /** A data: URL of the photo (fetched from the relay and cached like other media). */
  'jobs.photo': { dataUrl: string };
  'jobs.calendar': CalendarJob[];
  'jobs.icsFile': { fileName: string; text: string };
  'jobs.stageNames': Record<JobStage, string>;
  'jobs.nameStages': Record<JobStage, string>;
  'jobs.calendarFeed': CalendarFeed & { unavailable: string | null };
  'jobs.changeCalendarFeed': CalendarFeed & { unavailable: string | null };
  'jobs.accuracy': FieldAccuracy[];
}

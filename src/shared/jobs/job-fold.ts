import {
  jobDetails,
  jobFieldNames,
  jobStages,
  jobUrgencies,
  type AppointmentProposal,
  type ExtractedField,
  type JobDetails,
  type JobFieldName,
  type JobStage,
  type RingsideEvent,
} from '../events/model';

/**
 * The one fold of jobs (issue 15 §3), shared by every console's projection and the relay's
 * calendar feed so they agree on what a job is: which extraction made it, what was proposed,
 * what people chose, its stage and its place in the column. Pure and deterministic: the same
 * events in the same order give the same jobs everywhere (times come from the events, never a
 * clock; positions are plain arithmetic on the positions already there).
 */

export const defaultStageNames: Record<JobStage, string> = {
  quote_requested: 'Quote requested',
  quote_sent: 'Quote sent',
  confirmed: 'Confirmed',
  in_progress: 'In progress',
  completed: 'Completed',
};

/** Every detail of a job, each known or null (the title always set). */
export type FullJobDetails = { title: string } & { [K in Exclude<keyof JobDetails, 'title'>]: JobDetails[K] | null };

export interface JobFieldReview {
  decision: 'accepted' | 'edited' | 'rejected';
  /** What was proposed when the person answered (null: nothing was). */
  proposed: string | null;
  chosen: string | null;
  by: string;
  atMs: number;
}

export interface JobNote {
  noteId: string;
  text: string;
  by: string;
  atMs: number;
}

export interface JobPhoto {
  sha256: string;
  contentType: string;
  fileName: string;
  by: string;
  atMs: number;
}

export interface JobRecord {
  jobId: string;
  stage: JobStage;
  /** Its place in the column, smallest first. */
  position: number;
  details: FullJobDetails;
  /** The extraction that made it and which of its appointments; null for a job a person added. */
  extractionId: string | null;
  appointmentIndex: number | null;
  callId: string | null;
  conversationId: string | null;
  /** Who added it by hand (a device's name); null when it came from an extraction. */
  createdBy: string | null;
  proposals: Partial<Record<JobFieldName, ExtractedField>>;
  reviews: Partial<Record<JobFieldName, JobFieldReview>>;
  /** Details a person set (by editing or reviewing): a later extraction leaves them as they are. */
  personSet: (keyof JobDetails)[];
  notes: JobNote[];
  photos: JobPhoto[];
  /** Pictures the customer sent by MMS in the thread the job came from (media ids). */
  mediaIds: string[];
  createdAtMs: number;
  updatedAtMs: number;
}

/** What happened to a job, for its history (in words on screen, with the stage names of the day). */
export type JobHappening =
  | { kind: 'extracted'; atMs: number; again: boolean }
  | { kind: 'created'; atMs: number; by: string }
  | { kind: 'moved'; atMs: number; by: string; from: JobStage; to: JobStage }
  | { kind: 'edited'; atMs: number; by: string; keys: (keyof JobDetails)[] }
  | { kind: 'reviewed'; atMs: number; by: string; field: JobFieldName; decision: JobFieldReview['decision'] }
  | { kind: 'note'; atMs: number; by: string }
  | { kind: 'photo'; atMs: number; by: string; fileName: string };

export type JobChange =
  | { kind: 'job'; job: JobRecord; happened: JobHappening | null }
  | { kind: 'stage_names'; names: Record<JobStage, string>; by: string; atMs: number };

/** What the fold needs to read of the jobs already there (a map in memory, or a database). */
export interface JobLookup {
  job(jobId: string): JobRecord | null;
  /** The jobs of a stage as { jobId, position }, in any order. */
  column(stage: JobStage): readonly { jobId: string; position: number }[];
}

/** The detail keys each reviewed field stands for. */
export const detailKeysOfField: Record<JobFieldName, (keyof JobDetails)[]> = {
  customerName: ['customerName'],
  phone: ['phone'],
  address: ['address'],
  preferredTime: ['scheduledStart', 'scheduledEnd'],
  description: ['description'],
  price: ['priceMinor', 'currency'],
  urgency: ['urgency'],
  notes: [],
};

export const emptyDetails = (title: string): FullJobDetails => ({
  title,
  customerId: null,
  customerName: null,
  phone: null,
  address: null,
  scheduledStart: null,
  scheduledEnd: null,
  description: null,
  priceMinor: null,
  currency: null,
  urgency: null,
});

/** Titles are read on a card at a glance: about this long, cut where the words allow. */
const TITLE_SOFT_MAX = 48;
const TITLE_HARD_MAX = 60;

// What callers say before the job itself ("so um, I was downstairs yesterday and I noticed there is…").
const LEAD_INS: readonly RegExp[] = [
  /^(?:so|um+|uh+|er+|well|yeah|yes|hi|hello|hey|okay|ok|oh|and|but|basically|actually|right)\b[,.!\s]*/i,
  /^i was\b[^,.;!?]{0,60}?\band (?:i|we) (?:just )?(?:noticed|saw|found|realized|realised|spotted|heard)(?: that)?\s+/i,
  /^(?:i|we) (?:just |also )?(?:noticed|saw|found|realized|realised|spotted|heard|think|believe|guess)(?: that)?\s+/i,
  /^(?:i(?:'m| am)|we(?:'re| are)) (?:calling|ringing|phoning)(?: you)? (?:about|because|since|regarding|for|to (?:ask|book|get|see) (?:about|if you can|someone (?:to|for))?)\s*/i,
  /^(?:i|we)(?:'d| would) like (?:to (?:book|get|have|schedule|arrange) )?(?:someone to )?/i,
  /^(?:i|we) (?:need|want)(?: to (?:book|get|have|schedule|arrange))?(?: someone to)?\s+/i,
  /^(?:can|could) (?:you|someone) (?:come (?:out )?(?:and |to )?)?/i,
  /^(?:i|we)(?:'ve| have)? got\s+/i,
  /^(?:i|we) have\s+/i,
  /^there(?:'s| is| are| was| were)\s+/i,
  /^it(?:'s| is) (?:about|that|for)\s+/i,
  /^(?:a|an|the|my|our|some)\s+/i,
];

// Where a title may stop: the end of a clause.
const CLAUSE_BREAK = /\s*(?:[,;:]|\s-\s|\s(?:and|but|so|because|since|which|who|when|where|then|plus)\s)/gi;
// Words a title does not end on.
const DANGLING = /\s+(?:and|or|but|so|the|a|an|of|in|on|at|to|with|for|my|our|from|by|is|are|was|it|that|this)$/i;

/**
 * A job's title from what was proposed: the job's description as a short heading ("Crack in
 * basement wall", not "I was downstairs yesterday and I noticed there is a crack in my…"), else
 * who asked. Pure and the same on every console and the relay; never ends in "…" (the card
 * truncates what it cannot show).
 */
export function titleFromProposal(proposal: AppointmentProposal): string {
  const description = proposal.description?.value.trim();
  const title = description ? shortTitle(description) : '';
  if (title) return title;
  const name = proposal.customerName?.value.trim();
  if (name) return `Visit for ${name}`;
  return 'Visit requested';
}

/** The description cut down to a heading: lead-ins dropped, first sentence, a clause or two, capitalised. */
export function shortTitle(description: string): string {
  let text = description.replace(/\s+/g, ' ').trim();
  // The first sentence holds the job; what follows is detail.
  const sentence = /^(.{12,}?[.!?])(?:\s|$)/.exec(text);
  if (sentence) text = sentence[1]!;
  text = text.replace(/[.!?…]+$/, '').trim();
  for (let pass = 0; pass < 4; pass++) {
    const before = text;
    for (const leadIn of LEAD_INS) text = text.replace(leadIn, '').trim();
    if (text === before) break;
  }
  // Headline style: "gutters are overflowing" → "gutters overflowing".
  text = text.replace(/^((?:\S+\s){0,2}?\S+)\s(?:is|are)\s(\w+ing\b)/i, '$1 $2');
  if (text.length > TITLE_SOFT_MAX) text = cutAtClause(text);
  text = text.replace(/[\s,;:–-]+$/, '');
  for (let pass = 0; pass < 3 && DANGLING.test(text); pass++) text = text.replace(DANGLING, '');
  if (text.length < 3) return '';
  return text.charAt(0).toLocaleUpperCase('en-US') + text.slice(1);
}

/** Cuts at the first clause break that leaves a useful heading, else at the last whole word. */
function cutAtClause(text: string): string {
  for (const match of text.matchAll(CLAUSE_BREAK)) {
    if (match.index! >= 16 && match.index! <= TITLE_SOFT_MAX + 4) return text.slice(0, match.index!);
  }
  const words = text.slice(0, TITLE_HARD_MAX + 1);
  const lastSpace = words.lastIndexOf(' ', TITLE_SOFT_MAX);
  return lastSpace > 16 ? words.slice(0, lastSpace) : text.slice(0, TITLE_HARD_MAX);
}

/**
 * The details a proposed value stands for, in the job's own form; null when the value is
 * not in the field's normal form (the proposal is still shown, the job's detail left empty).
 */
export function detailsOfProposedValue(field: JobFieldName, value: string | null): Partial<JobDetails> | null {
  const keys = detailKeysOfField[field];
  if (value === null) return Object.fromEntries(keys.map((key) => [key, null])) as Partial<JobDetails>;
  const text = value.trim();
  switch (field) {
    case 'customerName':
      return checked({ customerName: text.slice(0, 200) });
    case 'phone':
      return checked({ phone: text });
    case 'address':
      return checked({ address: text.slice(0, 500) });
    case 'description':
      return checked({ description: text.slice(0, 5000) });
    case 'urgency':
      return (jobUrgencies as readonly string[]).includes(text) ? { urgency: text as JobDetails['urgency'] } : null;
    case 'price': {
      const match = /^(\d+)\s+([A-Z]{3})$/.exec(text);
      return match ? checked({ priceMinor: Number(match[1]), currency: match[2] }) : null;
    }
    case 'preferredTime': {
      const [start, end, extra] = text.split('/');
      if (extra !== undefined || !start) return null;
      return checked({ scheduledStart: start, scheduledEnd: end ?? null });
    }
    case 'notes':
      return {};
  }
}

function checked(details: Partial<JobDetails>): Partial<JobDetails> | null {
  return jobDetails.partial().safeParse(details).success ? details : null;
}

const STEP = 1;

function topOfColumn(lookup: JobLookup, stage: JobStage): number {
  let first: number | null = null;
  for (const entry of lookup.column(stage)) if (first === null || entry.position < first) first = entry.position;
  return first === null ? 0 : first - STEP;
}

/**
 * Places `jobId` in `stage` before `beforeJobId` (null, unknown or itself: at the end). Halves
 * the gap between its neighbours; when the halves run out of precision the whole column is
 * numbered again 0, 1, 2 … (the other jobs come back as changes too).
 */
function placement(lookup: JobLookup, jobId: string, stage: JobStage, beforeJobId: string | null): { position: number; renumbered: Map<string, number> } {
  const column = lookup
    .column(stage)
    .filter((entry) => entry.jobId !== jobId)
    .slice()
    .sort((a, b) => a.position - b.position || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0));
  const index = beforeJobId === null ? -1 : column.findIndex((entry) => entry.jobId === beforeJobId);
  if (index < 0) return { position: column.length === 0 ? 0 : column[column.length - 1]!.position + STEP, renumbered: new Map() };
  const before = column[index]!.position;
  const after = index === 0 ? before - STEP : column[index - 1]!.position;
  const middle = (before + after) / 2;
  if (middle > after && middle < before) return { position: middle, renumbered: new Map() };
  const renumbered = new Map<string, number>();
  let next = 0;
  for (const [i, entry] of column.entries()) {
    if (i === index) next += STEP; // the gap for the moved job
    renumbered.set(entry.jobId, next);
    next += STEP;
  }
  return { position: index * STEP, renumbered };
}

const atMsOf = (event: RingsideEvent): number => Date.parse(event.occurredAt);

function copy(job: JobRecord): JobRecord {
  return {
    ...job,
    details: { ...job.details },
    proposals: { ...job.proposals },
    reviews: { ...job.reviews },
    personSet: [...job.personSet],
    notes: [...job.notes],
    photos: [...job.photos],
    mediaIds: [...job.mediaIds],
  };
}

/** The job id of appointment `index` of an extraction. */
export const jobIdOfAppointment = (extractionId: string, index: number): string => `${extractionId}:${index}`;

/**
 * What one event changes in the jobs: the jobs it touches as they are after it (each with
 * what happened to it, for the history), or the stage names. Events that are not about jobs,
 * or name a job that is not there, change nothing.
 */
export function applyJobEvent(lookup: JobLookup, event: RingsideEvent): JobChange[] {
  const atMs = atMsOf(event);
  switch (event.type) {
    case 'extraction.recorded': {
      const { data } = event;
      const changes: JobChange[] = [];
      let top: number | null = null;
      data.appointments.forEach((proposal, index) => {
        const jobId = jobIdOfAppointment(data.extractionId, index);
        const existing = lookup.job(jobId);
        if (existing) {
          changes.push({ kind: 'job', job: reExtracted(existing, proposal, data, atMs), happened: { kind: 'extracted', atMs, again: true } });
          return;
        }
        // New jobs go to the top of the first column, in the order the call gave them.
        top = top === null ? topOfColumn(lookup, 'quote_requested') - data.appointments.length * STEP : top;
        const job: JobRecord = {
          jobId,
          stage: 'quote_requested',
          position: top + index * STEP,
          details: emptyDetails(titleFromProposal(proposal)),
          extractionId: data.extractionId,
          appointmentIndex: index,
          callId: data.callId,
          conversationId: data.conversationId,
          createdBy: null,
          proposals: {},
          reviews: {},
          personSet: [],
          notes: [],
          photos: [],
          mediaIds: [],
          createdAtMs: atMs,
          updatedAtMs: atMs,
        };
        changes.push({ kind: 'job', job: reExtracted(job, proposal, data, atMs), happened: { kind: 'extracted', atMs, again: false } });
      });
      return changes;
    }
    case 'job.created': {
      const { data } = event;
      if (lookup.job(data.jobId)) return [];
      const details: FullJobDetails = { ...emptyDetails(data.details.title), ...data.details };
      const job: JobRecord = {
        jobId: data.jobId,
        stage: 'quote_requested',
        position: topOfColumn(lookup, 'quote_requested'),
        details,
        extractionId: null,
        appointmentIndex: null,
        callId: data.callId,
        conversationId: data.conversationId,
        createdBy: data.by,
        proposals: {},
        reviews: {},
        personSet: Object.keys(data.details) as (keyof JobDetails)[],
        notes: [],
        photos: [],
        mediaIds: [],
        createdAtMs: atMs,
        updatedAtMs: atMs,
      };
      return [{ kind: 'job', job, happened: { kind: 'created', atMs, by: data.by } }];
    }
    case 'job.moved': {
      const { data } = event;
      const existing = lookup.job(data.jobId);
      if (!existing) return [];
      const { position, renumbered } = placement(lookup, data.jobId, data.stage, data.beforeJobId);
      const job = { ...copy(existing), stage: data.stage, position, updatedAtMs: atMs };
      const changes: JobChange[] = [{ kind: 'job', job, happened: { kind: 'moved', atMs, by: data.by, from: existing.stage, to: data.stage } }];
      for (const [otherId, otherPosition] of renumbered) {
        const other = lookup.job(otherId);
        if (other && other.position !== otherPosition) changes.push({ kind: 'job', job: { ...copy(other), position: otherPosition }, happened: null });
      }
      return changes;
    }
    case 'job.edited': {
      const { data } = event;
      const existing = lookup.job(data.jobId);
      if (!existing) return [];
      const job = copy(existing);
      const keys = Object.keys(data.changes) as (keyof JobDetails)[];
      for (const key of keys) {
        const value = data.changes[key];
        if (key === 'title') {
          if (typeof value === 'string') job.details.title = value;
        } else {
          (job.details as Record<string, unknown>)[key] = value ?? null;
        }
        if (!job.personSet.includes(key)) job.personSet.push(key);
      }
      job.updatedAtMs = atMs;
      return [{ kind: 'job', job, happened: { kind: 'edited', atMs, by: data.by, keys } }];
    }
    case 'job.field_reviewed': {
      const { data } = event;
      const existing = lookup.job(data.jobId);
      if (!existing) return [];
      const job = copy(existing);
      job.reviews[data.field] = { decision: data.decision, proposed: data.proposed, chosen: data.chosen, by: data.by, atMs };
      // Reviewed is settled: no later extraction changes what the person answered.
      for (const key of detailKeysOfField[data.field]) if (!job.personSet.includes(key)) job.personSet.push(key);
      job.updatedAtMs = atMs;
      return [{ kind: 'job', job, happened: { kind: 'reviewed', atMs, by: data.by, field: data.field, decision: data.decision } }];
    }
    case 'job.note_added': {
      const { data } = event;
      const existing = lookup.job(data.jobId);
      if (!existing || existing.notes.some((note) => note.noteId === data.noteId)) return [];
      const job = copy(existing);
      job.notes.push({ noteId: data.noteId, text: data.text, by: data.by, atMs });
      job.updatedAtMs = atMs;
      return [{ kind: 'job', job, happened: { kind: 'note', atMs, by: data.by } }];
    }
    case 'job.photo_added': {
      const { data } = event;
      const existing = lookup.job(data.jobId);
      if (!existing || existing.photos.some((photo) => photo.sha256 === data.sha256)) return [];
      const job = copy(existing);
      job.photos.push({ sha256: data.sha256, contentType: data.contentType, fileName: data.fileName, by: data.by, atMs });
      job.updatedAtMs = atMs;
      return [{ kind: 'job', job, happened: { kind: 'photo', atMs, by: data.by, fileName: data.fileName } }];
    }
    case 'job_stages.named':
      return [{ kind: 'stage_names', names: { ...event.data.names }, by: event.data.by, atMs }];
    default:
      return [];
  }
}

/**
 * A job with an extraction's proposal applied: fields nobody reviewed take the new proposal
 * (and the details they stand for, unless a person set them); a reviewed field, rejected ones
 * above all, keeps what the person answered.
 */
function reExtracted(
  existing: JobRecord,
  proposal: AppointmentProposal,
  data: { callId: string | null; conversationId: string | null; customerId: string | null; mediaIds: string[] },
  atMs: number,
): JobRecord {
  const job = copy(existing);
  for (const field of jobFieldNames) {
    if (job.reviews[field]) continue;
    const proposed = proposal[field];
    if (proposed) job.proposals[field] = proposed;
    else delete job.proposals[field];
    const keys = detailKeysOfField[field];
    if (keys.some((key) => job.personSet.includes(key))) continue;
    const details = detailsOfProposedValue(field, proposed?.value ?? null) ?? detailsOfProposedValue(field, null)!;
    Object.assign(job.details, details);
  }
  if (!job.personSet.includes('title')) job.details.title = titleFromProposal(proposal);
  if (!job.personSet.includes('customerId') && data.customerId !== null) job.details.customerId = data.customerId;
  job.callId = data.callId ?? job.callId;
  job.conversationId = data.conversationId ?? job.conversationId;
  for (const mediaId of data.mediaIds) if (!job.mediaIds.includes(mediaId)) job.mediaIds.push(mediaId);
  job.updatedAtMs = atMs;
  return job;
}

/** Proposed fields nobody has answered yet. */
export function unreviewedFields(job: JobRecord): JobFieldName[] {
  return jobFieldNames.filter((field) => job.proposals[field] !== undefined && job.reviews[field] === undefined);
}

// ---- in memory: for the relay's feed and for tests ----------------------------

export interface JobsState {
  jobs: Map<string, JobRecord>;
  stageNames: Record<JobStage, string>;
}

export const emptyJobsState = (): JobsState => ({ jobs: new Map(), stageNames: { ...defaultStageNames } });

export function lookupOf(state: JobsState): JobLookup {
  return {
    job: (jobId) => state.jobs.get(jobId) ?? null,
    column: (stage) => [...state.jobs.values()].filter((job) => job.stage === stage),
  };
}

/** Applies one event to the state in place and answers what changed. */
export function foldJobEvent(state: JobsState, event: RingsideEvent): JobChange[] {
  const changes = applyJobEvent(lookupOf(state), event);
  for (const change of changes) {
    if (change.kind === 'job') state.jobs.set(change.job.jobId, change.job);
    else state.stageNames = change.names;
  }
  return changes;
}

export function foldJobEvents(events: Iterable<RingsideEvent>, state: JobsState = emptyJobsState()): JobsState {
  for (const event of events) foldJobEvent(state, event);
  return state;
}

/** The jobs of a stage in their board order. */
export function jobsInColumn(state: JobsState, stage: JobStage): JobRecord[] {
  return [...state.jobs.values()].filter((job) => job.stage === stage).sort(byPosition);
}

export function byPosition(a: { position: number; jobId: string }, b: { position: number; jobId: string }): number {
  return a.position - b.position || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0);
}

/** Stages from Confirmed on: the ones the calendar shows. */
export const calendarStages: readonly JobStage[] = jobStages.slice(jobStages.indexOf('confirmed'));

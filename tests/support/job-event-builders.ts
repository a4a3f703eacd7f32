import { EVENT_MODEL_VERSION, type AppointmentProposal, type EventOf, type ExtractedField, type JobDetails, type JobFieldName, type JobStage } from '../../src/shared/events/model';

/** Builders of well-formed extraction and job events, for the jobs tests. */

let counter = 0;
const nextId = (prefix: string): string => `${prefix}-${++counter}`;

function envelope(id: string, occurredAt: string, source: 'relay' | 'console', lines: string[] = []) {
  return { v: EVENT_MODEL_VERSION, id, source, occurredAt, receivedAt: occurredAt, lines };
}

export const field = (value: string, confidence = 0.8, evidence = value): ExtractedField => ({ value, confidence, evidence });

export function proposal(fields: Partial<Record<JobFieldName, ExtractedField | string | null>>): AppointmentProposal {
  const out: AppointmentProposal = { customerName: null, phone: null, address: null, preferredTime: null, description: null, price: null, urgency: null, notes: null };
  for (const [name, value] of Object.entries(fields) as [JobFieldName, ExtractedField | string | null][]) out[name] = typeof value === 'string' ? field(value) : value;
  return out;
}

export function extractionRecorded(
  callId: string,
  appointments: AppointmentProposal[],
  options: { at?: string; customerId?: string | null; mediaIds?: string[]; id?: string; kind?: 'call' | 'voicemail' | 'conversation'; conversationId?: string | null; lines?: string[] } = {},
): EventOf<'extraction.recorded'> {
  const kind = options.kind ?? 'call';
  const at = options.at ?? '2026-12-01T15:00:00.000Z';
  return {
    ...envelope(options.id ?? nextId(`extraction:${callId}`), at, 'relay', options.lines ?? ['+16175550199']),
    type: 'extraction.recorded',
    data: {
      extractionId: `${kind}:${callId}`,
      subject: { kind, id: callId },
      callId: kind === 'conversation' ? null : callId,
      conversationId: options.conversationId ?? null,
      customerId: options.customerId ?? null,
      extractor: 'offline',
      outcome: appointments.length > 0 ? 'appointments' : 'no_appointment',
      appointments,
      mediaIds: options.mediaIds ?? [],
    },
  };
}

const BY = 'Front desk';

export function jobCreated(jobId: string, details: Partial<JobDetails> & { title: string }, options: { at?: string; callId?: string | null; by?: string } = {}): EventOf<'job.created'> {
  return {
    ...envelope(nextId(`job-created:${jobId}`), options.at ?? '2026-12-01T16:00:00.000Z', 'console'),
    type: 'job.created',
    data: { jobId, callId: options.callId ?? null, conversationId: null, details, by: options.by ?? BY },
  };
}

export function jobMoved(jobId: string, stage: JobStage, beforeJobId: string | null = null, at = '2026-12-01T16:05:00.000Z'): EventOf<'job.moved'> {
  return { ...envelope(nextId(`job-moved:${jobId}`), at, 'console'), type: 'job.moved', data: { jobId, stage, beforeJobId, by: BY } };
}

export function jobEdited(jobId: string, changes: Partial<JobDetails>, at = '2026-12-01T16:10:00.000Z'): EventOf<'job.edited'> {
  return { ...envelope(nextId(`job-edited:${jobId}`), at, 'console'), type: 'job.edited', data: { jobId, changes, by: BY } };
}

export function fieldReviewed(
  jobId: string,
  fieldName: JobFieldName,
  decision: 'accepted' | 'edited' | 'rejected',
  proposed: string | null,
  chosen: string | null,
  at = '2026-12-01T16:15:00.000Z',
): EventOf<'job.field_reviewed'> {
  return { ...envelope(nextId(`job-reviewed:${jobId}`), at, 'console'), type: 'job.field_reviewed', data: { jobId, field: fieldName, decision, proposed, chosen, by: BY } };
}

export function noteAdded(jobId: string, text: string, noteId = nextId('note'), at = '2026-12-01T16:20:00.000Z'): EventOf<'job.note_added'> {
  return { ...envelope(nextId(`job-note:${jobId}`), at, 'console'), type: 'job.note_added', data: { noteId, jobId, text, by: BY } };
}

export function photoAdded(jobId: string, sha256: string, fileName = 'crack.jpg', at = '2026-12-01T16:25:00.000Z'): EventOf<'job.photo_added'> {
  return { ...envelope(nextId(`job-photo:${jobId}`), at, 'console'), type: 'job.photo_added', data: { jobId, sha256, contentType: 'image/jpeg', fileName, by: BY } };
}

export function stagesNamed(names: Record<JobStage, string>, at = '2026-12-01T16:30:00.000Z'): EventOf<'job_stages.named'> {
  return { ...envelope(nextId('stages'), at, 'console'), type: 'job_stages.named', data: { names, by: 'Owner' } };
}

import type { ExtractedField, ExtractionRecordedData, JobFieldName, RetentionKind, RingsideEvent } from '../../../src/shared/events/model';
import { jobIdOfAppointment } from '../../../src/shared/jobs/job-fold';
import { conversationKey } from '../../../src/shared/messages/conversation-key';

type Cutoffs = Record<RetentionKind, number | null>;

/** Proposed fields whose value is itself the customer's words (the rest are normal forms: a number, a time, a price, an urgency, a name, an address). */
const WORDS_FIELDS: readonly JobFieldName[] = ['description', 'notes'];

/** The date finder joins the sentences it read with this. */
const EVIDENCE_JOIN = ' … ';

/**
 * What a retention run must know of the log, besides each event, to judge an extraction: when
 * the words it read were said (a call's transcript, a voicemail's), which texts of a thread are
 * still kept, and which proposed fields a person accepted or edited. An extraction is recorded
 * after its words, so its own time says nothing of theirs. Filled by reading the whole log once
 * (`note` each event) before the rewrite.
 */
export class ExtractionWords {
  /** `<kind>:<callId>` → when its latest words event occurred (ms). */
  private readonly wordsAt = new Map<string, number>();
  /** Thread → the bodies of its texts the policy still keeps. */
  private readonly keptBodies = new Map<string, string[]>();
  /** Threads with at least one text past the policy. */
  private readonly threadsWithOld = new Set<string>();
  /** Job id → fields a person accepted or edited: their values are the business's record of the job. */
  private readonly settled = new Map<string, Set<JobFieldName>>();

  constructor(private readonly cutoffs: Cutoffs) {}

  note(event: RingsideEvent): void {
    const at = Date.parse(event.occurredAt);
    switch (event.type) {
      case 'call.transcript_ready':
        this.later(`call:${event.data.callId}`, at);
        return;
      case 'call.voicemail_ready':
        this.later(`voicemail:${event.data.callId}`, at);
        return;
      case 'message.recorded': {
        const thread = conversationKey(event.data.businessNumber, event.data.participants);
        if (this.past('message_bodies', at)) this.threadsWithOld.add(thread);
        else if (event.data.body !== '') this.keptBodies.set(thread, [...(this.keptBodies.get(thread) ?? []), event.data.body]);
        return;
      }
      case 'job.field_reviewed':
        if (event.data.decision === 'rejected') return;
        this.settled.set(event.data.jobId, new Set([...(this.settled.get(event.data.jobId) ?? []), event.data.field]));
        return;
      default:
        return;
    }
  }

  /**
   * Removes from an extraction (in place) what the policy no longer keeps of the words it read:
   * the evidence of every field, and the description and notes nobody accepted or edited. A
   * call's or voicemail's extraction goes with its transcript; a thread's field goes when its
   * words cannot be found in a text still kept. Answers the kind it removed, or null.
   */
  redact(data: ExtractionRecordedData, extractedAtMs: number): RetentionKind | null {
    const { kind, id } = data.subject;
    const retentionKind: RetentionKind = kind === 'conversation' ? 'message_bodies' : 'transcripts';
    if (this.cutoffs[retentionKind] === null) return null;
    let stillSaid: (field: ExtractedField) => boolean;
    if (kind === 'conversation') {
      const kept = this.keptBodies.get(id) ?? [];
      const known = kept.length > 0 || this.threadsWithOld.has(id);
      if (known ? !this.threadsWithOld.has(id) : !this.past(retentionKind, extractedAtMs)) return null;
      stillSaid = (field) => field.evidence !== '' && field.evidence.split(EVIDENCE_JOIN).every((piece) => kept.some((body) => body.includes(piece.trim())));
    } else {
      if (!this.past(retentionKind, this.wordsAt.get(`${kind}:${id}`) ?? extractedAtMs)) return null;
      stillSaid = () => false;
    }
    let changed = false;
    data.appointments.forEach((appointment, index) => {
      const settled = this.settled.get(jobIdOfAppointment(data.extractionId, index)) ?? new Set<JobFieldName>();
      for (const name of Object.keys(appointment) as JobFieldName[]) {
        const field = appointment[name];
        if (field === null || stillSaid(field)) continue;
        if (WORDS_FIELDS.includes(name) && !settled.has(name)) {
          appointment[name] = null;
          changed = true;
        } else if (field.evidence !== '') {
          field.evidence = '';
          changed = true;
        }
      }
    });
    return changed ? retentionKind : null;
  }

  private later(key: string, at: number): void {
    this.wordsAt.set(key, Math.max(this.wordsAt.get(key) ?? at, at));
  }

  private past(kind: RetentionKind, at: number): boolean {
    const cutoff = this.cutoffs[kind];
    return cutoff !== null && at < cutoff;
  }
}

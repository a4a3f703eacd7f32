import type { ExtractionSubjectKind } from '../../../src/shared/jobs/extraction/extractor';
import type { RingsideEvent } from '../../../src/shared/events/model';
import { conversationKey } from '../../../src/shared/messages/conversation-key';

/**
 * What a stored event means for the extraction of appointments: words of a subject to read
 * (a call's transcript, a voicemail's, a text of a thread) or nothing. Pure.
 *
 * Not read: campaign and bulk texts, the health check's own texts, texts without words, and
 * facts fetched as history (origin.recordOnly) unless JOBS_EXTRACT_HISTORY is on. A text the
 * business sent joins its thread (a reply may settle the day) but a thread the business alone
 * wrote is never read (extraction-input.ts).
 */
export interface SubjectWords {
  kind: ExtractionSubjectKind;
  id: string;
  /** What in the subject this event is: a text's message id, or the one transcript (a newer one replaces it). */
  member: string;
  /** A call or voicemail is read at once; a thread once it has been quiet. */
  waitsForQuiet: boolean;
}

export function subjectOfEvent(event: RingsideEvent, options: { extractHistory: boolean }): SubjectWords | null {
  if (event.origin?.recordOnly === true && !options.extractHistory) return null;
  switch (event.type) {
    case 'call.transcript_ready':
      if (event.data.dialogue.every((line) => line.text.trim() === '')) return null;
      return { kind: 'call', id: event.data.callId, member: 'transcript', waitsForQuiet: false };
    case 'call.voicemail_ready': {
      const transcript = event.data.transcript?.trim() ?? '';
      if (transcript === '') return null;
      return { kind: 'voicemail', id: event.data.callId, member: 'voicemail', waitsForQuiet: false };
    }
    case 'message.recorded': {
      const { data } = event;
      // A picture sent with no words is kept too: it is the thread's (and a call's from the same caller) photo.
      if (data.healthCheck || data.campaignId !== null || (data.body.trim() === '' && data.media.length === 0)) return null;
      if (data.status === 'failed' || data.status === 'undelivered') return null;
      return { kind: 'conversation', id: conversationKey(data.businessNumber, data.participants), member: data.messageId, waitsForQuiet: true };
    }
    default:
      return null;
  }
}

/** Cheap look at a stored event's JSON before parsing it: only these types matter to jobs. */
const JOBS_TYPES = /"type":"(?:call\.transcript_ready|call\.voicemail_ready|message\.recorded|extraction\.recorded|job\.[a-z_]+|job_stages\.named)"/;
export function mayConcernJobs(json: string): boolean {
  return JOBS_TYPES.test(json);
}

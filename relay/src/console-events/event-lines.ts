import type { ConsoleEventInput } from '../../../src/shared/events/model';
import { parseConversationKey } from '../../../src/shared/messages/conversation-key';
import { toE164 } from '../../../src/shared/phone';

/**
 * The business lines a console event concerns, so an agent of another line neither
 * receives nor writes it: a conversation's line from its key, a call's lines as the
 * relay saw them (call_lines). Events about no line (customers, billing, QuickBooks)
 * concern every line: `lines` is empty and every device sees them. Pure.
 */
export type EventLines =
  | { ok: true; concernsLine: false; lines: [] }
  | { ok: true; concernsLine: true; lines: string[] }
  | { ok: false; error: string };

/**
 * The lines of a job as the relay's jobs projection holds them (relay/src/jobs/job-lines.ts),
 * or null for a job the relay does not know.
 */
export type LinesOfJob = (jobId: string) => readonly string[] | null;

/**
 * `linesOfJob` is the relay's jobs projection; without it (a history import) only job.created
 * is placed, from its call or thread, and a change to a job is about no line.
 */
export function consoleEventLines(input: Pick<ConsoleEventInput, 'type' | 'data'>, linesOfCall: (callId: string) => readonly string[], linesOfJob?: LinesOfJob): EventLines {
  switch (input.type) {
    case 'job.created': {
      // A job from a call or a thread is on its lines; one a person made from nothing is on none.
      const { callId, conversationId } = input.data as { callId?: string | null; conversationId?: string | null };
      if (!callId && !conversationId) return { ok: true, concernsLine: false, lines: [] };
      const lines = new Set<string>(callId ? linesOfCall(callId) : []);
      if (conversationId) {
        const parsed = parseConversationKey(conversationId);
        const line = parsed === null ? null : toE164(parsed.businessNumber);
        if (parsed === null || line !== parsed.businessNumber) return { ok: false, error: `conversationId '${conversationId}' does not name a conversation: it must be '<our line>|<other numbers>'` };
        lines.add(line);
      }
      return { ok: true, concernsLine: true, lines: [...lines] };
    }
    case 'job.moved':
    case 'job.edited':
    case 'job.field_reviewed':
    case 'job.note_added':
    case 'job.photo_added': {
      const { jobId } = input.data as { jobId: string };
      if (linesOfJob === undefined) return { ok: true, concernsLine: false, lines: [] };
      const lines = linesOfJob(jobId);
      if (lines === null) return { ok: false, error: 'This job is not on the relay (yet): it may have been removed, or it was never made.' };
      // A job on no line (made by hand) is everyone's, as its job.created is.
      return lines.length === 0 ? { ok: true, concernsLine: false, lines: [] } : { ok: true, concernsLine: true, lines: [...lines] };
    }
    case 'conversation.status_changed':
    case 'conversation.assigned':
    case 'conversation.note_added': {
      const { conversationKey } = input.data as { conversationKey: string };
      const parsed = parseConversationKey(conversationKey);
      const line = parsed === null ? null : toE164(parsed.businessNumber);
      if (parsed === null || line !== parsed.businessNumber) {
        return { ok: false, error: `conversationKey '${conversationKey}' does not name a conversation: it must be '<our line>|<other numbers>', the line in E.164 like +16175550100` };
      }
      return { ok: true, concernsLine: true, lines: [line] };
    }
    case 'call.note_added':
    case 'call.disposition_set':
    case 'callback.claimed':
    case 'callback.released':
    case 'callback.completed':
      return { ok: true, concernsLine: true, lines: [...linesOfCall((input.data as { callId: string }).callId)] };
    default:
      return { ok: true, concernsLine: false, lines: [] };
  }
}

/**
 * Whether a device may post an event about these lines: admins and bookkeepers about
 * any, an agent only about what it sees, a line assigned to it (so not about a call the
 * relay knows no line of).
 */
export function mayPostAbout(device: { role: string; numbers: readonly string[] }, lines: EventLines & { ok: true }): boolean {
  if (device.role !== 'agent' || !lines.concernsLine) return true;
  return lines.lines.some((line) => device.numbers.includes(line));
}

/** The refusal an agent reads when it posts about another line's conversation or call. */
export function notYourLines(device: { name: string; numbers: readonly string[] }, type: string, lines: readonly string[]): string {
  const subject = type.startsWith('conversation.') ? 'this conversation' : type.startsWith('job.') ? 'this job' : 'this call';
  const where = lines.length === 0 ? 'is on no line the relay knows of' : `is on ${lines.join(', ')}`;
  return `The console '${device.name}' works only on its own lines (${device.numbers.join(', ') || 'none assigned'}), and ${subject} ${where}.`;
}

import type { EventOf, RingsideEvent } from '../../../src/shared/events/model';
import type { ExtractionInput, ExtractionLine, ExtractionSubjectKind, KnownCustomer, SpeakerRole } from '../../../src/shared/jobs/extraction/extractor';
import { conversationKey, parseConversationKey } from '../../../src/shared/messages/conversation-key';

/**
 * A call's or voicemail's job gets the pictures its caller texted to the same line from this long
 * before the call began (a photo of the crack sent the evening before, then a call the next
 * morning, is one job) up to JOBS_THREAD_QUIET_MINUTES after the extraction (the worker passes
 * that end; it also covers a provider's clock a little ahead of the relay's). Read once, when the
 * call is extracted (and again by the model's revision, when configured): a picture sent later
 * goes to the thread's own job.
 */
export const CALL_PHOTOS_FROM_HOURS_BEFORE = 24;

/** What the relay knows around a subject's words: the call's parties, the caller's account. */
export interface SubjectContext {
  /** The call's other party and start, from its call events (call.completed, ringing…), when the log has them. */
  callParties(callId: string): { externalNumber: string | null; startedAt: string | null; lines: readonly string[] } | null;
  customerOfNumber(e164: string): { customerId: string; customer: KnownCustomer } | null;
  /** The captured file of an MMS attachment, for the job's photos. */
  isImage(mediaId: string, declaredType: string | null): boolean;
  /** The texts the worker has seen in one conversation (by conversationKey), for the photos a caller texted. */
  textsOf(conversationId: string): readonly EventOf<'message.recorded'>[];
  timeZone: string;
}

/** An extraction ready to run: the extractor's input and what extraction.recorded carries besides. */
export interface SubjectToExtract {
  input: ExtractionInput;
  lines: string[];
  callId: string | null;
  conversationId: string | null;
  customerId: string | null;
  mediaIds: string[];
}

/**
 * The words of one subject as the extractors read them, from its stored events (oldest first).
 * Null when there is nothing to read: no words, or a thread only the business wrote in. Pure
 * apart from the context's look-ups.
 */
export function subjectToExtract(kind: ExtractionSubjectKind, id: string, events: readonly RingsideEvent[], context: SubjectContext, photosUntilMs: number): SubjectToExtract | null {
  if (kind === 'conversation') return threadToExtract(id, events.filter((e): e is EventOf<'message.recorded'> => e.type === 'message.recorded'), context);
  const event = events.at(-1);
  if (event === undefined) return null;
  const parties = context.callParties(id);
  const lines = [...new Set([...event.lines, ...(parties?.lines ?? [])])];
  let callerNumber = parties?.externalNumber ?? null;
  let extractionLines: ExtractionLine[];
  let reference: string;
  let startMs: number;
  if (kind === 'call' && event.type === 'call.transcript_ready') {
    startMs = Date.parse(parties?.startedAt ?? event.occurredAt);
    reference = new Date(startMs).toISOString();
    callerNumber ??= event.data.dialogue.find((line) => line.speakerNumber !== null && line.speakerUserId === null && !lines.includes(line.speakerNumber))?.speakerNumber ?? null;
    extractionLines = event.data.dialogue
      .filter((line) => line.text.trim() !== '')
      .map((line) => ({ speaker: speakerOf(line, lines, callerNumber), text: line.text, at: new Date(startMs + line.startSeconds * 1000).toISOString() }));
  } else if (kind === 'voicemail' && event.type === 'call.voicemail_ready') {
    reference = parties?.startedAt ?? event.occurredAt;
    startMs = Date.parse(reference);
    extractionLines = [{ speaker: 'customer', text: event.data.transcript ?? '', at: reference }];
  } else {
    return null;
  }
  if (extractionLines.length === 0) return null;
  const known = callerNumber === null ? null : context.customerOfNumber(callerNumber);
  return {
    input: { subject: { kind, id }, lines: extractionLines, callerNumber, businessTimeZone: context.timeZone, referenceInstant: reference, customer: known?.customer ?? null },
    lines,
    callId: id,
    conversationId: null,
    customerId: known?.customerId ?? null,
    mediaIds: callerNumber === null ? [] : photosTextedBy(callerNumber, lines, startMs - CALL_PHOTOS_FROM_HOURS_BEFORE * 3_600_000, photosUntilMs, context),
  };
}

/** The pictures `callerNumber` texted to one of `lines` (1:1 threads) with sentAt in [fromMs, untilMs], oldest first. */
function photosTextedBy(callerNumber: string, lines: readonly string[], fromMs: number, untilMs: number, context: SubjectContext): string[] {
  const texts = lines
    .flatMap((line) => context.textsOf(conversationKey(line, [callerNumber])))
    .filter((text) => {
      const sentMs = Date.parse(text.data.sentAt);
      return text.data.direction === 'incoming' && text.data.from === callerNumber && sentMs >= fromMs && sentMs <= untilMs;
    })
    .sort((a, b) => Date.parse(a.data.sentAt) - Date.parse(b.data.sentAt));
  return [...new Set(texts.flatMap((text) => text.data.media.filter((item) => context.isImage(item.mediaId, item.contentType)).map((item) => item.mediaId)))];
}

function speakerOf(line: { speakerNumber: string | null; speakerUserId: string | null }, businessLines: readonly string[], callerNumber: string | null): SpeakerRole {
  if (line.speakerUserId !== null) return 'business';
  if (line.speakerNumber === null) return 'unknown';
  if (businessLines.includes(line.speakerNumber)) return 'business';
  return callerNumber === null || line.speakerNumber === callerNumber ? 'customer' : 'unknown';
}

function threadToExtract(conversationId: string, texts: readonly EventOf<'message.recorded'>[], context: SubjectContext): SubjectToExtract | null {
  // Pictures alone give nothing to read (their ids are still found through the thread's texts).
  if (!texts.some((text) => text.data.direction === 'incoming' && text.data.body.trim() !== '')) return null;
  const ordered = [...texts].sort((a, b) => Date.parse(a.data.sentAt) - Date.parse(b.data.sentAt));
  const parsed = parseConversationKey(conversationId);
  const businessNumber = parsed?.businessNumber ?? ordered[0]!.data.businessNumber;
  // A 1:1 thread's customer is its other party; a group's, whoever wrote first.
  const callerNumber = parsed?.participants.length === 1 ? parsed.participants[0]! : (ordered.find((text) => text.data.direction === 'incoming')?.data.from ?? null);
  const known = callerNumber === null ? null : context.customerOfNumber(callerNumber);
  const lastIncoming = [...ordered].reverse().find((text) => text.data.direction === 'incoming' && text.data.body.trim() !== '')!;
  const mediaIds = ordered.flatMap((text) => (text.data.direction === 'incoming' ? text.data.media.filter((item) => context.isImage(item.mediaId, item.contentType)).map((item) => item.mediaId) : []));
  return {
    input: {
      subject: { kind: 'conversation', id: conversationId },
      lines: ordered.filter((text) => text.data.body.trim() !== '').map((text) => ({ speaker: text.data.direction === 'outgoing' ? 'business' : 'customer', text: text.data.body, at: text.data.sentAt })),
      callerNumber,
      businessTimeZone: context.timeZone,
      referenceInstant: lastIncoming.data.sentAt,
      customer: known?.customer ?? null,
    },
    lines: [businessNumber],
    callId: null,
    conversationId,
    customerId: known?.customerId ?? null,
    mediaIds: [...new Set(mediaIds)],
  };
}

import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  callAnsweredData,
  callCompletedData,
  callForwardedData,
  callRecordingReadyData,
  callRingingData,
  callSummaryReadyData,
  callTranscriptReadyData,
  EVENT_MODEL_VERSION,
  namespacedCallId,
  type MediaItem,
  type RingsideEvent,
  type TranscriptLine,
} from '../../../../src/shared/events/model';
import { toE164 } from '../../../../src/shared/phone';
import { formatDuration } from '../../../../src/shared/units';
import { readTranscriptMessage, vapiEnvelopeSchema, type VapiMessage } from './message-schema';
import { redactVapiSecrets } from './redact-secrets';

/**
 * Vapi server message → Ringside events (spec telephony-providers §3, checklist §5). Pure.
 * - `assistant-request`: read here, decided by the provider from the relay's accounts
 *   (assistant-decision.ts), recorded as call.assistant_decided;
 * - `status-update`: ringing → call.ringing, in-progress → call.answered (Vapi's
 *   startedAt: answered, §5.7), forwarding → call.forwarded; other statuses are kept raw;
 * - `end-of-call-report`: call.completed (duration from endedAt − startedAt, else
 *   durationSeconds; a refused call unanswered and 0 s; an impossible length kept raw and
 *   not billed), and when present call.transcript_ready, call.summary_ready and
 *   call.recording_ready (the relay captures the recording like any media);
 * - anything else is kept as provider.unnormalized with its raw payload.
 * Event ids follow §5.9: `vapi:<call.id>:<type>` (+ the status for a status-update), so a
 * retried message is stored once.
 */

export interface VapiNormalizeContext {
  receivedAt: string;
  /** The lines a call was seen on, for messages that do not name the Vapi number. */
  linesOfCall(callId: string): readonly string[];
  /** How far Vapi's timestamp may be ahead of receivedAt before receivedAt is taken instead (RELAY_CONSOLE_EVENT_FUTURE_TOLERANCE_SECONDS); default 300 s. */
  futureToleranceMs?: number;
}

/** Longest call billed as reported: a longer one is a clock or provider fault, kept raw and raised as an alert. */
export const MAX_BILLED_CALL_SECONDS = 24 * 60 * 60;
/** How far endedAt − startedAt may differ from the report's own durationSeconds before neither is believed. */
export const MAX_DURATION_DISAGREEMENT_SECONDS = 60;

/**
 * How a call ends when no assistant took it (§3.2): the refusal spoken, or the request
 * failed. Not service, so never billed, though Vapi answered the line to speak. A
 * forwarded call (`assistant-forwarded-call`) is billed: a person of the business took it.
 */
const NOT_SERVED_END_REASONS: ReadonlySet<string> = new Set([
  'assistant-request-returned-error',
  'assistant-request-failed',
  'assistant-request-returned-no-assistant',
  'assistant-request-returned-invalid-assistant',
  'assistant-request-returned-unspeakable-error',
  'call-start-error-neither-assistant-nor-server-set',
]);

/** An end-of-call-report whose length cannot be believed: stored raw (never rated), for the provider to raise an alert about. */
export interface ImplausibleCall {
  callId: string;
  businessNumber: string;
  externalNumber: string;
  /** Plain words: "it ends 20 minutes before it starts". */
  why: string;
}

/** What an assistant-request asks: decided by the provider, then recorded with decidedEvent. */
export interface AssistantRequest {
  /** `vapi:<call.id>` */
  callId: string;
  eventId: string;
  businessNumber: string;
  externalNumber: string | null;
  occurredAt: string;
  receivedAt: string;
  raw: unknown;
}

export type VapiDelivery = { kind: 'assistant-request'; request: AssistantRequest } | { kind: 'events'; events: RingsideEvent[]; implausible?: ImplausibleCall };

export type VapiRead = { ok: true; delivery: VapiDelivery } | { ok: false; error: string };

export function readVapiDelivery(payload: unknown, ctx: VapiNormalizeContext): VapiRead {
  const parsed = vapiEnvelopeSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `not a Vapi server message: ${issue ? `${['message', ...issue.path.slice(1)].join('.')} ${issue.message}` : 'no "message" object'}` };
  }
  const message = parsed.data.message;
  // What is stored and streamed to consoles: the message without the credentials Vapi's objects may carry.
  const raw = redactVapiSecrets(payload);
  const receivedAt = ctx.receivedAt;
  // A timestamp far ahead of the relay's clock would sort the call years away: receivedAt is believed instead.
  const stamped = toInstant(message.timestamp);
  const occurredAt = stamped !== null && Date.parse(stamped) - Date.parse(receivedAt) <= (ctx.futureToleranceMs ?? 300_000) ? stamped : receivedAt;
  const providerCallId = message.call?.id ?? null;
  const common = { v: EVENT_MODEL_VERSION, source: 'vapi' as const, occurredAt, receivedAt };

  if (message.type === 'assistant-request') {
    if (providerCallId === null) return { ok: false, error: 'an assistant-request must name its call (message.call.id)' };
    const businessNumber = toE164(message.phoneNumber?.number ?? null);
    if (businessNumber === null) return { ok: false, error: 'an assistant-request must name the Vapi number called (message.phoneNumber.number, E.164)' };
    const callId = namespacedCallId('vapi', providerCallId);
    return {
      ok: true,
      delivery: {
        kind: 'assistant-request',
        request: { callId, eventId: `${callId}:assistant-request`, businessNumber, externalNumber: callerOf(message), occurredAt, receivedAt, raw },
      },
    };
  }

  const keptRaw = (id: string, lines: readonly string[]): RingsideEvent => ({ ...common, id, type: 'provider.unnormalized', lines: [...lines], raw, data: { providerType: message.type } });
  if (providerCallId === null) return { ok: true, delivery: { kind: 'events', events: [keptRaw(`vapi:${message.type}:${digestOf(payload)}`, [])] } };

  const callId = namespacedCallId('vapi', providerCallId);
  const line = toE164(message.phoneNumber?.number ?? null);
  const lines = line !== null ? [line] : phoneNumbers(ctx.linesOfCall(callId));
  const parties = readParties(message, callId, line, occurredAt);
  if (message.type === 'end-of-call-report' && parties !== null && !NOT_SERVED_END_REASONS.has(message.endedReason ?? '')) {
    const why = implausibleLength(message, occurredAt);
    if (why !== null) {
      const implausible = { callId, businessNumber: parties.businessNumber, externalNumber: parties.externalNumber, why };
      return { ok: true, delivery: { kind: 'events', events: [keptRaw(eventIdOf(callId, message), lines)], implausible } };
    }
  }
  const events = (() => {
    if (message.type === 'status-update') return statusEvents(message, callId, parties, common, lines, raw);
    if (message.type === 'end-of-call-report') return reportEvents(message, callId, parties, common, lines, raw);
    return null;
  })();
  if (events !== null && events.length > 0) return { ok: true, delivery: { kind: 'events', events } };
  // An informational message may come many times per call: its id is its content's.
  const id = message.type === 'status-update' || message.type === 'end-of-call-report' ? eventIdOf(callId, message) : `${callId}:${message.type}:${digestOf(payload)}`;
  return { ok: true, delivery: { kind: 'events', events: [keptRaw(id, lines)] } };
}

type Common = { v: typeof EVENT_MODEL_VERSION; source: 'vapi'; occurredAt: string; receivedAt: string };

interface Parties {
  callId: string;
  direction: 'incoming' | 'outgoing';
  businessNumber: string;
  externalNumber: string;
  startedAt: string;
}

/** The dedupe key of §5.9: call.id + type, + status for a status-update. */
function eventIdOf(callId: string, message: VapiMessage): string {
  return message.type === 'status-update' ? `${callId}:status-update:${message.status ?? message.call?.status ?? 'unknown'}` : `${callId}:${message.type}`;
}

function statusEvents(message: VapiMessage, callId: string, parties: Parties | null, common: Common, lines: string[], raw: unknown): RingsideEvent[] | null {
  if (parties === null) return null;
  const id = eventIdOf(callId, message);
  const status = message.status ?? message.call?.status;
  const base = { ...common, id, lines, raw };
  switch (status) {
    case 'ringing':
      return checked([{ ...base, type: 'call.ringing', data: parties }]);
    case 'in-progress':
      return checked([{ ...base, type: 'call.answered', data: { ...parties, answeredAt: toInstant(message.call?.startedAt) ?? common.occurredAt, answeredBy: null } }]);
    case 'forwarding': {
      const to = message.destination?.number ?? null;
      return checked([{ ...base, type: 'call.forwarded', data: { ...parties, forwardedAt: common.occurredAt, forwardedTo: toE164(to) ?? message.destination?.sipUri ?? to } }]);
    }
    default:
      return null;
  }
}

function reportEvents(message: VapiMessage, callId: string, parties: Parties | null, common: Common, lines: string[], raw: unknown): RingsideEvent[] | null {
  if (parties === null) return null;
  const id = eventIdOf(callId, message);
  const measured = measuredLength(message, common.occurredAt);
  // A caller the AI agent refused (or never reached) was not served: the call is unanswered, 0 s, whatever Vapi timed.
  const served = !NOT_SERVED_END_REASONS.has(message.endedReason ?? '');
  const startedAt = served ? (toInstant(message.startedAt) ?? toInstant(message.call?.startedAt)) : null;
  const { durationSeconds, endedAt } = served ? measured : { durationSeconds: 0, endedAt: measured.endedAt };
  const completed = {
    ...common,
    id,
    lines,
    raw,
    type: 'call.completed' as const,
    data: { ...parties, answeredAt: startedAt, completedAt: endedAt, durationSeconds, voicemailUrl: null, answeredBy: null, voicemail: null },
  };
  const events: Candidate[] = [completed];
  const artifact = message.artifact;
  const dialogue = readDialogue(message, parties);
  if (dialogue.length > 0) {
    events.push({ ...common, id: `${id}:transcript`, lines, type: 'call.transcript_ready', data: { callId, durationSeconds: startedAt === null ? null : durationSeconds, dialogue } });
  }
  const summary = (message.analysis?.summary ?? message.summary ?? '').trim();
  if (summary !== '') {
    events.push({ ...common, id: `${id}:summary`, lines, type: 'call.summary_ready', data: { callId, summary: paragraphs(summary), nextSteps: [] } });
  }
  const recordingUrl = artifact?.recording?.mono?.combinedUrl ?? artifact?.recordingUrl ?? message.recordingUrl ?? null;
  if (recordingUrl !== null && recordingUrl !== '') {
    const recording: MediaItem = { mediaId: `${callId}:recording:0`, url: recordingUrl, contentType: contentTypeOf(recordingUrl), durationSeconds: startedAt === null ? null : durationSeconds };
    const call = { direction: parties.direction, businessNumber: parties.businessNumber, externalNumber: parties.externalNumber, startedAt: parties.startedAt, answeredAt: startedAt, completedAt: endedAt, durationSeconds, answeredBy: null };
    events.push({ ...common, id: `${id}:recording`, lines, type: 'call.recording_ready', data: { callId, recordings: [recording], call } });
  }
  return checked(events);
}

/**
 * Billing duration: endedAt − startedAt, else durationSeconds (§3.3), to the nearest
 * second; never from cost. With neither, up to when the report was sent.
 */
function measuredLength(message: VapiMessage, occurredAt: string): { durationSeconds: number; endedAt: string } {
  const startedAt = toInstant(message.startedAt) ?? toInstant(message.call?.startedAt);
  const reportedEnd = toInstant(message.endedAt) ?? toInstant(message.call?.endedAt);
  if (startedAt === null) return { durationSeconds: 0, endedAt: reportedEnd ?? occurredAt };
  if (reportedEnd !== null) return { durationSeconds: Math.round((Date.parse(reportedEnd) - Date.parse(startedAt)) / 1000), endedAt: reportedEnd };
  if (message.durationSeconds != null) {
    const durationSeconds = Math.round(message.durationSeconds);
    return { durationSeconds, endedAt: new Date(Date.parse(startedAt) + durationSeconds * 1000).toISOString() };
  }
  return { durationSeconds: Math.max(0, Math.round((Date.parse(occurredAt) - Date.parse(startedAt)) / 1000)), endedAt: occurredAt };
}

/** Why a report's length cannot be billed (ends before it starts, longer than a day, or at odds with its own durationSeconds), or null. Pure. */
function implausibleLength(message: VapiMessage, occurredAt: string): string | null {
  const startedAt = toInstant(message.startedAt) ?? toInstant(message.call?.startedAt);
  if (startedAt === null) return null;
  const { durationSeconds } = measuredLength(message, occurredAt);
  if (durationSeconds < 0) return `it ends ${formatDuration(-durationSeconds)} before it starts`;
  if (durationSeconds > MAX_BILLED_CALL_SECONDS) return `it lasts ${formatDuration(durationSeconds)}, longer than a day`;
  const reported = message.durationSeconds;
  if (reported != null && Math.abs(durationSeconds - reported) > MAX_DURATION_DISAGREEMENT_SECONDS) {
    return `its start and end times say ${formatDuration(durationSeconds)} but Vapi's duration says ${formatDuration(Math.round(reported))}`;
  }
  return null;
}

/** Who spoke, from artifact.messages (with times) or else the transcript text ("AI: …" / "User: …"). */
function readDialogue(message: VapiMessage, parties: Parties): TranscriptLine[] {
  const speaker = (role: string): string | null => (role === 'user' || role === 'customer' ? parties.externalNumber : role === 'bot' || role === 'assistant' || role === 'ai' ? parties.businessNumber : null);
  const lines: TranscriptLine[] = [];
  for (const entry of message.artifact?.messages ?? []) {
    const said = readTranscriptMessage(entry);
    if (said === null || typeof said.message !== 'string' || said.message.trim() === '') continue;
    const role = (said.role ?? '').toLowerCase();
    if (role === 'system' || role === 'tool_calls' || role === 'tool_call_result') continue;
    const start = Math.max(0, said.secondsFromStart ?? 0);
    lines.push({ speakerNumber: speaker(role), speakerUserId: null, text: said.message.slice(0, 20_000), startSeconds: start, endSeconds: start + Math.max(0, (said.duration ?? 0) / 1000) });
  }
  if (lines.length > 0) return lines.slice(0, 20_000);
  const text = message.artifact?.transcript ?? message.transcript ?? '';
  for (const row of text.split('\n')) {
    const match = /^\s*(AI|Assistant|Bot|User|Customer)\s*:\s*(.*)$/i.exec(row);
    const said = (match ? match[2]! : row).trim();
    if (said === '') continue;
    lines.push({ speakerNumber: match ? speaker(match[1]!.toLowerCase() === 'ai' ? 'bot' : match[1]!.toLowerCase()) : null, speakerUserId: null, text: said.slice(0, 20_000), startSeconds: 0, endSeconds: 0 });
    if (lines.length === 20_000) break;
  }
  return lines;
}

/** The call's parties: Vapi's number is ours, the customer the other party; null for a web call (no phone numbers). */
function readParties(message: VapiMessage, callId: string, line: string | null, occurredAt: string): Parties | null {
  const direction = message.call?.type === 'outboundPhoneCall' ? 'outgoing' : message.call?.type === 'inboundPhoneCall' || message.call?.type == null ? 'incoming' : null;
  const externalNumber = callerOf(message);
  if (direction === null || line === null || externalNumber === null) return null;
  const startedAt = toInstant(message.call?.createdAt) ?? toInstant(message.call?.startedAt) ?? toInstant(message.startedAt) ?? occurredAt;
  return { callId, direction, businessNumber: line, externalNumber, startedAt };
}

function callerOf(message: VapiMessage): string | null {
  return toE164(message.customer?.number ?? message.call?.customer?.number ?? null);
}

type Candidate = Omit<RingsideEvent, 'data' | 'type'> & { type: RingsideEvent['type']; data: unknown };

const DATA_SCHEMAS: Partial<Record<RingsideEvent['type'], z.ZodType>> = {
  'call.ringing': callRingingData,
  'call.answered': callAnsweredData,
  'call.completed': callCompletedData,
  'call.forwarded': callForwardedData,
  'call.transcript_ready': callTranscriptReadyData,
  'call.summary_ready': callSummaryReadyData,
  'call.recording_ready': callRecordingReadyData,
};

/** The model's schemas are the last word: a delivery with a field out of bounds is kept raw instead (null). */
function checked(candidates: Candidate[]): RingsideEvent[] | null {
  const events: RingsideEvent[] = [];
  for (const candidate of candidates) {
    const parsed = DATA_SCHEMAS[candidate.type]!.safeParse(candidate.data);
    if (!parsed.success) return null;
    events.push({ ...candidate, data: parsed.data } as RingsideEvent);
  }
  return events;
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((part) => part.trim().slice(0, 5000))
    .filter((part) => part !== '')
    .slice(0, 200);
}

function contentTypeOf(url: string): string | null {
  const path = url.split(/[?#]/)[0]!.toLowerCase();
  if (path.endsWith('.wav')) return 'audio/wav';
  if (path.endsWith('.mp3')) return 'audio/mpeg';
  if (path.endsWith('.ogg')) return 'audio/ogg';
  return null;
}

function phoneNumbers(values: readonly string[]): string[] {
  return values.filter((value) => toE164(value) === value);
}

/** An epoch-ms number or an ISO text (with its offset), as an ISO instant; null otherwise. */
export function toInstant(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 && value < 8.64e15 ? new Date(value).toISOString() : null;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function digestOf(payload: unknown): string {
  return createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 32);
}

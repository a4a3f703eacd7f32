import { randomUUID } from 'node:crypto';

/**
 * Vapi server messages (spec telephony-providers §3.1-3.3, §3.5): the `{"message":{…}}`
 * envelope, `timestamp` in epoch milliseconds, the call object on every message, and the
 * end-of-call report with both its schema fields (`artifact`, `analysis`) and the legacy
 * top-level copies real deliveries carry (`summary`, `transcript`, `recordingUrl`,
 * `durationSeconds`…).
 */

export interface VapiCall {
  /** Vapi's call id (a UUID). */
  id: string;
  orgId: string;
  /** The Vapi number called (ours). */
  phoneNumber: string;
  phoneNumberId: string;
  /** The caller; null for a withheld number. */
  customer: string | null;
  type?: 'inboundPhoneCall' | 'outboundPhoneCall' | 'webCall';
}

export function newVapiCall(phoneNumber: string, customer: string | null): VapiCall {
  return { id: randomUUID(), orgId: 'org-emulated-0001', phoneNumber, phoneNumberId: `pn-${phoneNumber.slice(1)}`, customer };
}

type Message = { message: Record<string, unknown> };

function callObject(call: VapiCall, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: call.id,
    orgId: call.orgId,
    type: call.type ?? 'inboundPhoneCall',
    phoneNumberId: call.phoneNumberId,
    ...(call.customer === null ? {} : { customer: { number: call.customer } }),
    ...extra,
  };
}

function envelope(call: VapiCall, type: string, at: Date, fields: Record<string, unknown>, callExtra: Record<string, unknown> = {}): Message {
  return {
    message: {
      type,
      timestamp: at.getTime(),
      ...fields,
      call: callObject(call, callExtra),
      phoneNumber: { id: call.phoneNumberId, number: call.phoneNumber, provider: 'vapi' },
      ...(call.customer === null ? {} : { customer: { number: call.customer } }),
    },
  };
}

/** §3.2: an inbound call to a number without a fixed assistant. */
export function assistantRequest(call: VapiCall, at = new Date()): Message {
  return envelope(call, 'assistant-request', at, {}, { status: 'ringing', createdAt: at.toISOString() });
}

export type VapiStatus = 'scheduled' | 'queued' | 'ringing' | 'in-progress' | 'forwarding' | 'ended';

export function statusUpdate(call: VapiCall, status: VapiStatus, at = new Date(), times: { createdAt?: Date; startedAt?: Date; forwardedTo?: string } = {}): Message {
  return envelope(
    call,
    'status-update',
    at,
    { status, ...(times.forwardedTo ? { destination: { type: 'number', number: times.forwardedTo } } : {}) },
    { status, ...(times.createdAt ? { createdAt: times.createdAt.toISOString() } : {}), ...(times.startedAt ? { startedAt: times.startedAt.toISOString() } : {}) },
  );
}

export interface ReportContent {
  endedReason: string;
  /** null: the call never started (refused, failed). */
  startedAt: Date | null;
  endedAt: Date;
  /** [role, words, secondsFromStart]: `bot` or `user`. */
  turns?: [('bot' | 'user'), string, number][];
  summary?: string | null;
  recordingUrl?: string | null;
  cost?: number;
}

/** §3.3: the end-of-call report, with the legacy duplicates next to artifact/analysis. */
export function endOfCallReport(call: VapiCall, content: ReportContent, at = new Date(content.endedAt.getTime() + 2000)): Message {
  const turns = content.turns ?? [];
  const transcript = turns.map(([role, words]) => `${role === 'bot' ? 'AI' : 'User'}: ${words}`).join('\n');
  const messages = turns.map(([role, words, seconds]) => ({ role, message: words, time: (content.startedAt?.getTime() ?? 0) + seconds * 1000, secondsFromStart: seconds, duration: 1500 }));
  const durationMs = content.startedAt === null ? 0 : content.endedAt.getTime() - content.startedAt.getTime();
  const recording = content.recordingUrl ?? null;
  const started = content.startedAt?.toISOString();
  const ended = content.endedAt.toISOString();
  return envelope(
    call,
    'end-of-call-report',
    at,
    {
      endedReason: content.endedReason,
      ...(started ? { startedAt: started } : {}),
      endedAt: ended,
      cost: content.cost ?? Math.round(durationMs / 60_000 * 0.09 * 10_000) / 10_000,
      costs: [],
      durationMs,
      durationSeconds: durationMs / 1000,
      durationMinutes: durationMs / 60_000,
      ...(content.summary ? { summary: content.summary } : {}),
      transcript,
      messages,
      ...(recording ? { recordingUrl: recording, stereoRecordingUrl: recording.replace(/(\.\w+)$/, '-stereo$1') } : {}),
      artifact: {
        transcript,
        messages,
        messagesOpenAIFormatted: [],
        ...(recording ? { recording: { mono: { combinedUrl: recording } }, recordingUrl: recording } : {}),
      },
      analysis: { ...(content.summary ? { summary: content.summary } : {}), successEvaluation: 'true' },
    },
    { status: 'ended', endedReason: content.endedReason, ...(started ? { startedAt: started } : {}), endedAt: ended },
  );
}

import { EVENT_MODEL_VERSION, namespacedCallId, type CallRingingData, type RingsideEvent } from '../../../../src/shared/events/model';

/**
 * Twilio's three requests → Ringside's call events (spec telephony-providers §2.1-2.3).
 * Pure. Event ids are Twilio's own replay keys (§2.4, §5.9), so a request sent again is
 * stored once: `<CallSid>:voice`, `<CallSid>:<SequenceNumber>`, `<RecordingSid>:<RecordingStatus>`.
 * The call is always the caller's leg (`twilio:<CallSid>`); a dialled leg (ParentCallSid)
 * is read as its parent's call.
 *
 * - voice: `call.ringing`, before the TwiML is answered, so the card pops as the agents' phones ring;
 *   a number whose route refuses calls also gets `call.missed` (`<CallSid>:rejected`).
 * - status of the caller's leg: `in-progress` → call.answered; `completed` with CallDuration > 0
 *   → call.completed (talk time = CallDuration, never Duration, which is billed minutes) unless the
 *   answering leg's completion is already stored (that one is the talk time);
 *   `completed` with no duration, `no-answer`, `busy`, `failed`, `canceled` → call.missed.
 * - status of a dialled leg: `in-progress` → call.answered naming who answered (the number or
 *   SIP address); `completed` with CallDuration > 0 → call.completed `<ParentCallSid>:talk`, the
 *   talk time counted from the answer. The caller's leg may count the ringing too (answerOnBridge
 *   is UNCONFIRMED, §2.2), so this one is billed: arriving after the caller's, it corrects it.
 *   Its other statuses say nothing of the call (the other numbers of a simultaneous dial are
 *   cancelled when one answers).
 * - `ringing`, `queued`, `initiated`: nothing new (the voice request already said it rings).
 * - recording `completed` → call.recording_ready with the `.mp3` of RecordingUrl; other recording statuses: nothing.
 * Events of one call can arrive in any order: each says only what it knows, and consoles
 * merge them by call id (a ringing after a completion changes nothing there).
 */

export type TwilioRequestKind = 'voice' | 'status' | 'recording';

/** The form's fields, the first value of each. */
export type TwilioFields = Readonly<Record<string, string>>;

export interface TwilioNormalizeContext {
  kind: TwilioRequestKind;
  receivedAt: string;
  /** The call's ringing as the relay stored it (for a dialled leg or a recording, which do not carry the caller's numbers). */
  ringingOf(callSid: string): CallRingingData | null;
  /** The call's answering leg has completed and its talk time is stored (event `talkEventId`). */
  talkOfLegStored(callSid: string): boolean;
  /** voice: the number's route refuses the call, so it is missed as it rings. */
  rejected?: boolean;
}

/** The id of the call.completed read from the answering dialled leg's `completed` callback. */
export const talkEventId = (parentCallSid: string): string => `${parentCallSid}:talk`;

export type TwilioNormalized = { ok: true; events: RingsideEvent[] } | { ok: false; error: string };

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;
const RECORDING_SID = /^RE[0-9a-fA-F]{32}$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const MISSED_STATUSES = new Set(['no-answer', 'busy', 'failed', 'canceled']);
const QUIET_STATUSES = new Set(['queued', 'initiated', 'ringing']);
const KNOWN_STATUSES = new Set([...MISSED_STATUSES, ...QUIET_STATUSES, 'in-progress', 'completed']);

export function normalizeTwilio(fields: TwilioFields, ctx: TwilioNormalizeContext): TwilioNormalized {
  const callSid = fields.CallSid;
  if (callSid === undefined || !CALL_SID.test(callSid)) return { ok: false, error: 'the request has no CallSid (CA followed by 32 hex digits)' };
  switch (ctx.kind) {
    case 'voice':
      return normalizeVoice(callSid, fields, ctx);
    case 'status':
      return normalizeStatus(callSid, fields, ctx);
    case 'recording':
      return normalizeRecording(callSid, fields, ctx);
  }
}

/** The call's parties as the caller's leg carries them; null when a number is not E.164 (a withheld or client caller). */
export function ringingOfLeg(callSid: string, fields: TwilioFields, startedAt: string): CallRingingData | null {
  const direction = fields.Direction === 'inbound' ? 'incoming' : fields.Direction?.startsWith('outbound') ? 'outgoing' : null;
  const from = fields.From ?? '';
  const to = fields.To ?? '';
  if (direction === null || !E164.test(from) || !E164.test(to)) return null;
  return {
    callId: namespacedCallId('twilio', callSid),
    direction,
    businessNumber: direction === 'incoming' ? to : from,
    externalNumber: direction === 'incoming' ? from : to,
    startedAt,
  };
}

function normalizeVoice(callSid: string, fields: TwilioFields, ctx: TwilioNormalizeContext): TwilioNormalized {
  const ringing = ringingOfLeg(callSid, fields, ctx.receivedAt);
  const id = `${callSid}:voice`;
  // A caller Ringside cannot name (no E.164 number) still rings the agents: kept as received.
  if (ringing === null) return { ok: true, events: [unnormalized(id, 'voice', fields, ctx)] };
  const rang = event(id, 'call.ringing', ringing, ctx.receivedAt, ctx.receivedAt, fields);
  if (ctx.rejected !== true) return { ok: true, events: [rang] };
  return { ok: true, events: [rang, event(`${callSid}:rejected`, 'call.missed', { ...ringing, missedAt: ctx.receivedAt }, ctx.receivedAt, ctx.receivedAt, fields)] };
}

function normalizeStatus(callSid: string, fields: TwilioFields, ctx: TwilioNormalizeContext): TwilioNormalized {
  const status = fields.CallStatus ?? '';
  if (!KNOWN_STATUSES.has(status)) return { ok: false, error: `CallStatus '${status.slice(0, 40)}' is not a Twilio call status` };
  const sequence = fields.SequenceNumber;
  if (sequence !== undefined && !/^\d{1,9}$/.test(sequence)) return { ok: false, error: 'SequenceNumber is not a whole number' };
  const parentSid = fields.ParentCallSid;
  if (parentSid !== undefined && parentSid !== '' && !CALL_SID.test(parentSid)) return { ok: false, error: 'ParentCallSid is not a call SID' };
  const dialled = parentSid !== undefined && parentSid !== '';
  const id = `${callSid}:${sequence ?? status}`;
  const timestamp = rfc2822(fields.Timestamp, ctx.receivedAt);
  if (timestamp === 'invalid') return { ok: false, error: 'Timestamp is not an RFC 2822 date within a few days of now (such as Thu, 01 Jan 2026 00:01:35 +0000)' };
  const at = timestamp ?? ctx.receivedAt;

  if (QUIET_STATUSES.has(status)) return { ok: true, events: [] };
  const callDuration = fields.CallDuration === undefined ? null : /^\d{1,9}$/.test(fields.CallDuration) ? Number(fields.CallDuration) : Number.NaN;
  if (Number.isNaN(callDuration)) return { ok: false, error: 'CallDuration is not a whole number of seconds' };
  const talkOfLeg = dialled && status === 'completed' && callDuration !== null && callDuration > 0;
  if (dialled && status !== 'in-progress' && !talkOfLeg) return { ok: true, events: [] };
  // The call as first stored wins: its start is where billing places it.
  const ownSid = dialled ? parentSid : callSid;
  const stored = ctx.ringingOf(ownSid);
  const startedAt = stored?.startedAt ?? (callDuration !== null ? new Date(Date.parse(at) - callDuration * 1000).toISOString() : at);
  const call = stored ?? (dialled ? null : ringingOfLeg(callSid, fields, startedAt));
  if (call === null) return { ok: true, events: [unnormalized(id, `status.${status}`, fields, ctx)] };

  if (status === 'in-progress') {
    const answeredBy = dialled ? (fields.To ?? '').slice(0, 200) || null : null;
    return { ok: true, events: [event(id, 'call.answered', { ...call, answeredAt: at, answeredBy }, at, ctx.receivedAt, fields)] };
  }
  if (status === 'completed' && callDuration !== null && callDuration > 0) {
    // The answering leg's talk time is the call's (its own id, one per call); the caller's leg is billed only when that is missing.
    if (!talkOfLeg && ctx.talkOfLegStored(callSid)) return { ok: true, events: [] };
    const answeredAt = new Date(Date.parse(at) - callDuration * 1000).toISOString();
    const answeredBy = talkOfLeg ? (fields.To ?? '').slice(0, 200) || null : null;
    const data = { ...call, answeredAt, completedAt: at, durationSeconds: callDuration, voicemailUrl: null, answeredBy, voicemail: null };
    return { ok: true, events: [event(talkOfLeg ? talkEventId(ownSid) : id, 'call.completed', data, at, ctx.receivedAt, fields)] };
  }
  return { ok: true, events: [event(id, 'call.missed', { ...call, missedAt: at }, at, ctx.receivedAt, fields)] };
}

function normalizeRecording(callSid: string, fields: TwilioFields, ctx: TwilioNormalizeContext): TwilioNormalized {
  const recordingSid = fields.RecordingSid ?? '';
  if (!RECORDING_SID.test(recordingSid)) return { ok: false, error: 'the request has no RecordingSid (RE followed by 32 hex digits)' };
  const status = fields.RecordingStatus ?? '';
  if (!['in-progress', 'completed', 'absent', 'failed'].includes(status)) return { ok: false, error: `RecordingStatus '${status.slice(0, 40)}' is not a Twilio recording status` };
  if (status !== 'completed') return { ok: true, events: [] };
  const recordingUrl = readRecordingUrl(fields.RecordingUrl);
  if (recordingUrl === null) return { ok: false, error: 'RecordingUrl is not an https URL' };
  const duration = fields.RecordingDuration !== undefined && /^\d{1,9}$/.test(fields.RecordingDuration) ? Number(fields.RecordingDuration) : null;
  const callId = namespacedCallId('twilio', callSid);
  const ringing = ctx.ringingOf(callSid);
  const data = {
    callId,
    // Named by the recording, so a second delivery with another link is the same media.
    recordings: [{ mediaId: `${callId}:recording:${recordingSid}`, url: `${recordingUrl}.mp3`, contentType: 'audio/mpeg', durationSeconds: duration }],
    call:
      ringing === null
        ? null
        : { direction: ringing.direction, businessNumber: ringing.businessNumber, externalNumber: ringing.externalNumber, startedAt: ringing.startedAt, answeredAt: null, completedAt: null, durationSeconds: null, answeredBy: null },
  };
  const startTime = rfc2822(fields.RecordingStartTime, ctx.receivedAt);
  if (startTime === 'invalid') return { ok: false, error: 'RecordingStartTime is not an RFC 2822 date within a few days of now' };
  const occurredAt = startTime ?? ctx.receivedAt;
  return { ok: true, events: [{ ...envelope(`${recordingSid}:${status}`, occurredAt, ctx.receivedAt, fields, ringing === null ? [] : [ringing.businessNumber]), type: 'call.recording_ready', data }] };
}

/** RecordingUrl has no extension (§2.3); an http one is allowed only for a loopback emulator, as the media capture's own rules decide. */
function readRecordingUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw.length > 3000) return null;
  try {
    const url = new URL(raw);
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return null;
    return raw.replace(/\.(mp3|wav)$/i, '');
  } catch {
    return null;
  }
}

const RFC_2822 = /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|GMT|UTC?)$/;
/** How far a Twilio time may lie from the request's arrival: calls last hours, callbacks are retried for minutes, not weeks. */
const TIMESTAMP_PAST_MS = 7 * 86_400_000;
const TIMESTAMP_FUTURE_MS = 86_400_000;

/**
 * `Thu, 01 Jan 2026 00:01:35 +0000` → ISO instant; null when absent. 'invalid' when it is not
 * RFC 2822 or lies far from receivedAt, so an absurd date is refused, never stored or billed.
 */
function rfc2822(raw: string | undefined, receivedAt: string): string | null | 'invalid' {
  if (raw === undefined) return null;
  if (raw.length > 100 || !RFC_2822.test(raw)) return 'invalid';
  const ms = Date.parse(raw);
  const received = Date.parse(receivedAt);
  if (!Number.isFinite(ms) || ms < received - TIMESTAMP_PAST_MS || ms > received + TIMESTAMP_FUTURE_MS) return 'invalid';
  return new Date(ms).toISOString();
}

function envelope(id: string, occurredAt: string, receivedAt: string, fields: TwilioFields, lines: string[]) {
  return { v: EVENT_MODEL_VERSION, id, source: 'twilio' as const, occurredAt, receivedAt, lines, raw: fields };
}

function event<T extends 'call.ringing' | 'call.answered' | 'call.completed' | 'call.missed'>(
  id: string,
  type: T,
  data: Extract<RingsideEvent, { type: T }>['data'],
  occurredAt: string,
  receivedAt: string,
  fields: TwilioFields,
): RingsideEvent {
  return { ...envelope(id, occurredAt, receivedAt, fields, [data.businessNumber]), type, data } as RingsideEvent;
}

function unnormalized(id: string, providerType: string, fields: TwilioFields, ctx: TwilioNormalizeContext): RingsideEvent {
  const to = fields.To ?? '';
  return { ...envelope(id, ctx.receivedAt, ctx.receivedAt, fields, E164.test(to) ? [to] : []), type: 'provider.unnormalized', data: { providerType: `twilio.${providerType}` } };
}

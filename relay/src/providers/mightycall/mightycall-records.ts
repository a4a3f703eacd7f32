import { createHash } from 'node:crypto';
import { EVENT_MODEL_VERSION, namespacedCallId, ringsideEventSchema, type MediaItem, type RingsideEvent } from '../../../../src/shared/events/model';
import { toE164 } from '../../../../src/shared/phone';

/**
 * MightyCall API v4 records (spec telephony-providers §4.2: community-reported field
 * names, all unconfirmed) turned into the event model, read defensively: every field may
 * be missing, of another type, or named one of a few ways (docs/providers/mightycall.md
 * lists what is read). Event ids are derived from the record (`mightycall:call:<id>:completed`),
 * so the same record read again in an overlapping window is the same event and the log
 * keeps it once; call facts also carry their fact key (call.completed|mightycall:<id>).
 * Every event is checked against the model before it is returned: a record that cannot
 * make a valid event is null (counted unreadable), never thrown. Pure.
 */

type Json = Record<string, unknown>;

export interface RecordContext {
  /** ISO instant the relay read it. */
  receivedAt: string;
  /** The lines a call was seen on (call_lines), for a voicemail that names only its call. */
  linesOfCall: (callId: string) => readonly string[];
}

/** not_ended: the call is under way; startedAt, when readable, is where the next window must start to read it again. */
export type CallOutcome = { kind: 'events'; events: RingsideEvent[] } | { kind: 'not_ended'; startedAt: string | null } | { kind: 'unreadable' };

const SOURCE = 'mightycall';

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first string (or number) among the named fields, trimmed; dotted names read nested objects. */
export function text(record: Json, ...names: string[]): string | null {
  for (const name of names) {
    let value: unknown = record;
    for (const part of name.split('.')) value = isObject(value) ? value[part] : undefined;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return null;
}

/** A phone number given as a string or as an object ({number}, {phoneNumber}, {address}). */
export function phone(value: unknown): string | null {
  if (typeof value === 'string' || typeof value === 'number') return toE164(String(value));
  if (isObject(value)) {
    const raw = text(value, 'number', 'phoneNumber', 'address', 'e164', 'value');
    return raw === null ? null : toE164(raw);
  }
  return null;
}

/** An instant: ISO with or without offset (read as UTC, as `dateTimeUtc` says), or epoch ms. */
export function instant(value: string | null): string | null {
  if (value === null) return null;
  const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) ? `${value}Z` : value;
  const ms = /^\d{12,14}$/.test(value) ? Number(value) : Date.parse(withZone);
  if (!Number.isFinite(ms) || ms < Date.UTC(2000, 0, 1) || ms > Date.UTC(2100, 0, 1)) return null;
  return new Date(ms).toISOString();
}

/** Whole seconds: a number, a numeric string, `hh:mm:ss` / `mm:ss`, or ISO 8601 `PT1M5S`. */
export function seconds(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 && value < 864_000 ? Math.round(value) : null;
  if (typeof value !== 'string') return null;
  const raw = value.trim();
  if (/^\d+(\.\d+)?$/.test(raw)) return seconds(Number(raw));
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.\d+)?$/.exec(raw);
  if (clock) return seconds(Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]));
  const iso = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/i.exec(raw);
  if (iso && raw.length > 2) return seconds(Number(iso[1] ?? 0) * 3600 + Number(iso[2] ?? 0) * 60 + Number(iso[3] ?? 0));
  return null;
}

export function direction(value: string | null): 'incoming' | 'outgoing' | null {
  if (value === null) return null;
  // "Outgoing" contains "in": outgoing words are looked for first.
  if (/^out/i.test(value)) return 'outgoing';
  if (/^in/i.test(value)) return 'incoming';
  return null;
}

const NOT_ENDED = /progress|ringing|active|connecting|queued|dialing|onhold|hold/i;
const UNANSWERED = /miss|voicemail|no.?answer|abandon|reject|declin|busy|fail|cancel|unanswered/i;

/**
 * One call of `GET /calls`: `call.completed` (missed calls are completed calls with no
 * answer, as for every provider) and, with a `callRecord.uri`, `call.recording_ready`.
 * A call still under way is left for a later round (the windows overlap). The answer time
 * is not in the record: an answered call is taken as answered when it started.
 */
export function callRecordEvents(record: unknown, ctx: RecordContext): CallOutcome {
  if (!isObject(record)) return { kind: 'unreadable' };
  const id = text(record, 'id', 'callId');
  const status = text(record, 'callStatus', 'status') ?? '';
  const startedAt = instant(text(record, 'dateTimeUtc', 'dateTime', 'startTimeUtc', 'startedAt', 'created'));
  if (NOT_ENDED.test(status)) return { kind: 'not_ended', startedAt };
  const dir = direction(text(record, 'direction', 'callDirection'));
  const from = phone(record.from) ?? phone(record.caller);
  const to = phone(record.to) ?? phone(record.called);
  const business = phone(record.businessNumber);
  if (id === null || startedAt === null || dir === null) return { kind: 'unreadable' };
  const businessNumber = business ?? (dir === 'incoming' ? to : from);
  const externalNumber = dir === 'incoming' ? (from === businessNumber ? to : from) : to === businessNumber ? from : to;
  if (businessNumber === null || externalNumber === null) return { kind: 'unreadable' };
  const duration = seconds(record.duration) ?? 0;
  const answered = !UNANSWERED.test(status) && (duration > 0 || /connect|answer|complete/i.test(status));
  const talk = answered ? duration : 0;
  const completedAt = new Date(Date.parse(startedAt) + talk * 1000).toISOString();
  const callId = namespacedCallId(SOURCE, id);
  const lines = [businessNumber];
  const base = { callId, direction: dir, businessNumber, externalNumber, startedAt };
  const events: unknown[] = [
    envelope(`mightycall:call:${id}:completed`, 'call.completed', completedAt, lines, record, ctx, {
      ...base,
      answeredAt: answered ? startedAt : null,
      completedAt,
      durationSeconds: talk,
      voicemailUrl: null,
      answeredBy: null,
      voicemail: null,
    }),
  ];
  const recording = isObject(record.callRecord) ? record.callRecord : null;
  const uri = recording === null ? null : mediaUrl(text(recording, 'uri', 'url', 'fileUri'));
  if (recording !== null && uri !== null) {
    const item: MediaItem = { mediaId: `mightycall:${id}:recording:0`, url: uri, contentType: audioType(text(recording, 'fileName', 'name') ?? uri), durationSeconds: talk };
    events.push(
      envelope(`mightycall:call:${id}:recording`, 'call.recording_ready', completedAt, lines, record, ctx, {
        callId,
        recordings: [item],
        call: { direction: dir, businessNumber, externalNumber, startedAt, answeredAt: answered ? startedAt : null, completedAt, durationSeconds: talk, answeredBy: null },
      }),
    );
  }
  const valid = checked(events);
  return valid === null ? { kind: 'unreadable' } : { kind: 'events', events: valid };
}

/** One voicemail of `GET /voicemails`: `call.voicemail_ready`, and its transcription as `call.transcript_ready` when it has one. */
export function voicemailRecordEvents(record: unknown, ctx: RecordContext): RingsideEvent[] | null {
  if (!isObject(record)) return null;
  const id = text(record, 'id', 'voicemailId');
  const url = mediaUrl(text(record, 'uri', 'url', 'recordUri', 'fileUri', 'callRecord.uri', 'record.uri'));
  const at = instant(text(record, 'dateTimeUtc', 'created', 'createdUtc', 'date', 'dateTime'));
  if (id === null || url === null || at === null) return null;
  const callId = namespacedCallId(SOURCE, text(record, 'callId', 'call.id') ?? id);
  const business = phone(record.businessNumber) ?? phone(record.to);
  const caller = phone(record.from) ?? phone(record.client) ?? phone(record.caller);
  const lines = business !== null ? [business] : [...ctx.linesOfCall(callId)];
  const duration = seconds(record.duration);
  const transcriptValue = isObject(record.transcription) ? text(record.transcription, 'text', 'value') : text(record, 'transcription', 'transcript', 'transcriptionText', 'text');
  const transcript = transcriptValue === null ? null : transcriptValue.slice(0, 100_000);
  const events: unknown[] = [
    envelope(`mightycall:voicemail:${id}`, 'call.voicemail_ready', at, lines, record, ctx, {
      callId,
      voicemail: { mediaId: `mightycall:${id}:voicemail:0`, url, contentType: audioType(text(record, 'fileName') ?? url), durationSeconds: duration },
      transcript,
    }),
  ];
  if (transcript !== null) {
    events.push(
      envelope(`mightycall:voicemail:${id}:transcript`, 'call.transcript_ready', at, lines, record, ctx, {
        callId,
        durationSeconds: duration,
        dialogue: [{ speakerNumber: caller, speakerUserId: null, text: transcript.slice(0, 20_000), startSeconds: 0, endSeconds: duration ?? 0 }],
      }),
    );
  }
  return checked(events);
}

/** One text of the journal (`GET /journal/requests?type=Message`): `message.recorded`, its id carrying the status so a later status is recorded too. */
export function messageRecordEvent(record: unknown, ctx: RecordContext): RingsideEvent | null {
  if (!isObject(record)) return null;
  const id = text(record, 'id', 'requestId', 'messageId');
  const dir = direction(text(record, 'direction'));
  const business = phone(record.businessNumber) ?? (dir === 'incoming' ? phone(record.to) : phone(record.from));
  const external = phone(record.client) ?? phone(isObject(record.client) ? record.client.address : undefined) ?? (dir === 'incoming' ? phone(record.from) : phone(record.to));
  const sentAt = instant(text(record, 'created', 'dateTimeUtc', 'createdUtc', 'date'));
  const body = text(record, 'textModel.text', 'text', 'body', 'message') ?? '';
  if (id === null || dir === null || business === null || external === null || sentAt === null) return null;
  const status = dir === 'incoming' ? 'received' : messageStatus(text(record, 'messageDeliveryStatus', 'deliveryStatus', 'status'));
  const event = envelope(`mightycall:message:${id}:${status}`, 'message.recorded', sentAt, [business], record, ctx, {
    messageId: `${SOURCE}:${id}`,
    direction: dir,
    businessNumber: business,
    from: dir === 'incoming' ? external : business,
    participants: [external],
    body: body.slice(0, 10_000),
    media: [],
    status,
    errorCode: null,
    sentAt,
    providerConversationId: null,
    userId: null,
    campaignId: null,
    healthCheck: false,
  });
  return checked([event])?.[0] ?? null;
}

/** One contact of `GET /contacts`: `contact.changed`, its id carrying a hash of what it says, so an unchanged contact is one event however often it is read. */
export function contactRecordEvent(record: unknown, ctx: RecordContext): RingsideEvent | null {
  if (!isObject(record)) return null;
  const id = text(record, 'id', 'contactId');
  if (id === null) return null;
  const full = text(record, 'fullName', 'name', 'displayName');
  const joined = [text(record, 'firstName'), text(record, 'lastName')].filter((part) => part !== null).join(' ');
  const name = (full ?? (joined === '' ? null : joined))?.slice(0, 300) ?? null;
  const phones = [...new Set(listed(record, 'phoneNumbers', 'phones', 'numbers', 'phone').map(phone).filter((n): n is string => n !== null))].sort().slice(0, 50);
  const emails = [...new Set(listed(record, 'emails', 'email').map((value) => (isObject(value) ? text(value, 'address', 'email', 'value') : typeof value === 'string' ? value.trim() : null)).filter((e): e is string => e !== null && e !== ''))]
    .map((email) => email.slice(0, 300))
    .slice(0, 50);
  const data = { contactId: `${SOURCE}:${id}`, deleted: false, name, company: text(record, 'company', 'companyName', 'organization')?.slice(0, 300) ?? null, phones, emails };
  const hash = createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16);
  return checked([envelope(`mightycall:contact:${id}:${hash}`, 'contact.changed', ctx.receivedAt, [], record, ctx, data)])?.[0] ?? null;
}

/** The account's business numbers (`GET /phonenumbers`) as directory lines; unreadable entries are left out. */
export function directoryLines(records: readonly unknown[]): { number: string; name: string | null; providerLineId: string | null; userIds: string[] }[] {
  const lines = new Map<string, { number: string; name: string | null; providerLineId: string | null; userIds: string[] }>();
  for (const record of records) {
    const number = typeof record === 'string' ? toE164(record) : isObject(record) ? phone(record.number ?? record.phoneNumber ?? record.e164 ?? record.businessNumber) : null;
    if (number === null) continue;
    const entry = isObject(record) ? record : {};
    lines.set(number, { number, name: text(entry, 'name', 'label', 'friendlyName', 'description')?.slice(0, 300) ?? null, providerLineId: text(entry, 'id')?.slice(0, 200) ?? null, userIds: [] });
  }
  return [...lines.values()].sort((a, b) => a.number.localeCompare(b.number)).slice(0, 1000);
}

function listed(record: Json, ...names: string[]): unknown[] {
  for (const name of names) {
    const value = record[name];
    if (Array.isArray(value)) return value.slice(0, 100);
    if (typeof value === 'string' || isObject(value)) return [value];
  }
  return [];
}

function messageStatus(value: string | null): 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed' {
  const status = (value ?? '').toLowerCase();
  if (status.includes('undeliver')) return 'undelivered';
  if (status.includes('deliver')) return 'delivered';
  if (/fail|error|reject/.test(status)) return 'failed';
  if (/queue|pending|sending|created/.test(status)) return 'queued';
  return 'sent';
}

/** Only an absolute http(s) URL is media the relay may fetch. */
function mediaUrl(value: string | null): string | null {
  return value !== null && /^https?:\/\/[^\s]+$/i.test(value) && value.length <= 4000 ? value : null;
}

function audioType(name: string): string | null {
  const extension = /\.([a-z0-9]{2,4})(?:$|\?)/i.exec(name)?.[1]?.toLowerCase();
  return extension === 'mp3' ? 'audio/mpeg' : extension === 'wav' ? 'audio/wav' : extension === 'ogg' ? 'audio/ogg' : extension === 'm4a' ? 'audio/mp4' : null;
}

function envelope(id: string, type: string, occurredAt: string, lines: readonly string[], raw: Json, ctx: RecordContext, data: unknown): unknown {
  return { v: EVENT_MODEL_VERSION, id: id.slice(0, 200), source: SOURCE, type, occurredAt, receivedAt: ctx.receivedAt, lines: [...lines], raw: { ...raw, polledBy: 'mightycall-poll' }, data };
}

/** Every event valid in the model (its defaults filled in), or null when one is not. */
function checked(events: readonly unknown[]): RingsideEvent[] | null {
  const valid: RingsideEvent[] = [];
  for (const event of events) {
    const parsed = ringsideEventSchema.safeParse(event);
    if (!parsed.success) return null;
    valid.push(parsed.data);
  }
  return valid;
}

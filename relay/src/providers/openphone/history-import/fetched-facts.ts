import { createHash } from 'node:crypto';
import { factKey } from '../../../../../src/shared/events/fact-key';
import type { RingsideEvent } from '../../../../../src/shared/events/model';
import { normalizeOpenPhone } from '../../../../../src/shared/providers/openphone/normalize';
import { flagHealthCheckText, type IssuedHealthChecks } from '../health-check/health-check-marker';

/**
 * What OpenPhone's REST API returns, turned into the events its webhooks would have
 * produced: each object is wrapped as the webhook that carries it (`call.completed` with
 * the call, `call.recording.completed` with the call and its recordings in `media[]`,
 * `call.voicemail.completed`, `call.transcript.completed`, `call.summary.completed`,
 * `message.received` / `.delivered`, `contact.updated`) and read by the shared
 * normalizer, so ids and shapes are the webhooks' own and no second mapping exists. The
 * envelope's id is derived from the fact (`import-<hash>`), so the same fact fetched
 * twice is one event; the log's facts table recognizes a webhook's event for it. No
 * `call.ringing`: history must not pop a caller card. Pure.
 */

export type FetchedOrigin = { by: 'import' | 'reconciliation'; recordOnly: boolean };

export interface FetchContext {
  /** PN… id → E.164, from GET /v1/phone-numbers. */
  phoneNumberIds: Readonly<Record<string, string>>;
  /** ISO instant the relay fetched it. */
  receivedAt: string;
  origin: FetchedOrigin;
  /** The import run (or reconciliation run) fetching it, kept in the raw payload so a re-read page knows its own facts. */
  runId?: number;
  /** The relay's own health-check texts among the history are flagged as the webhook's would be (health-check-marker.ts). */
  healthChecks?: IssuedHealthChecks;
}

type Json = Record<string, unknown>;

/** `call.completed` for a call that has ended (a call still ringing or in progress is not history yet). */
export function callCompletedFromRest(call: Json, ctx: FetchContext): RingsideEvent | null {
  if (typeof call.completedAt !== 'string' || call.completedAt === '') return null;
  return fromWebhook('call.completed', call.completedAt, call, ctx);
}

/** `call.recording_ready` for the recordings with a URL; those without one are reported by the caller. */
export function recordingFromRest(call: Json, recordings: readonly Json[], ctx: FetchContext): RingsideEvent | null {
  const usable = recordings.filter((recording) => typeof recording.url === 'string' && recording.url !== '');
  if (usable.length === 0) return null;
  const at = typeof call.completedAt === 'string' ? call.completedAt : String(call.createdAt);
  return fromWebhook('call.recording.completed', at, { ...call, media: usable.map((recording) => ({ url: recording.url, type: recording.type, duration: recording.duration })) }, ctx);
}

export function voicemailFromRest(call: Json, voicemail: Json, ctx: FetchContext): RingsideEvent | null {
  const at = typeof call.completedAt === 'string' ? call.completedAt : String(call.createdAt);
  return fromWebhook('call.voicemail.completed', at, { ...voicemail, id: voicemail.id, callId: call.id, phoneNumberId: call.phoneNumberId }, ctx);
}

export function transcriptFromRest(call: Json, transcript: Json, ctx: FetchContext): RingsideEvent | null {
  const at = typeof transcript.createdAt === 'string' ? transcript.createdAt : String(call.completedAt ?? call.createdAt);
  return fromWebhook('call.transcript.completed', at, { ...transcript, object: 'callTranscript', callId: call.id, phoneNumberId: call.phoneNumberId }, ctx);
}

export function summaryFromRest(call: Json, summary: Json, ctx: FetchContext): RingsideEvent | null {
  return fromWebhook('call.summary.completed', String(call.completedAt ?? call.createdAt), { ...summary, object: 'callSummary', callId: call.id, phoneNumberId: call.phoneNumberId }, ctx);
}

/** A message as `message.received` (incoming) or `.delivered` / `.undelivered` / `.failed` (outgoing). */
export function messageFromRest(message: Json, ctx: FetchContext): RingsideEvent | null {
  const type = message.direction === 'incoming' ? 'message.received' : message.status === 'undelivered' ? 'message.undelivered' : message.status === 'failed' ? 'message.failed' : 'message.delivered';
  const media = Array.isArray(message.media) ? message.media.filter((item: unknown) => typeof (item as Json | null)?.url === 'string') : [];
  return fromWebhook(type, String(message.createdAt), { ...message, object: 'message', media }, ctx);
}

/** A contact made through the API, as `contact.updated` (a state, not a fact: its id says which version). */
export function contactFromRest(contact: Json, ctx: FetchContext): RingsideEvent | null {
  return fromWebhook('contact.updated', String(contact.updatedAt ?? contact.createdAt), contact, ctx, `contact|${String(contact.id)}|${String(contact.updatedAt)}`);
}

function fromWebhook(type: string, at: string, resource: Json, ctx: FetchContext, stateKey?: string): RingsideEvent | null {
  const probe = { id: 'probe', object: 'event', apiVersion: 'v4', createdAt: at, type, data: { object: resource } };
  const read = normalizeOpenPhone(probe, { receivedAt: ctx.receivedAt, deliveryId: null, phoneNumberIds: ctx.phoneNumberIds });
  if (!read.ok || read.event.type === 'provider.unnormalized') return null;
  const key = stateKey ?? factKey(read.event);
  if (key === null) return null;
  const id = `${ctx.origin.by}-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
  const event: RingsideEvent = { ...read.event, id, raw: { ...probe, id, ...(ctx.runId === undefined ? {} : { fetchedBy: ctx.runId }) }, origin: ctx.origin };
  return ctx.healthChecks === undefined ? event : flagHealthCheckText(event, ctx.healthChecks);
}

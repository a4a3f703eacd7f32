import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { EVENT_MODEL_VERSION, type EventOf, type RingsideEvent } from '../../../src/shared/events/model';
import type { MediaHost } from '../../../tools/emulators/openphone/media-host';
import { eventually } from '../media/media-relay';
import { LINE, type PortalRelay } from '../portal/portal-fixture';

/** Helpers for the privacy tests: provider events as normalizers make them, the erasure REST, and scans of the relay's files. */

export function providerEnvelope(id: string, at: string, line = LINE, raw?: unknown) {
  return { v: EVENT_MODEL_VERSION, id, source: 'openphone' as const, occurredAt: at, receivedAt: at, lines: [line], ...(raw === undefined ? {} : { raw }) };
}

let counter = 0;
export const uniqueId = (prefix: string): string => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

export function textMessage(options: { from: string; to?: string; direction?: 'incoming' | 'outgoing'; body: string; media?: { mediaId: string; url: string; contentType: string }[]; at?: string; raw?: unknown; line?: string }): EventOf<'message.recorded'> {
  const messageId = uniqueId('openphone:ACmsg');
  const at = options.at ?? new Date().toISOString();
  const line = options.line ?? LINE;
  const direction = options.direction ?? 'incoming';
  const other = direction === 'incoming' ? options.from : options.to!;
  return {
    ...providerEnvelope(`EV-${messageId}`, at, line, options.raw),
    type: 'message.recorded',
    data: {
      messageId,
      direction,
      businessNumber: line,
      from: direction === 'incoming' ? options.from : line,
      participants: [other],
      body: options.body,
      media: (options.media ?? []).map((item) => ({ ...item, durationSeconds: null })),
      status: direction === 'incoming' ? 'received' : 'delivered',
      errorCode: null,
      sentAt: at,
      providerConversationId: 'CN123',
      userId: null,
      campaignId: null,
      healthCheck: false,
    },
  };
}

export function missedCallWithVoicemail(callId: string, caller: string, url: string, at = new Date().toISOString()): EventOf<'call.completed'> {
  return {
    ...providerEnvelope(`EV-completed-${callId}`, at),
    type: 'call.completed',
    data: { callId, direction: 'incoming', businessNumber: LINE, externalNumber: caller, startedAt: at, answeredAt: null, completedAt: at, durationSeconds: 0, voicemailUrl: url, answeredBy: null, voicemail: { mediaId: `${callId}:voicemail:0`, url, contentType: 'audio/mpeg', durationSeconds: 2 } },
  };
}

export function voicemailReady(callId: string, url: string, transcript: string, at = new Date().toISOString()): EventOf<'call.voicemail_ready'> {
  return { ...providerEnvelope(`EV-voicemail-${callId}`, at), type: 'call.voicemail_ready', data: { callId, voicemail: { mediaId: `${callId}:voicemail:0`, url, contentType: 'audio/mpeg', durationSeconds: 2 }, transcript } };
}

export function summaryReady(callId: string, summary: string[], at = new Date().toISOString()): EventOf<'call.summary_ready'> {
  return { ...providerEnvelope(`EV-summary-${callId}`, at), type: 'call.summary_ready', data: { callId, summary, nextSteps: ['Call back about the quote'] } };
}

export function contactChanged(contactId: string, name: string, phones: string[], emails: string[]): EventOf<'contact.changed'> {
  return { ...providerEnvelope(`EV-contact-${contactId}-${counter++}`, new Date().toISOString(), LINE, { object: { id: contactId, name, phones } }), type: 'contact.changed', data: { contactId, deleted: false, name, company: null, phones, emails } };
}

/** A recording on the emulated provider storage, captured by the relay once its webhook arrives. */
export function hostedRecording(host: MediaHost, file: string, title: string): string {
  host.addRecording(file, 2, title);
  return host.signedUrl(file);
}

export function capturedSha(t: PortalRelay, mediaId: string): Promise<string> {
  return eventually(() => t.relay.eventsOf('media.captured').find((event) => event.data.mediaId === mediaId)?.data.sha256, `${mediaId} to be captured`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the relay's JSON, read by each test's expectations
export type Answer = { status: number; body: any };

export async function rest(t: PortalRelay, method: 'GET' | 'POST', pathname: string, token: string, body?: unknown): Promise<Answer> {
  const answer = await fetch(`${t.relay.url}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: answer.status, body: (await answer.json()) as unknown };
}

/** Waits for the erasure to finish (done or failed) as a console would, by listing the erasures. */
export async function erasureFinished(t: PortalRelay, erasureId: string): Promise<Answer['body']> {
  for (;;) {
    const listed = await rest(t, 'GET', '/v1/privacy/erasures', t.admin);
    const erasure = (listed.body.erasures as { erasureId: string; state: string }[]).find((entry) => entry.erasureId === erasureId);
    if (erasure !== undefined && erasure.state !== 'running') return erasure;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Every file under a folder, recursively. */
export function filesUnder(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder)) {
    const full = path.join(folder, entry);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}

/** Which of the needles occur in which files (as UTF-8 bytes, and as Latin-1 for ID3 titles): `file: needle` for each hit. */
export function needlesFound(files: readonly string[], needles: readonly string[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      continue; // a -shm or -wal file SQLite removed meanwhile
    }
    for (const needle of needles) {
      if (bytes.includes(Buffer.from(needle, 'utf8')) || bytes.includes(Buffer.from(needle, 'latin1'))) hits.push(`${path.basename(file)}: ${needle}`);
    }
  }
  return hits;
}

export function storedEvents(t: PortalRelay): { seq: number; event: RingsideEvent; json: string }[] {
  return (t.relay.db.prepare('SELECT seq, event FROM events ORDER BY seq').all() as { seq: number; event: string }[]).map((row) => ({ seq: row.seq, json: row.event, event: JSON.parse(row.event) as RingsideEvent }));
}

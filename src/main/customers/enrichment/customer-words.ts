import type { ConsoleDatabase } from '../../db/open-console-database';
import type { CustomerWords } from './found-text';

/** The newest this many of each kind are read: enough for a page, bounded for a customer who texts every day. */
const NEWEST = 300;

/**
 * A customer's own words from the projection: texts they sent from any of their numbers,
 * transcript lines spoken from one of them, and their voicemails. Nothing the business
 * wrote or said (its agents introduce themselves too).
 */
export function customerWords(db: ConsoleDatabase, customerId: string): CustomerWords[] {
  const s = db.sqlite;
  const messages = s
    .prepare(
      `SELECT m.message_id, m.body, m.sent_at_ms FROM messages m
       WHERE m.direction = 'incoming' AND m.from_e164 IN (SELECT phone_e164 FROM customer_phones WHERE customer_id = ?) AND m.body <> ''
       ORDER BY m.sent_at_ms DESC LIMIT ${NEWEST}`,
    )
    .all(customerId) as { message_id: string; body: string; sent_at_ms: number }[];
  const lines = s
    .prepare(
      `SELECT t.call_id, t.line_no, t.text, c.started_at_ms FROM transcript_lines t JOIN calls c ON c.call_id = t.call_id
       WHERE t.speaker_e164 IN (SELECT phone_e164 FROM customer_phones WHERE customer_id = ?)
       ORDER BY c.started_at_ms DESC, t.line_no LIMIT ${NEWEST}`,
    )
    .all(customerId) as { call_id: string; line_no: number; text: string; started_at_ms: number }[];
  const voicemails = s
    .prepare(
      `SELECT a.call_id, a.voicemail_transcript, c.started_at_ms FROM call_artifacts a JOIN calls c ON c.call_id = a.call_id
       WHERE a.voicemail_transcript IS NOT NULL AND c.external_e164 IN (SELECT phone_e164 FROM customer_phones WHERE customer_id = ?)
       ORDER BY c.started_at_ms DESC LIMIT ${NEWEST}`,
    )
    .all(customerId) as { call_id: string; voicemail_transcript: string; started_at_ms: number }[];
  const at = (ms: number): string => new Date(ms).toISOString();
  return [
    ...messages.map((m): CustomerWords => ({ sourceId: m.message_id, kind: 'message', at: at(m.sent_at_ms), text: m.body })),
    ...lines.map((l): CustomerWords => ({ sourceId: `${l.call_id}#${l.line_no}`, kind: 'transcript', at: at(l.started_at_ms), text: l.text })),
    ...voicemails.map((v): CustomerWords => ({ sourceId: `${v.call_id}#voicemail`, kind: 'voicemail', at: at(v.started_at_ms), text: v.voicemail_transcript })),
  ];
}

/** What someone dismissed for this customer (customer.suggestion_dismissed, on any console). */
export function dismissedSuggestions(db: ConsoleDatabase, customerId: string): Set<string> {
  const rows = db.sqlite.prepare('SELECT suggestion_key FROM customer_suggestion_dismissals WHERE customer_id = ?').all(customerId) as { suggestion_key: string }[];
  return new Set(rows.map((row) => row.suggestion_key));
}

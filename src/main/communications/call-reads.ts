import type { CallActivityRow, CallActivityStatus, CallDetail, communicationsApiInputSchemas } from '../../shared/api/communications';
import type { Page } from '../../shared/api/page';
import type { z } from 'zod';
import type { ConsoleDatabase } from '../db/open-console-database';
import { assistantDecisionOf } from './assistant-decisions';
import { callStatusSql, readCallStatus } from './call-status';
import { answeredByNameSql, lineNameSql, userNameSql } from './directory-names';
import { mediaRefsOf, withoutKind } from './media-refs';

type CallPageInput = z.output<(typeof communicationsApiInputSchemas)['communications.callPage']>;

interface CallActivitySqlRow {
  call_id: string;
  direction: 'incoming' | 'outgoing';
  external_e164: string;
  business_e164: string;
  started_at_ms: number;
  answered_at_ms: number | null;
  completed_at_ms: number | null;
  duration_seconds: number | null;
  call_status: string;
  status: CallActivityStatus | null;
  answered_by_name: string | null;
  forwarded_to: string | null;
  line_name: string | null;
  has_voicemail: number | null;
  summary_json: string | null;
  next_steps_json: string | null;
  voicemail_transcript: string | null;
  transcribed_by: 'ringside' | 'provider' | null;
  transcript_quality: 'clear' | 'poor' | 'empty' | null;
  transcript_language: string | null;
  transcription_failure_detail: string | null;
  customer_id: string | null;
  customer_name: string | null;
  has_recording: number;
  has_transcript: number;
}

/**
 * A call's customer is resolved at read time through its number (schema.ts explains why),
 * and so are the names of who answered and of the line: a directory synced later names
 * every call already shown.
 */
const SELECT_CALL = `
  SELECT c.call_id, c.direction, c.external_e164, c.business_e164, c.started_at_ms, c.answered_at_ms, c.completed_at_ms, c.duration_seconds,
    c.status AS call_status, a.status, ${answeredByNameSql('a.answered_by')} AS answered_by_name, ${lineNameSql('c.business_e164')} AS line_name,
    a.forwarded_to, a.has_voicemail, a.summary_json, a.next_steps_json, a.voicemail_transcript,
    a.transcribed_by, a.transcript_quality, a.transcript_language, a.transcription_failure_detail,
    o.customer_id, o.name AS customer_name,
    EXISTS (SELECT 1 FROM media_items m WHERE m.owner_id = c.call_id AND m.kind = 'recording') AS has_recording,
    EXISTS (SELECT 1 FROM transcript_lines t WHERE t.call_id = c.call_id) AS has_transcript
  FROM calls c
  LEFT JOIN call_artifacts a ON a.call_id = c.call_id
  LEFT JOIN customers o ON o.customer_id = (
    SELECT p.customer_id FROM customer_phones p JOIN customers pc ON pc.customer_id = p.customer_id
    WHERE p.phone_e164 = c.external_e164 ORDER BY pc.updated_seq DESC LIMIT 1)`;

/** The call history with its artifacts, newest first, paged on (startedAt, callId), with the count of all that match. */
export function callPage(db: ConsoleDatabase, input: CallPageInput, nowMs: number): Page<CallActivityRow> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.status) {
    where.push(`${callStatusSql(nowMs)} = ?`);
    params.push(input.status);
  }
  if (input.line) {
    where.push('c.business_e164 = ?');
    params.push(input.line);
  }
  if (input.customerId) {
    where.push('c.external_e164 IN (SELECT phone_e164 FROM customer_phones WHERE customer_id = ?)');
    params.push(input.customerId);
  }
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = (
    db.sqlite.prepare(`SELECT count(*) AS n FROM calls c ${input.status ? 'LEFT JOIN call_artifacts a ON a.call_id = c.call_id' : ''} ${filter}`).get(...params) as { n: number }
  ).n;
  const pageWhere = [...where];
  const pageParams = [...params];
  if (input.before) {
    const ms = Date.parse(input.before.startedAt);
    pageWhere.push('(c.started_at_ms < ? OR (c.started_at_ms = ? AND c.call_id < ?))');
    pageParams.push(ms, ms, input.before.callId);
  }
  const rows = db.sqlite
    .prepare(`${SELECT_CALL} ${pageWhere.length > 0 ? `WHERE ${pageWhere.join(' AND ')}` : ''} ORDER BY c.started_at_ms DESC, c.call_id DESC LIMIT ?`)
    .all(...pageParams, input.limit) as CallActivitySqlRow[];
  return { rows: rows.map((row) => activityRow(row, nowMs)), total };
}

/** One call with its recordings, voicemail, transcript, summary and next steps; null for an unknown call. */
export function callDetail(db: ConsoleDatabase, callId: string, nowMs: number): CallDetail | null {
  const row = db.sqlite.prepare(`${SELECT_CALL} WHERE c.call_id = ?`).get(callId) as CallActivitySqlRow | undefined;
  if (!row) return null;
  const media = mediaRefsOf(db, [callId]).get(callId) ?? [];
  const voicemail = media.find((m) => m.kind === 'voicemail');
  const transcript = db.sqlite
    .prepare(
      `SELECT t.speaker_e164, t.speaker_user_id, ${userNameSql('t.speaker_user_id')} AS speaker_name, t.text, t.start_seconds, t.end_seconds, t.confidence
       FROM transcript_lines t WHERE t.call_id = ? ORDER BY t.line_no`,
    )
    .all(callId) as { speaker_e164: string | null; speaker_user_id: string | null; speaker_name: string | null; text: string; start_seconds: number; end_seconds: number; confidence: number | null }[];
  // An empty transcript (no speech found) has no lines but is a transcript all the same.
  const hasTranscript = transcript.length > 0 || row.transcript_quality !== null || row.transcribed_by !== null;
  return {
    call: activityRow(row, nowMs),
    recordings: media.filter((m) => m.kind === 'recording').map(withoutKind),
    voicemail: voicemail ? { ...withoutKind(voicemail), transcript: row.voicemail_transcript } : null,
    transcript: transcript.map((t) => ({
      speakerNumber: t.speaker_e164,
      speakerUserId: t.speaker_user_id,
      speakerName: t.speaker_name,
      text: t.text,
      startSeconds: t.start_seconds,
      endSeconds: t.end_seconds,
      confidence: t.confidence,
    })),
    summary: parseList(row.summary_json),
    nextSteps: parseList(row.next_steps_json),
    aiAgent: assistantDecisionOf(db, callId),
    transcriptInfo: hasTranscript ? { by: row.transcribed_by ?? 'provider', quality: row.transcript_quality, language: row.transcript_language } : null,
    transcriptionFailure: hasTranscript ? null : row.transcription_failure_detail,
  };
}

/** The newest call of some numbers that has a summary, for the caller card's "last call". */
export function lastSummarizedCall(db: ConsoleDatabase, numbers: readonly string[], exceptCallId: string): { callId: string; startedAt: string; summary: string[]; nextSteps: string[] } | null {
  if (numbers.length === 0) return null;
  const row = db.sqlite
    .prepare(
      `SELECT c.call_id, c.started_at_ms, a.summary_json, a.next_steps_json FROM calls c JOIN call_artifacts a ON a.call_id = c.call_id
       WHERE c.external_e164 IN (SELECT value FROM json_each(?)) AND c.call_id != ? AND a.summary_json IS NOT NULL
       ORDER BY c.started_at_ms DESC LIMIT 1`,
    )
    .get(JSON.stringify(numbers), exceptCallId) as { call_id: string; started_at_ms: number; summary_json: string; next_steps_json: string | null } | undefined;
  if (!row) return null;
  return { callId: row.call_id, startedAt: new Date(row.started_at_ms).toISOString(), summary: parseList(row.summary_json), nextSteps: parseList(row.next_steps_json) };
}

function parseList(json: string | null): string[] {
  if (json === null) return [];
  const parsed = JSON.parse(json) as unknown;
  return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : [];
}

function activityRow(row: CallActivitySqlRow, nowMs: number): CallActivityRow {
  const summary = parseList(row.summary_json);
  return {
    callId: row.call_id,
    status: readCallStatus(row.status, { status: row.call_status, startedAtMs: row.started_at_ms, answeredAtMs: row.answered_at_ms }, nowMs),
    direction: row.direction,
    number: row.external_e164,
    businessNumber: row.business_e164,
    lineName: row.line_name,
    customerId: row.customer_id,
    customerName: row.customer_name,
    startedAt: new Date(row.started_at_ms).toISOString(),
    answeredAt: row.answered_at_ms === null ? null : new Date(row.answered_at_ms).toISOString(),
    endedAt: row.completed_at_ms === null ? null : new Date(row.completed_at_ms).toISOString(),
    durationSeconds: row.duration_seconds ?? 0,
    // A name or nothing: an id (OpenPhone's US…) is not something a receptionist can read.
    answeredBy: row.answered_by_name,
    forwardedTo: row.forwarded_to,
    hasRecording: row.has_recording === 1,
    hasVoicemail: row.has_voicemail === 1,
    hasTranscript: row.has_transcript === 1,
    summaryHeadline: summary[0] ?? null,
  };
}

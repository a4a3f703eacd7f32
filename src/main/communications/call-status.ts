import type { CallActivityStatus } from '../../shared/api/communications';

/** What the projection knows of a call, whatever order its events came in. */
export interface CallFacts {
  /** The call's own completion (or a missed call, which ends it) was applied. */
  completed: boolean;
  answered: boolean;
  missed: boolean;
  forwarded: boolean;
  voicemail: boolean;
}

/**
 * The status a receptionist reads: ringing → in progress (answered) → completed, or
 * missed / voicemail / forwarded. An answered call is never missed; a call still going on
 * is never missed (only its completion or a missed event says so); a voicemail or a
 * forward is what happened to an unanswered call.
 */
export function callActivityStatus(facts: CallFacts): CallActivityStatus {
  if (facts.answered) return facts.completed ? 'completed' : 'in_progress';
  if (facts.voicemail) return 'voicemail';
  if (facts.forwarded) return 'forwarded';
  if (facts.completed || facts.missed) return 'missed';
  return 'ringing';
}

/**
 * How long a call may go without news before it reads "Ended — no end time received":
 * no provider rings a line for ten minutes, and a four-hour call without a completion
 * means the completion was lost (the relay was down past the provider's retries).
 */
export const STALE_RINGING_MS = 10 * 60_000;
export const STALE_IN_PROGRESS_MS = 4 * 60 * 60_000;

export interface CallTimes {
  startedAtMs: number;
  answeredAtMs: number | null;
}

/** A ringing or in-progress call past its bound since its last event has ended without telling us. */
export function withStaleness(status: CallActivityStatus, times: CallTimes, nowMs: number): CallActivityStatus {
  const lastEventMs = Math.max(times.startedAtMs, times.answeredAtMs ?? times.startedAtMs);
  if (status === 'ringing' && nowMs - lastEventMs > STALE_RINGING_MS) return 'ended_unknown';
  if (status === 'in_progress' && nowMs - lastEventMs > STALE_IN_PROGRESS_MS) return 'ended_unknown';
  return status;
}

/**
 * The status of a call as read at `nowMs`: the projection's (call_artifacts.status) when
 * the call has artifacts, else callActivityStatus of its calls row alone (a plain call:
 * rung, maybe answered, maybe ended), then withStaleness.
 */
export function readCallStatus(projected: CallActivityStatus | null, call: { status: string; startedAtMs: number; answeredAtMs: number | null }, nowMs: number): CallActivityStatus {
  const status = projected ?? callActivityStatus({ completed: call.status === 'completed', answered: call.answeredAtMs !== null, missed: false, forwarded: false, voicemail: false });
  return withStaleness(status, call, nowMs);
}

/** readCallStatus written for SQL over `c` (calls) and `a` (call_artifacts), at a bound instant. */
export function callStatusSql(nowMs: number): string {
  const now = Math.trunc(nowMs);
  const base = `COALESCE(a.status, CASE
    WHEN c.answered_at_ms IS NOT NULL THEN (CASE WHEN c.status = 'completed' THEN 'completed' ELSE 'in_progress' END)
    WHEN c.status = 'completed' THEN 'missed'
    ELSE 'ringing' END)`;
  const last = 'max(c.started_at_ms, COALESCE(c.answered_at_ms, c.started_at_ms))';
  return `(CASE
    WHEN ${base} = 'ringing' AND ${now} - ${last} > ${STALE_RINGING_MS} THEN 'ended_unknown'
    WHEN ${base} = 'in_progress' AND ${now} - ${last} > ${STALE_IN_PROGRESS_MS} THEN 'ended_unknown'
    ELSE ${base} END)`;
}

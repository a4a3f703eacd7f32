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
 * The status of a call as read: the projection's (call_artifacts.status) when the call
 * has artifacts, else callActivityStatus of its calls row alone (a plain call: rung,
 * maybe answered, maybe ended).
 */
export function readCallStatus(projected: CallActivityStatus | null, call: { status: string; answeredAtMs: number | null }): CallActivityStatus {
  return projected ?? callActivityStatus({ completed: call.status === 'completed', answered: call.answeredAtMs !== null, missed: false, forwarded: false, voicemail: false });
}

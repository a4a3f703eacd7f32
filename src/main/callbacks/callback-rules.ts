import type { RingsideEvent } from '../../shared/events/model';
import { callbackOutcomes } from '../../shared/events/model';
import { isImportedHistory } from '../projection/imported-history';

/**
 * The shared callback queue's rules (issue 10), pure: which calls enter it, what takes
 * a caller out of it, and how a claim, a release and an outcome change an entry.
 *
 * - Every missed incoming call (voicemail included) puts its caller in the queue, but
 *   not one the history import brought (history: nobody waits on it). A caller who
 *   misses us again while waiting stays one entry, with a count.
 * - The caller leaves the queue when someone calls them (an outgoing call to the number,
 *   answered or not, started after their first missed call), when they call again and
 *   are answered, or when an agent completes the entry with an outcome.
 * - "I'll call back" claims the entry: every console shows who. Another agent may take
 *   it over (the screen asks first); a release frees it. A closed entry takes nothing.
 */

export type CallbackOutcome = (typeof callbackOutcomes)[number];
/** Why an entry left the queue: someone called back, the caller got through later, or an agent's outcome. */
export type CallbackClosedReason = 'called_back' | 'answered' | CallbackOutcome;

export interface MissedCall {
  callId: string;
  number: string;
  businessNumber: string;
  startedAtMs: number;
  missedAtMs: number;
  voicemail: boolean;
}

/** A conversation with the caller that takes them out of the queue. */
export interface CallerReached {
  callId: string;
  number: string;
  startedAtMs: number;
  reason: 'called_back' | 'answered';
}

export interface CallbackEntry {
  state: 'open' | 'closed';
  firstStartedAtMs: number;
  claimedBy: string | null;
  claimedAtMs: number | null;
  closedReason: CallbackClosedReason | null;
  closedNote: string | null;
  closedBy: string | null;
  closedAtMs: number | null;
  closingCallId: string | null;
}

export type CallbackAction =
  | { kind: 'claim'; by: string; atMs: number }
  | { kind: 'release'; by: string; atMs: number }
  | { kind: 'complete'; outcome: CallbackOutcome; note: string; by: string; atMs: number }
  | { kind: 'reached'; reached: CallerReached; atMs: number };

/** The missed incoming call an event reports, if it reports one. */
export function missedCallOf(event: RingsideEvent): MissedCall | null {
  switch (event.type) {
    case 'call.missed': {
      const d = event.data;
      if (d.direction !== 'incoming') return null;
      return { callId: d.callId, number: d.externalNumber, businessNumber: d.businessNumber, startedAtMs: Date.parse(d.startedAt), missedAtMs: Date.parse(d.missedAt), voicemail: false };
    }
    case 'call.completed': {
      const d = event.data;
      if (d.direction !== 'incoming' || d.answeredAt !== null) return null;
      return {
        callId: d.callId,
        number: d.externalNumber,
        businessNumber: d.businessNumber,
        startedAtMs: Date.parse(d.startedAt),
        missedAtMs: Date.parse(d.completedAt),
        voicemail: d.voicemail !== null || d.voicemailUrl !== null,
      };
    }
    default:
      return null;
  }
}

/**
 * Whether a missed call an event reports can put its caller in the queue: not one the
 * history import brought (last spring's missed call is history, nobody waits on it);
 * one the reconciliation recovered (yesterday's, its webhook lost) does, as a live one.
 */
export function missedCallCanWait(event: Pick<RingsideEvent, 'origin'>): boolean {
  return !isImportedHistory(event);
}

/** The contact with a caller an event reports: an outgoing call to them, or an incoming call of theirs that was answered. */
export function callerReachedBy(event: RingsideEvent): CallerReached | null {
  switch (event.type) {
    case 'call.ringing':
    case 'call.answered':
    case 'call.completed': {
      const d = event.data;
      const startedAtMs = Date.parse(d.startedAt);
      if (d.direction === 'outgoing') return { callId: d.callId, number: d.externalNumber, startedAtMs, reason: 'called_back' };
      const answered = event.type === 'call.answered' || (event.type === 'call.completed' && event.data.answeredAt !== null);
      return answered ? { callId: d.callId, number: d.externalNumber, startedAtMs, reason: 'answered' } : null;
    }
    default:
      return null;
  }
}

/** A contact ends the wait when it started after the caller's first missed call (never the missed call itself). */
export function reachedAfter(entry: Pick<CallbackEntry, 'firstStartedAtMs'>, reached: CallerReached): boolean {
  return reached.startedAtMs > entry.firstStartedAtMs;
}

/** Whether a missed call still waits for a call back, given the latest contact with its caller that is known. */
export function waitsForCallBack(missed: Pick<MissedCall, 'startedAtMs'>, latestContactStartedAtMs: number | null): boolean {
  return latestContactStartedAtMs === null || latestContactStartedAtMs <= missed.startedAtMs;
}

export function openEntry(firstStartedAtMs: number): CallbackEntry {
  return { state: 'open', firstStartedAtMs, claimedBy: null, claimedAtMs: null, closedReason: null, closedNote: null, closedBy: null, closedAtMs: null, closingCallId: null };
}

/** The entry after an action; a closed entry stays as it closed (a late claim, a second outcome change nothing). */
export function nextCallbackEntry(entry: CallbackEntry, action: CallbackAction): CallbackEntry {
  if (entry.state === 'closed') return entry;
  switch (action.kind) {
    case 'claim':
      return { ...entry, claimedBy: action.by, claimedAtMs: action.atMs };
    case 'release':
      return { ...entry, claimedBy: null, claimedAtMs: null };
    case 'complete':
      return { ...entry, state: 'closed', closedReason: action.outcome, closedNote: action.note === '' ? null : action.note, closedBy: action.by, closedAtMs: action.atMs };
    case 'reached':
      if (!reachedAfter(entry, action.reached)) return entry;
      return { ...entry, state: 'closed', closedReason: action.reached.reason, closedBy: null, closedAtMs: action.atMs, closingCallId: action.reached.callId };
  }
}

/** How an entry reads on a screen: "Dana will call back", "Called back", "Reached — wants a quote". */
export function callbackStatusText(entry: Pick<CallbackEntry, 'state' | 'claimedBy' | 'closedReason' | 'closedBy'>): string {
  if (entry.state === 'open') return entry.claimedBy === null ? 'Waiting for a call back' : `${entry.claimedBy} will call back`;
  const by = entry.closedBy ? ` (${entry.closedBy})` : '';
  switch (entry.closedReason) {
    case 'called_back':
      return 'Called back';
    case 'answered':
      return 'Called again and was answered';
    case 'reached':
      return `Called back and reached${by}`;
    case 'left_voicemail':
      return `Called back, left a voicemail${by}`;
    case 'no_answer':
      return `Called back, no answer${by}`;
    case 'wrong_number':
      return `Wrong number${by}`;
    case 'not_needed':
      return `No call back needed${by}`;
    default:
      return 'Done';
  }
}

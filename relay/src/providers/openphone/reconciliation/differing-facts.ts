import type { EventOf, MessageRecordedData, RingsideEvent } from '../../../../../src/shared/events/model';
import { EVENT_MODEL_VERSION } from '../../../../../src/shared/events/model';
import type { DifferingFact } from '../../../../../src/shared/relay-rest/reconciliation';

/**
 * What the log says of a call or text OpenPhone's API also lists, and where the two
 * disagree (a webhook that carried an early state, a talk time OpenPhone corrected, a
 * delivery report that never came). Pure.
 *
 * Only a call's talk time can be put right in the log: `call.corrected` is the one
 * correction the event model has, and billing re-rates a charged call from it with a
 * reversing entry (src/shared/billing/engine/apply-billing-event.ts). So a call both sides
 * call answered, whose talk time differs, is corrected to OpenPhone's. Everything else is
 * reported for the admin to look at and left as it is: a call answered on one side and not
 * on the other (billing only corrects the talk time of a call it charged; it cannot start
 * charging a call it took for missed), and a text's status (no event corrects a text, and
 * a text is billed when recorded, whatever its status).
 */

/** The log's latest word on a fact: the call's completion with any later correction, or the text's latest status. */
export type LoggedFact =
  | {
      kind: 'call';
      durationSeconds: number;
      answered: boolean;
      /** The latest correction was an admin's (from a console), not this check's: their talk time stands. */
      correctedByHand: boolean;
      /** Stored from OpenPhone's API itself (import, reconciliation): its talk time is the API's own. */
      fromApi: boolean;
      healthCheck: false;
    }
  | { kind: 'message'; status: MessageRecordedData['status']; healthCheck: boolean };

export type { DifferingFact } from '../../../../../src/shared/relay-rest/reconciliation';

/** Statuses after which OpenPhone reports nothing more about a text. */
const FINAL_STATUSES: ReadonlySet<string> = new Set(['received', 'delivered', 'undelivered', 'failed']);

/** Who a reconciliation correction is by, as billing's correction note names it. */
export const CORRECTED_BY = "Ringside's daily check with OpenPhone";

/** How the listed fact (the event its webhook would have given) differs from the log's, or null. */
export function differenceOf(key: string, listed: RingsideEvent, logged: LoggedFact): DifferingFact | null {
  if (listed.type === 'call.completed' && logged.kind === 'call') {
    const d = listed.data;
    const base = { kind: 'call' as const, key, businessNumber: d.businessNumber, externalNumber: d.externalNumber, at: d.startedAt };
    const answered = d.answeredAt !== null;
    if (logged.correctedByHand) return null;
    if (answered !== logged.answered) return { ...base, difference: 'answered', inRingside: logged.answered ? 'answered' : 'not answered', inOpenPhone: answered ? 'answered' : 'not answered', corrected: false };
    // Talk time as billing defines it, completedAt − answeredAt, from the listed call's own
    // times: the REST `duration` field is not documented as talk time (spec §1.4).
    const talk = answered ? Math.max(0, Math.floor((Date.parse(d.completedAt) - Date.parse(d.answeredAt!)) / 1000)) : 0;
    if (answered && !logged.fromApi && talk !== logged.durationSeconds) return { ...base, difference: 'duration', inRingside: logged.durationSeconds, inOpenPhone: talk, corrected: true };
    return null;
  }
  if (listed.type === 'message.recorded' && logged.kind === 'message') {
    const d = listed.data;
    // The relay's test texts have their own check; a listing still saying queued or sent lags behind a delivery report.
    if (logged.healthCheck || d.healthCheck || d.status === logged.status) return null;
    if (!FINAL_STATUSES.has(d.status) && FINAL_STATUSES.has(logged.status)) return null;
    return { kind: 'message', key, businessNumber: d.businessNumber, externalNumber: d.participants.join(', '), at: d.sentAt, difference: 'status', inRingside: logged.status, inOpenPhone: d.status, corrected: false };
  }
  return null;
}

/** The call.corrected putting a differing talk time right; its id names the fact and the new length, so a rerun adds nothing. */
export function correctionOf(fact: DifferingFact, callId: string, at: string, lines: readonly string[]): EventOf<'call.corrected'> | null {
  if (!fact.corrected || fact.difference !== 'duration' || typeof fact.inOpenPhone !== 'number' || typeof fact.inRingside !== 'number') return null;
  return {
    v: EVENT_MODEL_VERSION,
    id: `reconciliation:call.corrected|${callId}|${fact.inOpenPhone}`,
    source: 'relay',
    occurredAt: at,
    receivedAt: at,
    lines: [...lines],
    type: 'call.corrected',
    data: { callId, durationSeconds: fact.inOpenPhone, reason: `OpenPhone lists this call as ${fact.inOpenPhone} s of talk; Ringside had ${fact.inRingside} s`, by: CORRECTED_BY },
  };
}

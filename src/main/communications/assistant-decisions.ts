import type { CallAssistantDecidedData, EventOf, RingsideEvent } from '../../shared/events/model';
import { formatDuration, formatMoney } from '../../shared/units';
import type { ConsoleDatabase } from '../db/open-console-database';

/**
 * The AI voice agent's answer to each call (call.assistant_decided, issue 13), kept per call
 * (migration 0790) and told in the call's detail in plain words.
 */

export function projectAssistantDecision(db: ConsoleDatabase, seq: number, event: RingsideEvent): void {
  if (event.type !== 'call.assistant_decided') return;
  const d = (event as EventOf<'call.assistant_decided'>).data;
  // The relay records one per call; a later one (a re-sent request under another id) does not replace the first.
  db.sqlite
    .prepare(
      `INSERT OR IGNORE INTO call_assistant_decisions (call_id, decision, reason, customer_id, included_seconds_remaining, wallet_balance_minor, currency, decided_at_ms, seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(d.callId, d.decision, d.reason, d.customerId, d.includedSecondsRemaining, d.walletBalanceMinor, d.currency, Date.parse(event.occurredAt), seq);
}

type Decided = Pick<CallAssistantDecidedData, 'decision' | 'reason' | 'includedSecondsRemaining' | 'walletBalanceMinor' | 'currency'> & {
  /** The plan that made the caller exempt, when the console knows it. */
  planName?: string | null;
};

/** The decision of one call in words, or null when no AI agent answered it. */
export function assistantDecisionOf(db: ConsoleDatabase, callId: string): string | null {
  const row = db.sqlite
    .prepare('SELECT decision, reason, customer_id, included_seconds_remaining, wallet_balance_minor, currency, seq FROM call_assistant_decisions WHERE call_id = ?')
    .get(callId) as
    | { decision: Decided['decision']; reason: Decided['reason']; customer_id: string | null; included_seconds_remaining: number | null; wallet_balance_minor: number | null; currency: string | null; seq: number }
    | undefined;
  if (row === undefined) return null;
  return assistantDecisionWords({
    decision: row.decision,
    reason: row.reason,
    includedSecondsRemaining: row.included_seconds_remaining,
    walletBalanceMinor: row.wallet_balance_minor,
    currency: row.currency,
    planName: row.reason === 'exempt_plan' && row.customer_id !== null ? planNameAt(db, row.customer_id, row.seq) : null,
  });
}

/** The plan of the customer's newest subscription started before `seq`. */
function planNameAt(db: ConsoleDatabase, customerId: string, seq: number): string | null {
  const row = db.sqlite
    .prepare('SELECT p.name FROM subscriptions s JOIN plans p ON p.plan_id = s.plan_id WHERE s.customer_id = ? AND s.started_seq < ? ORDER BY s.started_seq DESC LIMIT 1')
    .get(customerId, seq) as { name: string } | undefined;
  return row?.name ?? null;
}

/** "The AI agent took the call: 2 h 10 min left", "The AI agent refused the call: no time or balance left". Pure. */
export function assistantDecisionWords(d: Decided): string {
  const what = d.decision === 'assistant' ? 'The AI agent took the call' : d.decision === 'refused' ? 'The AI agent refused the call' : 'The AI agent passed the call to a person';
  return `${what}: ${reasonWords(d)}`;
}

function reasonWords(d: Decided): string {
  switch (d.reason) {
    case 'included_time_left':
      return `${formatDuration(d.includedSecondsRemaining ?? 0)} left`;
    case 'wallet_balance_left':
      return d.currency === null ? 'credit left' : `${formatMoney({ minor: d.walletBalanceMinor ?? 0, currency: d.currency })} of credit left`;
    case 'exempt_plan':
      return d.planName ? `${d.planName} plan, served whatever the balance` : 'their plan is served whatever the balance';
    case 'no_balance':
      return 'no time or balance left';
    case 'unknown_caller':
      return 'the number belongs to no customer';
  }
}

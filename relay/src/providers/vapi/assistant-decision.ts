import type { CallAssistantDecidedData } from '../../../../src/shared/events/model';
import { formatMoney } from '../../../../src/shared/units';
import type { AccountStanding } from '../../accounts/account-standing';
import type { VapiAnswerSettings } from './settings';

/**
 * How the relay answers a Vapi assistant-request (spec telephony-providers §3.2), decided
 * from the caller's standing in the relay's accounts. Pure.
 * - a customer with included time or wallet credit left, or on an exempt plan: the
 *   configured assistant, with their name and what is left as variables;
 * - a customer with nothing left on a plan that is not exempt: the refusal (spoken, or
 *   forwarded to a person), VAPI_REFUSAL;
 * - a number that belongs to no customer: VAPI_UNKNOWN_CALLER (refused with its own words,
 *   VAPI_UNKNOWN_CALLER_MESSAGE).
 */

export type AssistantDecision = Pick<CallAssistantDecidedData, 'decision' | 'reason'>;

export function decideAssistant(standing: AccountStanding | null, answer: Pick<VapiAnswerSettings, 'refusal' | 'unknownCaller'>): AssistantDecision {
  if (standing === null) return { decision: answer.unknownCaller, reason: 'unknown_caller' };
  if ((standing.includedSecondsRemaining ?? 0) > 0) return { decision: 'assistant', reason: 'included_time_left' };
  if ((standing.walletBalanceMinor ?? 0) > 0) return { decision: 'assistant', reason: 'wallet_balance_left' };
  if (standing.balanceExempt) return { decision: 'assistant', reason: 'exempt_plan' };
  return { decision: answer.refusal, reason: 'no_balance' };
}

/**
 * What the assistant is told of the caller (assistantOverrides.variableValues), in words it
 * can say; never empty, so a prompt like "you have {{remainingTime}} left" always reads.
 */
export interface CallerVariables {
  /** The customer's name; "there" for a caller with none ("Hello there"). */
  customerName: string;
  /** "no plan" for a caller without one. */
  planName: string;
  /** "2 hours and 10 minutes and $12.50 of credit"; "unlimited time" on an exempt plan; else "no time". */
  remainingTime: string;
}

export function callerVariables(decided: Pick<CallAssistantDecidedData, 'reason' | 'includedSecondsRemaining' | 'walletBalanceMinor' | 'currency'>, names: { name: string | null; planName: string | null }): CallerVariables {
  const left: string[] = [];
  if (decided.includedSecondsRemaining !== null && decided.includedSecondsRemaining > 0) left.push(spokenDuration(decided.includedSecondsRemaining));
  if (decided.walletBalanceMinor !== null && decided.walletBalanceMinor > 0 && decided.currency !== null) left.push(`${formatMoney({ minor: decided.walletBalanceMinor, currency: decided.currency })} of credit`);
  const remainingTime = decided.reason === 'exempt_plan' ? 'unlimited time' : left.length > 0 ? left.join(' and ') : 'no time';
  return { customerName: nonEmpty(names.name) ?? 'there', planName: nonEmpty(names.planName) ?? 'no plan', remainingTime };
}

function nonEmpty(text: string | null): string | null {
  return text === null || text.trim() === '' ? null : text;
}

/** The JSON body Vapi gets: exactly one of assistantId (+ overrides), destination, or error (§3.2). */
export function assistantAnswerBody(decided: Pick<CallAssistantDecidedData, 'decision' | 'reason'>, variables: CallerVariables, answer: VapiAnswerSettings): Record<string, unknown> {
  switch (decided.decision) {
    case 'assistant':
      return { assistantId: answer.assistantId, assistantOverrides: { variableValues: variables } };
    case 'forwarded':
      return { destination: { type: 'number', number: answer.forwardNumber, message: answer.forwardMessage } };
    case 'refused':
      // A stranger is not told of an account they do not have.
      return { error: decided.reason === 'unknown_caller' ? answer.unknownCallerMessage : answer.refusalMessage };
  }
}

/** "2 hours and 10 minutes", "45 minutes", "30 seconds": words a voice reads well. */
export function spokenDuration(totalSeconds: number): string {
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes === 0) return plural(totalSeconds, 'second');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return plural(rest, 'minute');
  return rest === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} and ${plural(rest, 'minute')}`;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

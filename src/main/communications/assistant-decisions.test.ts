import { afterEach, describe, expect, it } from 'vitest';
import { completed, customerUpserted, planWith, subscriptionWith } from '../../../tests/support/event-builders';
import { EVENT_MODEL_VERSION, type CallAssistantDecidedData, type EventOf } from '../../shared/events/model';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch } from '../projection/apply-event';
import { assistantDecisionWords } from './assistant-decisions';
import { callDetail } from './call-reads';

const LINE = '+16175550199';
const AT = '2026-03-02T15:00:00.000Z';

function decided(callId: string, data: Partial<CallAssistantDecidedData>): EventOf<'call.assistant_decided'> {
  return {
    v: EVENT_MODEL_VERSION,
    id: `${callId}:assistant-request`,
    source: 'vapi',
    occurredAt: AT,
    receivedAt: AT,
    lines: [LINE],
    type: 'call.assistant_decided',
    data: { callId, businessNumber: LINE, externalNumber: '+16175550100', decision: 'assistant', reason: 'included_time_left', customerId: 'c1', includedSecondsRemaining: 7800, walletBalanceMinor: null, currency: 'USD', answeredInMs: 3.2, ...data },
  };
}

describe("the AI agent's decision on a call", () => {
  let db: ConsoleDatabase | null = null;
  afterEach(async () => {
    await db?.close();
    db = null;
  });

  it('is told in plain words for every reason', () => {
    const words = (d: Partial<CallAssistantDecidedData>) => assistantDecisionWords({ ...decided('vapi:x', d).data });
    expect(words({})).toBe('The AI agent took the call: 2 h 10 min left');
    expect(words({ reason: 'wallet_balance_left', includedSecondsRemaining: null, walletBalanceMinor: 1250 })).toBe('The AI agent took the call: $12.50 of credit left');
    expect(words({ reason: 'exempt_plan', includedSecondsRemaining: 0 })).toBe('The AI agent took the call: their plan is served whatever the balance');
    expect(assistantDecisionWords({ ...decided('vapi:x', { reason: 'exempt_plan', includedSecondsRemaining: 0 }).data, planName: 'Enterprise' })).toBe('The AI agent took the call: Enterprise plan, served whatever the balance');
    expect(words({ decision: 'refused', reason: 'no_balance', includedSecondsRemaining: 0, walletBalanceMinor: 0 })).toBe('The AI agent refused the call: no time or balance left');
    expect(words({ decision: 'forwarded', reason: 'no_balance' })).toBe('The AI agent passed the call to a person: no time or balance left');
    expect(words({ reason: 'unknown_caller', customerId: null })).toBe('The AI agent took the call: the number belongs to no customer');
  });

  it("shows in the call's detail, from the log alone; the first one stays; a call no AI agent answered has none", async () => {
    const open = await openConsoleDatabase(':memory:');
    db = open;
    const refusedCall = 'vapi:11111111-aaaa';
    applyBatch(open, [
      { seq: 1, event: decided(refusedCall, { decision: 'refused', reason: 'no_balance', includedSecondsRemaining: 0, walletBalanceMinor: 0 }) },
      { seq: 2, event: { ...completed(refusedCall, '+16175550100', AT, 0, { answered: false }), source: 'vapi' } },
      { seq: 3, event: completed('openphone:AC1', '+16175550100', AT, 60) },
    ]);
    const now = Date.parse(AT) + 3_600_000;
    expect(callDetail(open, refusedCall, now)?.aiAgent).toBe('The AI agent refused the call: no time or balance left');
    expect(callDetail(open, 'openphone:AC1', now)?.aiAgent).toBeNull();
    // A second decision for the call (a request re-sent under another id) does not replace the first.
    applyBatch(open, [{ seq: 4, event: { ...decided(refusedCall, {}), id: 'another' } }]);
    expect(callDetail(open, refusedCall, now)?.aiAgent).toBe('The AI agent refused the call: no time or balance left');
  });

  it("names the exempt plan in the call's detail: 'Enterprise plan, served whatever the balance'", async () => {
    const open = await openConsoleDatabase(':memory:');
    db = open;
    applyBatch(open, [
      { seq: 1, event: planWith('enterprise', { name: 'Enterprise', includedSeconds: 0, balanceExempt: true }) },
      { seq: 2, event: customerUpserted('c1', 'Erin Enterprise', ['+16175550100']) },
      { seq: 3, event: subscriptionWith('s1', 'c1', 'enterprise', '2026-03-01') },
      { seq: 4, event: decided('vapi:exempt-1', { reason: 'exempt_plan', includedSecondsRemaining: 0, walletBalanceMinor: 0 }) },
      { seq: 5, event: { ...completed('vapi:exempt-1', '+16175550100', AT, 30), source: 'vapi' } },
    ]);
    expect(callDetail(open, 'vapi:exempt-1', Date.parse(AT) + 3_600_000)?.aiAgent).toBe('The AI agent took the call: Enterprise plan, served whatever the balance');
  });
});

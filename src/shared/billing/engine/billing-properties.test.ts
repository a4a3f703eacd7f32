import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RingsideEvent } from '../../events/model';
import {
  adjustmentRecorded,
  callCorrected,
  customerUpserted,
  planWith,
  policyDefined,
  subscriptionWith,
  talked,
  unanswered,
  walletCredited,
} from '../../../../tests/support/event-builders';
import { MemoryLedger } from '../../../../tests/support/memory-ledger';
import { walletBalance } from './wallet';

const PHONES = ['+16175550100', '+16175550111', '+16175550122', '+14155550199'];
const DAY = 86_400_000;
const START = Date.parse('2026-01-10T00:00:00Z');

const planArb = fc.record({
  includedSeconds: fc.integer({ min: 0, max: 4 * 3600 }),
  incrementSeconds: fc.constantFrom(1, 6, 30, 60, 360, 900),
  minimumBillableSeconds: fc.constantFrom(0, 30, 60, 120),
  graceSeconds: fc.constantFrom(0, 10, 30),
  graceCallsPerPeriod: fc.constantFrom(null, 0, 1, 3),
  billMissedCalls: fc.boolean(),
  perCallFeeMinor: fc.constantFrom(0, 99),
  overageRatePerHourMinor: fc.constantFrom(null, 6000, 10001),
  rollover: fc.constantFrom({ policy: 'none' } as const, { policy: 'full' } as const, { policy: 'capped', capSeconds: 1800 } as const),
});

type Step =
  | { kind: 'call'; phone: number; day: number; talk: number; answered: boolean }
  | { kind: 'credit'; customer: number; amount: number; expiresInDays: number | null; day: number }
  | { kind: 'adjust'; customer: number; unit: 'seconds' | 'money'; amount: number; day: number }
  | { kind: 'correct'; call: number; talk: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('call' as const), phone: fc.integer({ min: 0, max: 3 }), day: fc.integer({ min: 0, max: 120 }), talk: fc.integer({ min: 0, max: 3600 }), answered: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('credit' as const), customer: fc.integer({ min: 0, max: 2 }), amount: fc.integer({ min: 1, max: 5000 }), expiresInDays: fc.option(fc.integer({ min: 1, max: 60 })), day: fc.integer({ min: 0, max: 120 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('adjust' as const), customer: fc.integer({ min: 0, max: 2 }), unit: fc.constantFrom('seconds' as const, 'money' as const), amount: fc.integer({ min: -3000, max: 3000 }).filter((n) => n !== 0), day: fc.integer({ min: 0, max: 120 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('correct' as const), call: fc.nat(), talk: fc.integer({ min: 0, max: 3600 }) }) },
);

const logArb = fc.record({ plan: planArb, allowNegative: fc.boolean(), steps: fc.array(stepArb, { maxLength: 40 }) }).map(({ plan, allowNegative, steps }) => {
  const events: RingsideEvent[] = [
    policyDefined({ walletDryPolicy: allowNegative ? 'allow_negative' : 'bill_overage' }),
    planWith('plan', plan),
    customerUpserted('c0', 'Zero', [PHONES[0]!]),
    customerUpserted('c1', 'One', [PHONES[1]!]),
    customerUpserted('c2', 'Two', [PHONES[2]!]),
    subscriptionWith('s0', 'c0', 'plan', '2026-01-15'),
    subscriptionWith('s1', 'c1', 'plan', '2026-01-31'),
  ];
  const calls: string[] = [];
  steps.forEach((step, i) => {
    const at = (day: number) => new Date(START + day * DAY + i * 60_000).toISOString();
    if (step.kind === 'call') {
      const callId = `call-${i}`;
      calls.push(callId);
      events.push(step.answered ? talked(callId, PHONES[step.phone]!, at(step.day), step.talk) : unanswered(callId, PHONES[step.phone]!, at(step.day)));
    } else if (step.kind === 'credit') {
      const expiresOn = step.expiresInDays === null ? null : new Date(START + (step.day + step.expiresInDays) * DAY).toISOString().slice(0, 10);
      events.push(walletCredited(`credit-${i}`, `c${step.customer}`, step.amount, { kind: expiresOn ? 'grant' : 'top_up', expiresOn, at: at(step.day) }));
    } else if (step.kind === 'adjust') {
      events.push(adjustmentRecorded(`adj-${i}`, `c${step.customer}`, step.unit, step.amount, at(step.day)));
    } else if (calls.length > 0) {
      events.push(callCorrected(calls[step.call % calls.length]!, step.talk, '2026-01-01T00:00:00Z'));
    }
  });
  return { events, allowNegative };
});

function fold(events: RingsideEvent[]): MemoryLedger {
  const ledger = new MemoryLedger();
  ledger.apply(...events);
  return ledger;
}

describe('billing properties', () => {
  it('the total billed equals the sum of the charge lines', () => {
    fc.assert(
      fc.property(logArb, ({ events }) => {
        const charges = fold(events).charges.all();
        for (const charge of charges) expect(charge.totalMinor).toBe(charge.lines.reduce((s, l) => s + l.amountMinor, 0));
        const billed = charges.reduce((s, c) => s + c.totalMinor, 0);
        expect(billed).toBe(charges.flatMap((c) => c.lines).reduce((s, l) => s + l.amountMinor, 0));
      }),
    );
  });

  it('two consoles folding the same log get byte-identical charges, effects and accounts', () => {
    fc.assert(
      fc.property(logArb, ({ events }) => {
        const a = new MemoryLedger();
        const b = new MemoryLedger();
        const effectsA = JSON.stringify(a.apply(...events));
        const effectsB = JSON.stringify(b.apply(...events));
        expect(effectsB).toBe(effectsA);
        expect(JSON.stringify(b.charges.all())).toBe(JSON.stringify(a.charges.all()));
        expect(JSON.stringify([...b.book.accounts])).toBe(JSON.stringify([...a.book.accounts]));
      }),
    );
  });

  it('no time bucket goes negative, and a wallet only under allow_negative', () => {
    fc.assert(
      fc.property(logArb, ({ events, allowNegative }) => {
        const ledger = new MemoryLedger();
        for (const event of events) {
          ledger.apply(event);
          for (const account of ledger.book.accounts.values()) {
            const period = account.subscription?.period;
            if (period) {
              expect(period.includedRemaining).toBeGreaterThanOrEqual(0);
              expect(period.rolloverRemaining).toBeGreaterThanOrEqual(0);
            }
            if (account.wallet && !allowNegative) expect(walletBalance(account.wallet)).toBeGreaterThanOrEqual(0);
          }
        }
      }),
    );
  });

  // Nothing happens between the call and its corrections (else the re-rating sees the new balances, by design).
  it('correcting a call and correcting it back restores every balance exactly', () => {
    fc.assert(
      fc.property(logArb, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3600 }), fc.integer({ min: 0, max: 3600 }), ({ events }, phone, talk, otherTalk) => {
        fc.pre(talk !== otherTalk);
        const ledger = fold(events);
        ledger.apply(talked('last-call', PHONES[phone]!, '2026-05-20T10:00:00Z', talk));
        const charge = ledger.charges.latestForCall('last-call')!;
        const balances = () => JSON.stringify([...ledger.book.accounts.values()].map((a) => [a.subscription?.period, a.wallet && walletBalance(a.wallet), a.wallet?.lots, a.paygGrace]));
        const before = balances();
        ledger.apply(callCorrected('last-call', otherTalk, '2026-01-01T00:00:00Z'), callCorrected('last-call', talk, '2026-01-01T00:00:01Z'));
        expect(balances()).toBe(before);
        expect(ledger.charges.latestForCall('last-call')!.lines).toEqual(charge.lines);
      }),
    );
  });
});

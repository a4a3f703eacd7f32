import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RingsideEvent } from '../../events/model';
import { customerUpserted, planWith, subscriptionWith, talked } from '../../../../tests/support/event-builders';
import { MemoryLedger } from '../../../../tests/support/memory-ledger';
import { flutterwaveTopUp } from '../../../../tests/support/payment-events';
import { advanceAccount } from './periods';
import { emptyEffects, type WalletEntryRecord } from './records';

/**
 * Plan credit and Flutterwave top-ups under any arrival order: the relay stamps receivedAt in
 * log order, but what the events describe (a call's start, a payment's time, a subscription's
 * start) arrives late, early, back-dated and more than once, under other event ids.
 */

const ADA = '+16175550142';
const DAY = 86_400_000;
const START = Date.parse('2026-11-25T00:00:00Z');
/** Far enough for every event's own time (at most 120 days after START) and a renewal more. */
const HORIZON_MS = Date.parse('2027-06-15T00:00:00Z');

type Fact =
  | { kind: 'subscribe'; day: number }
  | { kind: 'call'; day: number; talk: number }
  | { kind: 'top_up'; payment: number; amount: number; day: number };

const factArb: fc.Arbitrary<Fact> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('subscribe' as const), day: fc.integer({ min: 0, max: 120 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('call' as const), day: fc.integer({ min: 0, max: 120 }), talk: fc.integer({ min: 1, max: 1_800 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('top_up' as const), payment: fc.integer({ min: 0, max: 5 }), amount: fc.constantFrom(1_000, 2_500), day: fc.integer({ min: 0, max: 120 }) }) },
);

/** One arrival: a fact, delivered after a delay (hours), `copies` times under distinct event ids. */
const arrivalArb = fc.record({ fact: factArb, delayHours: fc.integer({ min: 0, max: 24 * 20 }), copies: fc.integer({ min: 1, max: 3 }) });

const logArb = fc.record({ expiresAfterDays: fc.constantFrom(null, 3, 45), arrivals: fc.array(arrivalArb, { minLength: 1, maxLength: 30 }), order: fc.array(fc.nat(), { maxLength: 30 }) });

function eventOf(fact: Fact, i: number): RingsideEvent {
  const at = new Date(START + fact.day * DAY + i * 60_000).toISOString();
  switch (fact.kind) {
    case 'subscribe':
      // The subscription as recorded by a console on some day: always from December 1.
      return subscriptionWith('s-ada', 'c-ada', 'growth', '2026-12-01', { at });
    case 'call':
      return talked(`call-${i}`, ADA, at, fact.talk);
    case 'top_up':
      // The same transaction id always carries the same amount.
      return flutterwaveTopUp(`tx-${fact.payment}`, 'c-ada', 1_000 + fact.payment * 500, at);
  }
}

/** The log as the relay would append it: in arrival order, receivedAt never going back. */
function logOf({ expiresAfterDays, arrivals, order }: { expiresAfterDays: number | null; arrivals: { fact: Fact; delayHours: number; copies: number }[]; order: number[] }): RingsideEvent[] {
  const deliveries = arrivals.flatMap(({ fact, delayHours, copies }, i) => {
    const event = eventOf(fact, i);
    return Array.from({ length: copies }, (_, copy) => ({ event: copy === 0 ? event : { ...event, id: `${event.id}:delivery-${copy}` }, arrivesMs: Date.parse(event.occurredAt) + delayHours * 3_600_000 + copy * 7_200_000 }));
  });
  // Shuffled a little beyond arrival time, as a relay behind a retrying provider would see them.
  for (let k = 0; k < order.length && deliveries.length > 1; k++) {
    const a = order[k]! % deliveries.length;
    const b = (a + 1) % deliveries.length;
    [deliveries[a], deliveries[b]] = [deliveries[b]!, deliveries[a]!];
  }
  let clock = START;
  const stamped = deliveries.map(({ event, arrivesMs }) => {
    clock = Math.max(clock, arrivesMs);
    return { ...event, receivedAt: new Date(clock).toISOString() } as RingsideEvent;
  });
  return [
    planWith('growth', { name: 'Growth', priceMinor: 19_900, includedSeconds: 0, periodGrant: { amountMinor: 5_000, expiresAfterDays } }, '2026-11-01T00:00:00.000Z'),
    customerUpserted('c-ada', 'Ada Lovelace', [ADA], { at: '2026-11-01T00:00:00.000Z' }),
    ...stamped,
  ];
}

/** Folds the log, then brings Ada's account to the horizon: every wallet entry ever posted, and the credits' keys. */
function foldToHorizon(events: RingsideEvent[]): { entries: WalletEntryRecord[]; grantKeys: string[]; subscribed: boolean } {
  const ledger = new MemoryLedger();
  const entries = ledger.apply(...events).walletEntries;
  const account = ledger.book.accounts.get('c-ada');
  if (!account) return { entries, grantKeys: [], subscribed: false };
  const later = emptyEffects();
  advanceAccount(account, ledger.book.catalog, HORIZON_MS, 0, later);
  return { entries: [...entries, ...later.walletEntries], grantKeys: account.grantKeys ?? [], subscribed: account.subscription !== null };
}

const MONTHS = ['2026-12-01', '2027-01-01', '2027-02-01', '2027-03-01', '2027-04-01', '2027-05-01', '2027-06-01'];

describe('plan credit and top-ups under any arrival order', () => {
  it('every period of the subscription gets its $50 exactly once, whatever the order, delays and duplicates', () => {
    fc.assert(
      fc.property(logArb, (input) => {
        const { entries, grantKeys, subscribed } = foldToHorizon(logOf(input));
        const grants = entries.filter((e) => e.kind === 'grant');
        if (!subscribed) {
          expect(grants).toEqual([]);
          return;
        }
        expect(grantKeys).toEqual(MONTHS.map((month) => `grant:s-ada:${month}:growth`));
        expect(grants.map((e) => e.entryId)).toEqual(grantKeys);
        expect(grants.every((e) => e.amountMinor === 5_000)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('every wallet entry is posted once, and each top-up’s transaction is credited once at its amount', () => {
    fc.assert(
      fc.property(logArb, (input) => {
        const events = logOf(input);
        const { entries } = foldToHorizon(events);
        expect(new Set(entries.map((e) => e.entryId)).size).toBe(entries.length);
        const paid = new Map<string, number>();
        for (const event of events) if (event.type === 'payment.received') paid.set(event.data.paymentId, event.data.amountMinor);
        const topUps = entries.filter((e) => e.kind === 'top_up');
        expect(new Map(topUps.map((e) => [e.entryId, e.amountMinor]))).toEqual(paid);
        expect(topUps).toHaveLength(paid.size);
      }),
      { numRuns: 200 },
    );
  });

  it('the balance never counts a period’s credit twice: at most $50 of plan credit at a time when it lasts a period or less', () => {
    fc.assert(
      fc.property(logArb, (input) => {
        fc.pre(input.expiresAfterDays !== 45);
        const ledger = new MemoryLedger();
        for (const event of logOf(input)) {
          ledger.apply(event);
          const credit = ledger.view('c-ada', event.receivedAt).wallet?.planCredit?.amountMinor ?? 0;
          expect(credit).toBeLessThanOrEqual(5_000);
        }
      }),
      { numRuns: 100 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { RingsideEvent } from '../../events/model';
import { callCorrected, customerUpserted, planWith, subscriptionChanged, subscriptionWith, talked, walletCredited } from '../../../../tests/support/event-builders';
import { MemoryLedger } from '../../../../tests/support/memory-ledger';

/** Plans that include prepaid call credit every period (issue 13 §5: "Growth, $199/month, includes $50 of call credit"). */

const ADA = '+16175550142';
const PLAN_AT = '2026-11-01T09:00:00.000Z';

const growth = planWith('growth', { name: 'Growth', priceMinor: 19_900, includedSeconds: 0, periodGrant: { amountMinor: 5_000, expiresAfterDays: null } }, PLAN_AT);
const starter = planWith('starter', { name: 'Starter', priceMinor: 9_900, includedSeconds: 7_200 }, PLAN_AT);

/** Ada on Growth from December 1 (recorded the afternoon before), a 5-minute call on December 10 ($15 at the rate card's $3/min), then January. */
function growthLog(): RingsideEvent[] {
  return [
    growth,
    customerUpserted('c-ada', 'Ada Lovelace', [ADA], { at: PLAN_AT }),
    subscriptionWith('s-ada', 'c-ada', 'growth', '2026-12-01', { at: '2026-11-30T15:00:00.000Z' }),
    talked('call-dec', ADA, '2026-12-10T15:00:00.000Z', 300),
    talked('call-jan', ADA, '2027-01-05T15:00:00.000Z', 60),
  ];
}

function fold(events: RingsideEvent[]): MemoryLedger {
  const ledger = new MemoryLedger();
  ledger.apply(...events);
  return ledger;
}

describe('plan credit every period', () => {
  it('a Growth subscriber ($199/month, $50 credit) has $50 on the 1st, $0 left of it after the period ends, and $50 again on the next period — never $100 after a replay', () => {
    const ledger = new MemoryLedger();
    const [plan, customer, subscription, december, january] = growthLog();
    ledger.apply(plan!, customer!, subscription!);
    // Not before the subscription starts...
    expect(ledger.view('c-ada', '2026-11-30T23:59:00Z').wallet?.balanceMinor ?? 0).toBe(0);
    // ...and on the 1st, $50 of plan credit, usable through December 31.
    expect(ledger.view('c-ada', '2026-12-01T08:00:00Z').wallet).toMatchObject({ balanceMinor: 5_000, planCredit: { amountMinor: 5_000, lastDay: '2026-12-31', expiringMinor: 5_000 } });

    const call = ledger.apply(december!);
    expect(call.walletEntries.map((e) => [e.kind, e.amountMinor, e.description])).toEqual([
      ['grant', 5_000, 'Growth plan credit for December — expires Dec 31'],
      ['usage', -1_500, 'Call of 2026-12-10, 5 min'],
    ]);
    expect(ledger.view('c-ada', '2026-12-31T23:59:00Z').wallet).toMatchObject({ balanceMinor: 3_500, planCredit: { amountMinor: 3_500 } });

    // January: what was left of December's credit is gone, January's $50 is there: $50, not $85.
    expect(ledger.view('c-ada', '2027-01-01T00:00:00Z').wallet).toMatchObject({ balanceMinor: 5_000, planCredit: { amountMinor: 5_000, lastDay: '2027-01-31' } });
    const next = ledger.apply(january!);
    expect(next.walletEntries.map((e) => [e.kind, e.amountMinor, e.description])).toEqual([
      ['expiry', -3_500, 'Unused Growth plan credit for December expired'],
      ['grant', 5_000, 'Growth plan credit for January — expires Jan 31'],
      ['usage', -300, 'Call of 2027-01-05, 1 min'],
    ]);
    expect(ledger.view('c-ada', '2027-01-06T00:00:00Z').wallet?.balanceMinor).toBe(4_700);

    // The whole log again, every event delivered twice (another event id each time), and the
    // subscription recorded a second time on January 6 (back-dated to December 1): still one credit per period.
    const again = (event: RingsideEvent): RingsideEvent => ({ ...event, id: `${event.id}:again`, receivedAt: new Date(Date.parse(event.receivedAt) + 1_000).toISOString() });
    const twice = growthLog().flatMap((event) => [event, again(event)]);
    const replayed = new MemoryLedger();
    const all = replayed.apply(...twice, { ...subscription!, id: 'subscription:s-ada:recorded-again', occurredAt: '2027-01-06T01:00:00.000Z', receivedAt: '2027-01-06T01:00:00.000Z' });
    expect(all.walletEntries.filter((e) => e.kind === 'grant').map((e) => e.entryId)).toEqual(['grant:s-ada:2026-12-01:growth', 'grant:s-ada:2027-01-01:growth']);
    expect(replayed.view('c-ada', '2027-01-06T02:00:00Z').wallet).toMatchObject({ balanceMinor: 4_700, planCredit: { amountMinor: 4_700 } });
  });

  it('the same log folded on two consoles posts the same credits, byte for byte', () => {
    const a = JSON.stringify(fold(growthLog()).book.accounts.get('c-ada'));
    const b = JSON.stringify(fold(growthLog()).book.accounts.get('c-ada'));
    expect(b).toBe(a);
  });

  it('credit with its own lifetime: $50 that lasts 7 days expires on the 8th, whatever the period', () => {
    const weekly = planWith('growth', { name: 'Growth', includedSeconds: 0, periodGrant: { amountMinor: 5_000, expiresAfterDays: 7 } }, PLAN_AT);
    const ledger = fold([weekly, customerUpserted('c-ada', 'Ada Lovelace', [ADA], { at: PLAN_AT }), subscriptionWith('s-ada', 'c-ada', 'growth', '2026-12-01', { at: '2026-12-01T09:00:00.000Z' })]);
    expect(ledger.view('c-ada', '2026-12-07T23:00:00Z').wallet).toMatchObject({ balanceMinor: 5_000, planCredit: { lastDay: '2026-12-07' } });
    expect(ledger.view('c-ada', '2026-12-08T00:00:00Z').wallet).toMatchObject({ balanceMinor: 0, planCredit: null });
  });

  it('a plan change to Growth on December 10 posts Growth’s credit for the new period, from that day', () => {
    const ledger = fold([
      growth,
      starter,
      customerUpserted('c-ada', 'Ada Lovelace', [ADA], { at: PLAN_AT }),
      subscriptionWith('s-ada', 'c-ada', 'starter', '2026-12-01', { at: '2026-12-01T09:00:00.000Z' }),
      subscriptionChanged('s-ada', 'growth', '2026-12-10', '2026-12-05T09:00:00.000Z'),
    ]);
    expect(ledger.view('c-ada', '2026-12-09T12:00:00Z').wallet?.balanceMinor ?? 0).toBe(0);
    const effects = ledger.apply(talked('call-after', ADA, '2026-12-10T15:00:00.000Z', 60));
    expect(effects.walletEntries[0]).toMatchObject({ entryId: 'grant:s-ada:2026-12-10:growth', kind: 'grant', amountMinor: 5_000, description: 'Growth plan credit for Dec 10, 2026 – Jan 9, 2027 — expires Jan 9' });
    expect(effects.invoices.map((i) => i.invoiceKey)).toEqual(['sub:s-ada:2026-12-10']);
  });

  it('a call paid from plan credit and corrected to nothing gives the credit back as plan credit', () => {
    const ledger = fold(growthLog().slice(0, 4));
    ledger.apply(callCorrected('call-dec', 0, '2026-12-11T09:00:00.000Z'));
    expect(ledger.view('c-ada', '2026-12-11T10:00:00Z').wallet).toMatchObject({ balanceMinor: 5_000, planCredit: { amountMinor: 5_000, lastDay: '2026-12-31' } });
  });

  it('a plan in euros posts nothing into a dollar wallet (a wallet holds one currency), and never later either', () => {
    const euros = planWith('growth', { name: 'Growth', currency: 'EUR', includedSeconds: 0, periodGrant: { amountMinor: 5_000, expiresAfterDays: null } }, PLAN_AT);
    const ledger = fold([
      euros,
      customerUpserted('c-ada', 'Ada Lovelace', [ADA], { at: PLAN_AT }),
      walletCredited('t-1', 'c-ada', 1_000, { at: '2026-11-20T10:00:00.000Z' }),
    ]);
    const effects = ledger.apply(subscriptionWith('s-ada', 'c-ada', 'growth', '2026-12-01', { at: '2026-12-01T09:00:00.000Z' }));
    expect(effects.walletEntries).toEqual([]);
    expect(ledger.view('c-ada', '2027-02-02T00:00:00Z').wallet).toMatchObject({ currency: 'USD', balanceMinor: 1_000, planCredit: null });
  });
});

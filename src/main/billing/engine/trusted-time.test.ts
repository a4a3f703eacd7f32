import { describe, expect, it } from 'vitest';
import type { RingsideEvent } from '../../../shared/events/model';
import { adjustmentRecorded, customerUpserted, planWith, subscriptionWith, talked, walletCredited } from '../../../../tests/support/event-builders';
import { MemoryLedger } from '../../../../tests/support/memory-ledger';

/** docs/billing.md "The log's clock": the relay's receivedAt moves the clock; an event's own date only places it. */

const ADA = '+16175550100';
const H = 3600;

function receivedAt<E extends RingsideEvent>(event: E, at: string): E {
  return { ...event, receivedAt: at };
}

function adaSubscribedOnJanuaryFirst(): MemoryLedger {
  const ledger = new MemoryLedger();
  ledger.apply(
    planWith('plan', { includedSeconds: 10 * H }),
    customerUpserted('c-ada', 'Ada', [ADA]),
    customerUpserted('c-bob', 'Bob', ['+16175550111']),
    subscriptionWith('s-ada', 'c-ada', 'plan', '2026-01-01'),
  );
  return ledger;
}

describe('the billing clock is the relay’s receivedAt', () => {
  it('an adjustment dated 2027-01-15 for another customer, received 2026-01-05, leaves every account in January 2026', () => {
    const ledger = adaSubscribedOnJanuaryFirst();
    const attack = ledger.apply(receivedAt(adjustmentRecorded('adj-bob', 'c-bob', 'seconds', 600, '2027-01-15T00:00:00.000Z'), '2026-01-05T09:00:00.000Z'));
    expect(attack.invoices).toEqual([]);

    const call = talked('call-1', ADA, '2026-01-10T15:00:00.000Z', 20 * 60);
    const effects = ledger.apply(receivedAt(call, '2026-01-10T15:20:05.000Z'));

    expect(effects.invoices).toEqual([]);
    expect(effects.charges[0]).toMatchObject({ callId: 'call-1', ratedAtMs: Date.parse('2026-01-10T14:59:55.000Z'), lines: [{ bucket: 'included', seconds: 1200 }] });
    const period = ledger.book.accounts.get('c-ada')!.subscription!.period;
    expect(period).toMatchObject({ index: 0, startsOn: '2026-01-01', endsOn: '2026-02-01', includedRemaining: 10 * H - 1200 });
    expect(ledger.book.clockMs).toBe(Date.parse('2026-01-10T15:20:05.000Z'));
  });

  it('renews only when a receivedAt reaches the period end, however late the events say they are', () => {
    const ledger = adaSubscribedOnJanuaryFirst();
    ledger.apply(receivedAt(walletCredited('w1', 'c-bob', 500, { at: '2026-03-01T00:00:00.000Z' }), '2026-01-31T23:00:00.000Z'));
    expect(ledger.book.accounts.get('c-ada')!.subscription!.period.startsOn).toBe('2026-01-01');
    const renewal = ledger.apply(receivedAt(walletCredited('w2', 'c-bob', 500, { at: '2026-01-20T00:00:00.000Z' }), '2026-02-01T00:00:01.000Z'));
    expect(renewal.invoices.map((i) => i.invoiceKey)).toEqual(['sub:s-ada:2026-02-01']);
  });

  it('a call that started before the period ended and was received after it is billed in the period it started in', () => {
    const ledger = adaSubscribedOnJanuaryFirst();
    const call = talked('late-night', ADA, '2026-01-31T23:50:00.000Z', 30 * 60);
    const effects = ledger.apply(receivedAt(call, '2026-02-01T00:20:10.000Z'));
    const [charge] = effects.charges;
    expect(charge).toMatchObject({ callId: 'late-night', lines: [{ bucket: 'included', seconds: 1800 }] });
    // The January period paid for it; February then starts with its full included time.
    expect(effects.invoices.map((i) => i.invoiceKey)).toEqual(['sub:s-ada:2026-02-01']);
    expect(ledger.book.accounts.get('c-ada')!.subscription!.period).toMatchObject({ startsOn: '2026-02-01', includedRemaining: 10 * H });
  });

  it('a subscription recorded on the 5th as started on the 1st covers the calls since the 1st', () => {
    const ledger = new MemoryLedger();
    ledger.apply(planWith('plan', { includedSeconds: 10 * H }), customerUpserted('c-ada', 'Ada', [ADA]));
    ledger.apply(receivedAt(subscriptionWith('s-ada', 'c-ada', 'plan', '2026-01-01', { at: '2026-01-01T00:00:00.000Z' }), '2026-01-05T10:00:00.000Z'));
    const effects = ledger.apply(talked('call-1', ADA, '2026-01-06T10:00:00.000Z', 600));
    expect(effects.charges[0]!.lines).toEqual([expect.objectContaining({ bucket: 'included', seconds: 600 })]);
  });

  it('says a back-dated adjustment is back-dated, and one recorded at the time is not', () => {
    const ledger = adaSubscribedOnJanuaryFirst();
    const late = ledger.apply(receivedAt(adjustmentRecorded('adj-late', 'c-ada', 'seconds', 600, '2026-01-02T00:00:00.000Z'), '2026-01-09T12:00:00.000Z'));
    const onTime = ledger.apply(receivedAt(adjustmentRecorded('adj-now', 'c-ada', 'seconds', 600, '2026-01-09T13:00:00.000Z'), '2026-01-09T13:00:02.000Z'));
    expect(late.adjustments[0]!.description).toBe('Added 10 min of included time (back-dated to 2026-01-02, recorded 2026-01-09)');
    expect(onTime.adjustments[0]!.description).toBe('Added 10 min of included time');
  });
});

import { describe, expect, it } from 'vitest';
import type { RingsideEvent } from '../../events/model';
import { adjustmentRecorded, customerUpserted, planWith, policyDefined, subscriptionWith, talked, walletCredited } from '../../../../tests/support/event-builders';
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

  it('renews everyone once the relay’s clock is the settle window (12 h) past the period end, however late the events say they are', () => {
    const ledger = adaSubscribedOnJanuaryFirst();
    ledger.apply(receivedAt(walletCredited('w1', 'c-bob', 500, { at: '2026-03-01T00:00:00.000Z' }), '2026-01-31T23:00:00.000Z'));
    expect(ledger.book.accounts.get('c-ada')!.subscription!.period.startsOn).toBe('2026-01-01');
    // Past the end but inside the settle window: January stays open for Ada's calls still to come in.
    const justAfter = ledger.apply(receivedAt(walletCredited('w2', 'c-bob', 500, { at: '2026-01-20T00:00:00.000Z' }), '2026-02-01T00:00:01.000Z'));
    expect(justAfter.invoices).toEqual([]);
    expect(ledger.book.accounts.get('c-ada')!.subscription!.period.startsOn).toBe('2026-01-01');
    const settled = ledger.apply(receivedAt(walletCredited('w3', 'c-bob', 500, { at: '2026-02-01T12:00:00.000Z' }), '2026-02-01T12:00:00.000Z'));
    expect(settled.invoices.map((i) => i.invoiceKey)).toEqual(['sub:s-ada:2026-02-01']);
    expect(ledger.book.accounts.get('c-ada')!.subscription!.period).toMatchObject({ startsOn: '2026-02-01', includedRemaining: 10 * H });
  });

  it('a call that started before the period ended and was received after it is billed in the period it started in', () => {
    const ledger = adaSubscribedOnJanuaryFirst();
    const call = talked('late-night', ADA, '2026-01-31T23:50:00.000Z', 30 * 60);
    const effects = ledger.apply(receivedAt(call, '2026-02-01T00:20:10.000Z'));
    expect(effects.charges[0]).toMatchObject({ callId: 'late-night', lines: [{ bucket: 'included', seconds: 1800 }] });
    expect(effects.charges[0]!.trace).toContain('30 min from included hours; 9 h 30 min left');
    // The January period paid for it; February, read now or once it settles, starts with its full included time.
    expect(ledger.view('c-ada', '2026-02-01T00:21:00.000Z').subscription).toMatchObject({ periodStartsOn: '2026-02-01', remainingSeconds: 10 * H });
    ledger.apply(receivedAt(walletCredited('w1', 'c-bob', 500, { at: '2026-02-01T13:00:00.000Z' }), '2026-02-01T13:00:00.000Z'));
    expect(ledger.book.accounts.get('c-ada')!.subscription!.period).toMatchObject({ startsOn: '2026-02-01', includedRemaining: 10 * H });
  });

  it('a call from 23:50 to 00:20 across the month end is taken from January’s hours even though another customer’s call arrived at 00:05', () => {
    const ledger = adaSubscribedOnJanuaryFirst();
    ledger.apply(receivedAt(talked('bob-call', '+16175550111', '2026-02-01T00:01:00.000Z', 4 * 60), '2026-02-01T00:05:00.000Z'));
    const late = ledger.apply(receivedAt(talked('late-night', ADA, '2026-01-31T23:50:00.000Z', 30 * 60), '2026-02-01T00:20:10.000Z'));
    expect(late.charges[0]).toMatchObject({ callId: 'late-night', lines: [{ bucket: 'included', seconds: 1800 }] });
    expect(late.charges[0]!.trace.some((line) => line.startsWith('Late'))).toBe(false);
    expect(ledger.book.accounts.get('c-ada')!.subscription!.period).toMatchObject({ startsOn: '2026-01-01', includedRemaining: 10 * H - 1800 });
    const settled = ledger.apply(receivedAt(walletCredited('w1', 'c-bob', 500, { at: '2026-02-01T12:00:00.000Z' }), '2026-02-01T12:00:00.000Z'));
    expect(settled.invoices.map((i) => i.invoiceKey)).toEqual(['sub:s-ada:2026-02-01']);
    expect(ledger.book.accounts.get('c-ada')!.subscription!.period).toMatchObject({ startsOn: '2026-02-01', includedRemaining: 10 * H });
  });

  it('a call placed after its own period end renews that account first, and only that account', () => {
    const ledger = adaSubscribedOnJanuaryFirst();
    ledger.apply(subscriptionWith('s-bob', 'c-bob', 'plan', '2026-01-01'));
    const effects = ledger.apply(receivedAt(talked('feb-call', ADA, '2026-02-01T00:10:00.000Z', 10 * 60), '2026-02-01T00:20:05.000Z'));
    expect(effects.invoices.map((i) => i.invoiceKey)).toEqual(['sub:s-ada:2026-02-01']);
    expect(effects.charges[0]!.trace).toContain('10 min from included hours; 9 h 50 min left');
    expect(ledger.book.accounts.get('c-ada')!.subscription!.period).toMatchObject({ startsOn: '2026-02-01', includedRemaining: 10 * H - 600 });
    expect(ledger.book.accounts.get('c-bob')!.subscription!.period.startsOn).toBe('2026-01-01');
  });

  it('a call received after the settle window is billed in the current period and says it is late', () => {
    const ledger = adaSubscribedOnJanuaryFirst();
    const effects = ledger.apply(receivedAt(talked('very-late', ADA, '2026-01-31T23:50:00.000Z', 30 * 60), '2026-02-01T12:30:00.000Z'));
    expect(effects.invoices.map((i) => i.invoiceKey)).toEqual(['sub:s-ada:2026-02-01']);
    expect(effects.charges[0]!.trace[0]).toBe('Late: started 2026-01-31, after its period had closed; billed in the period from 2026-02-01');
    expect(ledger.book.accounts.get('c-ada')!.subscription!.period).toMatchObject({ startsOn: '2026-02-01', includedRemaining: 10 * H - 1800 });
  });

  it('a pay-per-call call across the month end goes on the month it started in, whose usage invoice is ready once the customer calls again', () => {
    const ledger = new MemoryLedger();
    ledger.apply(policyDefined({ invoicing: { mode: 'period', dayOfMonth: 1 } }), customerUpserted('c-nora', 'Nora', ['+16175550122']));
    const late = ledger.apply(receivedAt(talked('late', '+16175550122', '2026-03-31T23:55:00.000Z', 60), '2026-04-01T00:10:00.000Z'));
    expect(late.invoices).toEqual([expect.objectContaining({ invoiceKey: 'usage:c-nora:2026-03-01', status: 'draft' })]);
    const april = ledger.apply(receivedAt(talked('april', '+16175550122', '2026-04-01T01:00:00.000Z', 60), '2026-04-01T01:01:10.000Z'));
    expect(april.invoices.map((i) => [i.invoiceKey, i.status])).toEqual([
      ['usage:c-nora:2026-03-01', 'ready'],
      ['usage:c-nora:2026-04-01', 'draft'],
    ]);
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

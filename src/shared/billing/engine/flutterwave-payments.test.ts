import { describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, type EventOf } from '../../events/model';
import { customerUpserted, planWith, subscriptionCancelled, subscriptionWith, talked, walletCredited } from '../../../../tests/support/event-builders';
import { MemoryLedger } from '../../../../tests/support/memory-ledger';
import { flutterwaveFailure, flutterwaveSubscriptionPayment, flutterwaveTopUp } from '../../../../tests/support/payment-events';

/** Payments Flutterwave confirmed and the relay verified (payment.received), and failed charges (payment.failed). */

const NORA = '+16175550122';
const AT = '2026-11-01T09:00:00.000Z';
const growth = planWith('growth', { name: 'Growth', priceMinor: 19_900, includedSeconds: 0, periodGrant: { amountMinor: 5_000, expiresAfterDays: null } }, AT);
const starter = planWith('starter', { name: 'Starter', priceMinor: 9_900, includedSeconds: 7_200 }, AT);

function nora(): MemoryLedger {
  const ledger = new MemoryLedger();
  ledger.apply(growth, starter, customerUpserted('c-nora', 'Nora Ephron', [NORA], { at: AT }));
  return ledger;
}

describe('Flutterwave payments in the billing fold', () => {
  it('a Flutterwave top-up of $25 delivered twice credits $25 once', () => {
    const ledger = nora();
    const first = ledger.apply(flutterwaveTopUp('7001', 'c-nora', 2_500, '2026-12-01T10:00:00.000Z'));
    expect(first.walletEntries).toEqual([
      expect.objectContaining({ entryId: 'flutterwave:7001', kind: 'top_up', amountMinor: 2_500, balanceAfterMinor: 2_500, description: 'Top-up — paid $25.00 by Flutterwave' }),
    ]);
    // The same transaction again: the webhook redelivered under another event id, a minute later.
    const again = ledger.apply(flutterwaveTopUp('7001', 'c-nora', 2_500, '2026-12-01T10:00:00.000Z', { eventId: 'flutterwave:redelivery:7001', receivedAt: '2026-12-01T10:01:00.000Z' }));
    expect(again.walletEntries).toEqual([]);
    expect(ledger.view('c-nora', '2026-12-02T00:00:00Z').wallet).toMatchObject({ balanceMinor: 2_500, planCredit: null });
  });

  it('a top-up pays for the next call: $25 buys a 5-minute call at $3 a minute and leaves $10', () => {
    const ledger = nora();
    ledger.apply(flutterwaveTopUp('7002', 'c-nora', 2_500, '2026-12-01T10:00:00.000Z'));
    const call = ledger.apply(talked('call-1', NORA, '2026-12-01T11:00:00.000Z', 300));
    expect(call.charges[0]!.trace.at(-1)).toBe('5 min from the wallet at $3.00/min: $15.00; $10.00 left');
  });

  it('a payment for a customer whose record has not arrived yet is kept under the customer id and is there when it does', () => {
    const ledger = new MemoryLedger();
    ledger.apply(flutterwaveTopUp('7003', 'c-new', 4_000, '2026-12-01T10:00:00.000Z'));
    ledger.apply(customerUpserted('c-new', 'New Customer', ['+16175550133'], { at: '2026-12-01T10:05:00.000Z' }));
    expect(ledger.view('c-new', '2026-12-01T11:00:00Z').wallet?.balanceMinor).toBe(4_000);
  });

  it('a top-up in euros for a dollar wallet is shown as a payment and credits nothing', () => {
    const ledger = nora();
    ledger.apply(walletCredited('t-1', 'c-nora', 1_000, { at: '2026-11-20T10:00:00.000Z' }));
    const effects = ledger.apply(flutterwaveTopUp('7004', 'c-nora', 2_500, '2026-12-01T10:00:00.000Z', { currency: 'EUR' }));
    expect(effects.walletEntries).toEqual([]);
    expect(effects.payments).toEqual([expect.objectContaining({ paymentId: 'flutterwave:7004', description: 'Paid €25.00 by Flutterwave — not credited: the wallet holds USD' })]);
    expect(ledger.view('c-nora', '2026-12-02T00:00:00Z').wallet?.balanceMinor).toBe(1_000);
  });

  it('a Growth payment by a customer without a subscription starts Growth on the paid day, pays its invoice and posts its $50 credit', () => {
    const ledger = nora();
    const paid = ledger.apply(flutterwaveSubscriptionPayment('8001', 'c-nora', 'growth', 's-nora', 19_900, '2026-12-01T10:00:00.000Z'));
    expect(paid.invoices).toEqual([expect.objectContaining({ invoiceKey: 'sub:s-nora:2026-12-01', totalMinor: 19_900 })]);
    expect(paid.payments).toEqual([
      { paymentId: 'flutterwave:8001', customerId: 'c-nora', seq: 4, receivedOn: '2026-12-01', amountMinor: 19_900, currency: 'USD', description: 'Paid $199.00 by Flutterwave — Growth subscription started' },
    ]);
    expect(paid.invoiceChanges).toEqual([{ invoiceKey: 'sub:s-nora:2026-12-01', quickbooksId: null, change: { kind: 'payment', paymentId: 'flutterwave:8001', amountMinor: 19_900 } }]);
    expect(paid.walletEntries).toEqual([expect.objectContaining({ entryId: 'grant:s-nora:2026-12-01:growth', amountMinor: 5_000, description: 'Growth plan credit for December — expires Dec 31' })]);
    expect(ledger.view('c-nora', '2026-12-15T00:00:00Z')).toMatchObject({ subscription: { planId: 'growth', state: 'active', periodStartsOn: '2026-12-01', periodEndsOn: '2027-01-01' }, wallet: { balanceMinor: 5_000 } });
  });

  it('the January payment of a Growth subscriber is the renewal: it pays January’s invoice, and January’s credit is posted once', () => {
    const ledger = nora();
    ledger.apply(flutterwaveSubscriptionPayment('8001', 'c-nora', 'growth', 's-nora', 19_900, '2026-12-01T10:00:00.000Z'));
    const renewal = ledger.apply(flutterwaveSubscriptionPayment('8002', 'c-nora', 'growth', 's-nora', 19_900, '2027-01-01T06:00:00.000Z'));
    expect(renewal.payments).toEqual([expect.objectContaining({ paymentId: 'flutterwave:8002', receivedOn: '2027-01-01', description: 'Paid $199.00 by Flutterwave — Growth subscription for January' })]);
    expect(renewal.invoiceChanges).toEqual([expect.objectContaining({ invoiceKey: 'sub:s-nora:2027-01-01' })]);
    expect(renewal.walletEntries.map((e) => [e.kind, e.amountMinor])).toEqual([
      ['expiry', -5_000],
      ['grant', 5_000],
    ]);
    // Delivered again: nothing more.
    const again = ledger.apply(flutterwaveSubscriptionPayment('8002', 'c-nora', 'growth', 's-nora', 19_900, '2027-01-01T06:00:00.000Z', { eventId: 'again', receivedAt: '2027-01-01T06:05:00.000Z' }));
    expect(again).toMatchObject({ payments: [], invoiceChanges: [], walletEntries: [], invoices: [] });
    expect(ledger.view('c-nora', '2027-01-02T00:00:00Z').wallet?.balanceMinor).toBe(5_000);
  });

  it('a second renewal charge in one period (a retried charge that went through twice) is shown as a payment and pays the invoice once', () => {
    const ledger = nora();
    ledger.apply(flutterwaveSubscriptionPayment('8001', 'c-nora', 'growth', 's-nora', 19_900, '2026-12-01T10:00:00.000Z'));
    ledger.apply(flutterwaveSubscriptionPayment('8002', 'c-nora', 'growth', 's-nora', 19_900, '2027-01-01T06:00:00.000Z'));
    const twice = ledger.apply(flutterwaveSubscriptionPayment('8004', 'c-nora', 'growth', 's-nora', 19_900, '2027-01-01T06:30:00.000Z'));
    expect(twice.payments).toEqual([
      expect.objectContaining({ paymentId: 'flutterwave:8004', amountMinor: 19_900, description: "Paid $199.00 by Flutterwave — not applied: Growth for January is paid already (a second charge for one period). Refund it in Flutterwave's dashboard, or apply it by hand" }),
    ]);
    expect(twice.invoiceChanges).toEqual([]);
    expect(twice.walletEntries).toEqual([]);
  });

  it('a renewal charged just before the boundary, December paid already, pays January when January starts, not December again', () => {
    const ledger = nora();
    ledger.apply(flutterwaveSubscriptionPayment('8001', 'c-nora', 'growth', 's-nora', 19_900, '2026-12-01T10:00:00.000Z'));
    const early = ledger.apply(flutterwaveSubscriptionPayment('8005', 'c-nora', 'growth', 's-nora', 19_900, '2026-12-31T23:50:00.000Z'));
    expect(early).toMatchObject({ payments: [], invoiceChanges: [] });
    const january = ledger.apply(talked('call-jan', NORA, '2027-01-01T00:10:00.000Z', 60));
    expect(january.invoices.map((i) => i.invoiceKey)).toContain('sub:s-nora:2027-01-01');
    expect(january.payments).toEqual([expect.objectContaining({ paymentId: 'flutterwave:8005', receivedOn: '2026-12-31', description: 'Paid $199.00 by Flutterwave — Growth subscription for January' })]);
    expect(january.invoiceChanges).toEqual([{ invoiceKey: 'sub:s-nora:2027-01-01', quickbooksId: null, change: { kind: 'payment', paymentId: 'flutterwave:8005', amountMinor: 19_900 } }]);
    // Flutterwave's own January charge a few hours later is then the second one for January.
    const again = ledger.apply(flutterwaveSubscriptionPayment('8006', 'c-nora', 'growth', 's-nora', 19_900, '2027-01-01T06:00:00.000Z'));
    expect(again.invoiceChanges).toEqual([]);
    expect(again.payments[0]!.description).toContain('not applied: Growth for January is paid already');
  });

  it('a charge just before the boundary while the open period is unpaid pays that open period', () => {
    const ledger = nora();
    ledger.apply(subscriptionWith('s-nora', 'c-nora', 'growth', '2026-12-01', { at: '2026-12-01T09:00:00.000Z' }));
    const late = ledger.apply(flutterwaveSubscriptionPayment('8007', 'c-nora', 'growth', 's-nora', 19_900, '2026-12-31T23:50:00.000Z'));
    expect(late.payments).toEqual([expect.objectContaining({ description: 'Paid $199.00 by Flutterwave — Growth subscription for December' })]);
    expect(late.invoiceChanges).toEqual([expect.objectContaining({ invoiceKey: 'sub:s-nora:2026-12-01' })]);
  });

  it('a Growth payment by a Starter subscriber changes the plan on the paid day: a new Growth period from December 10, its invoice paid, its credit posted; Flutterwave’s cancellation then reaches it', () => {
    const ledger = nora();
    ledger.apply(subscriptionWith('s-nora', 'c-nora', 'starter', '2026-12-01', { at: '2026-12-01T09:00:00.000Z' }));
    const paid = ledger.apply(flutterwaveSubscriptionPayment('8003', 'c-nora', 'growth', 'flutterwave:c-nora:growth', 19_900, '2026-12-10T14:00:00.000Z'));
    expect(paid.payments).toEqual([expect.objectContaining({ description: 'Paid $199.00 by Flutterwave — changed from Starter to Growth' })]);
    // The subscription is Flutterwave's from here: the new period's invoice and credit carry its id.
    expect(paid.invoices.map((i) => i.invoiceKey)).toEqual(['sub:flutterwave:c-nora:growth:2026-12-10']);
    expect(paid.invoiceChanges).toEqual([expect.objectContaining({ invoiceKey: 'sub:flutterwave:c-nora:growth:2026-12-10' })]);
    expect(paid.walletEntries).toEqual([expect.objectContaining({ entryId: 'grant:flutterwave:c-nora:growth:2026-12-10:growth', amountMinor: 5_000 })]);
    expect(ledger.view('c-nora', '2026-12-11T00:00:00Z').subscription).toMatchObject({ subscriptionId: 'flutterwave:c-nora:growth', planId: 'growth', periodStartsOn: '2026-12-10', periodEndsOn: '2027-01-10' });
    ledger.apply(subscriptionCancelled('flutterwave:c-nora:growth', '2026-12-20', '2026-12-15T09:00:00.000Z'));
    expect(ledger.view('c-nora', '2026-12-21T00:00:00Z').subscription).toMatchObject({ state: 'cancelled' });
  });

  it('a failed charge is written in words for the ledger and changes nothing in the account', () => {
    const ledger = nora();
    const before = JSON.stringify(ledger.book.accounts.get('c-nora') ?? null);
    const failed = ledger.apply(flutterwaveFailure('9001', 'c-nora', 5_000, 'The card was declined', '2026-12-01T10:00:00.000Z'));
    expect(failed.failedPayments).toEqual([
      { paymentId: 'flutterwave:9001', customerId: 'c-nora', seq: 4, atMs: Date.parse('2026-12-01T10:00:00.000Z'), amountMinor: 5_000, currency: 'USD', description: 'A $50.00 top-up payment by Flutterwave failed. The card was declined.' },
    ]);
    expect(failed.walletEntries).toEqual([]);
    expect(JSON.stringify(ledger.book.accounts.get('c-nora') ?? null)).toBe(before);
    const unknown = ledger.apply(flutterwaveFailure('9002', null, 0, 'The amount paid was not the amount asked.', '2026-12-01T11:00:00.000Z', null));
    expect(unknown.failedPayments[0]!.description).toBe('A payment by Flutterwave failed. The amount paid was not the amount asked.');
    // The relay's words name the amount already: said once.
    const worded = ledger.apply(flutterwaveFailure('9003', 'c-nora', 2_500, 'The payment of $25.00 did not go through. Flutterwave says: Insufficient funds. Nothing was charged.', '2026-12-01T12:00:00.000Z'));
    expect(worded.failedPayments[0]!.description).toBe('A top-up payment by Flutterwave failed. The payment of $25.00 did not go through. Flutterwave says: Insufficient funds. Nothing was charged.');
    // A thousand dollars is "$1,000.00" on the screen and in the reason alike: still said once.
    const large = ledger.apply(flutterwaveFailure('9004', 'c-nora', 100_000, 'The payment of $1,000.00 did not go through. Flutterwave says: Do not honour. Nothing was charged.', '2026-12-01T13:00:00.000Z'));
    expect(large.failedPayments[0]!.description).toBe('A top-up payment by Flutterwave failed. The payment of $1,000.00 did not go through. Flutterwave says: Do not honour. Nothing was charged.');
  });

  it('a top-up paid after its customer was merged into another credits the kept customer, and the same payment delivered again after the merge counts once', () => {
    const merged = (fromCustomerId: string, intoCustomerId: string, at: string): EventOf<'customer.merged'> => ({
      v: EVENT_MODEL_VERSION, id: `merge:${fromCustomerId}`, source: 'console', occurredAt: at, receivedAt: at, lines: [], type: 'customer.merged', data: { fromCustomerId, intoCustomerId, by: 'owner' },
    });
    const ledger = nora();
    ledger.apply(customerUpserted('c-old', 'Nora (old record)', ['+16175550123'], { at: AT }), customerUpserted('c-dup', 'Nora (second record)', ['+16175550124'], { at: AT }));
    ledger.apply(flutterwaveTopUp('7101', 'c-old', 2_500, '2026-12-01T10:00:00.000Z'));
    ledger.apply(merged('c-old', 'c-nora', '2026-12-02T10:00:00.000Z'));
    expect(ledger.view('c-nora', '2026-12-03T00:00:00Z').wallet?.balanceMinor).toBe(2_500);
    // Delivered again naming the merged-away record: nothing more.
    const again = ledger.apply(flutterwaveTopUp('7101', 'c-old', 2_500, '2026-12-01T10:00:00.000Z', { eventId: 'flutterwave:redelivery:7101', receivedAt: '2026-12-03T10:00:00.000Z' }));
    expect(again.walletEntries).toEqual([]);
    // A link made for the old record, paid after the merge: the kept customer's wallet, not a record no one sees.
    ledger.apply(merged('c-dup', 'c-nora', '2026-12-03T11:00:00.000Z'));
    const late = ledger.apply(flutterwaveTopUp('7102', 'c-old', 1_000, '2026-12-04T10:00:00.000Z'));
    expect(late.walletEntries).toEqual([expect.objectContaining({ entryId: 'flutterwave:7102', customerId: 'c-nora', amountMinor: 1_000, balanceAfterMinor: 3_500 })]);
    expect(ledger.book.accounts.has('c-old')).toBe(false);
    const failed = ledger.apply(flutterwaveFailure('9101', 'c-old', 1_000, 'The card was declined', '2026-12-04T11:00:00.000Z'));
    expect(failed.failedPayments[0]!.customerId).toBe('c-nora');
  });
});

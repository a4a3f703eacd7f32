import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerUpserted, sequenced } from '../../../tests/support/event-builders';
import { EVENT_MODEL_VERSION, type EventOf, type RingsideEvent } from '../../shared/events/model';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { applyBatch } from '../projection/apply-event';
import { customerPayments } from './customer-payments';

const DANA = 'cust-dana';
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 15, minute)).toISOString();
const envelope = (id: string, occurredAt: string) => ({ v: EVENT_MODEL_VERSION, id, source: 'flutterwave' as const, occurredAt, receivedAt: occurredAt, lines: [] });

function linkCreated(linkId: string, amountMinor: number, minute: number, customerId = DANA): EventOf<'payment_link.created'> {
  return {
    ...envelope(`payment_link:${linkId}`, at(minute)),
    type: 'payment_link.created',
    data: { linkId, provider: 'flutterwave', customerId, purpose: 'top_up', planId: null, amountMinor, currency: 'USD', url: `https://checkout.flutterwave.com/v3/hosted/pay/${linkId}`, by: 'Front desk' },
  };
}
function received(transactionId: string, reference: string, amountMinor: number, minute: number, purpose: 'top_up' | 'subscription' = 'top_up'): EventOf<'payment.received'> {
  return {
    ...envelope(`flutterwave:${transactionId}`, at(minute)),
    type: 'payment.received',
    data: { paymentId: `flutterwave:${transactionId}`, provider: 'flutterwave', transactionId, reference, customerId: DANA, purpose, planId: null, subscriptionId: null, amountMinor, currency: 'USD', paidAt: at(minute), verifiedAt: at(minute) },
  };
}
function failed(transactionId: string, reference: string | null, minute: number, reason: string, customerId: string | null = null): EventOf<'payment.failed'> {
  return {
    ...envelope(`flutterwave:${transactionId}:failed`, at(minute)),
    type: 'payment.failed',
    data: { paymentId: `flutterwave:${transactionId}`, provider: 'flutterwave', transactionId, reference, customerId, purpose: 'top_up', amountMinor: 5000, currency: 'USD', reason },
  };
}

describe("a customer's payment links and payments", () => {
  let db: ConsoleDatabase;
  beforeEach(async () => {
    db = await openConsoleDatabase(':memory:');
  });
  afterEach(() => db.close());

  it('shows each link waiting, failed with the reason, or paid once a verified payment came in under it, newest first; other payments apart', () => {
    const events: RingsideEvent[] = [
      customerUpserted(DANA, 'Dana Whitfield', ['+16175550231']),
      linkCreated('rs_first', 5000, 1),
      // A declined card leaves the checkout open; the second try goes through.
      failed('9001', 'rs_first', 2, 'The card was declined'),
      received('9002', 'rs_first', 5000, 3),
      linkCreated('rs_second', 2500, 4),
      failed('9003', 'rs_second', 5, 'The bank refused the charge'),
      linkCreated('rs_third', 10000, 6),
      received('9004', 'rpp-renewal-1', 19900, 7, 'subscription'),
    ];
    applyBatch(db, sequenced(events));
    const payments = customerPayments(db, DANA, 50);
    expect(payments.links.map((link) => [link.linkId, link.state, link.failure, link.paidMinor])).toEqual([
      ['rs_third', 'waiting', null, null],
      ['rs_second', 'failed', 'The bank refused the charge', null],
      ['rs_first', 'paid', null, 5000],
    ]);
    expect(payments.links[2]).toMatchObject({ amountMinor: 5000, currency: 'USD', createdBy: 'Front desk', createdAt: at(1), paidAt: at(3) });
    expect(payments.otherPayments).toEqual([{ paymentId: 'flutterwave:9004', outcome: 'received', purpose: 'subscription', amountMinor: 19900, currency: 'USD', at: at(7), reason: null }]);

    // The same events again (a replay overlap) change nothing.
    applyBatch(db, sequenced(events));
    expect(customerPayments(db, DANA, 50)).toEqual(payments);
  });

  it("moves a merged customer's links to the customer kept", () => {
    applyBatch(
      db,
      sequenced([
        customerUpserted(DANA, 'Dana Whitfield', ['+16175550231']),
        customerUpserted('cust-dana-2', 'D. Whitfield', ['+16175550232']),
        linkCreated('rs_dup', 5000, 1, 'cust-dana-2'),
        { ...envelope('merge:1', at(2)), source: 'console', type: 'customer.merged', data: { fromCustomerId: 'cust-dana-2', intoCustomerId: DANA, by: 'Front desk' } },
      ]),
    );
    expect(customerPayments(db, DANA, 50).links.map((link) => link.linkId)).toEqual(['rs_dup']);
    expect(customerPayments(db, 'cust-dana-2', 50).links).toEqual([]);
  });
});

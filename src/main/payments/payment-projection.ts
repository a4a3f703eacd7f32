import type BetterSqlite3 from 'better-sqlite3';
import type { RingsideEvent } from '../../shared/events/model';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { PaymentLinksTable, PaymentOutcomesTable } from '../db/schema';

/**
 * Projects payment links and their outcomes (issue 13 §5, migration 0796):
 * payment_link.created into payment_links, payment.received and payment.failed into
 * payment_outcomes. The wallet credit itself is the billing fold's (payment.received is a
 * top-up there); this is only what the customer page lists. Idempotent: a link by its id,
 * an outcome by its seq. A merge moves the merged customer's links and payments to the one kept.
 */
export function projectPayments(db: ConsoleDatabase, seq: number, event: RingsideEvent): void {
  switch (event.type) {
    case 'payment_link.created': {
      const d = event.data;
      statements(db).link.run({
        link_id: d.linkId,
        customer_id: d.customerId,
        provider: d.provider,
        purpose: d.purpose,
        plan_id: d.planId,
        amount_minor: d.amountMinor,
        currency: d.currency,
        url: d.url,
        by_whom: d.by,
        created_at_ms: Date.parse(event.occurredAt),
        seq,
      });
      return;
    }
    case 'payment.received': {
      const d = event.data;
      statements(db).outcome.run({
        seq,
        payment_id: d.paymentId,
        outcome: 'received',
        reference: d.reference,
        customer_id: d.customerId,
        purpose: d.purpose,
        amount_minor: d.amountMinor,
        currency: d.currency,
        reason: null,
        at_ms: Date.parse(d.paidAt),
      });
      return;
    }
    case 'payment.failed': {
      const d = event.data;
      statements(db).outcome.run({
        seq,
        payment_id: d.paymentId,
        outcome: 'failed',
        reference: d.reference,
        customer_id: d.customerId,
        purpose: d.purpose,
        amount_minor: d.amountMinor,
        currency: d.currency,
        reason: d.reason,
        at_ms: Date.parse(event.occurredAt),
      });
      return;
    }
    case 'customer.merged': {
      const moved = { from: event.data.fromCustomerId, into: event.data.intoCustomerId };
      statements(db).mergeLinks.run(moved);
      statements(db).mergeOutcomes.run(moved);
      return;
    }
    default:
      return;
  }
}

interface PaymentStatements {
  link: BetterSqlite3.Statement<PaymentLinksTable>;
  outcome: BetterSqlite3.Statement<PaymentOutcomesTable>;
  mergeLinks: BetterSqlite3.Statement<{ from: string; into: string }>;
  mergeOutcomes: BetterSqlite3.Statement<{ from: string; into: string }>;
}

const cache = new WeakMap<ConsoleDatabase, PaymentStatements>();

function statements(db: ConsoleDatabase): PaymentStatements {
  let s = cache.get(db);
  if (s === undefined) {
    s = {
      link: db.sqlite.prepare(
        `INSERT OR IGNORE INTO payment_links (link_id, customer_id, provider, purpose, plan_id, amount_minor, currency, url, by_whom, created_at_ms, seq)
         VALUES (@link_id, @customer_id, @provider, @purpose, @plan_id, @amount_minor, @currency, @url, @by_whom, @created_at_ms, @seq)`,
      ),
      outcome: db.sqlite.prepare(
        `INSERT OR IGNORE INTO payment_outcomes (seq, payment_id, outcome, reference, customer_id, purpose, amount_minor, currency, reason, at_ms)
         VALUES (@seq, @payment_id, @outcome, @reference, @customer_id, @purpose, @amount_minor, @currency, @reason, @at_ms)`,
      ),
      mergeLinks: db.sqlite.prepare('UPDATE payment_links SET customer_id = @into WHERE customer_id = @from'),
      mergeOutcomes: db.sqlite.prepare('UPDATE payment_outcomes SET customer_id = @into WHERE customer_id = @from'),
    };
    cache.set(db, s);
  }
  return s;
}

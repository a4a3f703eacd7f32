import type { CustomerPayments, PaymentLinkRow, PaymentRow } from '../../shared/api/payments';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { PaymentLinksTable, PaymentOutcomesTable } from '../db/schema';

/**
 * A customer's payment links with the state each is in, and the payments that came in
 * outside them, newest first (payments.ofCustomer). A link is paid once a verified payment
 * came in under its reference, failed while its last attempt failed (Flutterwave keeps
 * the checkout open for another try), and waiting otherwise.
 */
export function customerPayments(db: ConsoleDatabase, customerId: string, limit: number): CustomerPayments {
  const links = db.sqlite
    .prepare('SELECT * FROM payment_links WHERE customer_id = ? ORDER BY created_at_ms DESC, seq DESC LIMIT ?')
    .all(customerId, limit) as PaymentLinksTable[];
  const underLinks = db.sqlite
    .prepare(
      `SELECT o.* FROM payment_outcomes o JOIN payment_links l ON l.link_id = o.reference
        WHERE l.customer_id = ? ORDER BY o.seq`,
    )
    .all(customerId) as PaymentOutcomesTable[];
  const others = db.sqlite
    .prepare(
      `SELECT o.* FROM payment_outcomes o
        WHERE o.customer_id = ? AND NOT EXISTS (SELECT 1 FROM payment_links l WHERE l.link_id = o.reference AND l.customer_id = o.customer_id)
        ORDER BY o.at_ms DESC, o.seq DESC LIMIT ?`,
    )
    .all(customerId, limit) as PaymentOutcomesTable[];
  return { links: linkRows(links, underLinks), otherPayments: others.map(paymentRow) };
}

/** Each link with the state its outcomes (oldest first) put it in. */
export function linkRows(links: readonly PaymentLinksTable[], outcomes: readonly PaymentOutcomesTable[]): PaymentLinkRow[] {
  const byReference = new Map<string, PaymentOutcomesTable[]>();
  for (const outcome of outcomes) {
    if (outcome.reference === null) continue;
    const list = byReference.get(outcome.reference) ?? [];
    list.push(outcome);
    byReference.set(outcome.reference, list);
  }
  return links.map((link) => {
    const under = byReference.get(link.link_id) ?? [];
    const paid = under.find((outcome) => outcome.outcome === 'received');
    const last = under.at(-1);
    const state = paid ? 'paid' : last?.outcome === 'failed' ? 'failed' : 'waiting';
    return {
      linkId: link.link_id,
      purpose: link.purpose,
      amountMinor: link.amount_minor,
      currency: link.currency,
      url: link.url,
      createdBy: link.by_whom,
      createdAt: new Date(link.created_at_ms).toISOString(),
      state,
      paidAt: paid ? new Date(paid.at_ms).toISOString() : null,
      paidMinor: paid ? paid.amount_minor : null,
      failure: state === 'failed' ? last!.reason : null,
    };
  });
}

function paymentRow(row: PaymentOutcomesTable): PaymentRow {
  return {
    paymentId: row.payment_id,
    outcome: row.outcome,
    purpose: row.purpose,
    amountMinor: row.amount_minor,
    currency: row.currency,
    at: new Date(row.at_ms).toISOString(),
    reason: row.reason,
  };
}

/** A link this customer owns, from the projection (for sending it again). */
export function findPaymentLink(db: ConsoleDatabase, customerId: string, linkId: string): PaymentLinksTable | null {
  const row = db.sqlite.prepare('SELECT * FROM payment_links WHERE link_id = ? AND customer_id = ?').get(linkId, customerId) as PaymentLinksTable | undefined;
  return row ?? null;
}

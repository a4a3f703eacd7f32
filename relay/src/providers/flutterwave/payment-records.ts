import type { Statement } from 'better-sqlite3';
import { paymentLinkCreatedData, type PaymentLinkCreatedData } from '../../../../src/shared/events/model';
import type { RelayDatabase } from '../../database';

/**
 * The relay's own record of what it asked Flutterwave for, which verification is checked
 * against (never the `meta` a customer's browser can see): the `payment_link.created` event
 * of a tx_ref, and the subscription links a renewal charge is matched to by the customer's
 * email (flutterwave_links, migration 0019).
 */

/** A payment fact's lines: every line of the team, each once, in order (an agent console sees events of its lines only). */
export function teamLines(lines: readonly string[]): string[] {
  return [...new Set(lines)].sort();
}

export function linkEventId(linkId: string): string {
  return `flutterwave:link:${linkId}`;
}

export interface SubscriptionLink {
  linkId: string;
  customerId: string;
  planId: string;
  amountMinor: number;
  currency: string;
}

export class PaymentRecords {
  private readonly linkEvent: Statement;
  private readonly subscriptionLinks: Statement;
  private readonly customerOfEmail: Statement;
  private readonly recentLinks: Statement;
  private readonly lastPayment: Statement;

  constructor(db: RelayDatabase) {
    this.linkEvent = db.prepare("SELECT event FROM events WHERE source = 'flutterwave' AND event_id = ?").pluck();
    this.subscriptionLinks = db.prepare(
      "SELECT link_id, customer_id, plan_id, amount_minor, currency FROM flutterwave_links WHERE email = ? COLLATE NOCASE AND purpose = 'subscription' AND plan_id IS NOT NULL AND seq IS NOT NULL ORDER BY created_at_ms DESC",
    );
    this.recentLinks = db.prepare('SELECT link_id, created_at_ms FROM flutterwave_links WHERE seq IS NOT NULL AND created_at_ms > ? AND created_at_ms <= ? ORDER BY created_at_ms');
    this.lastPayment = db.prepare("SELECT max(seq) FROM events WHERE source = 'flutterwave' AND type = 'payment.received' AND json_extract(event, '$.data.subscriptionId') = ?").pluck();
    this.customerOfEmail = db.prepare("SELECT customer_id FROM flutterwave_links WHERE email = ? COLLATE NOCASE AND seq IS NOT NULL ORDER BY created_at_ms DESC LIMIT 1").pluck();
  }

  /** The link the relay created under this reference, or null (not one of ours). */
  linkOf(txRef: string): PaymentLinkCreatedData | null {
    const json = this.linkEvent.get(linkEventId(txRef)) as string | undefined;
    if (json === undefined) return null;
    const parsed = paymentLinkCreatedData.safeParse((JSON.parse(json) as { data: unknown }).data);
    return parsed.success ? parsed.data : null;
  }

  /** Subscription links paid to from this email, newest first. */
  subscriptionLinksOf(email: string): SubscriptionLink[] {
    return (this.subscriptionLinks.all(email) as { link_id: string; customer_id: string; plan_id: string; amount_minor: number; currency: string }[]).map((row) => ({
      linkId: row.link_id,
      customerId: row.customer_id,
      planId: row.plan_id,
      amountMinor: row.amount_minor,
      currency: row.currency,
    }));
  }

  /** Links made between the two instants (epoch ms), oldest first, with their age. */
  linksMadeBetween(fromMs: number, toMs: number): { linkId: string; createdAtMs: number }[] {
    return (this.recentLinks.all(fromMs, toMs) as { link_id: string; created_at_ms: number }[]).map((row) => ({ linkId: row.link_id, createdAtMs: row.created_at_ms }));
  }

  /** Seq of the latest payment.received for this Ringside subscription (its start or last renewal), 0 if none. */
  lastPaymentSeqOf(subscriptionId: string): number {
    return (this.lastPayment.get(subscriptionId) as number | null | undefined) ?? 0;
  }

  customerOf(email: string): string | null {
    return (this.customerOfEmail.get(email) as string | undefined) ?? null;
  }
}

import type { Statement } from 'better-sqlite3';
import type { RelayDatabase } from '../database';

/**
 * Who a payment link is for, from the log: the customer's latest `customer.upserted` (name and
 * first email), unless a later `customer.removed` took them away. The relay's accounts keep no
 * emails, and a link needs one (Flutterwave requires customer.email).
 */
export interface CustomerContact {
  customerId: string;
  name: string;
  email: string | null;
}

export class CustomerContacts {
  private readonly latest: Statement;

  constructor(db: RelayDatabase) {
    this.latest = db.prepare(
      `SELECT type, event FROM events
       WHERE type IN ('customer.upserted', 'customer.removed') AND json_extract(event, '$.data.customerId') = ?
       ORDER BY seq DESC LIMIT 1`,
    );
  }

  of(customerId: string): CustomerContact | null {
    const row = this.latest.get(customerId) as { type: string; event: string } | undefined;
    if (row === undefined || row.type !== 'customer.upserted') return null;
    const data = (JSON.parse(row.event) as { data: { name: string; email: string | null; emails?: string[] } }).data;
    const email = [data.email, ...(data.emails ?? [])].find((candidate) => typeof candidate === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(candidate)) ?? null;
    return { customerId, name: data.name, email };
  }
}

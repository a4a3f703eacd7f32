import type { ConsoleDatabase } from '../db/open-console-database';

/**
 * A customer's address and notes as projected (customer_details), for a customer.upserted
 * written elsewhere (a QuickBooks link or change) that must not clear what Ringside holds.
 */
export function keptDetails(db: ConsoleDatabase, customerId: string): { address: string | null; notes: string } {
  const row = db.sqlite.prepare('SELECT address, notes FROM customer_details WHERE customer_id = ?').get(customerId) as { address: string | null; notes: string } | undefined;
  return { address: row?.address ?? null, notes: row?.notes ?? '' };
}

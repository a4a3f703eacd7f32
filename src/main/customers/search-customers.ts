import { sql, type SqlBool } from 'kysely';
import type { CustomerSummary } from '../../shared/api/contract';
import { loadCustomerStanding } from '../card/load-caller-card';
import type { ConsoleDatabase } from '../db/open-console-database';

/**
 * Customers whose name, company or email contains the query, or one of whose numbers
 * contains its digits (3 or more), by name; each with plan and remaining time at `now`.
 */
export async function searchCustomers(db: ConsoleDatabase, input: { query: string; limit: number }, now: Date): Promise<CustomerSummary[]> {
  const text = input.query.trim();
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const digits = text.replace(/\D/g, '');
  let query = db.kysely.selectFrom('customers').select(['customer_id', 'name', 'company', 'email']);
  if (text !== '') {
    query = query.where((eb) =>
      eb.or([
        contains('name', pattern),
        contains('company', pattern),
        contains('email', pattern),
        ...(digits.length >= 3
          ? [
              eb.exists(
                eb
                  .selectFrom('customer_phones as p')
                  .select('p.phone_e164')
                  .whereRef('p.customer_id', '=', 'customers.customer_id')
                  .where('p.phone_e164', 'like', `%${digits}%`),
              ),
            ]
          : []),
      ]),
    );
  }
  const customers = await query.orderBy('name').limit(input.limit).execute();
  const summaries: CustomerSummary[] = [];
  for (const c of customers) {
    const phones = await db.kysely.selectFrom('customer_phones').select('phone_e164').where('customer_id', '=', c.customer_id).orderBy('phone_e164').execute();
    const standing = await loadCustomerStanding(db, c.customer_id, now);
    summaries.push({
      id: c.customer_id,
      name: c.name,
      company: c.company,
      email: c.email,
      phones: phones.map((p) => p.phone_e164),
      planName: standing.plan?.name ?? null,
      remainingSeconds: standing.remainingSeconds,
    });
  }
  return summaries;
}

function contains(column: 'name' | 'company' | 'email', pattern: string) {
  return sql<SqlBool>`${sql.ref(`customers.${column}`)} LIKE ${pattern} ESCAPE '\\'`;
}

import type { CallerCard } from '../../shared/card';
import type { Plan } from '../../shared/billing/catalog';
import type { AccountView } from '../../shared/billing/engine/account-view';
import { readAccountView, readCatalog } from '../billing/queries/account-standing';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { CallRow } from '../db/schema';
import { lastSummarizedCall } from '../communications/call-reads';
import { lastMessageWith } from '../communications/message-reads';
import { buildCallerCard, RECENT_CALLS_ON_CARD, type CardCustomer } from './build-caller-card';
import { loadOpenInvoices, loadOpenInvoiceSummary } from './open-invoices';

export interface CustomerStanding {
  account: AccountView;
  /** The plan of an active subscription. */
  plan: Plan | null;
  /** Included + rolled-over time available now; null without an active subscription. */
  remainingSeconds: number | null;
}

/**
 * The caller card of one call, from a handful of index seeks: the call by id, the
 * number's customers (customer_phones by phone), the customer's billing account
 * (the engine's state, advanced to `now`), the latest calls of the customer's numbers and
 * the customer's open invoices.
 */
export async function loadCallerCard(db: ConsoleDatabase, callId: string, now: Date, pinned = false): Promise<CallerCard | null> {
  const call = await db.kysely.selectFrom('calls').selectAll().where('call_id', '=', callId).executeTakeFirst();
  if (!call) return null;
  const owners = await db.kysely
    .selectFrom('customer_phones as p')
    .innerJoin('customers as c', 'c.customer_id', 'p.customer_id')
    .leftJoin('customer_details as d', 'd.customer_id', 'c.customer_id')
    .select(['c.customer_id', 'c.name', 'c.company', 'd.address', 'd.notes'])
    .where('p.phone_e164', '=', call.external_e164)
    .orderBy('c.updated_seq', 'desc')
    .execute();
  const owner = owners[0];
  const customer: CardCustomer | null = owner ? { id: owner.customer_id, name: owner.name, company: owner.company, address: owner.address ?? null, notes: owner.notes ?? '' } : null;
  const catalog = readCatalog(db);
  const account = customer ? readAccountView(db, customer.id, now, catalog) : { subscription: null, wallet: null };
  const recentCalls = await loadRecentCalls(db, call, customer?.id ?? null);
  const openInvoices = customer ? loadOpenInvoices(db, customer.id, now) : [];
  const numbers = customer ? await customerNumbers(db, customer.id) : [call.external_e164];
  const card = buildCallerCard({
    call,
    customer,
    otherCustomersOnNumber: Math.max(0, owners.length - 1),
    catalog,
    account,
    recentCalls,
    openInvoices,
    pinned,
    lastMessage: lastMessageWith(db, numbers),
    lastCallSummary: lastSummarizedCall(db, numbers, call.call_id),
  });
  return { ...card, openInvoiceSummary: customer ? loadOpenInvoiceSummary(db, customer.id, now) : null };
}

/** A customer's current plan and remaining included time at `now`. */
export async function loadCustomerStanding(db: ConsoleDatabase, customerId: string, now: Date): Promise<CustomerStanding> {
  const account = readAccountView(db, customerId, now);
  const sub = account.subscription;
  const active = sub !== null && sub.state === 'active' && sub.plan !== null;
  return { account, plan: active ? sub.plan : null, remainingSeconds: active ? sub.remainingSeconds : null };
}

async function customerNumbers(db: ConsoleDatabase, customerId: string): Promise<string[]> {
  const rows = await db.kysely.selectFrom('customer_phones').select('phone_e164').where('customer_id', '=', customerId).execute();
  return rows.map((r) => r.phone_e164);
}

/** The latest calls of the customer's numbers (or of this number for an unknown caller). */
async function loadRecentCalls(db: ConsoleDatabase, call: CallRow, customerId: string | null): Promise<CallRow[]> {
  let query = db.kysely.selectFrom('calls').selectAll().where('call_id', '!=', call.call_id);
  query = customerId
    ? query.where('external_e164', 'in', (qb) => qb.selectFrom('customer_phones').select('phone_e164').where('customer_id', '=', customerId))
    : query.where('external_e164', '=', call.external_e164);
  return query.orderBy('started_at_ms', 'desc').limit(RECENT_CALLS_ON_CARD).execute();
}

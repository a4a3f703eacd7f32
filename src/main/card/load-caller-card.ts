import type { CallerCard } from '../../shared/card';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { CallRow, PlanRow, SubscriptionRow } from '../db/schema';
import { buildCallerCard, RECENT_CALLS_ON_CARD, type CardCustomer } from './build-caller-card';
import { billingPeriodContaining, remainingIncludedSeconds, type CompletedCallTime } from './remaining-included-seconds';

export interface CustomerStanding {
  subscription: SubscriptionRow | null;
  plan: PlanRow | null;
  completedCallsThisPeriod: CompletedCallTime[];
  /** Null without a current subscription. */
  remainingSeconds: number | null;
}

/**
 * The caller card of one call, from a handful of index seeks: the call by id, the
 * number's customers (customer_phones by phone), the current subscription
 * (by customer and start date), this period's calls and the latest calls of the
 * customer's numbers (calls by number and start).
 */
export async function loadCallerCard(db: ConsoleDatabase, callId: string, now: Date, pinned = false): Promise<CallerCard | null> {
  const call = await db.kysely.selectFrom('calls').selectAll().where('call_id', '=', callId).executeTakeFirst();
  if (!call) return null;
  const owners = await db.kysely
    .selectFrom('customer_phones as p')
    .innerJoin('customers as c', 'c.customer_id', 'p.customer_id')
    .select(['c.customer_id', 'c.name', 'c.company'])
    .where('p.phone_e164', '=', call.external_e164)
    .orderBy('c.updated_seq', 'desc')
    .execute();
  const owner = owners[0];
  const customer: CardCustomer | null = owner ? { id: owner.customer_id, name: owner.name, company: owner.company } : null;
  const standing = customer ? await loadCustomerStanding(db, customer.id, now) : null;
  const recentCalls = await loadRecentCalls(db, call, customer?.id ?? null);
  return buildCallerCard({
    call,
    customer,
    otherCustomersOnNumber: Math.max(0, owners.length - 1),
    subscription: standing?.subscription ?? null,
    plan: standing?.plan ?? null,
    completedCallsThisPeriod: standing?.completedCallsThisPeriod ?? [],
    recentCalls,
    pinned,
    now,
  });
}

/** A customer's current subscription, plan and remaining included time at `now`. */
export async function loadCustomerStanding(db: ConsoleDatabase, customerId: string, now: Date): Promise<CustomerStanding> {
  const today = now.toISOString().slice(0, 10);
  const row = await db.kysely
    .selectFrom('subscriptions as s')
    .innerJoin('plans as p', 'p.plan_id', 's.plan_id')
    .selectAll('s')
    .select(['p.name', 'p.period', 'p.included_seconds', 'p.price_minor', 'p.currency', 'p.updated_seq'])
    .where('s.customer_id', '=', customerId)
    .where('s.start_date', '<=', today)
    .orderBy('s.start_date', 'desc')
    .orderBy('s.started_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return { subscription: null, plan: null, completedCallsThisPeriod: [], remainingSeconds: null };
  const subscription: SubscriptionRow = {
    subscription_id: row.subscription_id,
    customer_id: row.customer_id,
    plan_id: row.plan_id,
    start_date: row.start_date,
    started_seq: row.started_seq,
  };
  const plan: PlanRow = {
    plan_id: row.plan_id,
    name: row.name,
    period: row.period,
    included_seconds: row.included_seconds,
    price_minor: row.price_minor,
    currency: row.currency,
    updated_seq: row.updated_seq,
  };
  const period = billingPeriodContaining(subscription.start_date, plan.period, now);
  const completedCallsThisPeriod = period
    ? (
        await db.kysely
          .selectFrom('calls')
          .select(['started_at_ms', 'duration_seconds'])
          .where('external_e164', 'in', (qb) => qb.selectFrom('customer_phones').select('phone_e164').where('customer_id', '=', customerId))
          .where('started_at_ms', '>=', period.startMs)
          .where('started_at_ms', '<', period.endMs)
          .where('status', '=', 'completed')
          .execute()
      ).map((c) => ({ startedAtMs: c.started_at_ms, durationSeconds: c.duration_seconds ?? 0 }))
    : [];
  const remainingSeconds = remainingIncludedSeconds({
    plan: { includedSeconds: plan.included_seconds, period: plan.period },
    subscription: { startDate: subscription.start_date },
    completedCallsThisPeriod,
    now,
  });
  return { subscription, plan, completedCallsThisPeriod, remainingSeconds };
}

/** The latest calls of the customer's numbers (or of this number for an unknown caller). */
async function loadRecentCalls(db: ConsoleDatabase, call: CallRow, customerId: string | null): Promise<CallRow[]> {
  let query = db.kysely.selectFrom('calls').selectAll().where('call_id', '!=', call.call_id);
  query = customerId
    ? query.where('external_e164', 'in', (qb) => qb.selectFrom('customer_phones').select('phone_e164').where('customer_id', '=', customerId))
    : query.where('external_e164', '=', call.external_e164);
  return query.orderBy('started_at_ms', 'desc').limit(RECENT_CALLS_ON_CARD).execute();
}

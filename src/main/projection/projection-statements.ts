import type BetterSqlite3 from 'better-sqlite3';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { CallsTable, CustomersTable, PlansTable, ProjectionStateTable, SubscriptionsTable } from '../db/schema';

/**
 * The projection's writes as prepared statements: catch-up applies tens of thousands
 * of events a second, which query building per event would not keep up with. The
 * parameter types come from schema.ts, so a renamed column fails to compile here.
 */
export interface ProjectionStatements {
  readState: BetterSqlite3.Statement<[], Pick<ProjectionStateTable, 'applied_seq' | 'last_event_at_ms'>>;
  writeState: BetterSqlite3.Statement<Pick<ProjectionStateTable, 'applied_seq' | 'last_event_at_ms'>>;
  insertRingingCall: BetterSqlite3.Statement<Pick<CallsTable, 'call_id' | 'direction' | 'external_e164' | 'business_e164' | 'started_at_ms' | 'updated_seq'>>;
  upsertAnsweredCall: BetterSqlite3.Statement<
    Pick<CallsTable, 'call_id' | 'direction' | 'external_e164' | 'business_e164' | 'started_at_ms' | 'answered_at_ms' | 'updated_seq'>
  >;
  insertCompletedCall: BetterSqlite3.Statement<Omit<CallsTable, 'status'>>;
  completeKnownCall: BetterSqlite3.Statement<Omit<CallsTable, 'status'>>;
  upsertCompletedCall: BetterSqlite3.Statement<Omit<CallsTable, 'status'>>;
  upsertCustomer: BetterSqlite3.Statement<CustomersTable>;
  deleteCustomer: BetterSqlite3.Statement<Pick<CustomersTable, 'customer_id'>>;
  deleteCustomerPhones: BetterSqlite3.Statement<Pick<CustomersTable, 'customer_id'>>;
  insertCustomerPhone: BetterSqlite3.Statement<{ customer_id: string; phone_e164: string }>;
  upsertPlan: BetterSqlite3.Statement<PlansTable>;
  upsertSubscription: BetterSqlite3.Statement<SubscriptionsTable>;
  /**
   * Calls whose ringing was projected lately: their completion most likely finds the row it
   * rang with, one that never rang (a missed ringing, an imported history) most likely finds
   * none. Only which statement runs first depends on it, never the result.
   */
  recentlyRung: Set<string>;
}

const cache = new WeakMap<ConsoleDatabase, ProjectionStatements>();

export function projectionStatements(db: ConsoleDatabase): ProjectionStatements {
  const cached = cache.get(db);
  if (cached) return cached;
  const s = db.sqlite;
  const statements: ProjectionStatements = {
    recentlyRung: new Set(),
    readState: s.prepare('SELECT applied_seq, last_event_at_ms FROM projection_state WHERE id = 1'),
    writeState: s.prepare('UPDATE projection_state SET applied_seq = @applied_seq, last_event_at_ms = @last_event_at_ms WHERE id = 1'),
    // A ringing that arrives after its call completed (providers deliver out of order) changes nothing.
    insertRingingCall: s.prepare(
      `INSERT INTO calls (call_id, direction, external_e164, business_e164, started_at_ms, answered_at_ms, completed_at_ms, duration_seconds, status, updated_seq)
       VALUES (@call_id, @direction, @external_e164, @business_e164, @started_at_ms, NULL, NULL, NULL, 'ringing', @updated_seq)
       ON CONFLICT (call_id) DO NOTHING`,
    ),
    // An answer is recorded once, on a call still in progress (status stays 'ringing' until it
    // completes); it creates the call if its ringing has not arrived. A late or repeated answer
    // changes nothing: the completion, and the first answer, are what the provider settled on.
    upsertAnsweredCall: s.prepare(
      `INSERT INTO calls (call_id, direction, external_e164, business_e164, started_at_ms, answered_at_ms, completed_at_ms, duration_seconds, status, updated_seq)
       VALUES (@call_id, @direction, @external_e164, @business_e164, @started_at_ms, @answered_at_ms, NULL, NULL, 'ringing', @updated_seq)
       ON CONFLICT (call_id) DO UPDATE SET answered_at_ms = excluded.answered_at_ms, updated_seq = excluded.updated_seq
       WHERE calls.status = 'ringing' AND calls.answered_at_ms IS NULL`,
    ),
    insertCompletedCall: s.prepare(
      `INSERT INTO calls (call_id, direction, external_e164, business_e164, started_at_ms, answered_at_ms, completed_at_ms, duration_seconds, status, updated_seq)
       VALUES (@call_id, @direction, @external_e164, @business_e164, @started_at_ms, @answered_at_ms, @completed_at_ms, @duration_seconds, 'completed', @updated_seq)
       ON CONFLICT (call_id) DO NOTHING`,
    ),
    // The usual completion: its call rang with the same numbers and start, so only columns no
    // index holds change. The upsert below rewrites every column, and with them each index entry.
    completeKnownCall: s.prepare(
      `UPDATE calls SET answered_at_ms = @answered_at_ms, completed_at_ms = @completed_at_ms, duration_seconds = @duration_seconds, status = 'completed', updated_seq = @updated_seq
       WHERE call_id = @call_id AND direction = @direction AND external_e164 = @external_e164 AND business_e164 = @business_e164 AND started_at_ms = @started_at_ms`,
    ),
    upsertCompletedCall: s.prepare(
      `INSERT INTO calls (call_id, direction, external_e164, business_e164, started_at_ms, answered_at_ms, completed_at_ms, duration_seconds, status, updated_seq)
       VALUES (@call_id, @direction, @external_e164, @business_e164, @started_at_ms, @answered_at_ms, @completed_at_ms, @duration_seconds, 'completed', @updated_seq)
       ON CONFLICT (call_id) DO UPDATE SET
         direction = excluded.direction, external_e164 = excluded.external_e164, business_e164 = excluded.business_e164,
         started_at_ms = excluded.started_at_ms, answered_at_ms = excluded.answered_at_ms, completed_at_ms = excluded.completed_at_ms,
         duration_seconds = excluded.duration_seconds, status = 'completed', updated_seq = excluded.updated_seq`,
    ),
    upsertCustomer: s.prepare(
      `INSERT INTO customers (customer_id, name, company, email, updated_seq) VALUES (@customer_id, @name, @company, @email, @updated_seq)
       ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, company = excluded.company, email = excluded.email, updated_seq = excluded.updated_seq`,
    ),
    deleteCustomer: s.prepare('DELETE FROM customers WHERE customer_id = @customer_id'),
    deleteCustomerPhones: s.prepare('DELETE FROM customer_phones WHERE customer_id = @customer_id'),
    insertCustomerPhone: s.prepare('INSERT OR IGNORE INTO customer_phones (customer_id, phone_e164) VALUES (@customer_id, @phone_e164)'),
    upsertPlan: s.prepare(
      `INSERT INTO plans (plan_id, name, period, included_seconds, price_minor, currency, updated_seq)
       VALUES (@plan_id, @name, @period, @included_seconds, @price_minor, @currency, @updated_seq)
       ON CONFLICT (plan_id) DO UPDATE SET name = excluded.name, period = excluded.period, included_seconds = excluded.included_seconds,
         price_minor = excluded.price_minor, currency = excluded.currency, updated_seq = excluded.updated_seq`,
    ),
    upsertSubscription: s.prepare(
      `INSERT INTO subscriptions (subscription_id, customer_id, plan_id, start_date, started_seq)
       VALUES (@subscription_id, @customer_id, @plan_id, @start_date, @started_seq)
       ON CONFLICT (subscription_id) DO UPDATE SET customer_id = excluded.customer_id, plan_id = excluded.plan_id,
         start_date = excluded.start_date, started_seq = excluded.started_seq`,
    ),
  };
  cache.set(db, statements);
  return statements;
}

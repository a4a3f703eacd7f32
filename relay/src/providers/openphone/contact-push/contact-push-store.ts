import type { RelayDatabase } from '../../../database';
import { contentHash, type PushedCustomer } from './contact-fields';

/** One customer's row of the outbox (migration 0015). */
export interface OwedPush {
  customerId: string;
  /** null: removed or merged away, so its contact is deleted. */
  customer: PushedCustomer | null;
  contentHash: string;
  contactId: string | null;
  attempts: number;
  lastError: string | null;
}

interface CustomerRow {
  customer_id: string;
  customer: string | null;
  content_hash: string;
  contact_id: string | null;
  pushed_hash: string | null;
  attempts: number;
  next_attempt_at_ms: number;
  last_error: string | null;
}

/** The customers, plans and subscriptions the push folds from the log, and what was pushed; SQLite in relay.db. */
export class ContactPushStore {
  constructor(private readonly db: RelayDatabase) {}

  cursor(): number {
    return (this.db.prepare('SELECT seq FROM contact_push_cursor WHERE id = 1').pluck().get() as number | undefined) ?? 0;
  }

  /** Runs `fold` and moves the cursor to `seq` in one transaction: a restart resumes after what was folded, never twice. */
  foldThrough(seq: number, fold: () => void): void {
    this.db.transaction(() => {
      fold();
      this.db.prepare('INSERT INTO contact_push_cursor (id, seq) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq').run(seq);
    })();
  }

  customer(customerId: string): PushedCustomer | null {
    const json = this.db.prepare('SELECT customer FROM contact_push_customers WHERE customer_id = ?').pluck().get(customerId) as string | null | undefined;
    return json ? (JSON.parse(json) as PushedCustomer) : null;
  }

  /** The customer as the log now describes it (null: gone); owed a push only when that differs from what was last described. */
  describe(customerId: string, customer: PushedCustomer | null, seq: number): void {
    const hash = contentHash(customer);
    this.db
      .prepare(
        `INSERT INTO contact_push_customers (customer_id, customer, content_hash, updated_seq) VALUES (?, ?, ?, ?)
         ON CONFLICT (customer_id) DO UPDATE SET customer = excluded.customer, content_hash = excluded.content_hash, updated_seq = excluded.updated_seq,
           attempts = CASE WHEN content_hash = excluded.content_hash THEN attempts ELSE 0 END,
           next_attempt_at_ms = CASE WHEN content_hash = excluded.content_hash THEN next_attempt_at_ms ELSE 0 END
         WHERE content_hash IS NOT excluded.content_hash`,
      )
      .run(customerId, customer === null ? null : JSON.stringify(customer), hash, seq);
  }

  definePlan(planId: string, name: string): void {
    this.db.prepare('INSERT INTO contact_push_plans (plan_id, name) VALUES (?, ?) ON CONFLICT (plan_id) DO UPDATE SET name = excluded.name').run(planId, name);
  }

  startSubscription(subscriptionId: string, customerId: string, planId: string, seq: number): void {
    this.db
      .prepare('INSERT INTO contact_push_subscriptions (subscription_id, customer_id, plan_id, ends_on, seq) VALUES (?, ?, ?, NULL, ?) ON CONFLICT (subscription_id) DO UPDATE SET customer_id = excluded.customer_id, plan_id = excluded.plan_id, ends_on = NULL, seq = excluded.seq')
      .run(subscriptionId, customerId, planId, seq);
  }

  /** The customer the subscription belongs to, after the change; null when it is unknown. */
  changeSubscription(subscriptionId: string, change: { planId?: string; endsOn?: string }): string | null {
    const row = this.db.prepare('SELECT customer_id FROM contact_push_subscriptions WHERE subscription_id = ?').pluck().get(subscriptionId) as string | undefined;
    if (row === undefined) return null;
    if (change.planId !== undefined) this.db.prepare('UPDATE contact_push_subscriptions SET plan_id = ?, ends_on = NULL WHERE subscription_id = ?').run(change.planId, subscriptionId);
    if (change.endsOn !== undefined) this.db.prepare('UPDATE contact_push_subscriptions SET ends_on = ? WHERE subscription_id = ?').run(change.endsOn, subscriptionId);
    return row;
  }

  moveSubscriptions(fromCustomerId: string, intoCustomerId: string): void {
    this.db.prepare('UPDATE contact_push_subscriptions SET customer_id = ? WHERE customer_id = ?').run(intoCustomerId, fromCustomerId);
  }

  customersOnPlan(planId: string): string[] {
    return this.db.prepare('SELECT DISTINCT customer_id FROM contact_push_subscriptions WHERE plan_id = ?').pluck().all(planId) as string[];
  }

  /** The customer's newest subscription's plan, as OpenPhone shows it: "Priority", "Priority (ends 2026-04-30)". */
  planOf(customerId: string): string | null {
    const row = this.db
      .prepare('SELECT p.name, s.ends_on FROM contact_push_subscriptions s JOIN contact_push_plans p ON p.plan_id = s.plan_id WHERE s.customer_id = ? ORDER BY s.seq DESC LIMIT 1')
      .get(customerId) as { name: string; ends_on: string | null } | undefined;
    if (row === undefined) return null;
    return row.ends_on === null ? row.name : `${row.name} (ends ${row.ends_on})`;
  }

  /** Rows owed a push and due by `nowMs`, oldest change first. */
  due(nowMs: number, limit: number): OwedPush[] {
    const rows = this.db
      .prepare('SELECT * FROM contact_push_customers WHERE pushed_hash IS NOT content_hash AND next_attempt_at_ms <= ? ORDER BY updated_seq LIMIT ?')
      .all(nowMs, limit) as CustomerRow[];
    return rows.map((row) => ({ customerId: row.customer_id, customer: row.customer ? (JSON.parse(row.customer) as PushedCustomer) : null, contentHash: row.content_hash, contactId: row.contact_id, attempts: row.attempts, lastError: row.last_error }));
  }

  /** Counted before the request goes out: a restart after a create that got no answer looks the contact up first. */
  attempting(customerId: string): void {
    this.db.prepare('UPDATE contact_push_customers SET attempts = attempts + 1 WHERE customer_id = ?').run(customerId);
  }

  /** Pushed as `hash` described it (a newer description stays owed); `contactId` null once deleted. */
  pushed(customerId: string, hash: string, contactId: string | null): void {
    this.db.prepare('UPDATE contact_push_customers SET pushed_hash = ?, contact_id = ?, attempts = 0, next_attempt_at_ms = 0, last_error = NULL WHERE customer_id = ?').run(hash, contactId, customerId);
  }

  /** The contact OpenPhone no longer has (deleted in its app): the next push creates it again. */
  forgetContact(customerId: string): void {
    this.db.prepare('UPDATE contact_push_customers SET contact_id = NULL WHERE customer_id = ?').run(customerId);
  }

  failed(customerId: string, error: string, retryAtMs: number): void {
    this.db.prepare('UPDATE contact_push_customers SET last_error = ?, next_attempt_at_ms = ? WHERE customer_id = ?').run(error.slice(0, 500), retryAtMs, customerId);
  }

  /** How many customers are owed a push, and how many of those failed at least `repeated` times in a row. */
  backlog(repeated: number): { owed: number; failing: number; firstError: { customerId: string; error: string } | null } {
    const owed = this.db.prepare('SELECT count(*) FROM contact_push_customers WHERE pushed_hash IS NOT content_hash').pluck().get() as number;
    const failing = this.db.prepare('SELECT customer_id, last_error FROM contact_push_customers WHERE pushed_hash IS NOT content_hash AND last_error IS NOT NULL AND attempts >= ? ORDER BY updated_seq').all(repeated) as { customer_id: string; last_error: string }[];
    return { owed, failing: failing.length, firstError: failing[0] ? { customerId: failing[0].customer_id, error: failing[0].last_error } : null };
  }

  contactIdOf(customerId: string): string | null {
    return (this.db.prepare('SELECT contact_id FROM contact_push_customers WHERE customer_id = ?').pluck().get(customerId) as string | null | undefined) ?? null;
  }
}

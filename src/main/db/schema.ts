import type { Insertable, Selectable, Updateable } from 'kysely';

/**
 * The console database: a projection of the relay's event log (plus nothing of its
 * own), so every table can be rebuilt by replaying the log from seq 0.
 *
 * Conventions: tables snake_case plural; instants as epoch milliseconds `*_at_ms`
 * (integers compare and index correctly whatever offset the provider used);
 * dates of the business calendar as `YYYY-MM-DD` text; money as integer minor
 * units `*_minor`; phones in E.164 as `*_e164`.
 *
 * There are no foreign keys between these tables on purpose: the log may carry a
 * subscription before its customer (console posts race), and a projection must
 * accept any order the log has.
 *
 * A call's customer is resolved at read time (calls.external_e164 → customer_phones),
 * not stored on the call: a customer who adds a number later owns its history at
 * once, and the index on calls(external_e164, started_at_ms) keeps the card's
 * lookups to a few index seeks.
 */
export interface Database {
  projection_state: ProjectionStateTable;
  customers: CustomersTable;
  customer_phones: CustomerPhonesTable;
  plans: PlansTable;
  subscriptions: SubscriptionsTable;
  calls: CallsTable;
}

/** One row (id = 1): how far the log has been applied. */
export interface ProjectionStateTable {
  id: number;
  applied_seq: number;
  /** occurredAt of the last applied event. */
  last_event_at_ms: number | null;
}

export interface CustomersTable {
  customer_id: string;
  name: string;
  company: string | null;
  email: string | null;
  /** Seq of the customer.upserted that wrote this row; the newest wins a shared phone. */
  updated_seq: number;
}

/**
 * A customer's numbers. A number may belong to two customers (a shared office line);
 * the card then shows the most recently updated customer and says the number is shared.
 */
export interface CustomerPhonesTable {
  customer_id: string;
  phone_e164: string;
}

export type PlanPeriod = 'monthly' | 'annual';

export interface PlansTable {
  plan_id: string;
  name: string;
  period: PlanPeriod;
  included_seconds: number;
  price_minor: number;
  currency: string;
  updated_seq: number;
}

export interface SubscriptionsTable {
  subscription_id: string;
  customer_id: string;
  plan_id: string;
  /** First day of the first period, YYYY-MM-DD. */
  start_date: string;
  started_seq: number;
}

export type CallDirection = 'incoming' | 'outgoing';
/** 'ringing' is a call in progress, answered or not (answered_at_ms says which), until it completes. */
export type CallStatus = 'ringing' | 'completed';

export interface CallsTable {
  call_id: string;
  direction: CallDirection;
  external_e164: string;
  business_e164: string;
  started_at_ms: number;
  answered_at_ms: number | null;
  completed_at_ms: number | null;
  /** Talk time; null until completed. */
  duration_seconds: number | null;
  status: CallStatus;
  updated_seq: number;
}

export type ProjectionStateRow = Selectable<ProjectionStateTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type NewCustomerRow = Insertable<CustomersTable>;
export type CustomerPhoneRow = Selectable<CustomerPhonesTable>;
export type PlanRow = Selectable<PlansTable>;
export type NewPlanRow = Insertable<PlansTable>;
export type SubscriptionRow = Selectable<SubscriptionsTable>;
export type NewSubscriptionRow = Insertable<SubscriptionsTable>;
export type CallRow = Selectable<CallsTable>;
export type NewCallRow = Insertable<CallsTable>;
export type CallRowPatch = Updateable<CallsTable>;

/** How a column is declared in SQLite; the drift test compares these with the migrated database. */
export interface ColumnSpec {
  type: 'TEXT' | 'INTEGER';
  nullable: boolean;
}

const text = { type: 'TEXT', nullable: false } as const;
const textOrNull = { type: 'TEXT', nullable: true } as const;
const integer = { type: 'INTEGER', nullable: false } as const;
const integerOrNull = { type: 'INTEGER', nullable: true } as const;

/** The columns of every table, checked against the interfaces above by the compiler. */
export const databaseColumns = {
  projection_state: { id: integer, applied_seq: integer, last_event_at_ms: integerOrNull },
  customers: { customer_id: text, name: text, company: textOrNull, email: textOrNull, updated_seq: integer },
  customer_phones: { customer_id: text, phone_e164: text },
  plans: {
    plan_id: text,
    name: text,
    period: text,
    included_seconds: integer,
    price_minor: integer,
    currency: text,
    updated_seq: integer,
  },
  subscriptions: { subscription_id: text, customer_id: text, plan_id: text, start_date: text, started_seq: integer },
  calls: {
    call_id: text,
    direction: text,
    external_e164: text,
    business_e164: text,
    started_at_ms: integer,
    answered_at_ms: integerOrNull,
    completed_at_ms: integerOrNull,
    duration_seconds: integerOrNull,
    status: text,
    updated_seq: integer,
  },
} as const satisfies { [T in keyof Database]: { [C in keyof Database[T]]-?: ColumnSpec } };

import { companyDateTime } from './company-time';
import { centsToNumber } from './decimal-cents';
import { fault } from './faults';
import { taxOnTopCents } from './invoice-tax';
import type { JsonObject } from './json';
import { cloneJson, withoutEmptyFields } from './json';
import type { CompanyTaxSettings } from './tax-regions';
import { taxSettingsFor } from './tax-regions';

/**
 * QuickBooks Online emulator: one company's books. Stores entities with their SyncToken and
 * MetaData, keeps deleted ones as tombstones for CDC, tracks which payments are applied to which
 * invoices, and renders entities the way the API returns them (computed balances, the trailing
 * SubTotal line, only non-empty fields). The entity rules live in customers.ts, items.ts,
 * invoices.ts and payments.ts.
 */

export type EntityName = 'Customer' | 'Item' | 'Invoice' | 'Payment' | 'Account' | 'TaxCode' | 'TaxRate' | 'Term';
export const entityNames: readonly EntityName[] = ['Customer', 'Item', 'Invoice', 'Payment', 'Account', 'TaxCode', 'TaxRate', 'Term'];

/** Name lists cannot be deleted, only made inactive, and queries show active ones by default (§4, §5.2). */
export const nameLists: ReadonlySet<EntityName> = new Set(['Customer', 'Item', 'Account', 'TaxCode', 'TaxRate', 'Term']);

export type ChangeOperation = 'Create' | 'Update' | 'Delete' | 'Merge' | 'Void' | 'Emailed';

export interface EntityChange {
  name: EntityName;
  id: string;
  operation: ChangeOperation;
  atMs: number;
  /** Merge: the id that was merged away. */
  deletedId?: string;
}

export interface StoredEntity {
  name: EntityName;
  id: string;
  syncToken: number;
  body: JsonObject;
  createdMs: number;
  updatedMs: number;
  deletedMs?: number;
}

export interface SentEmail {
  invoiceId: string;
  to: string;
  atMs: number;
}

export interface CustomerBalances {
  own: Map<string, bigint>;
  withJobs: Map<string, bigint>;
}

export interface CompanyIdentity {
  realmId: string;
  companyName: string;
  timeZone: string;
  environment: 'sandbox' | 'production';
}

export class Company {
  private readonly tables = new Map<EntityName, Map<string, StoredEntity>>(entityNames.map((n) => [n, new Map()]));
  private readonly lastIds = new Map<string, number>([
    ['names', 0],
    ['items', 0],
    ['accounts', 0],
    ['txns', 1000],
    ['tax', 0],
    ['terms', 0],
  ]);
  /** invoiceId → paymentId → cents applied. */
  private readonly applied = new Map<string, Map<string, bigint>>();
  readonly emails: SentEmail[] = [];
  /** SalesFormsPrefs: CustomTxnNumbers, and DefaultTerms (a Term id; null: none, DueDate = TxnDate). */
  readonly preferences: { customTxnNumbers: boolean; defaultTermsId: string | null } = { customTxnNumbers: true, defaultTermsId: null };
  readonly createdMs: number;
  private readonly listeners: ((change: EntityChange) => void)[] = [];
  private readonly stamps = new Map<number, string>();

  constructor(
    readonly identity: CompanyIdentity,
    readonly now: () => number,
    /** The region's tax model (tax-regions.ts); US without sales tax unless told. */
    readonly tax: CompanyTaxSettings = taxSettingsFor(),
  ) {
    this.createdMs = now();
  }

  onChange(listener: (change: EntityChange) => void): void {
    this.listeners.push(listener);
  }

  /** Memoized: bulk renders stamp thousands of entities that share a few instants, and Intl formatting is slow. */
  stamp(ms: number, withMillis = false): string {
    const key = withMillis ? -ms - 1 : ms;
    let s = this.stamps.get(key);
    if (s === undefined) {
      if (this.stamps.size > 50_000) this.stamps.clear();
      s = companyDateTime(ms, this.identity.timeZone, withMillis);
      this.stamps.set(key, s);
    }
    return s;
  }

  private table(name: EntityName): Map<string, StoredEntity> {
    const t = this.tables.get(name);
    if (!t) throw new Error(`no table ${name}`);
    return t;
  }

  find(name: EntityName, id: string): StoredEntity | undefined {
    return this.table(name).get(id);
  }

  /** A live entity or the 400/610 QBO answers for missing and deleted ones (trap 2). */
  live(name: EntityName, id: string): StoredEntity {
    const e = this.find(name, id);
    if (!e || e.deletedMs !== undefined) throw name === 'Invoice' || name === 'Payment' ? fault.deletedTransaction() : fault.objectNotFound();
    return e;
  }

  all(name: EntityName): StoredEntity[] {
    return [...this.table(name).values()].filter((e) => e.deletedMs === undefined);
  }

  withTombstones(name: EntityName): StoredEntity[] {
    return [...this.table(name).values()];
  }

  private nextId(name: EntityName): string {
    const seq =
      name === 'Invoice' || name === 'Payment' ? 'txns' : name === 'Item' ? 'items' : name === 'Account' ? 'accounts' : name === 'TaxCode' || name === 'TaxRate' ? 'tax' : name === 'Term' ? 'terms' : 'names';
    const next = (this.lastIds.get(seq) ?? 0) + 1;
    this.lastIds.set(seq, next);
    return String(next);
  }

  insert(name: EntityName, body: JsonObject, atMs = this.now()): StoredEntity {
    const entity: StoredEntity = { name, id: this.nextId(name), syncToken: 0, body, createdMs: atMs, updatedMs: atMs };
    this.table(name).set(entity.id, entity);
    this.emit({ name, id: entity.id, operation: 'Create', atMs });
    return entity;
  }

  replace(entity: StoredEntity, body: JsonObject, operation: ChangeOperation = 'Update'): StoredEntity {
    entity.body = body;
    this.touch(entity, operation);
    return entity;
  }

  /** Every write, including QBO's own (payments applied, emails sent), increments SyncToken (§3). */
  touch(entity: StoredEntity, operation: ChangeOperation = 'Update'): void {
    entity.syncToken += 1;
    entity.updatedMs = this.now();
    this.emit({ name: entity.name, id: entity.id, operation, atMs: entity.updatedMs });
  }

  markDeleted(entity: StoredEntity, operation: ChangeOperation = 'Delete', deletedId?: string): void {
    entity.deletedMs = this.now();
    entity.updatedMs = entity.deletedMs;
    this.emit({ name: entity.name, id: entity.id, operation, atMs: entity.deletedMs, ...(deletedId ? { deletedId } : {}) });
  }

  private emit(change: EntityChange): void {
    for (const l of this.listeners) l(change);
  }

  // Payment applications --------------------------------------------------------------

  appliedTo(invoiceId: string): ReadonlyMap<string, bigint> {
    return this.applied.get(invoiceId) ?? new Map();
  }

  setApplied(invoiceId: string, paymentId: string, cents: bigint | undefined): void {
    let m = this.applied.get(invoiceId);
    if (!m) this.applied.set(invoiceId, (m = new Map()));
    if (cents === undefined) m.delete(paymentId);
    else m.set(paymentId, cents);
  }

  // Rendering ---------------------------------------------------------------------------

  /** Open balances per customer, own and with sub-customers (jobs), computed once per render batch. */
  customerBalances(): CustomerBalances {
    const own = new Map<string, bigint>();
    for (const inv of this.all('Invoice')) {
      const customerId = refValue(inv.body.CustomerRef);
      if (customerId) own.set(customerId, (own.get(customerId) ?? 0n) + this.invoiceBalanceCents(inv));
    }
    const withJobs = new Map(own);
    for (const c of this.all('Customer')) {
      const parent = refValue(c.body.ParentRef);
      if (parent) withJobs.set(parent, (withJobs.get(parent) ?? 0n) + (own.get(c.id) ?? 0n));
    }
    return { own, withJobs };
  }

  /** The lines' total, before tax added on top (the trailing SubTotal line). */
  invoiceSubtotalCents(inv: Pick<StoredEntity, 'body'>): bigint {
    const lines = Array.isArray(inv.body.Line) ? inv.body.Line : [];
    return lines.reduce<bigint>((sum, l) => sum + (typeof l === 'object' && l !== null && !Array.isArray(l) && typeof l.Amount === 'number' ? BigInt(Math.round(l.Amount * 100)) : 0n), 0n);
  }

  /** TotalAmt: the lines plus the tax QuickBooks worked out (already inside them when TaxInclusive). */
  invoiceTotalCents(inv: Pick<StoredEntity, 'body'>): bigint {
    return this.invoiceSubtotalCents(inv) + taxOnTopCents(inv);
  }

  invoiceBalanceCents(inv: StoredEntity): bigint {
    const deposit = typeof inv.body.Deposit === 'number' ? BigInt(Math.round(inv.body.Deposit * 100)) : 0n;
    let paid = 0n;
    for (const c of this.appliedTo(inv.id).values()) paid += c;
    return this.invoiceTotalCents(inv) - deposit - paid;
  }

  /** The queryable fields of an entity without the cost of a full render (queries filter thousands of rows). */
  queryView(entity: StoredEntity, balances: CustomerBalances): JsonObject {
    const view: JsonObject = { ...entity.body, Id: entity.id, MetaData: { CreateTime: this.stamp(entity.createdMs), LastUpdatedTime: this.stamp(entity.updatedMs) } };
    if (entity.name === 'Customer') view.Balance = centsToNumber(balances.own.get(entity.id) ?? 0n);
    if (entity.name === 'Invoice') {
      view.TotalAmt = centsToNumber(this.invoiceTotalCents(entity));
      view.Balance = centsToNumber(this.invoiceBalanceCents(entity));
    }
    return view;
  }

  render(entity: StoredEntity, balances?: CustomerBalances): JsonObject {
    const meta: JsonObject = { CreateTime: this.stamp(entity.createdMs), LastUpdatedTime: this.stamp(entity.updatedMs) };
    if (entity.deletedMs !== undefined) return { Id: entity.id, domain: 'QBO', status: 'Deleted', MetaData: { LastUpdatedTime: this.stamp(entity.deletedMs) } };
    const body = cloneJson(entity.body);
    const head: JsonObject = { Id: entity.id, SyncToken: String(entity.syncToken), domain: 'QBO', sparse: false };
    if (entity.name === 'Customer') {
      const b = balances ?? this.customerBalances();
      Object.assign(body, { Balance: centsToNumber(b.own.get(entity.id) ?? 0n), BalanceWithJobs: centsToNumber(b.withJobs.get(entity.id) ?? 0n) });
    }
    if (entity.name === 'Invoice') {
      const total = this.invoiceTotalCents(entity);
      const lines = Array.isArray(body.Line) ? body.Line : [];
      body.Line = [...lines, { Amount: centsToNumber(this.invoiceSubtotalCents(entity)), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} }];
      body.TotalAmt = centsToNumber(total);
      body.Balance = centsToNumber(this.invoiceBalanceCents(entity));
      body.LinkedTxn = [...this.appliedTo(entity.id).keys()].map((paymentId) => ({ TxnId: paymentId, TxnType: 'Payment' }));
    }
    return withoutEmptyFields({ ...head, ...body, MetaData: meta });
  }
}

export function refValue(ref: unknown): string | undefined {
  if (typeof ref !== 'object' || ref === null || Array.isArray(ref)) return undefined;
  const v = (ref as { value?: unknown }).value;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

import type { QuickBooksCatchUpEntity } from '../../shared/api/quickbooks';
import type { ConsoleEventInput } from '../../shared/events/model';
import { firstNow } from '../db/query-now';
import type { QboCustomer } from './customer-mapping';
import { postAll, takeCustomer, type CustomerSyncDeps } from './customer-sync';
import { invoiceKeyInNote } from './invoice-marker';
import { invoiceChangeEvent, paymentEvent, toMinor, type QboInvoiceState, type QboPayment } from './payment-mapping';
import { queryLiteral } from './quickbooks-api';
import { customerIdForQuickbooksId } from './sync-store';

/**
 * Changes in (spec §9): Change Data Capture from the cursor, and the same handling for records
 * read by query when CDC cannot say everything.
 *
 * A CDC answer holds at most 1,000 objects, with no paging, and which 1,000 a capped answer
 * holds is not documented (oldest, newest or any). So a capped answer is never a checkpoint
 * nor a place to resume from: what it holds is taken (its tombstones are the only word on
 * deletions), then every customer, payment and invoice changed since the cursor is read by
 * paged queries on MetaData.LastUpdatedTime, which skip nothing whatever CDC's order.
 */

export const CDC_ENTITIES = ['Customer', 'Invoice', 'Payment'] as const;
/** Spec §9: shared across the entities. Counting all objects is safe if the cap were per entity as well. */
export const CDC_MAX_OBJECTS = 1_000;
/** The cursor is the answer's `time` less this, for clock skew inside QuickBooks; stable ids absorb the overlap. */
const CURSOR_SKEW_MS = 2_000;
export const QUERY_PAGE_SIZE = 1_000;
/** Offset pages overlap by this much, so records deleted while paging cannot shift one out of sight. */
const PAGE_OVERLAP = 50;

interface CdcAnswer {
  CDCResponse?: { QueryResponse?: Record<string, unknown>[] }[];
  time?: string;
}

export interface Changes {
  customers: QboCustomer[];
  invoices: QboInvoiceState[];
  payments: QboPayment[];
}

export interface CdcRound extends Changes {
  /** The answer held the cap: it says only part of what changed. */
  capped: boolean;
  /** Where the next call starts (the answer's time less the skew margin). */
  nextCursor: string;
}

export function readCdcAnswer(answer: CdcAnswer, cursor: string): CdcRound {
  const blocks = (answer.CDCResponse ?? []).flatMap((r) => r.QueryResponse ?? []);
  const list = <T>(name: string): T[] => blocks.flatMap((b) => (Array.isArray(b[name]) ? (b[name] as T[]) : []));
  const customers = list<QboCustomer>('Customer');
  const invoices = list<QboInvoiceState>('Invoice');
  const payments = list<QboPayment>('Payment');
  const capped = customers.length + invoices.length + payments.length >= CDC_MAX_OBJECTS;
  const time = answer.time !== undefined ? Date.parse(answer.time) : NaN;
  const nextCursor = Number.isFinite(time) ? new Date(Math.max(time - CURSOR_SKEW_MS, Date.parse(cursor) || 0)).toISOString() : cursor;
  return { customers, invoices, payments, capped, nextCursor };
}

export interface ChangeSyncResult {
  customers: number;
  invoices: number;
  payments: number;
  posted: number;
  cursor: string;
  /** The CDC answer was capped and everything changed since the cursor was read by query. */
  readByQuery: boolean;
}

export interface ReadProgress {
  entity: QuickBooksCatchUpEntity;
  read: number;
  total: number;
}

/**
 * One pass: every change since `cursor`. `onCapped` is told before the queries of a capped
 * answer start, and `onProgress` as they go.
 */
export async function syncChanges(deps: CustomerSyncDeps, cursor: string, onCapped?: () => void, onProgress?: (p: ReadProgress) => void): Promise<ChangeSyncResult> {
  const answer = await deps.api.request<CdcAnswer>({ method: 'GET', path: '/cdc', query: { entities: CDC_ENTITIES.join(','), changedSince: cursor } });
  const round = readCdcAnswer(answer.json, cursor);
  let posted = await applyChanges(deps, round);
  const result: ChangeSyncResult = { customers: round.customers.length, invoices: round.invoices.length, payments: round.payments.length, posted, cursor: round.nextCursor, readByQuery: false };
  if (!round.capped) return result;
  onCapped?.();
  const read = await readByQuery(deps, cursor, onProgress);
  posted += read.posted;
  return { ...result, customers: result.customers + read.customers, invoices: result.invoices + read.invoices, payments: result.payments + read.payments, posted, readByQuery: true };
}

/**
 * Customers, payments and invoices by paged queries, in that order (payments before invoice
 * balances, which are absolute): those changed since `since`, or all of them when it is null
 * (the re-read after a long absence).
 */
export async function readByQuery(deps: CustomerSyncDeps, since: string | null, onProgress?: (p: ReadProgress) => void): Promise<Omit<ChangeSyncResult, 'cursor' | 'readByQuery'>> {
  const changedSince = since === null ? [] : [`MetaData.LastUpdatedTime >= ${queryLiteral(since)}`];
  const sources: { entity: QuickBooksCatchUpEntity; table: string; where: string[] }[] = [
    { entity: 'customers', table: 'Customer', where: ['Active IN (true, false)', ...changedSince] },
    { entity: 'payments', table: 'Payment', where: changedSince },
    { entity: 'invoices', table: 'Invoice', where: changedSince },
  ];
  const result = { customers: 0, invoices: 0, payments: 0, posted: 0 };
  for (const source of sources) {
    const where = source.where.length > 0 ? ` WHERE ${source.where.join(' AND ')}` : '';
    const counted = await deps.api.query<never>(`SELECT COUNT(*) FROM ${source.table}${where}`);
    const progress: ReadProgress = { entity: source.entity, read: 0, total: counted.totalCount ?? 0 };
    onProgress?.({ ...progress });
    const seen = new Set<string>();
    for (let start = 1; ; start += QUERY_PAGE_SIZE - PAGE_OVERLAP) {
      const page = await deps.api.query<{ Id: string; SyncToken?: string }>(`SELECT * FROM ${source.table}${where} ORDERBY Id STARTPOSITION ${start} MAXRESULTS ${QUERY_PAGE_SIZE}`);
      const fresh = page.rows.filter((r) => !seen.has(r.Id));
      for (const r of fresh) seen.add(r.Id);
      const changes: Changes = { customers: [], invoices: [], payments: [] };
      if (source.entity === 'customers') changes.customers = fresh as QboCustomer[];
      else if (source.entity === 'payments') changes.payments = fresh as QboPayment[];
      else changes.invoices = fresh as QboInvoiceState[];
      progress.read += fresh.length;
      progress.total = Math.max(progress.total, progress.read);
      onProgress?.({ ...progress });
      result.posted += await applyChanges(deps, changes);
      result[source.entity] += fresh.length;
      if (page.rows.length < QUERY_PAGE_SIZE) break;
    }
  }
  return result;
}

/** Posts what the changes mean for Ringside; returns how many events that was. */
async function applyChanges(deps: CustomerSyncDeps, changes: Changes): Promise<number> {
  const occurredAt = new Date(deps.clock()).toISOString();
  const customerEvents = changes.customers.map((c) => takeCustomer(deps, c)).filter((e): e is ConsoleEventInput => e !== null);
  const invoiceKeyOf = (quickbooksId: string): string | null => invoiceKeyForQuickbooksId(deps, quickbooksId);
  const paymentEvents = changes.payments
    .map((p) => paymentEvent(p, customerIdForQuickbooksId(deps.db, p.CustomerRef?.value ?? ''), invoiceKeyOf, occurredAt))
    .filter((e): e is ConsoleEventInput => e !== null);
  const invoiceEvents = changes.invoices
    .map((i) => {
      const key = invoiceKeyOf(i.Id) ?? invoiceKeyForMarker(deps, i.PrivateNote) ?? (i.DocNumber ? invoiceKeyForDocNumber(deps, i.DocNumber) : null);
      if (key === null || unchanged(deps, key, i)) return null;
      return invoiceChangeEvent(i, key, occurredAt);
    })
    .filter((e): e is ConsoleEventInput => e !== null);
  await postAll(customerEvents, deps.post);
  for (const e of paymentEvents) await deps.post(e);
  for (const e of invoiceEvents) await deps.post(e);
  return customerEvents.length + paymentEvents.length + invoiceEvents.length;
}

function invoiceKeyForQuickbooksId(deps: CustomerSyncDeps, quickbooksId: string): string | null {
  const { db } = deps;
  const row =
    firstNow(db, db.kysely.selectFrom('invoices').select('invoice_key').where('quickbooks_id', '=', quickbooksId).limit(1)) ??
    firstNow(db, db.kysely.selectFrom('quickbooks_outbox').select('invoice_key').where('quickbooks_id', '=', quickbooksId).where('action', '=', 'create').limit(1));
  return row?.invoice_key ?? null;
}

/** Ringside's marker in the note names one of this console's invoices. */
function invoiceKeyForMarker(deps: CustomerSyncDeps, note: string | undefined): string | null {
  const key = invoiceKeyInNote(note);
  if (key === null) return null;
  const { db } = deps;
  return firstNow(db, db.kysely.selectFrom('invoices').select('invoice_key').where('invoice_key', '=', key))?.invoice_key ?? null;
}

function invoiceKeyForDocNumber(deps: CustomerSyncDeps, docNumber: string): string | null {
  const { db } = deps;
  const row = firstNow(db, db.kysely.selectFrom('quickbooks_outbox').select('invoice_key').where('doc_number', '=', docNumber).where('action', '=', 'create').limit(1));
  return row?.invoice_key ?? null;
}

/** A new invoice's first version, or a balance the log already has: nothing to tell. */
function unchanged(deps: CustomerSyncDeps, invoiceKey: string, invoice: QboInvoiceState): boolean {
  if (invoice.status === 'Deleted') return true;
  const { db } = deps;
  const row = firstNow(db, db.kysely.selectFrom('invoices').select(['status', 'total_minor', 'balance_minor']).where('invoice_key', '=', invoiceKey));
  if (!row) return false;
  if (row.status === 'void') return true;
  return row.balance_minor === toMinor(invoice.Balance) && row.total_minor === toMinor(invoice.TotalAmt) && (row.status === 'synced' || row.status === 'ready');
}

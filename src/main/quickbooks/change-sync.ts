import type { ConsoleEventInput } from '../../shared/events/model';
import { firstNow } from '../db/query-now';
import type { QboCustomer } from './customer-mapping';
import { postAll, takeCustomer, type CustomerSyncDeps } from './customer-sync';
import { invoiceChangeEvent, paymentEvent, toMinor, type QboInvoiceState, type QboPayment } from './payment-mapping';
import { customerIdForQuickbooksId } from './sync-store';

/**
 * Incremental sync by Change Data Capture (spec §9): customers, invoices and payments changed
 * since the cursor. At most 1,000 objects come back, oldest first, with no paging: a full
 * answer is not a safe checkpoint, so the next call starts from its newest object instead.
 */

export const CDC_ENTITIES = ['Customer', 'Invoice', 'Payment'] as const;
export const CDC_MAX_OBJECTS = 1_000;
/** The cursor is the answer's `time` less this, for clock skew inside QuickBooks; stable ids absorb the overlap. */
const CURSOR_SKEW_MS = 2_000;

interface CdcAnswer {
  CDCResponse?: { QueryResponse?: Record<string, unknown>[] }[];
  time?: string;
}

export interface CdcRound {
  customers: QboCustomer[];
  invoices: QboInvoiceState[];
  payments: QboPayment[];
  /** Where the next call starts. */
  nextCursor: string;
  /** The answer was full: call again at once from nextCursor. */
  more: boolean;
}

export function readCdcAnswer(answer: CdcAnswer, cursor: string): CdcRound {
  const blocks = (answer.CDCResponse ?? []).flatMap((r) => r.QueryResponse ?? []);
  const list = <T>(name: string): T[] => blocks.flatMap((b) => (Array.isArray(b[name]) ? (b[name] as T[]) : []));
  const customers = list<QboCustomer>('Customer');
  const invoices = list<QboInvoiceState>('Invoice');
  const payments = list<QboPayment>('Payment');
  const all = [...customers, ...invoices, ...payments] as { MetaData?: { LastUpdatedTime?: string } }[];
  const more = all.length >= CDC_MAX_OBJECTS;
  let nextCursor = cursor;
  if (more) {
    const newest = all.map((e) => Date.parse(e.MetaData?.LastUpdatedTime ?? '')).filter(Number.isFinite);
    if (newest.length > 0) nextCursor = new Date(Math.max(...newest)).toISOString();
  } else if (answer.time !== undefined && Number.isFinite(Date.parse(answer.time))) {
    nextCursor = new Date(Date.parse(answer.time) - CURSOR_SKEW_MS).toISOString();
  }
  return { customers, invoices, payments, nextCursor, more: more && nextCursor !== cursor };
}

export interface ChangeSyncResult {
  customers: number;
  invoices: number;
  payments: number;
  posted: number;
  cursor: string;
}

/** One pass: every change since `cursor`, posted in order (payments before invoice balances, which are absolute). */
export async function syncChanges(deps: CustomerSyncDeps, cursor: string): Promise<ChangeSyncResult> {
  const result: ChangeSyncResult = { customers: 0, invoices: 0, payments: 0, posted: 0, cursor };
  for (;;) {
    const answer = await deps.api.request<CdcAnswer>({ method: 'GET', path: '/cdc', query: { entities: CDC_ENTITIES.join(','), changedSince: result.cursor } });
    const round = readCdcAnswer(answer.json, result.cursor);
    const occurredAt = new Date(deps.clock()).toISOString();
    const customerEvents = round.customers.map((c) => takeCustomer(deps, c)).filter((e): e is ConsoleEventInput => e !== null);
    const invoiceKeyOf = (quickbooksId: string): string | null => invoiceKeyForQuickbooksId(deps, quickbooksId);
    const paymentEvents = round.payments
      .map((p) => paymentEvent(p, customerIdForQuickbooksId(deps.db, p.CustomerRef?.value ?? ''), invoiceKeyOf, occurredAt))
      .filter((e): e is ConsoleEventInput => e !== null);
    const invoiceEvents = round.invoices
      .map((i) => {
        const key = invoiceKeyOf(i.Id) ?? (i.DocNumber ? invoiceKeyForDocNumber(deps, i.DocNumber) : null);
        if (key === null || unchanged(deps, key, i)) return null;
        return invoiceChangeEvent(i, key, occurredAt);
      })
      .filter((e): e is ConsoleEventInput => e !== null);
    await postAll(customerEvents, deps.post);
    for (const e of paymentEvents) await deps.post(e);
    for (const e of invoiceEvents) await deps.post(e);
    result.customers += round.customers.length;
    result.invoices += round.invoices.length;
    result.payments += round.payments.length;
    result.posted += customerEvents.length + paymentEvents.length + invoiceEvents.length;
    result.cursor = round.nextCursor;
    if (!round.more) return result;
  }
}

function invoiceKeyForQuickbooksId(deps: CustomerSyncDeps, quickbooksId: string): string | null {
  const { db } = deps;
  const row =
    firstNow(db, db.kysely.selectFrom('invoices').select('invoice_key').where('quickbooks_id', '=', quickbooksId).limit(1)) ??
    firstNow(db, db.kysely.selectFrom('quickbooks_outbox').select('invoice_key').where('quickbooks_id', '=', quickbooksId).where('action', '=', 'create').limit(1));
  return row?.invoice_key ?? null;
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

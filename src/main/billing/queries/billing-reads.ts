import { sql } from 'kysely';
import type {
  AccountCursor,
  BillingCatalog,
  ChargeCursor,
  ChargeRow,
  InvoiceCursor,
  InvoiceLineRow,
  InvoicePage,
  InvoiceRow,
  InvoiceStatus,
  Statement,
  StatementLine,
  SubscriptionRow,
  UsagePoint,
  UsageSummary,
  WalletEntryRow,
  WalletRow,
} from '../../../shared/api/billing';
import type { Page } from '../../../shared/api/page';
import { formatPhone } from '../../../shared/phone';
import { formatDuration, formatMoney } from '../../../shared/units';
import type { ConsoleDatabase } from '../../db/open-console-database';
import { allNow, firstNow } from '../../db/query-now';
import { accountViewAt } from '../../../shared/billing/engine/account-view';
import type { AccountState } from '../../../shared/billing/engine/book';
import { dateToMs, msToDate } from '../../../shared/billing/engine/calendar';
import { messageOfChargeKey } from '../../../shared/billing/engine/message-charge-key';
import type { ChargeRecord } from '../../../shared/billing/engine/records';
import { docNumberFor } from '../../quickbooks/invoice-payload';
import { chargeFromRow } from '../store/charge-rows';
import { readCatalog } from './account-standing';

/** The billing page's reads, from the billing tables (and the customers' names). */

const DAY_MS = 86_400_000;

export function catalogView(db: ConsoleDatabase): BillingCatalog {
  const catalog = readCatalog(db);
  return { plans: Object.values(catalog.plans).sort((a, b) => a.name.localeCompare(b.name) || a.planId.localeCompare(b.planId)), rateCard: catalog.rateCard, policy: catalog.policy };
}

/** The accounts a list shows, by customer name (the id when the customer is gone) then id. */
function accountsPage(db: ConsoleDatabase, has: 'subscription' | 'wallet', input: { limit?: number | undefined; after?: AccountCursor | undefined }) {
  const sortName = sql<string>`COALESCE(c.name, a.customer_id)`;
  const accounts = db.kysely
    .selectFrom('billing_accounts as a')
    .leftJoin('customers as c', 'c.customer_id', 'a.customer_id')
    // The column is kept by the billing store; a wallet lives only inside the state.
    .where(has === 'subscription' ? sql<boolean>`a.subscription_id IS NOT NULL` : sql<boolean>`json_extract(a.state_json, '$.wallet') IS NOT NULL`);
  const page = accounts
    .select(['a.state_json', sortName.as('customer_name')])
    .$if(input.after !== undefined, (q) => q.where(sql<boolean>`(${sortName}, a.customer_id) > (${input.after?.customerName}, ${input.after?.customerId})`))
    .orderBy(sortName)
    .orderBy('a.customer_id')
    .$if(input.limit !== undefined, (q) => q.limit(input.limit ?? 0));
  const rows = allNow(db, page).map((r) => ({ account: JSON.parse(r.state_json) as AccountState, name: r.customer_name }));
  const total = firstNow(db, accounts.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  return { rows, total };
}

export function subscriptionPage(db: ConsoleDatabase, input: { limit?: number | undefined; after?: AccountCursor | undefined }, now: Date): Page<SubscriptionRow> {
  const catalog = readCatalog(db);
  const { rows: accounts, total } = accountsPage(db, 'subscription', input);
  const rows: SubscriptionRow[] = [];
  for (const { account, name } of accounts) {
    const sub = accountViewAt(catalog, account, now.getTime()).subscription;
    if (!sub) continue;
    rows.push({
      subscriptionId: sub.subscriptionId,
      customerId: account.customerId,
      customerName: name,
      planId: sub.planId,
      planName: sub.plan?.name ?? sub.planId,
      state: sub.state,
      renewal: sub.renewal,
      periodStartsOn: sub.periodStartsOn,
      periodEndsOn: sub.periodEndsOn,
      includedSeconds: sub.includedSeconds,
      usedSeconds: sub.usedSeconds,
      rolloverSeconds: sub.rolloverSeconds,
      remainingSeconds: sub.remainingSeconds,
      nextRenewalOn: sub.nextRenewalOn,
      includedTexts: sub.includedTexts,
    });
  }
  return { rows, total };
}

export function walletPage(db: ConsoleDatabase, input: { limit?: number | undefined; after?: AccountCursor | undefined }, now: Date): Page<WalletRow> {
  const catalog = readCatalog(db);
  const { rows: accounts, total } = accountsPage(db, 'wallet', input);
  const rows: WalletRow[] = [];
  for (const { account, name } of accounts) {
    const wallet = accountViewAt(catalog, account, now.getTime()).wallet;
    if (wallet) rows.push({ customerId: account.customerId, customerName: name, ...wallet });
  }
  return { rows, total };
}

export function walletLedger(db: ConsoleDatabase, customerId: string): WalletEntryRow[] {
  const rows = allNow(
    db,
    db.kysely
      .selectFrom('wallet_entries')
      .select(['entry_id', 'at_ms', 'kind', 'amount_minor', 'balance_after_minor', 'description'])
      .where('customer_id', '=', customerId)
      .orderBy('seq')
      .orderBy(sql`rowid`),
  );
  return rows.map((r) => ({
    entryId: r.entry_id,
    at: new Date(r.at_ms).toISOString(),
    kind: r.kind as WalletEntryRow['kind'],
    amountMinor: r.amount_minor,
    balanceAfterMinor: r.balance_after_minor,
    description: r.description,
  }));
}

/**
 * Charges newest first: by start, then by the seq that wrote them (a correction's
 * reversal and re-rating share their call's start), then by id. Paged on that whole
 * tuple, so charges of the same millisecond are never split away at a page edge.
 */
export function chargeRows(db: ConsoleDatabase, input: { customerId?: string | undefined; limit: number; before?: ChargeCursor | undefined }): ChargeRow[] {
  const before = input.before === undefined ? undefined : { ...input.before, ms: Date.parse(input.before.startedAt) };
  if (before !== undefined && Number.isNaN(before.ms)) throw new Error(`before.startedAt ${before.startedAt} is not an instant`);
  const query = db.kysely
    .selectFrom('charges as ch')
    .leftJoin('customers as c', 'c.customer_id', 'ch.billed_customer_id')
    .selectAll('ch')
    .select('c.name as customer_name')
    .$if(input.customerId !== undefined, (q) => q.where('ch.billed_customer_id', '=', input.customerId ?? null))
    // The plain bound lets SQLite seek the start index; the tuple decides within the millisecond.
    .$if(before !== undefined, (q) =>
      q.where('ch.started_at_ms', '<=', before?.ms ?? 0).where(sql<boolean>`(ch.started_at_ms, ch.seq, ch.charge_id) < (${before?.ms}, ${before?.seq}, ${before?.chargeId})`),
    )
    .orderBy('ch.started_at_ms', 'desc')
    .orderBy('ch.seq', 'desc')
    .orderBy('ch.charge_id', 'desc')
    .limit(input.limit);
  return allNow(db, query).map((r) => {
    const c = chargeFromRow(r);
    return {
      chargeId: c.chargeId,
      seq: c.seq,
      callId: c.callId,
      customerId: c.billedCustomerId,
      customerName: r.customer_name,
      number: c.number,
      startedAt: new Date(c.startedAtMs).toISOString(),
      rawSeconds: c.rawSeconds,
      billableSeconds: c.billableSeconds,
      lines: c.lines,
      totalMinor: c.totalMinor,
      currency: c.currency,
      trace: c.trace,
      reversesChargeId: c.reversesChargeId,
      reversedByChargeId: c.reversedByChargeId,
      message: messageOf(c.callId),
    };
  });
}

function messageOf(callId: string): ChargeRow['message'] {
  const text = messageOfChargeKey(callId);
  return text ? { direction: text.direction } : null;
}

/** What a charge was for, on a statement: a call with its talk time, or a text. */
function statementSubject(c: ChargeRecord): string {
  const text = messageOfChargeKey(c.callId);
  const day = msToDate(c.startedAtMs);
  if (text) {
    const what = text.direction === 'incoming' ? `text received from ${formatPhone(text.number)}` : `text sent to ${formatPhone(text.number)}`;
    return c.reversesChargeId !== null ? `Correction of a ${what} on ${day}` : `${what[0]!.toUpperCase()}${what.slice(1)} on ${day}`;
  }
  return c.reversesChargeId !== null ? `Correction of a call of ${day}` : `Call of ${day}, ${formatDuration(c.rawSeconds)} talk`;
}

/** Lines of every invoice named, in one statement, by invoice then line number. */
function linesOf(db: ConsoleDatabase, invoiceKeys: string[]): Map<string, InvoiceLineRow[]> {
  const byInvoice = new Map<string, InvoiceLineRow[]>(invoiceKeys.map((key) => [key, []]));
  if (invoiceKeys.length === 0) return byInvoice;
  const rows = allNow(db, db.kysely.selectFrom('invoice_lines').selectAll().where('invoice_key', 'in', invoiceKeys).orderBy('invoice_key').orderBy('line_no'));
  for (const l of rows) {
    byInvoice.get(l.invoice_key)?.push({
      description: l.description,
      quantity: l.quantity,
      unit: l.unit as InvoiceLineRow['unit'],
      unitPriceMinor: l.unit_price_minor,
      amountMinor: l.amount_minor,
      taxBasisPoints: l.tax_basis_points,
      taxMinor: l.tax_minor,
    });
  }
  return byInvoice;
}

export interface InvoiceFilter {
  status?: InvoiceStatus | undefined;
  search?: string | undefined;
  overdue?: boolean | undefined;
  issuedFrom?: string | undefined;
  issuedTo?: string | undefined;
  invoiceKeys?: readonly string[] | undefined;
}

/** LIKE pattern of the words typed, with LIKE's own wildcards taken literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Invoices newest issue first, then by key; paged after the previous page's last
 * (issueDate, invoiceKey). Filters by status, words of the customer or the number, overdue
 * (a due date before today with a balance left) and issue dates; the count and sums are of
 * every invoice the filters match, so the page's totals line says what the list holds.
 */
export function invoicePage(db: ConsoleDatabase, input: InvoiceFilter & { limit: number; after?: InvoiceCursor | undefined }, now = new Date()): InvoicePage {
  const today = now.toISOString().slice(0, 10);
  const search = input.search?.trim() ? likePattern(input.search.trim()) : undefined;
  const matching = db.kysely
    .selectFrom('invoices as i')
    .leftJoin('customers as c', 'c.customer_id', 'i.customer_id')
    .leftJoin('invoice_due_dates as d', 'd.invoice_key', 'i.invoice_key')
    .$if(input.status !== undefined, (q) => q.where('i.status', '=', input.status ?? ''))
    .$if(input.issuedFrom !== undefined, (q) => q.where('i.issue_date', '>=', input.issuedFrom ?? ''))
    .$if(input.issuedTo !== undefined, (q) => q.where('i.issue_date', '<=', input.issuedTo ?? ''))
    .$if(input.invoiceKeys !== undefined, (q) => q.where('i.invoice_key', 'in', input.invoiceKeys?.length ? [...input.invoiceKeys] : ['']))
    .$if(input.overdue === true, (q) => q.where('i.balance_minor', '>', 0).where('i.status', 'in', ['ready', 'synced']).where('d.due_date', '<', today))
    .$if(search !== undefined, (q) =>
      q.where(sql<boolean>`(c.name LIKE ${search} ESCAPE '\\' OR c.company LIKE ${search} ESCAPE '\\' OR i.doc_number LIKE ${search} ESCAPE '\\')`),
    );
  const after = input.after;
  const page = matching
    .selectAll('i')
    .select(['c.name as customer_name', 'd.due_date'])
    .$if(after !== undefined, (q) =>
      q.where((eb) => eb.or([eb('i.issue_date', '<', after?.issueDate ?? ''), eb.and([eb('i.issue_date', '=', after?.issueDate ?? ''), eb('i.invoice_key', '>', after?.invoiceKey ?? '')])])),
    )
    .orderBy('i.issue_date', 'desc')
    .orderBy('i.invoice_key')
    .limit(input.limit);
  const invoices = allNow(db, page);
  const lines = linesOf(db, invoices.map((r) => r.invoice_key));
  const sums = firstNow(
    db,
    matching.select((eb) => [
      eb.fn.countAll<number>().as('n'),
      // A void invoice is owed by nobody: it counts, but adds nothing to the sums.
      sql<number>`COALESCE(SUM(CASE WHEN i.status <> 'void' THEN i.total_minor ELSE 0 END), 0)`.as('total'),
      sql<number>`COALESCE(SUM(CASE WHEN i.status IN ('ready', 'synced') THEN i.balance_minor ELSE 0 END), 0)`.as('balance'),
      sql<number>`COALESCE(SUM(i.status IN ('ready', 'synced') AND i.balance_minor > 0 AND d.due_date < ${today}), 0)`.as('overdue'),
      sql<string | null>`MIN(i.currency)`.as('currency'),
    ]),
  );
  const rows = invoices.map((r) => {
    const open = (r.status === 'ready' || r.status === 'synced') && r.balance_minor > 0;
    return {
      invoiceKey: r.invoice_key,
      customerId: r.customer_id,
      customerName: r.customer_name,
      kind: r.kind as InvoiceRow['kind'],
      status: r.status as InvoiceStatus,
      issueDate: r.issue_date,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      lines: lines.get(r.invoice_key) ?? [],
      subtotalMinor: r.subtotal_minor,
      taxMinor: r.tax_minor,
      totalMinor: r.total_minor,
      currency: r.currency,
      number: r.doc_number ?? docNumberFor(r.invoice_key),
      inQuickBooks: r.doc_number !== null,
      balanceMinor: r.balance_minor,
      dueDate: r.due_date,
      overdue: open && r.due_date !== null && r.due_date < today,
    };
  });
  return {
    rows,
    total: sums?.n ?? 0,
    totals: { totalMinor: sums?.total ?? 0, balanceMinor: sums?.balance ?? 0, overdue: sums?.overdue ?? 0, currency: sums?.currency ?? readCatalog(db).rateCard.currency },
  };
}

/**
 * Every charge, wallet credit, adjustment, subscription or top-up invoice and payment
 * of a customer from `from` to `to` (whole days, UTC). Signs follow the customer's
 * position: a call's full cost (wallet part included), a subscription and a top-up
 * invoice owe more (its payment and the credit it buys then both count against it);
 * payments and wallet credits are negative; prepaid time shows as seconds.
 */
export function statement(db: ConsoleDatabase, input: { customerId: string; from: string; to: string }): Statement {
  const fromMs = dateToMs(input.from);
  const toMs = dateToMs(input.to) + DAY_MS;
  const customer = firstNow(db, db.kysely.selectFrom('customers').select('name').where('customer_id', '=', input.customerId));
  const lines: (StatementLine & { order: number })[] = [];
  const charges = allNow(
    db,
    db.kysely
      .selectFrom('charges')
      .selectAll()
      .where('billed_customer_id', '=', input.customerId)
      .where('started_at_ms', '>=', fromMs)
      .where('started_at_ms', '<', toMs)
      .orderBy('started_at_ms')
      .orderBy('seq'),
  );
  let currency: string | null = null;
  for (const row of charges) {
    const c = chargeFromRow(row);
    currency ??= c.currency;
    lines.push({ at: new Date(c.startedAtMs).toISOString(), description: `${statementSubject(c)}: ${c.trace[c.trace.length - 1] ?? ''}`, amountMinor: c.totalMinor, seconds: c.prepaidSeconds, order: c.seq });
  }
  const credits = allNow(
    db,
    db.kysely
      .selectFrom('wallet_entries')
      .select(['at_ms', 'amount_minor', 'currency', 'description', 'seq'])
      .where('customer_id', '=', input.customerId)
      .where('at_ms', '>=', fromMs)
      .where('at_ms', '<', toMs)
      .where('kind', 'in', ['top_up', 'grant', 'bonus', 'adjustment', 'expiry'])
      .orderBy('seq'),
  );
  for (const e of credits) {
    currency ??= e.currency;
    lines.push({ at: new Date(e.at_ms).toISOString(), description: `Wallet: ${e.description}`, amountMinor: 0 - e.amount_minor, seconds: 0, order: e.seq });
  }
  const timeAdjustments = allNow(
    db,
    db.kysely
      .selectFrom('billing_adjustments')
      .select(['at_ms', 'applied', 'description', 'reason', 'seq'])
      .where('customer_id', '=', input.customerId)
      .where('unit', '=', 'seconds')
      .where('at_ms', '>=', fromMs)
      .where('at_ms', '<', toMs)
      .orderBy('seq'),
  );
  for (const a of timeAdjustments) lines.push({ at: new Date(a.at_ms).toISOString(), description: `${a.description} — ${a.reason}`, amountMinor: 0, seconds: a.applied, order: a.seq });
  // Each invoice with its first line's description, in the same statement.
  const invoices = allNow(
    db,
    db.kysely
      .selectFrom('invoices as i')
      .select(['i.invoice_key', 'i.issue_date', 'i.total_minor', 'i.currency', 'i.updated_seq'])
      .select((eb) => eb.selectFrom('invoice_lines as l').select('l.description').whereRef('l.invoice_key', '=', 'i.invoice_key').orderBy('l.line_no').limit(1).as('first_line'))
      .where('i.customer_id', '=', input.customerId)
      .where('i.kind', 'in', ['subscription', 'wallet_top_up'])
      .where('i.issue_date', '>=', input.from)
      .where('i.issue_date', '<=', input.to)
      .orderBy('i.issue_date'),
  );
  for (const i of invoices) {
    currency ??= i.currency;
    lines.push({ at: new Date(dateToMs(i.issue_date)).toISOString(), description: i.first_line ?? i.invoice_key, amountMinor: i.total_minor, seconds: 0, order: i.updated_seq });
  }
  const payments = allNow(
    db,
    db.kysely
      .selectFrom('payments')
      .select(['received_on', 'amount_minor', 'currency', 'seq', 'description'])
      .where('customer_id', '=', input.customerId)
      .where('received_on', '>=', input.from)
      .where('received_on', '<=', input.to)
      .orderBy('received_on')
      .orderBy('seq'),
  );
  for (const p of payments) {
    currency ??= p.currency;
    lines.push({
      at: new Date(dateToMs(p.received_on)).toISOString(),
      description: p.description ?? `Payment received, ${formatMoney({ minor: p.amount_minor, currency: p.currency })}`,
      amountMinor: 0 - p.amount_minor,
      seconds: 0,
      order: p.seq,
    });
  }
  // A failed charge changes nothing the customer owes; it is there so whoever answers knows.
  const failed = allNow(
    db,
    db.kysely
      .selectFrom('failed_payments')
      .select(['at_ms', 'description', 'seq'])
      .where('customer_id', '=', input.customerId)
      .where('at_ms', '>=', fromMs)
      .where('at_ms', '<', toMs)
      .orderBy('at_ms')
      .orderBy('seq'),
  );
  for (const f of failed) lines.push({ at: new Date(f.at_ms).toISOString(), description: f.description, amountMinor: 0, seconds: 0, order: f.seq });
  lines.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order));
  return {
    customerId: input.customerId,
    customerName: customer?.name ?? input.customerId,
    from: input.from,
    to: input.to,
    currency: currency ?? readCatalog(db).rateCard.currency,
    lines: lines.map(({ order: _order, ...line }) => line),
    totalMinor: lines.reduce((s, l) => s + l.amountMinor, 0),
  };
}

/** The last `days` UTC days up to and including today, as [from, to) in epoch ms. */
function dayWindow(days: number, now: Date): { fromMs: number; toMs: number; today: number } {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return { fromMs: today - (days - 1) * DAY_MS, toMs: today + DAY_MS, today };
}

/** Billed seconds and money per UTC day, the last `days` days up to today, zeros included. */
export function usage(db: ConsoleDatabase, input: { days: number; customerId?: string | undefined }, now: Date): UsagePoint[] {
  const { fromMs, toMs, today } = dayWindow(input.days, now);
  const day = sql<number>`started_at_ms / ${sql.lit(DAY_MS)}`;
  const rows = allNow(
    db,
    db.kysely
      .selectFrom('charges')
      .select((eb) => [day.as('day'), eb.fn.sum<number>('billable_seconds').as('seconds'), eb.fn.sum<number>('total_minor').as('amount')])
      .where('started_at_ms', '>=', fromMs)
      .where('started_at_ms', '<', toMs)
      .$if(input.customerId !== undefined, (q) => q.where('billed_customer_id', '=', input.customerId ?? ''))
      .groupBy(day),
  );
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const points: UsagePoint[] = [];
  for (let ms = fromMs; ms <= today; ms += DAY_MS) {
    const row = byDay.get(ms / DAY_MS);
    points.push({ day: msToDate(ms), billedSeconds: row?.seconds ?? 0, amountMinor: row?.amount ?? 0 });
  }
  return points;
}

/**
 * Totals of the last `days` UTC days and the customers (unknown callers by number)
 * who used the most billed time in them, summed by SQLite over the charges of the
 * window. A reversal carries its original's figures negated, so plain sums cancel it.
 */
export function usageSummary(db: ConsoleDatabase, input: { days: number; top: number }, now: Date): UsageSummary {
  const { fromMs, toMs } = dayWindow(input.days, now);
  const inWindow = db.kysely.selectFrom('charges').where('started_at_ms', '>=', fromMs).where('started_at_ms', '<', toMs);
  const totals = firstNow(
    db,
    inWindow.select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('billable_seconds'), sql.lit(0)).as('seconds'),
      eb.fn.coalesce(eb.fn.sum<number>('total_minor'), sql.lit(0)).as('amount'),
      eb.fn.countAll<number>().as('charges'),
    ]),
  ) ?? { seconds: 0, amount: 0, charges: 0 };
  // Unknown callers are told apart by number; a customer's numbers all count as theirs.
  const unknownNumber = sql<string | null>`CASE WHEN billed_customer_id IS NULL THEN number_e164 END`;
  const perCaller = inWindow
    .select((eb) => ['billed_customer_id as customer_id', unknownNumber.as('number_e164'), eb.fn.sum<number>('billable_seconds').as('seconds'), eb.fn.sum<number>('total_minor').as('amount')])
    .groupBy(['billed_customer_id', unknownNumber]);
  const name = sql<string | null>`COALESCE(c.name, t.customer_id)`;
  const top = allNow(
    db,
    db.kysely
      .selectFrom(perCaller.as('t'))
      .leftJoin('customers as c', 'c.customer_id', 't.customer_id')
      .select(['t.customer_id', 't.number_e164', name.as('name'), 't.seconds', 't.amount'])
      .where((eb) => eb.or([eb('t.seconds', '>', 0), eb('t.amount', '>', 0)]))
      .orderBy('t.seconds', 'desc')
      .orderBy('t.amount', 'desc')
      .orderBy(name)
      .orderBy('t.number_e164')
      .limit(input.top),
  );
  return {
    from: msToDate(fromMs),
    to: msToDate(toMs - DAY_MS),
    billedSeconds: totals.seconds,
    amountMinor: totals.amount,
    charges: totals.charges,
    topCustomers: top.map((r) => ({ customerId: r.customer_id, number: r.number_e164, name: r.name, billedSeconds: r.seconds, amountMinor: r.amount })),
  };
}

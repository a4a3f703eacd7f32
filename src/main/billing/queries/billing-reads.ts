import type {
  BillingCatalog,
  ChargeCursor,
  ChargeRow,
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
import { formatDuration, formatMoney } from '../../../shared/units';
import type { ConsoleDatabase } from '../../db/open-console-database';
import type { ChargesTable, InvoicesTable } from '../../db/schema';
import { accountViewAt } from '../engine/account-view';
import type { AccountState } from '../engine/book';
import { dateToMs, msToDate } from '../engine/calendar';
import { chargeFromRow } from '../store/charge-rows';
import { readCatalog } from './account-standing';

/** The billing page's reads, from the billing tables (and the customers' names). */

const DAY_MS = 86_400_000;

export function catalogView(db: ConsoleDatabase): BillingCatalog {
  const catalog = readCatalog(db);
  return { plans: Object.values(catalog.plans).sort((a, b) => a.name.localeCompare(b.name) || a.planId.localeCompare(b.planId)), rateCard: catalog.rateCard, policy: catalog.policy };
}

function accountsWithNames(db: ConsoleDatabase): { account: AccountState; name: string }[] {
  const rows = db.sqlite
    .prepare('SELECT a.state_json, c.name FROM billing_accounts a LEFT JOIN customers c ON c.customer_id = a.customer_id ORDER BY COALESCE(c.name, a.customer_id)')
    .all() as { state_json: string; name: string | null }[];
  return rows.map((r) => {
    const account = JSON.parse(r.state_json) as AccountState;
    return { account, name: r.name ?? account.customerId };
  });
}

export function subscriptionRows(db: ConsoleDatabase, now: Date): SubscriptionRow[] {
  const catalog = readCatalog(db);
  const rows: SubscriptionRow[] = [];
  for (const { account, name } of accountsWithNames(db)) {
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
    });
  }
  return rows;
}

export function walletRows(db: ConsoleDatabase, now: Date): WalletRow[] {
  const catalog = readCatalog(db);
  const rows: WalletRow[] = [];
  for (const { account, name } of accountsWithNames(db)) {
    const wallet = accountViewAt(catalog, account, now.getTime()).wallet;
    if (wallet) rows.push({ customerId: account.customerId, customerName: name, ...wallet });
  }
  return rows;
}

export function walletLedger(db: ConsoleDatabase, customerId: string): WalletEntryRow[] {
  const rows = db.sqlite
    .prepare('SELECT entry_id, at_ms, kind, amount_minor, balance_after_minor, description FROM wallet_entries WHERE customer_id = ? ORDER BY seq, rowid')
    .all(customerId) as { entry_id: string; at_ms: number; kind: WalletEntryRow['kind']; amount_minor: number; balance_after_minor: number; description: string }[];
  return rows.map((r) => ({
    entryId: r.entry_id,
    at: new Date(r.at_ms).toISOString(),
    kind: r.kind,
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
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (input.customerId !== undefined) {
    where.push('ch.billed_customer_id = ?');
    params.push(input.customerId);
  }
  if (input.before !== undefined) {
    const before = Date.parse(input.before.startedAt);
    if (Number.isNaN(before)) throw new Error(`before.startedAt ${input.before.startedAt} is not an instant`);
    // The plain bound lets SQLite seek the start index; the tuple decides within the millisecond.
    where.push('ch.started_at_ms <= ?', '(ch.started_at_ms, ch.seq, ch.charge_id) < (?, ?, ?)');
    params.push(before, before, input.before.seq, input.before.chargeId);
  }
  const rows = db.sqlite
    .prepare(
      `SELECT ch.*, c.name AS customer_name FROM charges ch LEFT JOIN customers c ON c.customer_id = ch.billed_customer_id
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ch.started_at_ms DESC, ch.seq DESC, ch.charge_id DESC LIMIT ?`,
    )
    .all(...params, input.limit) as (ChargesTable & { customer_name: string | null })[];
  return rows.map((r) => {
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
    };
  });
}

export function invoiceRows(db: ConsoleDatabase, input: { status?: InvoiceStatus | undefined; limit: number }): InvoiceRow[] {
  const rows = db.sqlite
    .prepare(
      `SELECT i.*, c.name AS customer_name FROM invoices i LEFT JOIN customers c ON c.customer_id = i.customer_id
       ${input.status !== undefined ? 'WHERE i.status = ?' : ''} ORDER BY i.issue_date DESC, i.invoice_key LIMIT ?`,
    )
    .all(...(input.status !== undefined ? [input.status] : []), input.limit) as (InvoicesTable & { customer_name: string | null })[];
  const lines = db.sqlite.prepare('SELECT * FROM invoice_lines WHERE invoice_key = ? ORDER BY line_no');
  return rows.map((r) => ({
    invoiceKey: r.invoice_key,
    customerId: r.customer_id,
    customerName: r.customer_name,
    kind: r.kind as InvoiceRow['kind'],
    status: r.status as InvoiceStatus,
    issueDate: r.issue_date,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    lines: (lines.all(r.invoice_key) as { description: string; quantity: string; unit: 'hour' | 'minute' | 'each'; unit_price_minor: number; amount_minor: number; tax_basis_points: number; tax_minor: number }[]).map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      unitPriceMinor: l.unit_price_minor,
      amountMinor: l.amount_minor,
      taxBasisPoints: l.tax_basis_points,
      taxMinor: l.tax_minor,
    })),
    subtotalMinor: r.subtotal_minor,
    taxMinor: r.tax_minor,
    totalMinor: r.total_minor,
    currency: r.currency,
  }));
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
  const customer = db.sqlite.prepare('SELECT name FROM customers WHERE customer_id = ?').get(input.customerId) as { name: string } | undefined;
  const lines: (StatementLine & { order: number })[] = [];
  const charges = db.sqlite
    .prepare('SELECT * FROM charges WHERE billed_customer_id = ? AND started_at_ms >= ? AND started_at_ms < ? ORDER BY started_at_ms, seq')
    .all(input.customerId, fromMs, toMs) as ChargesTable[];
  let currency: string | null = null;
  for (const row of charges) {
    const c = chargeFromRow(row);
    currency ??= c.currency;
    const what = c.reversesChargeId !== null ? `Correction of a call of ${msToDate(c.startedAtMs)}` : `Call of ${msToDate(c.startedAtMs)}, ${formatDuration(c.rawSeconds)} talk`;
    lines.push({ at: new Date(c.startedAtMs).toISOString(), description: `${what}: ${c.trace[c.trace.length - 1] ?? ''}`, amountMinor: c.totalMinor, seconds: c.prepaidSeconds, order: c.seq });
  }
  const credits = db.sqlite
    .prepare(`SELECT * FROM wallet_entries WHERE customer_id = ? AND at_ms >= ? AND at_ms < ? AND kind IN ('top_up', 'grant', 'bonus', 'adjustment', 'expiry') ORDER BY seq`)
    .all(input.customerId, fromMs, toMs) as { at_ms: number; amount_minor: number; currency: string; description: string; seq: number; kind: string }[];
  for (const e of credits) {
    currency ??= e.currency;
    lines.push({ at: new Date(e.at_ms).toISOString(), description: `Wallet: ${e.description}`, amountMinor: 0 - e.amount_minor, seconds: 0, order: e.seq });
  }
  const timeAdjustments = db.sqlite
    .prepare(`SELECT * FROM billing_adjustments WHERE customer_id = ? AND unit = 'seconds' AND at_ms >= ? AND at_ms < ? ORDER BY seq`)
    .all(input.customerId, fromMs, toMs) as { at_ms: number; applied: number; description: string; reason: string; seq: number }[];
  for (const a of timeAdjustments) lines.push({ at: new Date(a.at_ms).toISOString(), description: `${a.description} — ${a.reason}`, amountMinor: 0, seconds: a.applied, order: a.seq });
  const subscriptions = db.sqlite
    .prepare(`SELECT * FROM invoices WHERE customer_id = ? AND kind IN ('subscription', 'wallet_top_up') AND issue_date >= ? AND issue_date <= ? ORDER BY issue_date`)
    .all(input.customerId, input.from, input.to) as InvoicesTable[];
  for (const i of subscriptions) {
    currency ??= i.currency;
    const first = db.sqlite.prepare('SELECT description FROM invoice_lines WHERE invoice_key = ? ORDER BY line_no LIMIT 1').get(i.invoice_key) as { description: string } | undefined;
    lines.push({ at: new Date(dateToMs(i.issue_date)).toISOString(), description: first?.description ?? i.invoice_key, amountMinor: i.total_minor, seconds: 0, order: i.updated_seq });
  }
  const payments = db.sqlite
    .prepare('SELECT * FROM payments WHERE customer_id = ? AND received_on >= ? AND received_on <= ? ORDER BY received_on, seq')
    .all(input.customerId, input.from, input.to) as { received_on: string; amount_minor: number; currency: string; seq: number }[];
  for (const p of payments) {
    currency ??= p.currency;
    lines.push({ at: new Date(dateToMs(p.received_on)).toISOString(), description: `Payment received, ${formatMoney({ minor: p.amount_minor, currency: p.currency })}`, amountMinor: 0 - p.amount_minor, seconds: 0, order: p.seq });
  }
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
  const { fromMs, today } = dayWindow(input.days, now);
  const rows = db.sqlite
    .prepare(
      `SELECT started_at_ms / ${DAY_MS} AS day, SUM(billable_seconds) AS seconds, SUM(total_minor) AS amount FROM charges
       WHERE started_at_ms >= ? AND started_at_ms < ? ${input.customerId !== undefined ? 'AND billed_customer_id = ?' : ''} GROUP BY day`,
    )
    .all(fromMs, today + DAY_MS, ...(input.customerId !== undefined ? [input.customerId] : [])) as { day: number; seconds: number; amount: number }[];
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
  const totals = db.sqlite
    .prepare('SELECT COALESCE(SUM(billable_seconds), 0) AS seconds, COALESCE(SUM(total_minor), 0) AS amount, COUNT(*) AS charges FROM charges WHERE started_at_ms >= ? AND started_at_ms < ?')
    .get(fromMs, toMs) as { seconds: number; amount: number; charges: number };
  const top = db.sqlite
    .prepare(
      `SELECT t.customer_id, t.number_e164, COALESCE(c.name, t.customer_id) AS name, t.seconds, t.amount FROM (
         SELECT billed_customer_id AS customer_id, CASE WHEN billed_customer_id IS NULL THEN number_e164 END AS number_e164,
                SUM(billable_seconds) AS seconds, SUM(total_minor) AS amount
         FROM charges WHERE started_at_ms >= ? AND started_at_ms < ?
         GROUP BY billed_customer_id, CASE WHEN billed_customer_id IS NULL THEN number_e164 END
       ) t LEFT JOIN customers c ON c.customer_id = t.customer_id
       WHERE t.seconds > 0 OR t.amount > 0
       ORDER BY t.seconds DESC, t.amount DESC, name, t.number_e164 LIMIT ?`,
    )
    .all(fromMs, toMs, input.top) as { customer_id: string | null; number_e164: string | null; name: string | null; seconds: number; amount: number }[];
  return {
    from: msToDate(fromMs),
    to: msToDate(toMs - DAY_MS),
    billedSeconds: totals.seconds,
    amountMinor: totals.amount,
    charges: totals.charges,
    topCustomers: top.map((r) => ({ customerId: r.customer_id, number: r.number_e164, name: r.name, billedSeconds: r.seconds, amountMinor: r.amount })),
  };
}

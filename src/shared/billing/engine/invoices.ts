import type { InvoiceLineRow } from '../../api/billing';
import type { BillingPolicy, Plan } from '../catalog';
import { divideHalfEven } from '../half-even';
import { formatDuration } from '../../units';
import type { AccountState, Catalog, TextInvoiceLine, UsageInvoiceState } from './book';
import { dateToMs, invoicingMonthAt, msToDate, type DatePeriod } from './calendar';
import { messageOfChargeKey } from './message-charge-key';
import { money } from './rate-call';
import { touchAccount, type BillingEffects, type ChargeRecord, type InvoiceLineRecord, type InvoiceRecord } from './records';

/**
 * Invoice drafts (docs/billing.md "Invoices"): stable keys, lines whose amount is
 * always quantity × unit price to the cent, tax per line rounded half-even.
 */

export function taxOf(amountMinor: number, basisPoints: number): number {
  return Number(divideHalfEven(BigInt(amountMinor) * BigInt(basisPoints), 10_000n));
}

function line(description: string, quantity: string, unit: InvoiceLineRow['unit'], unitPriceMinor: number, amountMinor: number, basisPoints: number): InvoiceLineRow {
  return { description, quantity, unit, unitPriceMinor, amountMinor, taxBasisPoints: basisPoints, taxMinor: taxOf(amountMinor, basisPoints) };
}

/** "12", "1.5", "-0.05": hundredths of a minute as a decimal. */
function minutesQuantity(seconds: number): string {
  const hundredths = (Math.abs(seconds) * 100) / 60;
  const whole = Math.floor(hundredths / 100);
  const fraction = hundredths % 100;
  const text = fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
  return seconds < 0 ? `-${text}` : text;
}

/** The invoice lines of a charge's money (overage, pay-per-call, fees); wallet and prepaid time are already paid. */
export function chargeInvoiceLines(charge: ChargeRecord, catalog: Catalog): InvoiceLineRow[] {
  const taxes = catalog.policy.taxBasisPoints;
  const day = msToDate(charge.startedAtMs);
  const rows: InvoiceLineRow[] = [];
  const reversal = charge.reversesChargeId !== null ? ' (correction)' : '';
  for (const l of charge.lines) {
    if (l.amountMinor === 0) continue;
    if (l.bucket === 'fee') {
      rows.push(line(`Per-call fee, call of ${day}${reversal}`, l.amountMinor < 0 ? '-1' : '1', 'each', Math.abs(l.amountMinor), l.amountMinor, taxes.fees));
      continue;
    }
    if (l.bucket !== 'overage' && l.bucket !== 'pay_per_call') continue;
    const label = l.bucket === 'overage' ? 'Overage' : 'Pay-per-call';
    const bp = l.bucket === 'overage' ? taxes.overage : taxes.payPerCall;
    const perMinute = charge.ratePerSeconds === 60 ? charge.rateMinor : charge.rateMinor % 60 === 0 ? charge.rateMinor / 60 : null;
    const exact = perMinute !== null && Math.abs(l.seconds) % 3 === 0 && (l.seconds * perMinute) % 60 === 0 && (l.seconds * perMinute) / 60 === l.amountMinor;
    if (exact) rows.push(line(`${label}, call of ${day}${reversal}`, minutesQuantity(l.seconds), 'minute', perMinute, l.amountMinor, bp));
    else rows.push(line(`${label} ${formatDuration(l.seconds)}, call of ${day}${reversal}`, l.amountMinor < 0 ? '-1' : '1', 'each', Math.abs(l.amountMinor), l.amountMinor, bp));
  }
  return rows;
}

/** The invoice of one period of a subscription. */
export function subscriptionInvoiceKey(subscriptionId: string, periodStartsOn: string): string {
  return `sub:${subscriptionId}:${periodStartsOn}`;
}

export function subscriptionInvoice(
  subscriptionId: string,
  customerId: string,
  plan: Plan,
  period: DatePeriod,
  policy: BillingPolicy,
): { invoice: InvoiceRecord; lines: InvoiceLineRecord[] } {
  const invoiceKey = subscriptionInvoiceKey(subscriptionId, period.startsOn);
  const row = line(`${plan.name} — ${plan.period} plan, ${period.startsOn} until ${period.endsOn}`, '1', 'each', plan.priceMinor, plan.priceMinor, policy.taxBasisPoints.subscription);
  return {
    invoice: {
      invoiceKey,
      customerId,
      kind: 'subscription',
      status: 'ready',
      issueDate: period.startsOn,
      periodStart: period.startsOn,
      periodEnd: period.endsOn,
      subtotalMinor: row.amountMinor,
      taxMinor: row.taxMinor,
      totalMinor: row.amountMinor + row.taxMinor,
      currency: plan.currency,
    },
    lines: [{ ...row, invoiceKey, lineNo: 1, chargeId: null }],
  };
}

/** Puts a charge's money on an invoice per the policy: its own (per_call) or the customer's open usage invoice (period). */
export function invoiceCharge(
  charge: ChargeRecord,
  account: AccountState,
  catalog: Catalog,
  clockMs: number,
  effects: BillingEffects,
): string | null {
  const rows = chargeInvoiceLines(charge, catalog);
  if (rows.length === 0) return null;
  const invoicing = catalog.policy.invoicing;
  if (invoicing.mode === 'per_call') {
    const invoiceKey = `call:${charge.chargeId}`;
    const subtotal = rows.reduce((s, r) => s + r.amountMinor, 0);
    const tax = rows.reduce((s, r) => s + r.taxMinor, 0);
    effects.invoices.push({
      invoiceKey,
      customerId: account.customerId,
      kind: 'pay_per_call',
      status: 'ready',
      issueDate: msToDate(clockMs),
      periodStart: null,
      periodEnd: null,
      subtotalMinor: subtotal,
      taxMinor: tax,
      totalMinor: subtotal + tax,
      currency: charge.currency,
    });
    rows.forEach((r, i) => effects.invoiceLines.push({ ...r, invoiceKey, lineNo: i + 1, chargeId: charge.chargeId }));
    return invoiceKey;
  }
  const open = openUsageInvoice(account, invoicing.dayOfMonth, clockMs, charge.currency, effects);
  for (const r of rows) {
    open.lineCount += 1;
    open.subtotalMinor += r.amountMinor;
    open.taxMinor += r.taxMinor;
    effects.invoiceLines.push({ ...r, invoiceKey: open.invoiceKey, lineNo: open.lineCount, chargeId: charge.chargeId });
  }
  effects.invoices.push(usageInvoiceRecord(account.customerId, open, 'draft'));
  touchAccount(effects, account.customerId);
  return open.invoiceKey;
}

/**
 * Puts a text's money on the customer's usage invoice (whatever the invoicing mode: an
 * invoice per text would be absurd; with `per_call` the usage invoice runs from the 1st).
 * Texts of one kind and price share one line whose count goes up by one, or down by one
 * for a text that failed after it was billed on this same invoice; one billed on an
 * earlier invoice is credited on its own line. `reversedFrom`: the invoice the
 * reversed text was on.
 */
export function invoiceTextCharge(charge: ChargeRecord, account: AccountState, catalog: Catalog, clockMs: number, effects: BillingEffects, reversedFrom: string | null = null): string | null {
  const owed = charge.lines.find((l) => l.bucket === 'message_overage' || l.bucket === 'message_pay_per_use');
  const text = messageOfChargeKey(charge.callId);
  if (!owed || owed.amountMinor === 0 || !text) return null;
  const invoicing = catalog.policy.invoicing;
  const open = openUsageInvoice(account, invoicing.mode === 'period' ? invoicing.dayOfMonth : 1, clockMs, charge.currency, effects);
  const unitPriceMinor = Math.abs(owed.amountMinor);
  const taxes = catalog.policy.taxBasisPoints;
  const basisPoints = owed.bucket === 'message_overage' ? taxes.overage : taxes.payPerCall;
  const credit = owed.amountMinor < 0 && reversedFrom !== open.invoiceKey;
  const what = `${owed.bucket === 'message_overage' ? 'Overage, text' : 'Text'} messages ${text.direction === 'incoming' ? 'received' : 'sent'}`;
  const label = credit ? `${what}, credit for texts that failed after they were billed` : what;
  const group = `${label}|${unitPriceMinor}|${basisPoints}`;
  const lines = (open.textLines ??= []);
  let grouped = lines.find((l) => l.group === group);
  if (!grouped) {
    open.lineCount += 1;
    grouped = { group, lineNo: open.lineCount, label, count: 0, unitPriceMinor, basisPoints };
    lines.push(grouped);
  }
  const before = textLine(grouped, open.currency);
  grouped.count += owed.amountMinor < 0 ? -1 : 1;
  const after = textLine(grouped, open.currency);
  open.subtotalMinor += after.amountMinor - before.amountMinor;
  open.taxMinor += after.taxMinor - before.taxMinor;
  // The line holds many texts: it names no one charge (each charge names the invoice).
  effects.invoiceLines.push({ ...after, invoiceKey: open.invoiceKey, lineNo: grouped.lineNo, chargeId: null });
  effects.invoices.push(usageInvoiceRecord(account.customerId, open, 'draft'));
  touchAccount(effects, account.customerId);
  return open.invoiceKey;
}

function textLine(l: TextInvoiceLine, currency: string): InvoiceLineRow {
  return line(`${l.label}: ${l.count} × ${money(l.unitPriceMinor, currency)}`, String(l.count), 'each', l.unitPriceMinor, l.count * l.unitPriceMinor, l.basisPoints);
}

function openUsageInvoice(account: AccountState, dayOfMonth: number, clockMs: number, currency: string, effects: BillingEffects): UsageInvoiceState {
  const current = account.usageInvoice;
  if (current && dateToMs(current.endsOn) > clockMs) return current;
  if (current) closeUsageInvoice(account, effects);
  const month = invoicingMonthAt(dayOfMonth, clockMs);
  const opened: UsageInvoiceState = {
    invoiceKey: `usage:${account.customerId}:${month.startsOn}`,
    startsOn: month.startsOn,
    endsOn: month.endsOn,
    currency,
    subtotalMinor: 0,
    taxMinor: 0,
    lineCount: 0,
  };
  account.usageInvoice = opened;
  return opened;
}

/** The log has passed the usage invoice's end: it is ready to send. */
export function closeUsageInvoice(account: AccountState, effects: BillingEffects): void {
  const open = account.usageInvoice;
  if (!open) return;
  account.usageInvoice = null;
  effects.invoices.push(usageInvoiceRecord(account.customerId, open, 'ready'));
  touchAccount(effects, account.customerId);
}

function usageInvoiceRecord(customerId: string, open: UsageInvoiceState, status: 'draft' | 'ready'): InvoiceRecord {
  return {
    invoiceKey: open.invoiceKey,
    customerId,
    kind: 'usage',
    status,
    issueDate: open.endsOn,
    periodStart: open.startsOn,
    periodEnd: open.endsOn,
    subtotalMinor: open.subtotalMinor,
    taxMinor: open.taxMinor,
    totalMinor: open.subtotalMinor + open.taxMinor,
    currency: open.currency,
  };
}

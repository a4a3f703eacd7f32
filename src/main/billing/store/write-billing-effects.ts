import type { InvoiceStatus } from '../../../shared/api/billing';
import type { BillingBook } from '../../../shared/billing/engine/book';
import { nextInvoiceState } from '../../../shared/billing/engine/invoice-status';
import type { BillingEffects, InvoiceRecord } from '../../../shared/billing/engine/records';
import type { BillingStatements } from './billing-statements';
import { chargeToRow } from './charge-rows';

/**
 * What a batch changes again and again (an account's state, an open invoice's totals)
 * is written once, when the batch ends: nothing reads it inside the transaction.
 */
export interface PendingWrites {
  accounts: Map<string, number>;
  invoices: Map<string, { invoice: InvoiceRecord; seq: number }>;
}

export function emptyPendingWrites(): PendingWrites {
  return { accounts: new Map(), invoices: new Map() };
}

/** Writes one event's billing effects, inside the projection's transaction. */
export function writeBillingEffects(s: BillingStatements, book: BillingBook, seq: number, effects: BillingEffects, pending: PendingWrites): void {
  for (const charge of effects.charges) s.insertCharge.run(chargeToRow(charge));
  for (const r of effects.reversals) s.markReversed.run({ charge_id: r.chargeId, reversed_by_charge_id: r.reversedByChargeId });
  for (const i of effects.chargeInvoices) s.markInvoiced.run({ charge_id: i.chargeId, invoice_key: i.invoiceKey, billed_customer_id: i.billedCustomerId });
  for (const e of effects.walletEntries) {
    s.insertWalletEntry.run({
      entry_id: e.entryId,
      customer_id: e.customerId,
      seq: e.seq,
      at_ms: e.atMs,
      kind: e.kind,
      amount_minor: e.amountMinor,
      balance_after_minor: e.balanceAfterMinor,
      currency: e.currency,
      description: e.description,
      charge_id: e.chargeId,
    });
  }
  for (const a of effects.adjustments) {
    s.insertAdjustment.run({
      adjustment_id: a.adjustmentId,
      customer_id: a.customerId,
      seq: a.seq,
      at_ms: a.atMs,
      unit: a.unit,
      requested: a.requested,
      applied: a.applied,
      reason: a.reason,
      by_whom: a.by,
      description: a.description,
    });
  }
  for (const invoice of effects.invoices) pending.invoices.set(invoice.invoiceKey, { invoice, seq });
  for (const l of effects.invoiceLines) {
    s.insertInvoiceLine.run({
      invoice_key: l.invoiceKey,
      line_no: l.lineNo,
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      unit_price_minor: l.unitPriceMinor,
      amount_minor: l.amountMinor,
      tax_basis_points: l.taxBasisPoints,
      tax_minor: l.taxMinor,
      charge_id: l.chargeId,
    });
  }
  // A payment recorded twice (a re-fetched QuickBooks payment) is applied to its invoices once.
  const newPayments = new Set<string>();
  for (const p of effects.payments) {
    const { changes } = s.insertPayment.run({
      payment_id: p.paymentId,
      customer_id: p.customerId,
      seq: p.seq,
      received_on: p.receivedOn,
      amount_minor: p.amountMinor,
      currency: p.currency,
      description: p.description ?? null,
    });
    if (changes > 0) newPayments.add(p.paymentId);
  }
  for (const f of effects.failedPayments) {
    s.insertFailedPayment.run({
      payment_id: f.paymentId,
      customer_id: f.customerId,
      seq: f.seq,
      at_ms: f.atMs,
      amount_minor: f.amountMinor,
      currency: f.currency,
      description: f.description,
    });
  }
  if (effects.invoiceChanges.length > 0) flushInvoices(s, pending);
  for (const { invoiceKey, quickbooksId, change } of effects.invoiceChanges) {
    if (change.kind === 'payment' && !newPayments.has(change.paymentId)) continue;
    const row =
      (invoiceKey !== null ? s.invoiceByKey.get({ invoice_key: invoiceKey }) : undefined) ??
      (quickbooksId !== null ? s.invoiceByQuickbooksId.get({ quickbooks_id: quickbooksId }) : undefined);
    if (!row) continue;
    const next = nextInvoiceState({ status: row.status as InvoiceStatus, balanceMinor: row.balance_minor }, change);
    s.updateInvoiceState.run({
      invoice_key: row.invoice_key,
      status: next.status,
      balance_minor: next.balanceMinor,
      quickbooks_id: change.kind === 'synced' ? change.quickbooksId : row.quickbooks_id,
      doc_number: change.kind === 'synced' ? change.docNumber : row.doc_number,
      updated_seq: seq,
    });
  }
  if (effects.merges.length > 0) flushInvoices(s, pending);
  for (const m of effects.merges) s.mergeCustomerRows(m.fromCustomerId, m.intoCustomerId);
  for (const customerId of effects.accounts) pending.accounts.set(customerId, seq);
  if (effects.bookChanged) s.writeCatalog.run({ catalog_json: JSON.stringify(book.catalog) });
}

function flushInvoices(s: BillingStatements, pending: PendingWrites): void {
  for (const { invoice, seq } of pending.invoices.values()) {
    (invoice.status === 'draft' ? s.upsertDraftInvoice : s.upsertInvoice).run({
      invoice_key: invoice.invoiceKey,
      customer_id: invoice.customerId,
      kind: invoice.kind,
      status: invoice.status,
      issue_date: invoice.issueDate,
      period_start: invoice.periodStart,
      period_end: invoice.periodEnd,
      subtotal_minor: invoice.subtotalMinor,
      tax_minor: invoice.taxMinor,
      total_minor: invoice.totalMinor,
      balance_minor: invoice.totalMinor,
      currency: invoice.currency,
      updated_seq: seq,
    });
  }
  pending.invoices.clear();
}

/** Writes what the batch left pending; call before the transaction commits. */
export function flushPendingWrites(s: BillingStatements, book: BillingBook, pending: PendingWrites): void {
  flushInvoices(s, pending);
  for (const [customerId, seq] of pending.accounts) {
    const account = book.accounts.get(customerId);
    if (!account) continue;
    const row = { customer_id: customerId, subscription_id: account.subscription?.subscriptionId ?? null, state_json: JSON.stringify(account), updated_seq: seq };
    if (s.updateAccountState.run(row).changes === 0) s.upsertAccount.run(row);
  }
  pending.accounts.clear();
}

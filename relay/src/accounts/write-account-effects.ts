import type { InvoiceStatus } from '../../../src/shared/api/billing';
import type { BillingBook } from '../../../src/shared/billing/engine/book';
import { nextInvoiceState } from '../../../src/shared/billing/engine/invoice-status';
import type { BillingEffects } from '../../../src/shared/billing/engine/records';
import type { RingsideEvent } from '../../../src/shared/events/model';
import type { AccountsStatements } from './accounts-statements';

/**
 * Writes one event's billing effects and its customer facts, in the append's transaction:
 * what the standing reads (accounts, invoices, customers) and what the fold reads back
 * (charges, for corrections and late invoicing). The wallet ledger and invoice lines stay
 * the consoles'. Invoices move as a console's do (nextInvoiceState, a payment counted once).
 */
export function writeAccountEffects(s: AccountsStatements, book: BillingBook, seq: number, event: RingsideEvent, effects: BillingEffects): void {
  // Most webhooks (a ringing call, a transcript) change nothing billing keeps: nothing to write.
  if (isEmpty(effects) && !CUSTOMER_FACTS.has(event.type)) return;
  for (const c of effects.charges) {
    s.insertCharge.run({
      charge_id: c.chargeId,
      call_id: c.callId,
      seq: c.seq,
      number_e164: c.number,
      customer_id: c.customerId,
      billed_customer_id: c.billedCustomerId,
      invoice_key: c.invoiceKey,
      owed_minor: c.owedMinor,
      reverses_charge_id: c.reversesChargeId,
      reversed_by_charge_id: c.reversedByChargeId,
      record_json: JSON.stringify(c),
    });
  }
  for (const r of effects.reversals) s.markReversed.run({ charge_id: r.chargeId, reversed_by_charge_id: r.reversedByChargeId });
  for (const i of effects.chargeInvoices) s.markInvoiced.run({ charge_id: i.chargeId, invoice_key: i.invoiceKey, billed_customer_id: i.billedCustomerId });
  for (const invoice of effects.invoices) {
    s.upsertInvoice.run({
      invoice_key: invoice.invoiceKey,
      customer_id: invoice.customerId,
      kind: invoice.kind,
      status: invoice.status,
      issue_date: invoice.issueDate,
      total_minor: invoice.totalMinor,
      currency: invoice.currency,
      updated_seq: seq,
    });
  }
  // A payment recorded twice (a re-fetched QuickBooks payment) is applied to its invoices once.
  const newPayments = new Set<string>();
  for (const p of effects.payments) if (s.insertPayment.run({ payment_id: p.paymentId }).changes > 0) newPayments.add(p.paymentId);
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
  writeCustomerFacts(s, seq, event, effects);
  writeBookPhones(s, book, seq, event);
  for (const m of effects.merges) s.mergeRows(m.fromCustomerId, m.intoCustomerId);
  for (const customerId of effects.accounts) {
    const account = book.accounts.get(customerId);
    if (account) s.writeBook.run({ customer_id: customerId, state_json: JSON.stringify(account), updated_seq: seq });
    else s.deleteBook.run({ customer_id: customerId });
  }
  if (effects.bookChanged) s.writeCatalog.run({ catalog_json: JSON.stringify(book.catalog) });
}

const CUSTOMER_FACTS = new Set<string>(['customer.upserted', 'customer.removed', 'customer.merged', 'invoice.balance_changed']);

function isEmpty(e: BillingEffects): boolean {
  return (
    e.charges.length === 0 &&
    e.reversals.length === 0 &&
    e.chargeInvoices.length === 0 &&
    e.invoices.length === 0 &&
    e.payments.length === 0 &&
    e.invoiceChanges.length === 0 &&
    e.merges.length === 0 &&
    e.accounts.length === 0 &&
    !e.bookChanged
  );
}

/**
 * The fold's own number index, kept as it is in memory: a console's customer list may
 * keep numbers the fold moved (a merge into a customer the list does not have), and a
 * restart must not hand them back.
 */
function writeBookPhones(s: AccountsStatements, book: BillingBook, seq: number, event: RingsideEvent): void {
  const customers =
    event.type === 'customer.upserted' || event.type === 'customer.removed'
      ? [event.data.customerId]
      : event.type === 'customer.merged'
        ? [event.data.fromCustomerId, event.data.intoCustomerId]
        : [];
  for (const customerId of customers) {
    s.deleteBookPhones.run({ customer_id: customerId });
    for (const phone of book.customerPhones.get(customerId) ?? []) {
      const owner = book.phoneOwners.get(phone)?.find((o) => o.customerId === customerId);
      s.insertBookPhone.run({ customer_id: customerId, phone_e164: phone, seq: owner?.seq ?? seq });
    }
  }
}

/**
 * Customers as a console's customer list has them: an upsert carries the whole phone set;
 * a merge billing allowed moves the first's numbers to the second, who becomes their newest
 * owner. Due dates come from QuickBooks (invoice.balance_changed), as on the caller card.
 */
function writeCustomerFacts(s: AccountsStatements, seq: number, event: RingsideEvent, effects: BillingEffects): void {
  switch (event.type) {
    case 'customer.upserted': {
      const d = event.data;
      s.upsertCustomer.run({ customer_id: d.customerId, name: d.name, company: d.company, updated_seq: seq });
      s.deletePhones.run({ customer_id: d.customerId });
      for (const phone of d.phones) s.insertPhone.run({ customer_id: d.customerId, phone_e164: phone });
      return;
    }
    case 'customer.removed':
      s.deleteCustomer.run({ customer_id: event.data.customerId });
      s.deletePhones.run({ customer_id: event.data.customerId });
      return;
    case 'customer.merged':
      for (const { fromCustomerId: from, intoCustomerId: into } of effects.merges) {
        if (!s.customerExists.get({ customer_id: from }) || !s.customerExists.get({ customer_id: into })) continue;
        s.movePhones.run({ from, into });
        s.deletePhones.run({ customer_id: from });
        s.touchCustomer.run({ customer_id: into, updated_seq: seq });
        s.deleteCustomer.run({ customer_id: from });
      }
      return;
    case 'invoice.balance_changed':
      if (event.data.invoiceKey !== null && event.data.dueDate !== null) s.writeDueDate.run({ invoice_key: event.data.invoiceKey, due_date: event.data.dueDate });
      return;
    default:
      return;
  }
}

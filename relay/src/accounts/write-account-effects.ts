import type { InvoiceStatus } from '../../../src/shared/api/billing';
import type { BillingBook } from '../../../src/shared/billing/engine/book';
import { nextInvoiceState } from '../../../src/shared/billing/engine/invoice-status';
import type { BillingEffects } from '../../../src/shared/billing/engine/records';
import type { RingsideEvent } from '../../../src/shared/events/model';
import type { AccountsStatements } from './accounts-statements';

/**
 * Writes one event's billing effects and its customer facts, in the append's transaction:
 * what the standing, the portal and the notices read (accounts, invoices with their lines,
 * customers with their emails) and what the fold reads back (charges, for corrections and
 * late invoicing). The wallet ledger stays the consoles'. Invoices and their lines move as a
 * console's do (nextInvoiceState, a payment counted once, a line rewritten in place).
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
      period_start: invoice.periodStart,
      period_end: invoice.periodEnd,
      subtotal_minor: invoice.subtotalMinor,
      tax_minor: invoice.taxMinor,
      total_minor: invoice.totalMinor,
      currency: invoice.currency,
      updated_seq: seq,
    });
  }
  for (const { invoiceKey, lineNo, chargeId, ...line } of effects.invoiceLines) {
    s.upsertInvoiceLine.run({ invoice_key: invoiceKey, line_no: lineNo, charge_id: chargeId, line_json: JSON.stringify(line) });
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
    e.invoiceLines.length === 0 &&
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
 * Customers as a console's customer list has them (customer-details-projection.ts): an
 * upsert carries the whole phone set, the emails, the QuickBooks link and the address; a
 * merge billing allowed moves the first's numbers and emails to the second, who becomes
 * their newest owner, and fills the second's blank link and address. Due dates come from
 * QuickBooks (invoice.balance_changed), as on the caller card.
 */
function writeCustomerFacts(s: AccountsStatements, seq: number, event: RingsideEvent, effects: BillingEffects): void {
  switch (event.type) {
    case 'customer.upserted': {
      const d = event.data;
      // Events built in memory without the schema's defaults (tests, tools) may lack the newer fields.
      s.upsertCustomer.run({ customer_id: d.customerId, name: d.name, company: d.company, quickbooks_id: d.quickbooksId ?? null, address: (d.address as string | null | undefined) ?? null, updated_seq: seq });
      s.deletePhones.run({ customer_id: d.customerId });
      for (const phone of d.phones) s.insertPhone.run({ customer_id: d.customerId, phone_e164: phone });
      const others = ((d.emails as string[] | undefined) ?? []).filter((email) => email !== d.email);
      writeEmails(s, d.customerId, d.email, others);
      return;
    }
    case 'customer.removed':
      s.deleteCustomer.run({ customer_id: event.data.customerId });
      s.deletePhones.run({ customer_id: event.data.customerId });
      s.deleteEmails.run({ customer_id: event.data.customerId });
      return;
    case 'customer.merged':
      for (const { fromCustomerId: from, intoCustomerId: into } of effects.merges) {
        s.insertMerge.run({ from_customer_id: from, into_customer_id: into, seq });
        if (!s.customerExists.get({ customer_id: from }) || !s.customerExists.get({ customer_id: into })) continue;
        s.movePhones.run({ from, into });
        s.deletePhones.run({ customer_id: from });
        mergeEmails(s, from, into);
        s.fillCustomerFacts.run({ from, into });
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

/** Position 0 is the customer's `email` (absent when it has none); the further ones follow, in their order. */
function writeEmails(s: AccountsStatements, customerId: string, primary: string | null, others: readonly string[]): void {
  s.deleteEmails.run({ customer_id: customerId });
  if (primary !== null) s.insertEmail.run({ customer_id: customerId, position: 0, email: primary });
  others.forEach((email, i) => s.insertEmail.run({ customer_id: customerId, position: i + 1, email }));
}

function emailsOf(s: AccountsStatements, customerId: string): { primary: string | null; others: string[] } {
  const rows = s.emailsOf.all({ customer_id: customerId });
  return { primary: rows.find((r) => r.position === 0)?.email ?? null, others: rows.filter((r) => r.position > 0).map((r) => r.email) };
}

/** As a console merges them: the kept customer's main email, else the first's; every other address once. */
function mergeEmails(s: AccountsStatements, fromId: string, intoId: string): void {
  const from = emailsOf(s, fromId);
  const into = emailsOf(s, intoId);
  const primary = into.primary ?? from.primary;
  const others = [...new Set([into.primary, ...into.others, from.primary, ...from.others].filter((e): e is string => e !== null && e !== primary))];
  writeEmails(s, intoId, primary, others);
  s.deleteEmails.run({ customer_id: fromId });
}

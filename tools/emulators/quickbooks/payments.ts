import type { Company, StoredEntity } from './company';
import { refValue } from './company';
import { companyDate } from './company-time';
import { centsToNumber, toCents } from './decimal-cents';
import { fault } from './faults';
import type { JsonObject } from './json';
import { cloneJson, isJsonObject } from './json';
import { fieldLengths } from './limits';
import { optionalDate, optionalNumber, optionalRef, optionalString, rejectUnknownFields } from './entity-input';

/**
 * QuickBooks Online emulator: Payment rules (spec §5.5). A payment's lines link invoices of the same
 * customer; applying one lowers the invoice's Balance, adds the payment to its LinkedTxn and bumps its
 * SyncToken. `UnappliedAmt` holds what no line allocates. Void and delete give the amounts back.
 */

const writable = ['CustomerRef', 'TotalAmt', 'TxnDate', 'Line', 'PaymentMethodRef', 'PaymentRefNum', 'DepositToAccountRef', 'PrivateNote', 'CurrencyRef', 'ARAccountRef', 'ProcessPayment'];
const readOnly = ['UnappliedAmt', 'HomeTotalAmt'];

interface Application {
  invoice: StoredEntity;
  cents: bigint;
}

export function paymentBody(company: Company, input: JsonObject, existing?: StoredEntity): { body: JsonObject; applications: Application[] } {
  rejectUnknownFields(input, [...writable, ...readOnly], 'Payment');
  const body: JsonObject = {};
  for (const f of writable) if (input[f] !== undefined && input[f] !== null) body[f] = cloneJson(input[f]);
  const customerId = optionalRef(input, 'CustomerRef');
  if (customerId === undefined) throw fault.requiredParam('CustomerRef', 'CustomerRef');
  const customer = company.find('Customer', customerId);
  if (!customer || customer.deletedMs !== undefined) throw fault.invalidReference(customerId, 'CustomerRef');
  if (customer.body.Active === false) throw fault.objectNotFound();
  body.CustomerRef = { value: customerId, name: String(customer.body.DisplayName) };
  const total = optionalNumber(input, 'TotalAmt');
  if (total === undefined) throw fault.requiredParam('TotalAmt', 'TotalAmt');
  if (total < 0) throw fault.business('The payment amount cannot be negative.', 'TotalAmt');
  const totalCents = toCents(total);

  const applications: Application[] = [];
  const lines: JsonObject[] = [];
  const rawLines = input.Line === undefined || input.Line === null ? [] : input.Line;
  if (!Array.isArray(rawLines)) throw fault.malformedBody('Line');
  for (const raw of rawLines) {
    if (!isJsonObject(raw)) throw fault.malformedBody('Line');
    rejectUnknownFields(raw, ['Amount', 'LinkedTxn', 'LineEx', 'Id'], 'Line');
    const amount = optionalNumber(raw, 'Amount');
    if (amount === undefined) throw fault.requiredParam('Line.Amount', 'Line.Amount');
    const linked = Array.isArray(raw.LinkedTxn) ? raw.LinkedTxn : [];
    const link = linked[0];
    if (!isJsonObject(link)) throw fault.requiredParam('Line.LinkedTxn', 'Line.LinkedTxn');
    const txnId = optionalString(link, 'TxnId');
    if (txnId === undefined) throw fault.requiredParam('Line.LinkedTxn.TxnId', 'Line.LinkedTxn');
    if (link.TxnType !== 'Invoice') throw fault.invalidEnumeration('Line.LinkedTxn.TxnType', String(link.TxnType));
    const invoice = company.find('Invoice', txnId);
    if (!invoice || invoice.deletedMs !== undefined) throw fault.invalidReference(txnId, 'Line.LinkedTxn.TxnId');
    if (refValue(invoice.body.CustomerRef) !== customerId) throw fault.business(`Invoice ${txnId} belongs to a different customer.`, 'Line.LinkedTxn');
    const cents = toCents(amount);
    const alreadyFromThis = existing ? (company.appliedTo(txnId).get(existing.id) ?? 0n) : 0n;
    if (cents > company.invoiceBalanceCents(invoice) + alreadyFromThis) throw fault.business(`The payment amount is more than the open balance of invoice ${txnId}.`, 'Line.Amount');
    applications.push({ invoice, cents });
    lines.push({ Amount: centsToNumber(cents), LinkedTxn: [{ TxnId: txnId, TxnType: 'Invoice' }] });
  }
  const appliedCents = applications.reduce((s, a) => s + a.cents, 0n);
  if (appliedCents > totalCents) throw fault.business('The amounts applied to invoices are more than the payment total.', 'TotalAmt');
  optionalString(input, 'PrivateNote', fieldLengths.PrivateNote);
  body.TotalAmt = centsToNumber(totalCents);
  body.UnappliedAmt = centsToNumber(totalCents - appliedCents);
  body.Line = lines;
  body.TxnDate = optionalDate(input, 'TxnDate') ?? companyDate(company.now(), company.identity.timeZone);
  body.CurrencyRef = { value: 'USD', name: 'United States Dollar' };
  if (body.DepositToAccountRef === undefined) {
    const undeposited = company.all('Account').find((a) => a.body.Name === 'Undeposited Funds');
    if (undeposited) body.DepositToAccountRef = { value: undeposited.id };
  }
  return { body, applications };
}

/** Re-applies a payment: previous allocations are removed, the new ones added, every touched invoice bumps SyncToken. */
export function applyPayment(company: Company, payment: StoredEntity, applications: Application[]): void {
  const touched = new Map<string, StoredEntity>();
  for (const inv of company.all('Invoice')) {
    if (company.appliedTo(inv.id).has(payment.id)) {
      company.setApplied(inv.id, payment.id, undefined);
      touched.set(inv.id, inv);
    }
  }
  for (const a of applications) {
    company.setApplied(a.invoice.id, payment.id, (company.appliedTo(a.invoice.id).get(payment.id) ?? 0n) + a.cents);
    touched.set(a.invoice.id, a.invoice);
  }
  for (const inv of touched.values()) company.touch(inv);
}

export function voidPayment(company: Company, payment: StoredEntity): void {
  applyPayment(company, payment, []);
  const note = typeof payment.body.PrivateNote === 'string' && payment.body.PrivateNote !== '' ? `Voided - ${payment.body.PrivateNote}` : 'Voided';
  const lines = (Array.isArray(payment.body.Line) ? payment.body.Line : []).map((l) => (isJsonObject(l) ? { ...l, Amount: 0 } : l));
  company.replace(payment, { ...payment.body, TotalAmt: 0, UnappliedAmt: 0, Line: lines, PrivateNote: note }, 'Void');
}

export function deletePayment(company: Company, payment: StoredEntity): void {
  applyPayment(company, payment, []);
  company.markDeleted(payment);
}

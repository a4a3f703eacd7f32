import type { Company, StoredEntity } from './company';
import { companyDate } from './company-time';
import { centsToNumber, formatAmount, productCents, toCents } from './decimal-cents';
import { fault } from './faults';
import type { JsonObject } from './json';
import { cloneJson, isJsonObject } from './json';
import { globalTaxCalculation, invoiceTaxDetail, lineTaxCode } from './invoice-tax';
import { fieldLengths } from './limits';
import { isEmailAddress, optionalDate, optionalNumber, optionalObject, optionalRef, optionalString, rejectUnknownFields } from './entity-input';

/**
 * QuickBooks Online emulator: Invoice rules (spec §5.4, §6). Lines must satisfy
 * `Amount == round(Qty × UnitPrice, 2)` (6070); DocNumber ≤21 chars (2050) and unique (6140)
 * unless `include=allowduplicatedocnum`; references resolve (2500) and are active (610).
 * Void zeroes the amounts and prefixes PrivateNote with "Voided"; delete needs unlinked payments.
 */

const writable = [
  'CustomerRef', 'Line', 'TxnDate', 'DueDate', 'DocNumber', 'PrivateNote', 'CustomerMemo', 'BillEmail', 'BillEmailCc', 'BillEmailBcc',
  'SalesTermRef', 'TxnTaxDetail', 'EmailStatus', 'PrintStatus', 'BillAddr', 'ShipAddr', 'Deposit', 'ApplyTaxAfterDiscount',
  'AllowOnlineCreditCardPayment', 'AllowOnlineACHPayment', 'AllowIPNPayment', 'AllowOnlinePayment', 'CurrencyRef', 'GlobalTaxCalculation', 'ClassRef', 'DepartmentRef',
];
const readOnly = ['TotalAmt', 'Balance', 'HomeBalance', 'DeliveryInfo', 'InvoiceLink', 'LinkedTxn', 'HomeTotalAmt'];
const lineFields = ['Id', 'LineNum', 'Description', 'Amount', 'DetailType', 'SalesItemLineDetail', 'SubTotalLineDetail', 'DescriptionOnly', 'LinkedTxn'];
const salesDetailFields = ['ItemRef', 'Qty', 'UnitPrice', 'ServiceDate', 'TaxCodeRef', 'ClassRef', 'ItemAccountRef', 'DiscountRate', 'DiscountAmt', 'MarkupInfo', 'TaxInclusiveAmt'];
const emailStatuses = ['NotSet', 'NeedToSend', 'EmailSent'];
const printStatuses = ['NotSet', 'NeedToPrint', 'PrintComplete'];

export interface InvoiceWriteOptions {
  allowDuplicateDocNumber: boolean;
}

export function invoiceBody(company: Company, input: JsonObject, options: InvoiceWriteOptions, existing?: StoredEntity): JsonObject {
  rejectUnknownFields(input, [...writable, ...readOnly], 'Invoice');
  const body: JsonObject = {};
  for (const f of writable) if (input[f] !== undefined && input[f] !== null) body[f] = cloneJson(input[f]);

  const customerId = optionalRef(input, 'CustomerRef');
  if (customerId === undefined) throw fault.requiredParam('CustomerRef', 'CustomerRef');
  const customer = company.find('Customer', customerId);
  if (!customer || customer.deletedMs !== undefined) throw fault.invalidReference(customerId, 'CustomerRef');
  if (customer.body.Active === false) throw fault.objectNotFound();
  body.CustomerRef = { value: customerId, name: String(customer.body.DisplayName) };

  const lines = invoiceLines(company, input.Line, existing);
  body.Line = lines;

  const docNumber = optionalString(input, 'DocNumber', fieldLengths.DocNumber, 'DocNumber');
  if (!company.preferences.customTxnNumbers) {
    // Custom transaction numbers off: QuickBooks numbers the invoice itself, whatever was sent
    // (README: whether the real service keeps a sent DocNumber is unconfirmed; this is the answer that hurts).
    body.DocNumber = typeof existing?.body.DocNumber === 'string' ? existing.body.DocNumber : nextDocNumber(company);
  } else if (docNumber !== undefined && docNumber !== '') {
    const taken = company.all('Invoice').some((i) => i !== existing && i.body.DocNumber === docNumber);
    if (taken && !options.allowDuplicateDocNumber) throw fault.duplicateDocNumber(docNumber);
  }

  const today = companyDate(company.now(), company.identity.timeZone);
  body.TxnDate = optionalDate(input, 'TxnDate') ?? (typeof existing?.body.TxnDate === 'string' ? existing.body.TxnDate : today);
  const term = invoiceTerm(company, input, customer);
  if (term) body.SalesTermRef = { value: term.id, name: String(term.body.Name) };
  body.DueDate = optionalDate(input, 'DueDate') ?? addDays(String(body.TxnDate), term ? Number(term.body.DueDays ?? 0) : 0);
  optionalString(input, 'PrivateNote', fieldLengths.PrivateNote);
  const memo = optionalObject(input, 'CustomerMemo');
  if (memo) optionalString(memo, 'value', 1000, 'CustomerMemo');

  const billEmail = optionalObject(input, 'BillEmail');
  const address = billEmail ? optionalString(billEmail, 'Address', 100, 'BillEmail.Address') : undefined;
  if (address !== undefined && !isEmailAddress(address)) throw fault.business(`Email Address does not conform to the syntax rules of RFC 822. Supplied value:${address}`, 'BillEmail');
  const emailStatus = optionalString(input, 'EmailStatus') ?? 'NotSet';
  if (!emailStatuses.includes(emailStatus)) throw fault.invalidEnumeration('EmailStatus', emailStatus);
  if (emailStatus === 'NeedToSend' && !address) throw fault.requiredParam('BillEmail', 'BillEmail');
  body.EmailStatus = emailStatus;
  const printStatus = optionalString(input, 'PrintStatus') ?? 'NotSet';
  if (!printStatuses.includes(printStatus)) throw fault.invalidEnumeration('PrintStatus', printStatus);
  body.PrintStatus = printStatus;
  if (existing?.body.DeliveryInfo !== undefined) body.DeliveryInfo = cloneJson(existing.body.DeliveryInfo);

  body.Deposit = optionalNumber(input, 'Deposit') ?? 0;
  const calculation = globalTaxCalculation(company, input);
  if (calculation === undefined) delete body.GlobalTaxCalculation;
  else body.GlobalTaxCalculation = calculation;
  body.TxnTaxDetail = invoiceTaxDetail(company, lines, calculation, input.TxnTaxDetail);
  body.CurrencyRef = { ...company.tax.currency };
  body.ApplyTaxAfterDiscount = false;
  body.AllowOnlineCreditCardPayment = input.AllowOnlineCreditCardPayment === true;
  body.AllowOnlineACHPayment = input.AllowOnlineACHPayment === true;

  const draft = { ...(existing ?? { name: 'Invoice' as const, id: '', syncToken: 0, createdMs: 0, updatedMs: 0 }), body };
  if (company.invoiceBalanceCents(draft) < 0n) throw fault.business('The invoice total is less than the payments and deposit applied to it.', 'Line');
  return body;
}

function invoiceLines(company: Company, raw: unknown, existing?: StoredEntity): JsonObject[] {
  if (!Array.isArray(raw) || raw.length === 0) throw fault.requiredParam('Line', 'Line');
  const previousIds = new Set((Array.isArray(existing?.body.Line) ? existing.body.Line : []).map((l) => (isJsonObject(l) ? String(l.Id) : '')));
  let lastId = Math.max(0, ...[...previousIds].map(Number).filter(Number.isFinite));
  const lines: JsonObject[] = [];
  for (const entry of raw) {
    if (!isJsonObject(entry)) throw fault.malformedBody('Line');
    rejectUnknownFields(entry, lineFields, 'Line');
    const detailType = optionalString(entry, 'DetailType');
    if (detailType === 'SubTotalLineDetail') continue; // recomputed on every read
    if (detailType === undefined) throw fault.requiredParam('Line.DetailType', 'Line.DetailType');
    if (detailType !== 'SalesItemLineDetail' && detailType !== 'DescriptionOnly') throw fault.invalidEnumeration('Line.DetailType', detailType);
    const description = optionalString(entry, 'Description', 4000, 'Line.Description');
    const givenId = entry.Id === undefined ? undefined : String(entry.Id);
    const id = givenId !== undefined && previousIds.has(givenId) ? givenId : String(++lastId);
    const line: JsonObject = { Id: id, LineNum: lines.length + 1 };
    if (description !== undefined) line.Description = description;
    if (detailType === 'DescriptionOnly') {
      Object.assign(line, { Amount: 0, DetailType: 'DescriptionOnly', DescriptionOnly: {} });
      lines.push(line);
      continue;
    }
    const amount = optionalNumber(entry, 'Amount');
    if (amount === undefined) throw fault.requiredParam('Line.Amount', 'Line.Amount');
    const detail = optionalObject(entry, 'SalesItemLineDetail') ?? {};
    rejectUnknownFields(detail, salesDetailFields, 'SalesItemLineDetail');
    const itemId = optionalRef(detail, 'ItemRef');
    if (itemId === undefined) throw fault.requiredParam('ItemRef', 'Line.SalesItemLineDetail.ItemRef');
    const item = company.find('Item', itemId);
    if (!item || item.deletedMs !== undefined) throw fault.invalidReference(itemId, 'Line.SalesItemLineDetail.ItemRef');
    if (item.body.Type === 'Category') throw fault.categoryItemOnLine(itemId);
    if (item.body.Active === false) throw fault.objectNotFound();
    const qty = optionalNumber(detail, 'Qty');
    const unitPrice = optionalNumber(detail, 'UnitPrice');
    // 6070: compared after rounding to cents, in exact decimal arithmetic (§5.4).
    if (qty !== undefined && unitPrice !== undefined && productCents(qty, unitPrice) !== toCents(amount)) throw fault.amountMismatch(formatAmount(amount));
    const outDetail: JsonObject = { ...cloneJson(detail), ItemRef: { value: itemId, name: String(item.body.Name) } };
    outDetail.TaxCodeRef = lineTaxCode(company, detail);
    Object.assign(line, { Amount: centsToNumber(toCents(amount)), DetailType: 'SalesItemLineDetail', SalesItemLineDetail: outDetail });
    lines.push(line);
  }
  if (lines.length === 0) throw fault.requiredParam('Line', 'Line');
  return lines;
}

/** SalesTermRef sent, else the customer's terms, else the company's default terms (Preferences.SalesFormsPrefs.DefaultTerms). */
function invoiceTerm(company: Company, input: JsonObject, customer: StoredEntity): StoredEntity | undefined {
  const sent = optionalRef(input, 'SalesTermRef');
  if (sent !== undefined) {
    const term = company.find('Term', sent);
    if (!term || term.deletedMs !== undefined) throw fault.invalidReference(sent, 'SalesTermRef');
    if (term.body.Active === false) throw fault.objectNotFound();
    return term;
  }
  const fallback = optionalRef(customer.body, 'SalesTermRef') ?? company.preferences.defaultTermsId ?? undefined;
  const term = fallback !== undefined ? company.find('Term', fallback) : undefined;
  return term && term.deletedMs === undefined && term.body.Active !== false ? term : undefined;
}

function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/** Auto-numbering when custom transaction numbers are off: one past the highest numeric DocNumber. */
function nextDocNumber(company: Company): string {
  const highest = company.all('Invoice').reduce((max, i) => Math.max(max, /^\d+$/.test(String(i.body.DocNumber ?? '')) ? Number(i.body.DocNumber) : 0), 1000);
  return String(highest + 1);
}

export function isVoided(invoice: StoredEntity): boolean {
  return typeof invoice.body.PrivateNote === 'string' && invoice.body.PrivateNote.startsWith('Voided');
}

/** §5.4 void: amounts and quantities become 0, "Voided" is prepended to PrivateNote. */
export function voidInvoice(company: Company, invoice: StoredEntity): void {
  if (company.appliedTo(invoice.id).size > 0) throw fault.business('This transaction has payments applied to it. Remove the payments before voiding it.');
  if (isVoided(invoice)) return company.touch(invoice, 'Void');
  const lines = (Array.isArray(invoice.body.Line) ? invoice.body.Line : []).map((l) => {
    if (!isJsonObject(l)) return l;
    const detail = isJsonObject(l.SalesItemLineDetail) ? { ...l.SalesItemLineDetail, Qty: 0, UnitPrice: 0 } : undefined;
    return { ...l, Amount: 0, ...(detail ? { SalesItemLineDetail: detail } : {}) };
  });
  const note = typeof invoice.body.PrivateNote === 'string' && invoice.body.PrivateNote !== '' ? `Voided - ${invoice.body.PrivateNote}` : 'Voided';
  company.replace(invoice, { ...invoice.body, Line: lines, Deposit: 0, TxnTaxDetail: { TotalTax: 0 }, PrivateNote: note }, 'Void');
}

export function deleteInvoice(company: Company, invoice: StoredEntity): void {
  if (company.appliedTo(invoice.id).size > 0) throw fault.business('This transaction is linked to other transactions (payments). Unlink them before deleting it.');
  company.markDeleted(invoice);
}

/** §5.4 send: EmailStatus EmailSent, DeliveryInfo, and `sendTo` becomes the BillEmail. Sandbox realms send 40 a day. */
export function sendInvoice(company: Company, invoice: StoredEntity, sendTo: string | undefined, sandboxEmailsPerDay: number): void {
  const to = sendTo ?? (isJsonObject(invoice.body.BillEmail) && typeof invoice.body.BillEmail.Address === 'string' ? invoice.body.BillEmail.Address : undefined);
  if (!to) throw fault.requiredParam('BillEmail', 'BillEmail');
  if (!isEmailAddress(to)) throw fault.business(`Email Address does not conform to the syntax rules of RFC 822. Supplied value:${to}`, 'sendTo');
  const now = company.now();
  const tz = company.identity.timeZone;
  if (company.identity.environment === 'sandbox') {
    const today = companyDate(now, tz);
    const sentToday = company.emails.filter((e) => companyDate(e.atMs, tz) === today).length;
    if (sentToday >= sandboxEmailsPerDay) throw fault.business(`Sandbox companies can send ${sandboxEmailsPerDay} emails a day.`);
  }
  company.emails.push({ invoiceId: invoice.id, to, atMs: now });
  const body: JsonObject = { ...invoice.body, EmailStatus: 'EmailSent', DeliveryInfo: { DeliveryType: 'Email', DeliveryTime: company.stamp(now) } };
  if (sendTo) body.BillEmail = { Address: sendTo };
  company.replace(invoice, body, 'Emailed');
}

import type { Company, StoredEntity } from './company';
import { refValue } from './company';
import { fault } from './faults';
import type { JsonObject } from './json';
import { cloneJson } from './json';
import { fieldLengths } from './limits';
import { isEmailAddress, optionalBoolean, optionalObject, optionalRef, optionalString, rejectUnknownFields } from './entity-input';

/**
 * QuickBooks Online emulator: Customer rules (spec §5.1). DisplayName is required (or derived from
 * the name parts), unique (6240), ≤500 chars, without `:` tab or newline; phones are free-form text
 * ≤30 chars; sub-customers get `Parent:Child` FullyQualifiedName.
 */

const writable = [
  'DisplayName', 'Title', 'GivenName', 'MiddleName', 'FamilyName', 'Suffix', 'CompanyName', 'PrintOnCheckName',
  'PrimaryPhone', 'Mobile', 'AlternatePhone', 'Fax', 'PrimaryEmailAddr', 'WebAddr', 'BillAddr', 'ShipAddr', 'Notes',
  'Active', 'Job', 'ParentRef', 'BillWithParent', 'Taxable', 'PreferredDeliveryMethod', 'CurrencyRef', 'SalesTermRef',
  'PaymentMethodRef', 'ResaleNum', 'PrimaryTaxIdentifier', 'OpenBalanceDate',
];
const readOnly = ['Balance', 'BalanceWithJobs', 'FullyQualifiedName', 'Level', 'V4IDPseudonym'];
export const phoneFields = ['PrimaryPhone', 'Mobile', 'AlternatePhone', 'Fax'] as const;
const deliveryMethods = ['Print', 'Email', 'None'];

export function customerBody(company: Company, input: JsonObject, existing?: StoredEntity): JsonObject {
  rejectUnknownFields(input, [...writable, ...readOnly], 'Customer');
  const body: JsonObject = {};
  for (const f of writable) if (input[f] !== undefined && input[f] !== null) body[f] = cloneJson(input[f]);

  const nameParts = ['Title', 'GivenName', 'MiddleName', 'FamilyName', 'Suffix'].map((f) => optionalString(input, f, 100)).filter(Boolean);
  const displayName = (optionalString(input, 'DisplayName', fieldLengths.DisplayName) ?? (nameParts.length ? nameParts.join(' ') : optionalString(input, 'CompanyName'))) ?? '';
  if (displayName.trim() === '') throw fault.requiredParam('DisplayName', 'DisplayName');
  if (/[:\t\n]/.test(displayName)) throw fault.business('DisplayName cannot contain a colon (:), tab or newline.', 'DisplayName');
  body.DisplayName = displayName;
  const key = displayName.trim().toLowerCase();
  if (company.all('Customer').some((c) => c !== existing && String(c.body.DisplayName).trim().toLowerCase() === key)) throw fault.duplicateName();

  for (const f of phoneFields) {
    const phone = optionalObject(input, f);
    if (phone) optionalString(phone, 'FreeFormNumber', fieldLengths.phone, `${f}.FreeFormNumber`);
  }
  const email = optionalObject(input, 'PrimaryEmailAddr');
  const address = email ? optionalString(email, 'Address', 100, 'PrimaryEmailAddr.Address') : undefined;
  if (address !== undefined && address !== '' && !isEmailAddress(address)) throw fault.business(`Email Address does not conform to the syntax rules of RFC 822. Supplied value:${address}`, 'PrimaryEmailAddr');
  optionalString(input, 'Notes', fieldLengths.Notes);

  const delivery = optionalString(input, 'PreferredDeliveryMethod') ?? 'Print';
  if (!deliveryMethods.includes(delivery)) throw fault.invalidEnumeration('PreferredDeliveryMethod', delivery);
  body.PreferredDeliveryMethod = delivery;

  const parentId = optionalRef(input, 'ParentRef');
  let fullyQualified = displayName;
  if (parentId !== undefined) {
    const parent = company.find('Customer', parentId);
    if (!parent || parent.deletedMs !== undefined) throw fault.invalidReference(parentId, 'ParentRef');
    if (parent.body.Active === false) throw fault.objectNotFound();
    fullyQualified = `${String(parent.body.FullyQualifiedName)}:${displayName}`;
    body.ParentRef = { value: parentId, name: String(parent.body.DisplayName) };
    body.Level = 1;
  }
  body.FullyQualifiedName = fullyQualified;
  body.PrintOnCheckName = optionalString(input, 'PrintOnCheckName', 110) ?? displayName;
  body.Active = optionalBoolean(input, 'Active') ?? true;
  body.Job = optionalBoolean(input, 'Job') ?? parentId !== undefined;
  body.BillWithParent = optionalBoolean(input, 'BillWithParent') ?? false;
  body.Taxable = optionalBoolean(input, 'Taxable') ?? false;
  body.CurrencyRef = { value: 'USD', name: 'United States Dollar' };
  return body;
}

/** Merges in QuickBooks move the merged customer's invoices and payments to the survivor. */
export function repointCustomerReferences(company: Company, fromId: string, into: StoredEntity): void {
  for (const name of ['Invoice', 'Payment'] as const) {
    for (const txn of company.all(name)) {
      if (refValue(txn.body.CustomerRef) !== fromId) continue;
      txn.body.CustomerRef = { value: into.id, name: String(into.body.DisplayName) };
      company.touch(txn);
    }
  }
}

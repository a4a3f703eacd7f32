import type { Company, StoredEntity } from './company';
import { fault } from './faults';
import type { JsonObject } from './json';
import { cloneJson } from './json';
import { fieldLengths } from './limits';
import { optionalBoolean, optionalNumber, optionalRef, optionalString, rejectUnknownFields } from './entity-input';

/**
 * QuickBooks Online emulator: Item rules (spec §5.3). Name unique among items and ≤100 chars;
 * Service and NonInventory items need an IncomeAccountRef; Category items exist but cannot be billed.
 * Inventory and Bundle items are outside what the emulator models.
 */

const writable = ['Name', 'Sku', 'Description', 'Active', 'Taxable', 'SalesTaxIncluded', 'UnitPrice', 'Type', 'IncomeAccountRef', 'ExpenseAccountRef', 'PurchaseDesc', 'PurchaseCost', 'SubItem', 'ParentRef'];
const readOnly = ['FullyQualifiedName', 'Level', 'TrackQtyOnHand'];
const types = ['Service', 'NonInventory', 'Inventory', 'Category', 'Bundle'];

export function itemBody(company: Company, input: JsonObject, existing?: StoredEntity): JsonObject {
  rejectUnknownFields(input, [...writable, ...readOnly], 'Item');
  const body: JsonObject = {};
  for (const f of writable) if (input[f] !== undefined && input[f] !== null) body[f] = cloneJson(input[f]);
  const name = optionalString(input, 'Name', fieldLengths.ItemName);
  if (!name?.trim()) throw fault.requiredParam('Name', 'Name');
  if (name.includes(':')) throw fault.business('Item name cannot contain a colon (:).', 'Name');
  const key = name.trim().toLowerCase();
  if (company.all('Item').some((i) => i !== existing && String(i.body.Name).trim().toLowerCase() === key)) throw fault.duplicateName();
  const type = optionalString(input, 'Type') ?? 'Service';
  if (!types.includes(type)) throw fault.invalidEnumeration('Type', type);
  if (type === 'Inventory' || type === 'Bundle') throw fault.business(`The QuickBooks emulator does not model ${type} items.`, 'Type');
  if (type !== 'Category') {
    const accountId = optionalRef(input, 'IncomeAccountRef');
    if (accountId === undefined) throw fault.requiredParam('IncomeAccountRef', 'IncomeAccountRef');
    const account = company.find('Account', accountId);
    if (!account || account.deletedMs !== undefined) throw fault.invalidReference(accountId, 'IncomeAccountRef');
    body.IncomeAccountRef = { value: accountId, name: String(account.body.Name) };
    body.UnitPrice = optionalNumber(input, 'UnitPrice') ?? 0;
    body.Taxable = optionalBoolean(input, 'Taxable') ?? false;
  }
  body.Name = name;
  body.FullyQualifiedName = name;
  body.Type = type;
  body.Active = optionalBoolean(input, 'Active') ?? true;
  return body;
}

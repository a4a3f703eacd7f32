import type { JsonValue } from './json';
import { isJsonObject } from './json';

/**
 * QuickBooks Online emulator: which properties each entity lets a query filter or sort on
 * (spec §5.1, §5.2; Item, Payment and Account from Intuit's entity reference). Anything else in
 * WHERE or ORDERBY is 400/4001 "property 'X' is not queryable" — notably every phone field (trap 3).
 */

type FieldKind = 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'ref' | 'email' | 'id';

const metaData: Record<string, FieldKind> = { 'MetaData.CreateTime': 'datetime', 'MetaData.LastUpdatedTime': 'datetime' };

export const queryableFields: Record<string, Record<string, FieldKind>> = {
  Customer: {
    Id: 'id', DisplayName: 'string', GivenName: 'string', MiddleName: 'string', FamilyName: 'string', CompanyName: 'string',
    PrintOnCheckName: 'string', FullyQualifiedName: 'string', PrimaryEmailAddr: 'email', Active: 'boolean', Balance: 'number', ...metaData,
  },
  Item: { Id: 'id', Name: 'string', Type: 'string', Active: 'boolean', FullyQualifiedName: 'string', Sku: 'string', ...metaData },
  // TotalAmt is UNCONFIRMED in the spec; accepted here.
  Invoice: { Id: 'id', DocNumber: 'string', TxnDate: 'date', DueDate: 'date', CustomerRef: 'ref', Balance: 'number', TotalAmt: 'number', ...metaData },
  Payment: { Id: 'id', TxnDate: 'date', CustomerRef: 'ref', TotalAmt: 'number', ...metaData },
  Account: { Id: 'id', Name: 'string', AccountType: 'string', Classification: 'string', Active: 'boolean', FullyQualifiedName: 'string', ...metaData },
  // Name lists of the tax model and terms (issue 11): filterable by Id, Name and Active.
  TaxCode: { Id: 'id', Name: 'string', Active: 'boolean', Taxable: 'boolean', TaxGroup: 'boolean', ...metaData },
  TaxRate: { Id: 'id', Name: 'string', Active: 'boolean', RateValue: 'number', ...metaData },
  Term: { Id: 'id', Name: 'string', Active: 'boolean', ...metaData },
  CompanyInfo: { Id: 'id', ...metaData },
  Preferences: { ...metaData },
};

export function fieldKind(entity: string, field: string): FieldKind | undefined {
  return queryableFields[entity]?.[field];
}

/** The comparable value of a queryable field in a rendered entity. */
export function fieldValue(entity: Record<string, JsonValue>, field: string, kind: FieldKind): JsonValue | undefined {
  if (field.startsWith('MetaData.')) {
    const meta = entity.MetaData;
    return isJsonObject(meta) ? meta[field.slice('MetaData.'.length)] : undefined;
  }
  const v = entity[field];
  if (kind === 'ref') return isJsonObject(v) ? v.value : undefined;
  if (kind === 'email') return isJsonObject(v) ? v.Address : undefined;
  return v;
}

export type { FieldKind };

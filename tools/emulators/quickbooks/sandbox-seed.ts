import type { Company } from './company';
import { customerBody } from './customers';
import { itemBody } from './items';
import type { JsonObject } from './json';
import { seedTaxAndTerms } from './tax-regions';

/**
 * QuickBooks Online emulator: the sandbox company the demo and manual tests start from — the
 * accounts QBO creates, service items for support time, overage and per-call fees, and customers whose
 * phones come in mixed formats, with one number shared by two customers and one that no parser can
 * read. Seeded 45 days back, so a 30-day CDC window does not return them (a full import does).
 */

const seedAgeMs = 45 * 86_400_000;

export function seedAccounts(company: Company): void {
  const at = company.now() - seedAgeMs;
  const accounts: JsonObject[] = [
    { Name: 'Services', AccountType: 'Income', AccountSubType: 'ServiceFeeIncome', Classification: 'Revenue' },
    { Name: 'Sales of Product Income', AccountType: 'Income', AccountSubType: 'SalesOfProductIncome', Classification: 'Revenue' },
    { Name: 'Undeposited Funds', AccountType: 'Other Current Asset', AccountSubType: 'UndepositedFunds', Classification: 'Asset' },
    { Name: 'Accounts Receivable (A/R)', AccountType: 'Accounts Receivable', AccountSubType: 'AccountsReceivable', Classification: 'Asset' },
  ];
  for (const a of accounts) company.insert('Account', { ...a, FullyQualifiedName: a.Name ?? '', Active: true, CurrencyRef: { ...company.tax.currency } }, at);
  // The region's TaxCodes and TaxRates, and the standard terms, come with the company.
  seedTaxAndTerms(company, at);
}

export function seedSandbox(company: Company): void {
  const at = company.now() - seedAgeMs;
  const services = company.all('Account').find((a) => a.body.Name === 'Services');
  const income = { value: services?.id ?? '1', name: 'Services' };
  const items: JsonObject[] = [
    { Name: 'Support time', Type: 'Service', Description: 'Live phone support, per hour', UnitPrice: 120, IncomeAccountRef: income },
    { Name: 'Overage', Type: 'Service', Description: 'Support beyond the plan, per hour', UnitPrice: 150, IncomeAccountRef: income },
    { Name: 'Per-call fee', Type: 'Service', Description: 'Pay-per-call support, per call', UnitPrice: 25, IncomeAccountRef: income },
    { Name: 'Support plans', Type: 'Category' },
  ];
  for (const i of items) company.insert('Item', itemBody(company, i), at);

  const phone = (n: string) => ({ FreeFormNumber: n });
  const customers: JsonObject[] = [
    {
      DisplayName: 'Harbor Dental Group', CompanyName: 'Harbor Dental Group', GivenName: 'Lena', FamilyName: 'Ortiz',
      PrimaryPhone: phone('(503) 555-0142'), Mobile: phone('503.555.0199'), PrimaryEmailAddr: { Address: 'billing@harbordental.example' }, PreferredDeliveryMethod: 'Email',
    },
    { DisplayName: 'Marco Bianchi', GivenName: 'Marco', FamilyName: 'Bianchi', AlternatePhone: phone('+1 971 555 0107'), PreferredDeliveryMethod: 'None' },
    // These two share an office line, written two ways.
    { DisplayName: 'Oak & Ivy Law', CompanyName: 'Oak & Ivy Law LLP', PrimaryPhone: phone('503-555-0160'), PrimaryEmailAddr: { Address: 'accounts@oakivy.example' } },
    { DisplayName: "O'Brien Accounting", CompanyName: "O'Brien Accounting", PrimaryPhone: phone('+15035550160'), PrimaryEmailAddr: { Address: 'ap@obrien.example' } },
    { DisplayName: 'Riverside Veterinary', CompanyName: 'Riverside Veterinary Clinic', PrimaryPhone: phone('ask for front desk'), PrimaryEmailAddr: { Address: 'office@riversidevet.example' } },
    { DisplayName: 'Northwind Bakery', PrimaryPhone: phone('503 555 0188'), Fax: phone('503-555-0189') },
    { DisplayName: 'Lumen Architects', CompanyName: 'Lumen Architects Ltd', PrimaryPhone: phone('+44 20 7946 0958'), PrimaryEmailAddr: { Address: 'studio@lumen.example' } },
    { DisplayName: 'Cedar Street Pediatrics', PrimaryEmailAddr: { Address: 'frontdesk@cedarpeds.example' }, PreferredDeliveryMethod: 'Email' },
    { DisplayName: 'Old Mill Cafe', PrimaryPhone: phone('5035550111'), Active: false },
  ];
  for (const c of customers) company.insert('Customer', customerBody(company, c), at);
  const harbor = company.all('Customer').find((c) => c.body.DisplayName === 'Harbor Dental Group');
  if (harbor) company.insert('Customer', customerBody(company, { DisplayName: 'Downtown Clinic', PrimaryPhone: phone('(503) 555-0143'), ParentRef: { value: harbor.id } }), at);
}

export interface BulkCustomerOptions {
  /** Every Nth customer gets the previous one's number (default 50; 0 = never). */
  sharedNumberEvery?: number;
  /** Every Nth customer gets a number no parser can read (default 97; 0 = never). */
  unparseableEvery?: number;
  namePrefix?: string;
}

const formats = [
  (a: string, b: string) => `(503) ${a}-${b}`,
  (a: string, b: string) => `503.${a}.${b}`,
  (a: string, b: string) => `+1 503 ${a} ${b}`,
  (a: string, b: string) => `503${a}${b}`,
  (a: string, b: string) => `503-${a}-${b} ext. 12`,
];

/** Adds N customers at once, straight into the books (no per-record validation), for import tests. */
export function addBulkCustomers(company: Company, count: number, options: BulkCustomerOptions = {}): string[] {
  const sharedEvery = options.sharedNumberEvery ?? 50;
  const badEvery = options.unparseableEvery ?? 97;
  const prefix = options.namePrefix ?? 'Bulk Customer';
  const taken = new Set(company.all('Customer').map((c) => String(c.body.DisplayName).toLowerCase()));
  const start = company.all('Customer').length;
  const ids: string[] = [];
  let previous = '';
  for (let i = 1; i <= count; i++) {
    let name = `${prefix} ${String(start + i).padStart(5, '0')}`;
    while (taken.has(name.toLowerCase())) name += '+';
    taken.add(name.toLowerCase());
    const n = start + i;
    const exchange = String(200 + (Math.floor(n / 10_000) % 700));
    const line = String(n % 10_000).padStart(4, '0');
    let number = (formats[n % formats.length] ?? formats[0]!)(exchange, line);
    if (sharedEvery > 0 && i % sharedEvery === 0 && previous) number = previous;
    if (badEvery > 0 && i % badEvery === 0) number = 'see notes';
    else previous = number;
    const body: JsonObject = {
      DisplayName: name,
      FullyQualifiedName: name,
      PrintOnCheckName: name,
      PrimaryPhone: { FreeFormNumber: number },
      PrimaryEmailAddr: { Address: `billing${n}@customers.example` },
      Active: true,
      Job: false,
      BillWithParent: false,
      Taxable: false,
      PreferredDeliveryMethod: 'Email',
      CurrencyRef: { value: 'USD', name: 'United States Dollar' },
    };
    ids.push(company.insert('Customer', body).id);
  }
  return ids;
}

import type { Company } from './company';
import type { JsonObject } from './json';

/**
 * QuickBooks Online emulator: the tax models of the regions it can be (README "Tax and company
 * preferences"). A US company bills lines with the pseudo-codes TAX/NON, and with automated sales
 * tax (AST) QuickBooks works the tax out itself from a rate it holds; UK, Canadian and Australian
 * companies need one of their own TaxCode ids on every line and honour GlobalTaxCalculation.
 * The TaxCodes and TaxRates seeded here are the defaults QuickBooks creates in those regions
 * (names from Intuit's and integrators' pages; the ids are the emulator's).
 */

export type TaxRegion = 'US' | 'US-AST' | 'GB' | 'CA' | 'AU';
export const taxRegions: readonly TaxRegion[] = ['US', 'US-AST', 'GB', 'CA', 'AU'];

export interface CompanyTaxSettings {
  region: TaxRegion;
  /** CompanyInfo.Country. */
  country: string;
  currency: { value: string; name: string };
  /** Preferences.TaxPrefs.UsingSalesTax. */
  usingSalesTax: boolean;
  /** Preferences.TaxPrefs.PartnerTaxEnabled: QuickBooks computes US sales tax itself. */
  automatedSalesTax: boolean;
  /** AST: the combined rate QuickBooks finds for the address, in basis points (8.65 % = 865). */
  automatedRateBasisPoints: number;
  /** What a line without a TaxCodeRef is refused with, in the region's own word ("VAT", "GST/HST"). */
  taxWord: string;
}

export interface TaxRegionOptions {
  region?: TaxRegion;
  /** US only: TaxPrefs.UsingSalesTax (default false for US, true elsewhere and with AST). */
  usingSalesTax?: boolean;
  /** US-AST: the rate QuickBooks holds, in basis points (default 865: not Ringside's usual 825). */
  automatedRateBasisPoints?: number;
}

export function taxSettingsFor(options: TaxRegionOptions = {}): CompanyTaxSettings {
  const region = options.region ?? 'US';
  const base = { region, automatedSalesTax: false, automatedRateBasisPoints: 0 };
  switch (region) {
    case 'US':
      return { ...base, country: 'US', currency: { value: 'USD', name: 'United States Dollar' }, usingSalesTax: options.usingSalesTax ?? false, taxWord: 'sales tax' };
    case 'US-AST':
      return {
        ...base,
        country: 'US',
        currency: { value: 'USD', name: 'United States Dollar' },
        usingSalesTax: true,
        automatedSalesTax: true,
        automatedRateBasisPoints: options.automatedRateBasisPoints ?? 865,
        taxWord: 'sales tax',
      };
    // Intuit's examples name the UK edition "UK"; CompanyInfo.Country may read "GB" (unconfirmed): the emulator says "GB".
    case 'GB':
      return { ...base, country: 'GB', currency: { value: 'GBP', name: 'British Pound Sterling' }, usingSalesTax: true, taxWord: 'VAT' };
    case 'CA':
      return { ...base, country: 'CA', currency: { value: 'CAD', name: 'Canadian Dollar' }, usingSalesTax: true, taxWord: 'GST/HST' };
    case 'AU':
      return { ...base, country: 'AU', currency: { value: 'AUD', name: 'Australian Dollar' }, usingSalesTax: true, taxWord: 'GST' };
  }
}

interface SeedRate {
  name: string;
  percent: number;
}
interface SeedCode {
  name: string;
  description: string;
  rates: string[];
}

const regionCodes: Record<TaxRegion, { rates: SeedRate[]; codes: SeedCode[] }> = {
  US: { rates: [{ name: 'State sales tax', percent: 8.25 }], codes: [{ name: 'State sales tax', description: 'State sales tax', rates: ['State sales tax'] }] },
  'US-AST': { rates: [], codes: [] },
  GB: {
    rates: [
      { name: '20.0% S', percent: 20 },
      { name: '5.0% R', percent: 5 },
      { name: '0.0% Z', percent: 0 },
      { name: 'Exempt', percent: 0 },
    ],
    codes: [
      { name: '20.0% S', description: 'Standard', rates: ['20.0% S'] },
      { name: '5.0% R', description: 'Reduced', rates: ['5.0% R'] },
      { name: '0.0% Z', description: 'Zero-rated', rates: ['0.0% Z'] },
      { name: 'Exempt', description: 'Exempt from VAT', rates: ['Exempt'] },
      { name: 'No VAT', description: 'Outside the scope of VAT', rates: [] },
    ],
  },
  CA: {
    rates: [
      { name: 'GST', percent: 5 },
      { name: 'HST ON', percent: 13 },
      { name: 'Zero-rated', percent: 0 },
      { name: 'Exempt', percent: 0 },
    ],
    codes: [
      { name: 'GST', description: 'Federal goods and services tax', rates: ['GST'] },
      { name: 'HST ON', description: 'Harmonized sales tax, Ontario', rates: ['HST ON'] },
      { name: 'Zero-rated', description: 'Zero-rated sales', rates: ['Zero-rated'] },
      { name: 'Exempt', description: 'Exempt sales', rates: ['Exempt'] },
    ],
  },
  AU: {
    rates: [
      { name: 'GST (sales)', percent: 10 },
      { name: 'GST free', percent: 0 },
    ],
    codes: [
      { name: 'GST', description: 'Goods and services tax', rates: ['GST (sales)'] },
      { name: 'GST free', description: 'GST-free sales', rates: ['GST free'] },
      { name: 'Out of scope', description: 'Out of scope of GST', rates: [] },
    ],
  },
};

export interface SeedTerm {
  name: string;
  dueDays: number;
}

/** The standard terms every QuickBooks company starts with. */
export const standardTerms: readonly SeedTerm[] = [
  { name: 'Due on receipt', dueDays: 0 },
  { name: 'Net 15', dueDays: 15 },
  { name: 'Net 30', dueDays: 30 },
  { name: 'Net 60', dueDays: 60 },
];

/** TaxRates, TaxCodes and Terms of the company's region, straight into the books. */
export function seedTaxAndTerms(company: Company, atMs: number): void {
  const { rates, codes } = regionCodes[company.tax.region];
  const rateIds = new Map<string, string>();
  for (const r of rates) {
    const rate = company.insert('TaxRate', { Name: r.name, Description: r.name, Active: true, RateValue: r.percent, SpecialTaxType: 'NONE', DisplayType: 'ReadOnly' }, atMs);
    rateIds.set(r.name, rate.id);
  }
  for (const c of codes) {
    const details: JsonObject[] = c.rates.map((name, order) => ({ TaxRateRef: { value: rateIds.get(name) ?? '', name }, TaxTypeApplicable: 'TaxOnAmount', TaxOrder: order }));
    const taxable = c.rates.some((name) => (rates.find((r) => r.name === name)?.percent ?? 0) > 0);
    company.insert('TaxCode', { Name: c.name, Description: c.description, Active: true, Taxable: taxable, TaxGroup: true, SalesTaxRateList: { TaxRateDetail: details }, PurchaseTaxRateList: { TaxRateDetail: [] } }, atMs);
  }
  for (const t of standardTerms) company.insert('Term', { Name: t.name, Active: true, Type: 'STANDARD', DueDays: t.dueDays }, atMs);
}

/** The id of a standard term by name ("Net 30"), for tests and seeds. */
export function termId(company: Company, name: string): string | undefined {
  return company.all('Term').find((t) => t.body.Name === name)?.id;
}

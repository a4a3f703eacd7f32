import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openConsoleDatabase } from '../db/open-console-database';
import type { InvoiceLinesTable } from '../db/schema';
import { companyProfileFrom, customNumbersWarning, saveCompanyProfile, taxRegionOf, type QuickBooksCompanyProfile } from './company-profile';
import { invoicePayload } from './invoice-payload';
import { currentTaxTreatment, ratePercent, taxCodeForRate, taxTreatment } from './tax-mapping';

/** Which tax code each Ringside rate goes out with, per region, and what the invoice payload then says (issue 11 §1). */

const READ_AT = '2026-09-01T17:00:00.000Z';
const rates = (list: [string, number][]) => list.map(([Id, RateValue]) => ({ Id, Name: `rate ${Id}`, RateValue, Active: true }));
const code = (Id: string, Name: string, rateIds: string[], Active = true) => ({ Id, Name, Active, Taxable: rateIds.length > 0, SalesTaxRateList: { TaxRateDetail: rateIds.map((r) => ({ TaxRateRef: { value: r } })) } });

function ukProfile(): QuickBooksCompanyProfile {
  return companyProfileFrom(
    'realm-uk',
    { Country: 'GB' },
    { TaxPrefs: { UsingSalesTax: true }, SalesFormsPrefs: { CustomTxnNumbers: true, DefaultTerms: { value: '3' } } },
    [code('2', '20.0% S', ['1']), code('3', '5.0% R', ['2']), code('4', '0.0% Z', ['3']), code('5', 'Exempt', ['4']), code('6', 'Old 17.5%', ['5'], false)],
    rates([['1', 20], ['2', 5], ['3', 0], ['4', 0], ['5', 17.5]]),
    READ_AT,
  );
}

function usProfile(automated: boolean): QuickBooksCompanyProfile {
  return companyProfileFrom('realm-us', { Country: 'US' }, { TaxPrefs: { UsingSalesTax: true, PartnerTaxEnabled: automated }, SalesFormsPrefs: { CustomTxnNumbers: false } }, [], [], READ_AT);
}

const line = (patch: Partial<InvoiceLinesTable>): InvoiceLinesTable => ({
  invoice_key: 'sub:s1:2026-09-01',
  line_no: 1,
  description: 'Priority — monthly plan',
  quantity: '1',
  unit: 'each',
  unit_price_minor: 19_950,
  amount_minor: 19_950,
  tax_basis_points: 2000,
  tax_minor: 3_990,
  charge_id: null,
  ...patch,
});
const payloadWith = (tax: ReturnType<typeof taxTreatment>, lines: InvoiceLinesTable[]) =>
  invoicePayload({
    invoice: { invoice_key: 'sub:s1:2026-09-01', kind: 'subscription', issue_date: '2026-09-01', period_start: '2026-09-01', period_end: '2026-09-30' },
    lines,
    customerQuickbooksId: '58',
    items: { supportTime: '1', overage: '2', perCallFee: '3' },
    billEmail: null,
    tax,
  });

describe('the company profile', () => {
  it('reads the country, tax preferences, custom numbers, default terms and each tax code with its sales rate', () => {
    const uk = ukProfile();
    expect(uk).toMatchObject({ region: 'GB', usingSalesTax: true, automatedSalesTax: false, customTxnNumbers: true, defaultTermsId: '3' });
    expect(uk.taxCodes.find((c) => c.name === '20.0% S')).toEqual({ id: '2', name: '20.0% S', active: true, taxable: true, salesRateBasisPoints: 2000 });
    expect(usProfile(true)).toMatchObject({ region: 'US', automatedSalesTax: true, customTxnNumbers: false });
  });

  it('reads "UK" and "GB" alike, and any other country as a company with real tax codes', () => {
    expect(taxRegionOf('UK')).toBe('GB');
    expect(taxRegionOf('GB')).toBe('GB');
    expect(taxRegionOf('Australia')).toBe('AU');
    expect(taxRegionOf('IN')).toBe('other');
  });

  it('warns in plain words only when QuickBooks numbers invoices itself', () => {
    expect(customNumbersWarning(usProfile(false))).toMatch(/QuickBooks is set to number invoices itself/);
    expect(customNumbersWarning(ukProfile())).toBeNull();
  });
});

describe('the tax mapping', () => {
  it('a US company takes TAX for a taxed rate and NON for none, chosen codes or not', () => {
    expect(taxCodeForRate(usProfile(false), new Map([[825, '9']]), 825)).toEqual({ taxCodeId: 'TAX', source: 'default' });
    expect(taxCodeForRate(usProfile(false), new Map(), 0)).toEqual({ taxCodeId: 'NON', source: 'default' });
  });

  it('elsewhere defaults to the one active code whose rate equals Ringside\'s, and asks when there are several or none', () => {
    const uk = ukProfile();
    expect(taxCodeForRate(uk, new Map(), 2000)).toEqual({ taxCodeId: '2', source: 'default' });
    // 0 %: zero-rated and exempt are different things to the tax office.
    expect(taxCodeForRate(uk, new Map(), 0)).toEqual({ taxCodeId: null, source: 'missing' });
    // 17.5 % exists only as an inactive code.
    expect(taxCodeForRate(uk, new Map(), 1750)).toEqual({ taxCodeId: null, source: 'missing' });
  });

  it('a code the bookkeeper chose wins, unless QuickBooks made it inactive since', () => {
    const uk = ukProfile();
    expect(taxCodeForRate(uk, new Map([[0, '5']]), 0)).toEqual({ taxCodeId: '5', source: 'chosen' });
    expect(taxCodeForRate(uk, new Map([[1750, '6']]), 1750)).toEqual({ taxCodeId: null, source: 'missing' });
  });

  it('names a rate the way a receptionist reads it', () => {
    expect(ratePercent(2000)).toBe('20 %');
    expect(ratePercent(825)).toBe('8.25 %');
    expect(ratePercent(0)).toBe('0 %');
  });
});

describe('the invoice payload per region', () => {
  it('a UK invoice carries the company\'s own code per line and says its amounts exclude tax', () => {
    const tax = taxTreatment(ukProfile(), new Map([[0, '5']]), [2000, 0]);
    const built = payloadWith(tax, [line({}), line({ line_no: 2, description: 'Setup', tax_basis_points: 0, tax_minor: 0, unit_price_minor: 1000, amount_minor: 1000 })]);
    if (!built.ok) throw new Error(built.problem);
    expect(built.payload.GlobalTaxCalculation).toBe('TaxExcluded');
    const codes = (built.payload.Line as { SalesItemLineDetail: { TaxCodeRef: { value: string } } }[]).map((l) => l.SalesItemLineDetail.TaxCodeRef.value);
    expect(codes).toEqual(['2', '5']);
  });

  it('an invoice with a rate that has no code waits in Ringside and says which rate, before QuickBooks sees it', () => {
    const built = payloadWith(taxTreatment(ukProfile(), new Map(), [2000, 0]), [line({ tax_basis_points: 0, tax_minor: 0 })]);
    expect(built).toEqual({ ok: false, problem: 'Waiting for a tax code for 0 %: choose it in Settings → QuickBooks', unmappedRates: [0] });
  });

  it('a US invoice (automated sales tax or not, or a company not read yet) sends TAX/NON and no GlobalTaxCalculation', () => {
    for (const tax of [taxTreatment(usProfile(true), new Map(), [825]), taxTreatment(usProfile(false), new Map(), [825]), taxTreatment(null, new Map(), [825])]) {
      const built = payloadWith(tax, [line({ tax_basis_points: 825, tax_minor: 1646 }), line({ line_no: 2, tax_basis_points: 0, tax_minor: 0 })]);
      if (!built.ok) throw new Error(built.problem);
      expect(built.payload).not.toHaveProperty('GlobalTaxCalculation');
      expect((built.payload.Line as { SalesItemLineDetail: { TaxCodeRef: { value: string } } }[]).map((l) => l.SalesItemLineDetail.TaxCodeRef.value)).toEqual(['TAX', 'NON']);
    }
  });
});

describe('the tax model the outbox pushes with', () => {
  it("is the connected company's only: none (the invoices wait) before it is read, never US codes or another company's", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-tax-model-'));
    const db = await openConsoleDatabase(path.join(dir, 'console.sqlite'));
    try {
      expect(currentTaxTreatment(db, 'realm-uk')).toBeNull();
      expect(currentTaxTreatment(db, null)).toBeNull();
      saveCompanyProfile(db, usProfile(false), Date.parse(READ_AT));
      // Reconnected to the UK company, whose read has not come yet: the US company's profile is not used.
      expect(currentTaxTreatment(db, 'realm-uk')).toBeNull();
      saveCompanyProfile(db, ukProfile(), Date.parse(READ_AT) + 1);
      expect(currentTaxTreatment(db, 'realm-uk')).toMatchObject({ model: 'codes' });
      expect(currentTaxTreatment(db, 'realm-us')).toEqual({ model: 'us' });
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

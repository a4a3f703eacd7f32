import { afterEach, describe, expect, it } from 'vitest';
import type { QuickBooksEmulator, QuickBooksEmulatorOptions } from './emulator';
import { createQuickBooksEmulator } from './emulator';
import { api, connect, query } from './test-session';

/** Regions, tax codes, default terms and custom transaction numbers (issue 11 §1; README "Tax and company preferences"). */
describe('QuickBooks emulator tax regions and company preferences', () => {
  let emulator: QuickBooksEmulator;
  let token: string;
  afterEach(() => emulator.close());

  async function start(options: QuickBooksEmulatorOptions): Promise<void> {
    const t = Date.parse('2026-09-01T17:15:02Z');
    emulator = createQuickBooksEmulator({ clock: () => t, ...options });
    await emulator.listen();
    token = (await connect(emulator)).access_token;
  }
  const customerId = () => String(emulator.customers().find((c) => c.DisplayName === 'Harbor Dental Group')?.Id);
  const itemId = (name: string) => String(emulator.items().find((i) => i.Name === name)?.Id);
  const codeId = (name: string) => String(emulator.taxCodes().find((c) => c.Name === name)?.Id);
  const line = (amount: number, taxCode?: string) => ({
    DetailType: 'SalesItemLineDetail',
    Amount: amount,
    SalesItemLineDetail: { ItemRef: { value: itemId('Support time') }, Qty: 1, UnitPrice: amount, ...(taxCode !== undefined ? { TaxCodeRef: { value: taxCode } } : {}) },
  });
  const invoice = (lines: unknown[], extra: Record<string, unknown> = {}) => ({ CustomerRef: { value: customerId() }, TxnDate: '2026-09-01', Line: lines, ...extra });

  it('a UK company refuses TAX/NON and a line without a VAT code, and adds 20 % VAT on the lines with its own code', async () => {
    await start({ tax: { region: 'GB' } });
    const info = await api(emulator, token, 'GET', `/companyinfo/${emulator.realmId}`);
    expect(info.json.CompanyInfo.Country).toBe('GB');
    const noCode = await api(emulator, token, 'POST', '/invoice', invoice([line(95)]));
    expect(noCode.status).toBe(400);
    expect(noCode.json.Fault.Error[0]).toMatchObject({ code: '6000', Detail: 'Business Validation Error: Make sure all your transactions have a VAT rate before you save.' });
    const pseudo = await api(emulator, token, 'POST', '/invoice', invoice([line(95, 'TAX')]));
    expect(pseudo.json.Fault.Error[0].code).toBe('2500');

    const ok = await api(emulator, token, 'POST', '/invoice', invoice([line(95, codeId('20.0% S')), line(10, codeId('Exempt'))], { GlobalTaxCalculation: 'TaxExcluded' }));
    expect(ok.status).toBe(200);
    expect(ok.json.Invoice).toMatchObject({ TotalAmt: 124, GlobalTaxCalculation: 'TaxExcluded', CurrencyRef: { value: 'GBP' } });
    expect(ok.json.Invoice.TxnTaxDetail.TotalTax).toBe(19);
    expect(ok.json.Invoice.Line.at(-1)).toMatchObject({ Amount: 105, DetailType: 'SubTotalLineDetail' });
  });

  it('a Canadian company works out HST inside the amounts when they include tax, and charges none when tax does not apply', async () => {
    await start({ tax: { region: 'CA' } });
    const inclusive = await api(emulator, token, 'POST', '/invoice', invoice([line(113, codeId('HST ON'))], { GlobalTaxCalculation: 'TaxInclusive' }));
    expect(inclusive.json.Invoice).toMatchObject({ TotalAmt: 113, TxnTaxDetail: { TotalTax: 13 } });
    const none = await api(emulator, token, 'POST', '/invoice', invoice([line(100, codeId('GST'))], { GlobalTaxCalculation: 'NotApplicable' }));
    expect(none.json.Invoice).toMatchObject({ TotalAmt: 100, TxnTaxDetail: { TotalTax: 0 } });
    const missing = await api(emulator, token, 'POST', '/invoice', invoice([line(100)]));
    expect(missing.json.Fault.Error[0].Detail).toContain('GST/HST rate');
  });

  it('an Australian company serves its TaxCodes and TaxRates by query and by id, and rounds GST per rate on the lines together', async () => {
    await start({ tax: { region: 'AU' } });
    const codes = await query(emulator, token, 'SELECT * FROM TaxCode');
    expect(codes.json.QueryResponse.TaxCode.map((c: { Name: string }) => c.Name)).toEqual(['GST', 'GST free', 'Out of scope']);
    const gst = codes.json.QueryResponse.TaxCode[0];
    const rateId = gst.SalesTaxRateList.TaxRateDetail[0].TaxRateRef.value;
    const rate = await api(emulator, token, 'GET', `/taxrate/${rateId}`);
    expect(rate.json.TaxRate).toMatchObject({ Name: 'GST (sales)', RateValue: 10 });
    // 0.05 + 0.05 at 10 %: one rounding of 0.01 on 0.10, not 0.01 twice.
    const res = await api(emulator, token, 'POST', '/invoice', invoice([line(0.05, gst.Id), line(0.05, gst.Id)], { GlobalTaxCalculation: 'TaxExcluded' }));
    expect(res.json.Invoice).toMatchObject({ TotalAmt: 0.11, TxnTaxDetail: { TotalTax: 0.01 } });
    const create = await api(emulator, token, 'POST', '/taxcode', { Name: 'Mine' });
    expect(create.status).toBe(400);
  });

  it('a US company takes TAX/NON, refuses GlobalTaxCalculation, and says in Preferences whether it uses automated sales tax', async () => {
    await start({ tax: { region: 'US' } });
    const ok = await api(emulator, token, 'POST', '/invoice', invoice([line(95, 'TAX'), line(5, 'NON')]));
    expect(ok.json.Invoice).toMatchObject({ TotalAmt: 100, TxnTaxDetail: { TotalTax: 0 } });
    const global = await api(emulator, token, 'POST', '/invoice', invoice([line(95, 'TAX')], { GlobalTaxCalculation: 'TaxExcluded' }));
    expect(global.status).toBe(400);
    const prefs = await api(emulator, token, 'GET', '/preferences');
    expect(prefs.json.Preferences.TaxPrefs).toEqual({ UsingSalesTax: false, PartnerTaxEnabled: false });
  });

  it('a US company on automated sales tax charges its own rate on the TAX lines, whatever tax the invoice sent', async () => {
    await start({ tax: { region: 'US-AST', automatedRateBasisPoints: 865 } });
    const sent = invoice([line(95, 'TAX'), line(5, 'NON')], { TxnTaxDetail: { TotalTax: 7.84 } });
    const res = await api(emulator, token, 'POST', '/invoice', sent);
    expect(res.json.Invoice).toMatchObject({ TotalAmt: 108.22, TxnTaxDetail: { TotalTax: 8.22 } });
    const prefs = await api(emulator, token, 'GET', '/preferences');
    expect(prefs.json.Preferences.TaxPrefs.PartnerTaxEnabled).toBe(true);
  });

  it('sets DueDate from the terms sent, else from the company default terms, and numbers invoices itself when custom numbers are off', async () => {
    await start({ preferences: { customTxnNumbers: false, defaultTerms: 'Net 30' } });
    const prefs = await api(emulator, token, 'GET', '/preferences');
    expect(prefs.json.Preferences.SalesFormsPrefs.CustomTxnNumbers).toBe(false);
    const terms = await query(emulator, token, "SELECT * FROM Term WHERE Name = 'Net 15'");
    const net15 = terms.json.QueryResponse.Term[0].Id;
    expect(prefs.json.Preferences.SalesFormsPrefs.DefaultTerms.value).not.toBe(net15);

    const byDefault = await api(emulator, token, 'POST', '/invoice', invoice([line(95)], { DocNumber: 'PPC-260901-0007' }));
    expect(byDefault.json.Invoice).toMatchObject({ DueDate: '2026-10-01', SalesTermRef: { name: 'Net 30' } });
    expect(byDefault.json.Invoice.DocNumber).toBe('1001');
    const bySent = await api(emulator, token, 'POST', '/invoice', invoice([line(95)], { SalesTermRef: { value: net15 }, DocNumber: 'PPC-260901-0008' }));
    expect(bySent.json.Invoice).toMatchObject({ DueDate: '2026-09-16', DocNumber: '1002' });
    const given = await api(emulator, token, 'POST', '/invoice', invoice([line(95)], { DueDate: '2026-09-05' }));
    expect(given.json.Invoice.DueDate).toBe('2026-09-05');
  });
});

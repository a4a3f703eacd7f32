import type { Company, StoredEntity } from './company';
import { refValue } from './company';
import { centsToNumber, toCents } from './decimal-cents';
import { fault, QboFault } from './faults';
import type { JsonObject } from './json';
import { isJsonObject } from './json';

/**
 * QuickBooks Online emulator: the tax of an invoice (spec §5.4; README "Tax and company
 * preferences"). Per region:
 * - US: lines carry TAX or NON; GlobalTaxCalculation is refused (non-US only). Without automated
 *   sales tax, tax is charged only when TxnTaxDetail.TxnTaxCodeRef names a TaxCode; with it,
 *   QuickBooks ignores what was sent and charges its own rate on the TAX lines.
 * - UK, CA, AU: every line needs one of the company's TaxCode ids (6000 "Make sure all your
 *   transactions have a VAT rate…" when missing; TAX/NON are not ids: 2500); the tax is worked out
 *   per rate on the lines' total, exclusive or inclusive as GlobalTaxCalculation says.
 */

const globalTaxCalculations = ['TaxExcluded', 'TaxInclusive', 'NotApplicable'];

/** The TaxCodeRef a line keeps, checked against the company's region. */
export function lineTaxCode(company: Company, detail: JsonObject): JsonObject {
  const given = refValue(detail.TaxCodeRef);
  if (company.tax.region === 'US' || company.tax.region === 'US-AST') {
    if (given === undefined) return { value: 'NON' };
    if (given === 'TAX' || given === 'NON') return { value: given };
    throw fault.invalidReference(given, 'Line.SalesItemLineDetail.TaxCodeRef');
  }
  if (given === undefined || given === '') throw fault.business(`Make sure all your transactions have a ${company.tax.taxWord} rate before you save.`, 'Line.SalesItemLineDetail.TaxCodeRef');
  const code = company.find('TaxCode', given);
  if (!code || code.deletedMs !== undefined) throw fault.invalidReference(given, 'Line.SalesItemLineDetail.TaxCodeRef');
  if (code.body.Active === false) throw fault.objectNotFound();
  return { value: code.id };
}

/** GlobalTaxCalculation as stored: refused for US companies, TaxExcluded when a non-US request leaves it out. */
export function globalTaxCalculation(company: Company, input: JsonObject): string | undefined {
  const given = input.GlobalTaxCalculation;
  const us = company.tax.region === 'US' || company.tax.region === 'US-AST';
  if (given === undefined || given === null) return us ? undefined : 'TaxExcluded';
  if (typeof given !== 'string' || !globalTaxCalculations.includes(given)) throw fault.invalidEnumeration('GlobalTaxCalculation', String(given));
  if (us) throw new QboFault('6000', 'A business validation error has occurred while processing your request', 'Business Validation Error: GlobalTaxCalculation is not supported for US companies.', 'GlobalTaxCalculation');
  return given;
}

interface RateShare {
  rateId: string;
  rateName: string;
  basisPoints: number;
  /** Basis points of every rate on the same code (an inclusive amount holds all of them). */
  codeBasisPoints: number;
}

function ratesOf(company: Company, codeId: string): RateShare[] {
  const code = company.find('TaxCode', codeId);
  const list = isJsonObject(code?.body.SalesTaxRateList) && Array.isArray(code.body.SalesTaxRateList.TaxRateDetail) ? code.body.SalesTaxRateList.TaxRateDetail : [];
  const shares = list.filter(isJsonObject).map((d) => {
    const rate = company.find('TaxRate', refValue(d.TaxRateRef) ?? '');
    return { rateId: rate?.id ?? '', rateName: String(rate?.body.Name ?? ''), basisPoints: Math.round(Number(rate?.body.RateValue ?? 0) * 100), codeBasisPoints: 0 };
  });
  const total = shares.reduce((s, r) => s + r.basisPoints, 0);
  return shares.filter((s) => s.rateId !== '').map((s) => ({ ...s, codeBasisPoints: total }));
}

/** Half away from zero, in cents: QuickBooks' commercial rounding (UNCONFIRMED against banker's). */
function roundedShare(cents: bigint, numerator: bigint, denominator: bigint): bigint {
  const scaled = cents * numerator * 2n;
  const q = scaled / denominator;
  return q >= 0n ? (q + 1n) / 2n : (q - 1n) / 2n;
}

function taxLine(amountCents: bigint, netCents: bigint, rateId: string, rateName: string, basisPoints: number): JsonObject {
  return {
    Amount: centsToNumber(amountCents),
    DetailType: 'TaxLineDetail',
    TaxLineDetail: { TaxRateRef: { value: rateId, name: rateName }, PercentBased: true, TaxPercent: basisPoints / 100, NetAmountTaxable: centsToNumber(netCents) },
  };
}

/** The TxnTaxDetail QuickBooks stores for these lines (what the client sent is only read for a US TxnTaxCodeRef). */
export function invoiceTaxDetail(company: Company, lines: readonly JsonObject[], calculation: string | undefined, sent: unknown): JsonObject {
  const sales = lines.filter((l) => l.DetailType === 'SalesItemLineDetail' && isJsonObject(l.SalesItemLineDetail));
  const codeOf = (l: JsonObject) => refValue((l.SalesItemLineDetail as JsonObject).TaxCodeRef) ?? 'NON';
  const amountOf = (l: JsonObject) => toCents(Number(l.Amount ?? 0));
  const { region } = company.tax;

  if (region === 'US' || region === 'US-AST') {
    const taxable = sales.filter((l) => codeOf(l) === 'TAX').reduce((s, l) => s + amountOf(l), 0n);
    if (region === 'US-AST') {
      const bp = company.tax.automatedRateBasisPoints;
      const tax = roundedShare(taxable, BigInt(bp), 10_000n);
      return { TxnTaxCodeRef: { value: 'AST', name: 'Automated sales tax' }, TotalTax: centsToNumber(tax), TaxLine: taxable > 0n ? [taxLine(tax, taxable, 'AST', 'Automated sales tax', bp)] : [] };
    }
    const codeId = isJsonObject(sent) ? refValue(sent.TxnTaxCodeRef) : undefined;
    if (codeId === undefined || !company.tax.usingSalesTax) return { TotalTax: 0 };
    const code = company.find('TaxCode', codeId);
    if (!code || code.deletedMs !== undefined) throw fault.invalidReference(codeId, 'TxnTaxDetail.TxnTaxCodeRef');
    const shares = ratesOf(company, codeId);
    const taxLines = shares.map((r) => taxLine(roundedShare(taxable, BigInt(r.basisPoints), 10_000n), taxable, r.rateId, r.rateName, r.basisPoints));
    const total = taxLines.reduce((s, l) => s + toCents(Number(l.Amount)), 0n);
    return { TxnTaxCodeRef: { value: code.id, name: String(code.body.Name) }, TotalTax: centsToNumber(total), TaxLine: taxLines };
  }

  if (calculation === 'NotApplicable') return { TotalTax: 0 };
  // Per rate, on the total of the lines carrying it (one rounding per rate, not per line).
  const perRate = new Map<string, { share: RateShare; cents: bigint; inclusiveTax: bigint }>();
  for (const l of sales) {
    for (const share of ratesOf(company, codeOf(l))) {
      const entry = perRate.get(share.rateId) ?? { share, cents: 0n, inclusiveTax: 0n };
      entry.cents += amountOf(l);
      perRate.set(share.rateId, entry);
    }
  }
  const taxLines: JsonObject[] = [];
  let total = 0n;
  for (const { share, cents } of perRate.values()) {
    const tax =
      calculation === 'TaxInclusive'
        ? roundedShare(cents, BigInt(share.basisPoints), BigInt(10_000 + share.codeBasisPoints))
        : roundedShare(cents, BigInt(share.basisPoints), 10_000n);
    const net = calculation === 'TaxInclusive' ? cents - roundedShare(cents, BigInt(share.codeBasisPoints), BigInt(10_000 + share.codeBasisPoints)) : cents;
    taxLines.push(taxLine(tax, net, share.rateId, share.rateName, share.basisPoints));
    total += tax;
  }
  return { TotalTax: centsToNumber(total), TaxLine: taxLines };
}

/** Tax added on top of the lines (none when the amounts already include it). */
export function taxOnTopCents(invoice: Pick<StoredEntity, 'body'>): bigint {
  if (invoice.body.GlobalTaxCalculation === 'TaxInclusive') return 0n;
  const detail = invoice.body.TxnTaxDetail;
  return isJsonObject(detail) && typeof detail.TotalTax === 'number' ? toCents(detail.TotalTax) : 0n;
}

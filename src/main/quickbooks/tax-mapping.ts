import type { QuickBooksCompanySummary, QuickBooksSyncStatus, QuickBooksTaxMappingRow, QuickBooksTaxMappingView } from '../../shared/api/quickbooks';
import type { RingsideEvent } from '../../shared/events/model';
import type { ConsoleDatabase } from '../db/open-console-database';
import { customNumbersWarning, loadCompanyProfile, projectCompanyRead, type QuickBooksCompanyProfile } from './company-profile';
import { totalDifferences } from './invoice-totals';

/**
 * Which of the company's TaxCodes each of Ringside's tax rates is pushed with (issue 11 §1).
 * US companies take the pseudo-codes TAX (a rate above 0) and NON; every other company needs
 * one of its own TaxCode ids, chosen by the bookkeeper in Settings → QuickBooks
 * (quickbooks.tax_mapping_defined, projected here) or, until then, the one code whose sales rate
 * equals Ringside's. With neither, the invoice waits in Ringside and says which rate lacks a code.
 */

/** How invoice lines name their tax (invoice-payload.ts). */
export type InvoiceTaxTreatment =
  | { model: 'us' }
  | {
      model: 'codes';
      /** TaxCode id per Ringside rate in basis points; a rate missing here stops the invoice. */
      codeFor: ReadonlyMap<number, string>;
    };

export type TaxCodeSource = 'chosen' | 'default' | 'missing';

/** Pure: the code a rate goes out with, and where it came from. */
export function taxCodeForRate(profile: QuickBooksCompanyProfile, chosen: ReadonlyMap<number, string>, basisPoints: number): { taxCodeId: string | null; source: TaxCodeSource } {
  if (profile.region === 'US') return { taxCodeId: basisPoints > 0 ? 'TAX' : 'NON', source: 'default' };
  const active = new Set(profile.taxCodes.filter((c) => c.active).map((c) => c.id));
  const picked = chosen.get(basisPoints);
  if (picked !== undefined && active.has(picked)) return { taxCodeId: picked, source: 'chosen' };
  // A default only when exactly one code has that rate: at 0 % "zero-rated", "exempt" and "out of scope" differ, so the bookkeeper chooses.
  const same = profile.taxCodes.filter((c) => c.active && c.salesRateBasisPoints === basisPoints);
  return same.length === 1 ? { taxCodeId: same[0]!.id, source: 'default' } : { taxCodeId: null, source: 'missing' };
}

/** Pure: the treatment for these rates (US pseudo-codes, or a real code per rate where one is known). */
export function taxTreatment(profile: QuickBooksCompanyProfile | null, chosen: ReadonlyMap<number, string>, rates: readonly number[]): InvoiceTaxTreatment {
  // Not read yet: what Ringside always sent (a company's profile is read before its first push).
  if (profile === null || profile.region === 'US') return { model: 'us' };
  const codeFor = new Map<number, string>();
  for (const bp of rates) {
    const { taxCodeId } = taxCodeForRate(profile, chosen, bp);
    if (taxCodeId !== null) codeFor.set(bp, taxCodeId);
  }
  return { model: 'codes', codeFor };
}

/** "20 %", "8.25 %": how a receptionist reads a rate. */
export function ratePercent(basisPoints: number): string {
  return `${(basisPoints / 100).toFixed(2).replace(/\.?0+$/, '')} %`;
}

// ---- the log ------------------------------------------------------------------------

/** Projection: the latest mapping per realm, and QuickBooks' own total of each synced invoice. Runs in the apply transaction. */
export function projectQuickbooksTax(db: ConsoleDatabase, seq: number, event: RingsideEvent): void {
  if (event.type === 'quickbooks.tax_mapping_defined') {
    const d = event.data;
    db.sqlite.prepare('DELETE FROM quickbooks_tax_mapping WHERE realm_id = ?').run(d.realmId);
    const insert = db.sqlite.prepare('INSERT OR REPLACE INTO quickbooks_tax_mapping (realm_id, tax_basis_points, tax_code_id, defined_by, defined_seq) VALUES (?, ?, ?, ?, ?)');
    for (const c of d.codes) insert.run(d.realmId, c.taxBasisPoints, c.taxCodeId, d.by, seq);    releaseTaxWaits(db);
  } else if (event.type === 'quickbooks.company_read') {
    projectCompanyRead(db, event);
  } else if (event.type === 'invoice.synced' && event.data.quickbooksTotalMinor !== null) {
    db.sqlite
      .prepare(
        `INSERT INTO quickbooks_invoice_totals (invoice_key, quickbooks_total_minor, synced_seq) VALUES (?, ?, ?)
         ON CONFLICT (invoice_key) DO UPDATE SET quickbooks_total_minor = excluded.quickbooks_total_minor, synced_seq = excluded.synced_seq`,
      )
      .run(event.data.invoiceKey, event.data.quickbooksTotalMinor, seq);
  }
}

export function chosenTaxCodes(db: ConsoleDatabase, realmId: string): Map<number, string> {
  const rows = db.sqlite.prepare('SELECT tax_basis_points, tax_code_id FROM quickbooks_tax_mapping WHERE realm_id = ?').all(realmId) as { tax_basis_points: number; tax_code_id: string }[];
  return new Map(rows.map((r) => [r.tax_basis_points, r.tax_code_id]));
}

/** The rates Ringside bills with: the policy's per line kind, and any on invoices already written. */
export function ringsideTaxRates(db: ConsoleDatabase): { basisPoints: number; kinds: string[] }[] {
  const kinds = new Map<number, Set<string>>();
  const add = (bp: number, kind: string): void => {
    const set = kinds.get(bp) ?? new Set<string>();
    set.add(kind);
    kinds.set(bp, set);
  };
  const state = db.sqlite.prepare('SELECT catalog_json FROM billing_state WHERE id = 1').get() as { catalog_json: string | null } | undefined;
  const policy = state?.catalog_json ? (JSON.parse(state.catalog_json) as { policy?: { taxBasisPoints?: Record<string, number> } }).policy : undefined;
  const labels: Record<string, string> = { subscription: 'plans', overage: 'overage', payPerCall: 'pay-per-call', fees: 'fees and top-ups' };
  for (const [kind, bp] of Object.entries(policy?.taxBasisPoints ?? { subscription: 0, overage: 0, payPerCall: 0, fees: 0 })) add(bp, labels[kind] ?? kind);
  for (const row of db.sqlite.prepare('SELECT DISTINCT tax_basis_points AS bp FROM invoice_lines').all() as { bp: number }[]) if (!kinds.has(row.bp)) add(row.bp, 'earlier invoices');
  return [...kinds.entries()].sort((a, b) => a[0] - b[0]).map(([basisPoints, set]) => ({ basisPoints, kinds: [...set] }));
}

/**
 * The treatment the outbox pushes with now: the connected company's profile and its mapping;
 * null while that company has not been read (never another company's, never a guess).
 */
export function currentTaxTreatment(db: ConsoleDatabase, realmId: string | null): InvoiceTaxTreatment | null {
  const profile = realmId === null ? null : loadCompanyProfile(db, realmId);
  if (profile === null) return null;
  return taxTreatment(profile, chosenTaxCodes(db, profile.realmId), ringsideTaxRates(db).map((r) => r.basisPoints));
}

/** Invoices waiting for a tax code go out again (a code was chosen, or the company read anew). Runs in the caller's transaction. */
export function releaseTaxWaits(db: ConsoleDatabase): number {
  return db.sqlite.prepare(`UPDATE quickbooks_outbox SET state = 'pending', next_attempt_at_ms = 0 WHERE state = 'waiting_tax'`).run().changes;
}

/** Sync: how many invoices wait for a tax code, and for which rates. */
export function taxWaits(db: ConsoleDatabase): { invoices: number; text: string | null } {
  const rows = db.sqlite.prepare(`SELECT error_message FROM quickbooks_outbox WHERE state = 'waiting_tax'`).all() as { error_message: string | null }[];
  if (rows.length === 0) return { invoices: 0, text: null };
  return { invoices: rows.length, text: rows[0]!.error_message };
}

/** Settings → QuickBooks: each of Ringside's rates with its code, and the codes to choose from. */
export function taxMappingView(db: ConsoleDatabase, realmId: string | null): QuickBooksTaxMappingView | null {
  const profile = loadCompanyProfile(db, realmId);
  if (profile === null) return null;
  const chosen = chosenTaxCodes(db, profile.realmId);
  const rows: QuickBooksTaxMappingRow[] = ringsideTaxRates(db).map(({ basisPoints, kinds }) => ({ taxBasisPoints: basisPoints, usedFor: kinds, ...taxCodeForRate(profile, chosen, basisPoints) }));
  return {
    realmId: profile.realmId,
    country: profile.country,
    usesPseudoCodes: profile.region === 'US',
    automatedSalesTax: profile.automatedSalesTax,
    rows,
    codes: profile.taxCodes.filter((c) => c.active).map((c) => ({ id: c.id, name: c.name, rateBasisPoints: c.salesRateBasisPoints })),
  };
}

/** The status fields of issue 11: the company as last read, and the invoices QuickBooks totals differently. */
export function quickbooksTaxStatus(db: ConsoleDatabase, realmId: string | null): Pick<QuickBooksSyncStatus, 'company' | 'totalDifferences'> {
  const profile = loadCompanyProfile(db, realmId);
  const differences = totalDifferences(db, profile?.automatedSalesTax ?? false);
  if (profile === null) return { company: null, totalDifferences: differences };
  const chosen = chosenTaxCodes(db, profile.realmId);
  const unmappedRates = ringsideTaxRates(db)
    .map((r) => r.basisPoints)
    .filter((bp) => taxCodeForRate(profile, chosen, bp).taxCodeId === null);
  const company: QuickBooksCompanySummary = {
    country: profile.country,
    usesPseudoCodes: profile.region === 'US',
    automatedSalesTax: profile.automatedSalesTax,
    customTxnNumbers: profile.customTxnNumbers,
    customNumbersWarning: customNumbersWarning(profile),
    unmappedRates,
    readAt: profile.readAt,
  };
  return { company, totalDifferences: differences };
}

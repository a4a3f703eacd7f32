import { z } from 'zod';
import type { ConsoleEventInput, EventOf } from '../../shared/events/model';
import type { ConsoleDatabase } from '../db/open-console-database';
import { QuickBooksFault } from './fault-classification';
import type { QuickBooksApi } from './quickbooks-api';
import { readState, writeState } from './sync-store';

/**
 * What the connected QuickBooks company is (issue 11 §1, spec §5.4): its country decides the tax
 * model (US pseudo-codes TAX/NON, or real TaxCode ids with GlobalTaxCalculation elsewhere);
 * automated sales tax means QuickBooks computes US tax itself; with custom transaction numbers
 * off QuickBooks numbers invoices itself, so a DocNumber lookup cannot find ours. Read at
 * connect time and at each sync start (four small reads), stored per realm.
 *
 * Facts and what is unconfirmed: tools/emulators/quickbooks/README.md "Tax and company preferences".
 */

/** The tax models QuickBooks has; anything else is treated like the non-US model (real codes). */
export type QuickBooksTaxRegion = 'US' | 'GB' | 'CA' | 'AU' | 'other';

export interface QuickBooksTaxCode {
  id: string;
  name: string;
  active: boolean;
  taxable: boolean;
  /** The sum of its sales rates in basis points (20 % VAT = 2000); null when it has no sales rate. */
  salesRateBasisPoints: number | null;
}

export interface QuickBooksCompanyProfile {
  realmId: string;
  /** CompanyInfo.Country as QuickBooks gave it. */
  country: string;
  region: QuickBooksTaxRegion;
  /** Preferences.TaxPrefs.UsingSalesTax (false or absent: the company charges no tax in QuickBooks). */
  usingSalesTax: boolean;
  /** Preferences.TaxPrefs.PartnerTaxEnabled: US automated sales tax; QuickBooks computes the tax. */
  automatedSalesTax: boolean;
  /** Preferences.SalesFormsPrefs.CustomTxnNumbers: false means QuickBooks numbers invoices itself. */
  customTxnNumbers: boolean;
  /** Preferences.SalesFormsPrefs.DefaultTerms (a Term id), which sets DueDate when none is sent. */
  defaultTermsId: string | null;
  /** The company's sales TaxCodes (active and not). */
  taxCodes: QuickBooksTaxCode[];
  readAt: string;
}

const taxCodeSchema = z.object({ id: z.string(), name: z.string(), active: z.boolean(), taxable: z.boolean(), salesRateBasisPoints: z.number().int().nullable() });
const profileSchema = z.object({
  realmId: z.string(),
  country: z.string(),
  region: z.enum(['US', 'GB', 'CA', 'AU', 'other']),
  usingSalesTax: z.boolean(),
  automatedSalesTax: z.boolean(),
  customTxnNumbers: z.boolean(),
  defaultTermsId: z.string().nullable(),
  taxCodes: z.array(taxCodeSchema),
  readAt: z.string(),
});

/** Intuit's examples say "US", "UK", "AU", "CA"; ISO would be "GB": both read the same (unconfirmed which one QuickBooks sends). */
export function taxRegionOf(country: string): QuickBooksTaxRegion {
  const c = country.trim().toUpperCase();
  if (c === 'US' || c === 'USA' || c === 'UNITED STATES') return 'US';
  if (c === 'GB' || c === 'UK' || c === 'UNITED KINGDOM') return 'GB';
  if (c === 'CA' || c === 'CANADA') return 'CA';
  if (c === 'AU' || c === 'AUSTRALIA') return 'AU';
  return 'other';
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

/** RateValue is a percentage ("20", 8.25); basis points keep it exact to 0.01 %. */
function rateBasisPoints(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? Math.round(n * 100) : null;
}

/** Pure: the profile from the four answers (CompanyInfo, Preferences, TaxCode rows, TaxRate rows). */
export function companyProfileFrom(realmId: string, companyInfo: unknown, preferences: unknown, taxCodeRows: readonly unknown[], taxRateRows: readonly unknown[], readAt: string): QuickBooksCompanyProfile {
  const info = obj(companyInfo);
  const country = str(info.Country) ?? str(obj(info.CompanyAddr).Country) ?? 'US';
  const prefs = obj(preferences);
  const tax = obj(prefs.TaxPrefs);
  const sales = obj(prefs.SalesFormsPrefs);
  const rates = new Map<string, number | null>();
  for (const r of taxRateRows) {
    const rate = obj(r);
    const id = str(rate.Id);
    if (id !== null) rates.set(id, rateBasisPoints(rate.RateValue));
  }
  const taxCodes = taxCodeRows.map((row): QuickBooksTaxCode => {
    const code = obj(row);
    const details = list(obj(code.SalesTaxRateList).TaxRateDetail).map(obj);
    let sum: number | null = null;
    for (const d of details) {
      const bp = rates.get(str(obj(d.TaxRateRef).value) ?? '');
      if (bp !== undefined && bp !== null) sum = (sum ?? 0) + bp;
    }
    return { id: str(code.Id) ?? '', name: str(code.Name) ?? '', active: code.Active !== false, taxable: code.Taxable === true || (sum ?? 0) > 0, salesRateBasisPoints: sum };
  });
  return {
    realmId,
    country,
    region: taxRegionOf(country),
    usingSalesTax: tax.UsingSalesTax === true,
    automatedSalesTax: tax.PartnerTaxEnabled === true,
    // Absent reads as on: the DocNumber lookup then stays as before, and a real "false" is what warns.
    customTxnNumbers: sales.CustomTxnNumbers !== false,
    defaultTermsId: str(obj(sales.DefaultTerms).value),
    taxCodes: taxCodes.filter((c) => c.id !== ''),
    readAt,
  };
}

/** Reads the company from QuickBooks (CompanyInfo, Preferences, TaxCode, TaxRate). */
export async function readCompanyProfile(api: QuickBooksApi, realmId: string, readAt: string): Promise<QuickBooksCompanyProfile> {
  const info = await api.request<{ CompanyInfo?: unknown }>({ method: 'GET', path: `/companyinfo/${encodeURIComponent(realmId)}` });
  const prefs = await api.request<{ Preferences?: unknown }>({ method: 'GET', path: '/preferences' });
  // A company that refuses the tax queries still has a profile (no codes: the mapping asks).
  const rowsOr = async (statement: string): Promise<unknown[]> => {
    try {
      return (await api.query<unknown>(statement)).rows;
    } catch (error) {
      if (error instanceof QuickBooksFault && error.info.kind === 'validation') return [];
      throw error;
    }
  };
  const codes = await rowsOr('SELECT * FROM TaxCode MAXRESULTS 1000');
  const rates = await rowsOr('SELECT * FROM TaxRate MAXRESULTS 1000');
  return companyProfileFrom(realmId, info.json.CompanyInfo, prefs.json.Preferences, codes, rates, readAt);
}

/** Stores the profile; when it differs from the one stored (codes, country…), invoices waiting for a tax code try again. */
export function saveCompanyProfile(db: ConsoleDatabase, profile: QuickBooksCompanyProfile, atMs: number): void {
  if (!sameProfile(loadCompanyProfile(db, profile.realmId), profile)) {
    db.sqlite.prepare(`UPDATE quickbooks_outbox SET state = 'pending', next_attempt_at_ms = 0 WHERE state = 'waiting_tax'`).run();
  }
  db.sqlite
    .prepare(
      `INSERT INTO quickbooks_company_profile (realm_id, profile_json, read_at_ms) VALUES (?, ?, ?)
       ON CONFLICT (realm_id) DO UPDATE SET profile_json = excluded.profile_json, read_at_ms = excluded.read_at_ms`,
    )
    .run(profile.realmId, JSON.stringify(profile), atMs);
}

/** Pure: what the profile tells the log (quickbooks.company_read), bounded like the event. */
export function companyReadData(profile: QuickBooksCompanyProfile): EventOf<'quickbooks.company_read'>['data'] {
  return {
    realmId: profile.realmId,
    country: profile.country.slice(0, 100),
    usingSalesTax: profile.usingSalesTax,
    automatedSalesTax: profile.automatedSalesTax,
    customTxnNumbers: profile.customTxnNumbers,
    defaultTermsId: profile.defaultTermsId?.slice(0, 100) ?? null,
    taxCodes: profile.taxCodes
      .filter((c) => c.id.length <= 100)
      .slice(0, 300)
      .map((c) => ({ id: c.id, name: c.name.slice(0, 200), active: c.active, taxable: c.taxable, salesRateBasisPoints: c.salesRateBasisPoints === null ? null : Math.min(Math.max(c.salesRateBasisPoints, 0), 100_000) })),
    readAt: profile.readAt,
  };
}

/** Pure: the profile a console keeps from a quickbooks.company_read of the log. */
export function profileFromCompanyRead(data: EventOf<'quickbooks.company_read'>['data']): QuickBooksCompanyProfile {
  return { ...data, region: taxRegionOf(data.country), taxCodes: data.taxCodes.map((c) => ({ ...c })) };
}

/** Projection (every console): the company as the syncing console read it, unless a later read is stored already. */
export function projectCompanyRead(db: ConsoleDatabase, event: EventOf<'quickbooks.company_read'>): void {
  const atMs = Date.parse(event.data.readAt);
  const stored = db.sqlite.prepare('SELECT read_at_ms FROM quickbooks_company_profile WHERE realm_id = ?').get(event.data.realmId) as { read_at_ms: number } | undefined;
  writeState(db, loggedKey(event.data.realmId), canonicalRead(profileFromCompanyRead(event.data)));
  if (stored && stored.read_at_ms > atMs) return;
  saveCompanyProfile(db, profileFromCompanyRead(event.data), atMs);
}

const loggedKey = (realmId: string): string => `company_read_logged:${realmId}`;
/** A read as the log compares it: its content, not when it was read. */
const canonicalRead = (profile: QuickBooksCompanyProfile): string => JSON.stringify(companyReadData({ ...profile, readAt: '' }));

/** Whether two reads of a company say the same (the time of the read aside). */
function sameProfile(a: QuickBooksCompanyProfile | null, b: QuickBooksCompanyProfile): boolean {
  return a !== null && canonicalRead(a) === canonicalRead(b);
}

/** The profile of `realmId`, or of the company read last when no realm is named; null before the first read. */
export function loadCompanyProfile(db: ConsoleDatabase, realmId?: string | null): QuickBooksCompanyProfile | null {
  const row = (
    realmId
      ? db.sqlite.prepare('SELECT profile_json FROM quickbooks_company_profile WHERE realm_id = ?').get(realmId)
      : db.sqlite.prepare('SELECT profile_json FROM quickbooks_company_profile ORDER BY read_at_ms DESC LIMIT 1').get()
  ) as { profile_json: string } | undefined;
  if (!row) return null;
  const parsed = profileSchema.safeParse(JSON.parse(row.profile_json));
  return parsed.success ? parsed.data : null;
}

/** What the bookkeeper reads when QuickBooks numbers invoices itself (null when it does not). */
export function customNumbersWarning(profile: QuickBooksCompanyProfile | null): string | null {
  if (!profile || profile.customTxnNumbers) return null;
  return (
    'QuickBooks is set to number invoices itself ("Custom transaction numbers" is off in its sales settings), so invoices there get ' +
    "QuickBooks' numbers, not Ringside's. Ringside still finds each invoice it sent by the note it writes on it, so nothing is sent twice; " +
    'turn "Custom transaction numbers" on in QuickBooks to see the same numbers in both.'
  );
}

export interface CompanyProfileRefreshDeps {
  api: QuickBooksApi;
  db: ConsoleDatabase;
  tokens: { accessToken(): Promise<{ realmId: string }> };
  clock: () => number;
  logger: { warn(message: string): void };
  /** Posts quickbooks.company_read, so consoles that do not sync know the company too. */
  post?: (event: ConsoleEventInput) => Promise<void>;
}

/**
 * Reads the company again and stores it; run before each pass that reads changes (the interval,
 * or a webhook), so a preference changed in QuickBooks is seen within one pass. A failed read keeps
 * the profile read before: the pass that follows reports the same trouble if it is QuickBooks'.
 */
export async function refreshCompanyProfile(deps: CompanyProfileRefreshDeps): Promise<QuickBooksCompanyProfile | null> {
  const { realmId } = await deps.tokens.accessToken();
  try {
    const now = deps.clock();
    const profile = await readCompanyProfile(deps.api, realmId, new Date(now).toISOString());
    saveCompanyProfile(deps.db, profile, now);
    // Told to the log when it differs from the last read there (a failed post is tried again next pass).
    if (deps.post && readState<string | null>(deps.db, loggedKey(realmId), null) !== canonicalRead(profile)) {
      try {
        await deps.post({ id: `qbo-company-read:${realmId}:${profile.readAt}`, occurredAt: profile.readAt, type: 'quickbooks.company_read', data: companyReadData(profile) });
      } catch (error) {
        deps.logger.warn(`quickbooks company profile not told to the log: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return profile;
  } catch (error) {
    deps.logger.warn(`quickbooks company profile: ${error instanceof Error ? error.message : String(error)}`);
    return loadCompanyProfile(deps.db, realmId);
  }
}

import { randomUUID } from 'node:crypto';
import type { DeviceInfo, QuickBooksTaxMappingView } from '../../shared/api/quickbooks';
import type { ConsoleDatabase } from '../db/open-console-database';
import { postConsoleEvent } from '../http/relay-rest-client';
import { loadCompanyProfile } from './company-profile';
import { ratePercent, taxMappingView } from './tax-mapping';

/**
 * Settings → QuickBooks "Tax codes": the admin or bookkeeper chooses which of the company's tax
 * codes each of Ringside's rates goes out with. Recorded as quickbooks.tax_mapping_defined, so every
 * bookkeeper console pushes the same codes; the relay checks the role. Codes are checked against the
 * company as last read, in plain words.
 */

export interface TaxMappingDefinitionDeps {
  db: ConsoleDatabase;
  relay: { url: string; token: string };
  device: () => Promise<DeviceInfo>;
  realmId: string | null;
}

export async function defineTaxMapping(deps: TaxMappingDefinitionDeps, codes: readonly { taxBasisPoints: number; taxCodeId: string }[]): Promise<QuickBooksTaxMappingView | null> {
  const profile = loadCompanyProfile(deps.db, deps.realmId);
  if (profile === null) throw new Error('Ringside has not read the QuickBooks company yet: connect QuickBooks and let it sync once, then choose the tax codes.');
  if (profile.region === 'US') throw new Error('US QuickBooks companies take "taxable" or "not taxable" on each line, so there is no tax code to choose.');
  const active = new Map(profile.taxCodes.filter((c) => c.active).map((c) => [c.id, c]));
  const seen = new Set<number>();
  for (const c of codes) {
    if (!active.has(c.taxCodeId)) throw new Error(`QuickBooks has no active tax code ${c.taxCodeId} for the ${ratePercent(c.taxBasisPoints)} rate: read the company again (Sync now) and choose from the list.`);
    if (seen.has(c.taxBasisPoints)) throw new Error(`The ${ratePercent(c.taxBasisPoints)} rate is given two tax codes: choose one.`);
    seen.add(c.taxBasisPoints);
  }
  const me = await deps.device();
  await postConsoleEvent(deps.relay.url, deps.relay.token, {
    id: randomUUID(),
    occurredAt: new Date().toISOString(),
    type: 'quickbooks.tax_mapping_defined',
    data: { realmId: profile.realmId, codes: codes.map((c) => ({ taxBasisPoints: c.taxBasisPoints, taxCodeId: c.taxCodeId })), by: me.name.slice(0, 200) || 'console' },
  });
  // The log brings the event back to every console; until then the page shows what was chosen.
  const view = taxMappingView(deps.db, profile.realmId);
  if (view === null) return null;
  const chosen = new Map(codes.map((c) => [c.taxBasisPoints, c.taxCodeId]));
  return { ...view, rows: view.rows.map((r) => (chosen.has(r.taxBasisPoints) ? { ...r, taxCodeId: chosen.get(r.taxBasisPoints)!, source: 'chosen' as const } : r)) };
}

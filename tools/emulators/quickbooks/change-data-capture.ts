import type { Company, EntityName, StoredEntity } from './company';
import { entityNames } from './company';
import { QboFault, fault } from './faults';
import type { JsonObject } from './json';
import type { QuickBooksLimits } from './limits';

/**
 * QuickBooks Online emulator: Change Data Capture (spec §9). Everything changed at or after
 * `changedSince` (full payloads; `{"Id","status":"Deleted"}` tombstones), at most 1,000 objects
 * across all requested entities and no paging; `changedSince` older than 30 days is a fault (its
 * code is UNCONFIRMED; the emulator answers 400/6000 with the observed text).
 *
 * Which 1,000 a capped answer holds is not documented, so `order` chooses: the oldest changes
 * (default), the newest, or an arbitrary but repeatable pick. A client must skip nothing under any.
 */

export type CdcOrder = 'oldest-first' | 'newest-first' | 'arbitrary';
export const cdcOrders: readonly CdcOrder[] = ['oldest-first', 'newest-first', 'arbitrary'];

export function cdcRefusedFault(changedSince: string, lookbackDays: number): QboFault {
  return new QboFault(
    '6000',
    'A business validation error has occurred while processing your request',
    `Operation cdc with changedSince date ${changedSince} which is older than fixed days is not supported. Look back at most ${lookbackDays} days.`,
    'changedSince',
  );
}

export function changeDataCapture(company: Company, entitiesParam: string | null, changedSinceParam: string | null, limits: QuickBooksLimits, order: CdcOrder = 'oldest-first'): JsonObject[] {
  if (!entitiesParam) throw fault.requiredParam('entities', 'entities');
  if (!changedSinceParam) throw fault.requiredParam('changedSince', 'changedSince');
  const sinceMs = Date.parse(changedSinceParam);
  if (Number.isNaN(sinceMs)) throw fault.malformedBody(`changedSince (Invalid date ${changedSinceParam})`);
  if (sinceMs < company.now() - limits.cdcLookbackDays * 86_400_000) throw cdcRefusedFault(changedSinceParam, limits.cdcLookbackDays);
  const requested: EntityName[] = [];
  for (const raw of entitiesParam.split(',')) {
    const name = entityNames.find((n) => n.toLowerCase() === raw.trim().toLowerCase());
    if (!name) throw fault.invalidEnumeration('entities', raw.trim());
    if (!requested.includes(name)) requested.push(name);
  }
  const changed: StoredEntity[] = requested.flatMap((name) => company.withTombstones(name).filter((e) => e.updatedMs >= sinceMs));
  const capped = inOrder(changed, order).slice(0, limits.cdcMaxObjects);
  const balances = company.customerBalances();
  return requested.map((name): JsonObject => {
    const rows = capped.filter((e) => e.name === name).map((e) => company.render(e, balances));
    // Entities without changes come back as empty blocks (the spec says clients must handle both forms).
    return rows.length ? { [name]: rows, startPosition: 1, maxResults: rows.length } : {};
  });
}

function inOrder(changed: StoredEntity[], order: CdcOrder): StoredEntity[] {
  const byTime = [...changed].sort((a, b) => a.updatedMs - b.updatedMs);
  if (order === 'oldest-first') return byTime;
  if (order === 'newest-first') return byTime.reverse();
  // Repeatable: the same books give the same pick, so a test's failure can be replayed.
  return [...changed].sort((a, b) => scramble(`${a.name}:${a.id}`) - scramble(`${b.name}:${b.id}`));
}

function scramble(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

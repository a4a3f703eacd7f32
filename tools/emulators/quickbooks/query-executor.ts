import type { Company, EntityName } from './company';
import { nameLists } from './company';
import { fault } from './faults';
import type { JsonObject, JsonValue } from './json';
import type { QuickBooksLimits } from './limits';
import type { Condition, Literal, Query } from './query-parser';
import { parseQuery } from './query-parser';
import type { FieldKind } from './queryable-fields';
import { fieldKind, fieldValue, queryableFields } from './queryable-fields';

/**
 * QuickBooks Online emulator: runs a parsed query (spec §5.2). Name lists show active records unless
 * the query filters on Active; paging is 1-based, MAXRESULTS defaults to 100 and is capped at 1000;
 * no match answers `QueryResponse: {}`; `maxResults` in the answer counts what was returned.
 * String comparisons ignore case (QBO's collation; UNCONFIRMED).
 */

/** Entity names are documented as case-sensitive, yet `select * from customer` works in practice. */
function canonicalEntity(name: string): string {
  const found = Object.keys(queryableFields).find((e) => e.toLowerCase() === name.toLowerCase());
  if (!found) throw fault.queryParse(`Invalid entity name: ${name}`);
  return found;
}

function compare(kind: FieldKind, actual: JsonValue | undefined, literal: Literal): number | undefined {
  if (actual === undefined || actual === null) return undefined;
  switch (kind) {
    case 'datetime': {
      const a = Date.parse(String(actual));
      const b = Date.parse(String(literal));
      return Number.isNaN(b) ? undefined : a - b;
    }
    case 'number':
      return Number(actual) - Number(literal);
    case 'boolean':
      return String(actual) === String(literal).toLowerCase() ? 0 : 1;
    case 'id':
    case 'ref':
      if (/^\d+$/.test(String(actual)) && /^\d+$/.test(String(literal))) return Number(actual) - Number(literal);
      return String(actual).localeCompare(String(literal));
    default:
      return String(actual).toLowerCase().localeCompare(String(literal).toLowerCase());
  }
}

function likeMatcher(pattern: string): RegExp {
  const body = pattern
    .split('%')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'is');
}

function matches(entity: JsonObject, entityName: string, c: Condition): boolean {
  const kind = fieldKind(entityName, c.field) ?? 'string';
  const actual = fieldValue(entity, c.field, kind);
  const first = c.values[0] ?? '';
  switch (c.op) {
    case 'LIKE':
      return actual !== undefined && actual !== null && likeMatcher(String(first)).test(String(actual));
    case 'IN':
      return c.values.some((v) => compare(kind, actual, v) === 0);
    default: {
      const d = compare(kind, actual, first);
      if (d === undefined) return false;
      return c.op === '=' ? d === 0 : c.op === '<' ? d < 0 : c.op === '>' ? d > 0 : c.op === '<=' ? d <= 0 : d >= 0;
    }
  }
}

function checkQueryable(entity: string, fields: string[]): void {
  for (const f of fields) if (!fieldKind(entity, f)) throw fault.notQueryable(f);
}

export interface SpecialEntities {
  CompanyInfo: () => JsonObject;
  Preferences: () => JsonObject;
}

export function runQuery(company: Company, statement: string, limits: QuickBooksLimits, special: SpecialEntities): JsonObject {
  const query: Query = parseQuery(statement);
  const entity = canonicalEntity(query.entity);
  checkQueryable(entity, query.where.map((c) => c.field));
  checkQueryable(entity, query.orderBy.map((o) => o.field));

  type Row = { view: JsonObject; render: () => JsonObject };
  let rows: Row[];
  if (entity === 'CompanyInfo' || entity === 'Preferences') {
    const only = special[entity]();
    rows = [{ view: only, render: () => only }];
  } else {
    const name = entity as EntityName;
    const balances = company.customerBalances();
    rows = company.all(name).map((e) => ({ view: company.queryView(e, balances), render: () => company.render(e, balances) }));
    if (nameLists.has(name) && !query.where.some((c) => c.field === 'Active')) rows = rows.filter((r) => r.view.Active !== false);
  }
  rows = rows.filter((r) => query.where.every((c) => matches(r.view, entity, c)));
  if (query.count) return { totalCount: rows.length };

  const order = query.orderBy.length ? query.orderBy : [{ field: 'Id', descending: false }];
  rows.sort((ra, rb) => {
    const a = ra.view;
    const b = rb.view;
    for (const o of order) {
      const kind = fieldKind(entity, o.field) ?? 'id';
      const bv = fieldValue(b, o.field, kind);
      const d = bv === undefined || bv === null || typeof bv === 'object' ? (fieldValue(a, o.field, kind) === undefined ? 0 : 1) : (compare(kind, fieldValue(a, o.field, kind), bv) ?? -1);
      if (d !== 0) return o.descending ? -d : d;
    }
    return 0;
  });
  const start = Math.max(1, query.startPosition ?? 1);
  const max = Math.min(query.maxResults ?? limits.queryDefaultMaxResults, limits.queryMaxResults);
  const page = rows.slice(start - 1, start - 1 + max).map((r) => r.render());
  if (page.length === 0) return {};
  return { [entity]: page, startPosition: start, maxResults: page.length };
}

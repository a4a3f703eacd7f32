import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerRemoved, customerUpserted, planWith, subscriptionWith } from '../../../tests/support/event-builders';
import type { CustomerSummary } from '../../shared/api/contract';
import type { RingsideEvent } from '../../shared/events/model';
import { applyWithDueDates } from '../card/open-invoices';
import { openConsoleDatabase, type ConsoleDatabase } from '../db/open-console-database';
import { customersPage, customerSearchStatement, searchCustomers } from './search-customers';

const CUSTOMERS = 20_000;
const NOW = new Date('2026-03-20T12:00:00Z');

/** 20,000 customers with two numbers each, none of them in 617 555-01xx, seeded through the projection. */
function crowd(): RingsideEvent[] {
  return Array.from({ length: CUSTOMERS }, (_, i) => {
    const n = String(i).padStart(5, '0');
    return customerUpserted(`c-${n}`, `Customer ${n} Smith`, [`+1212${n}0000`.slice(0, 12), `+4420${n}1234`], {
      company: i % 3 === 0 ? `Company ${n}` : null,
      email: `customer${n}@example.org`,
    });
  });
}

describe('customer search over 20,000 customers, from the FTS5 index', () => {
  let db: ConsoleDatabase;
  let seq = 0;
  const apply = (events: RingsideEvent[]) => applyWithDueDates(db, events.map((event) => ({ seq: ++seq, event })));
  const names = async (query: string, limit = 20) => (await searchCustomers(db, { query, limit }, NOW)).map((c) => c.name);

  beforeAll(async () => {
    db = await openConsoleDatabase(':memory:');
    apply(crowd());
    apply([
      customerUpserted('c-ada', 'Ada Lovelace', ['+16175550100', '+12125550142'], { company: 'Analytical Engines', email: 'ada@engines.example' }),
      customerUpserted('c-zoe', 'Zoë Brontë', ['+16175550123'], { company: "O'Hare & Sons" }),
      customerUpserted('c-old', 'Otto Gone', ['+16175550177']),
      customerRemoved('c-old'),
      planWith('priority', { includedSeconds: 10 * 3600, name: 'Priority' }),
      subscriptionWith('s-ada', 'c-ada', 'priority', '2026-03-01'),
    ]);
  }, 60_000);
  afterAll(() => db.close());

  it.each(['617 555 0100', '(617) 555-0100', '+16175550100', '+1 617-555-0100', '617.555.0100', '5550100'])('finds Ada by her number written %s', async (query) => {
    expect(await names(query)).toEqual(['Ada Lovelace']);
  });

  it('finds any of a customer’s numbers, and every customer sharing a part of one', async () => {
    expect(await names('212 555 0142')).toEqual(['Ada Lovelace']);
    expect(await names('617 555 01')).toEqual(['Ada Lovelace', 'Zoë Brontë']);
  });

  it('finds a part of a name, company or email, whatever the case and accents', async () => {
    expect(await names('lovel')).toEqual(['Ada Lovelace']);
    expect(await names('ANALYTICAL')).toEqual(['Ada Lovelace']);
    expect(await names('ada@engines')).toEqual(['Ada Lovelace']);
    expect(await names('zoe bronte')).toEqual(['Zoë Brontë']);
    expect(await names("o'hare &")).toEqual(['Zoë Brontë']);
  });

  it('answers with the numbers, plan and time left in the same statement', async () => {
    expect(await searchCustomers(db, { query: 'Lovelace', limit: 5 }, NOW)).toEqual([
      { id: 'c-ada', name: 'Ada Lovelace', company: 'Analytical Engines', email: 'ada@engines.example', phones: ['+12125550142', '+16175550100'], planName: 'Priority', remainingSeconds: 10 * 3600 },
    ]);
    expect((await searchCustomers(db, { query: 'Customer 00042', limit: 5 }, NOW))[0]).toMatchObject({ name: 'Customer 00042 Smith', planName: null, remainingSeconds: null });
  });

  it('many matches come back by name, up to the limit', async () => {
    expect(await names('smith', 3)).toEqual(['Customer 00000 Smith', 'Customer 00001 Smith', 'Customer 00002 Smith']);
    expect(await names('example.org', 500)).toHaveLength(500);
  });

  it('a removed customer is not found; query syntax in the text is only text', async () => {
    expect(await names('Otto')).toEqual([]);
    expect(await names('617 555 0177')).toEqual([]);
    for (const query of ['"', 'AND', 'smith OR', '*', 'NEAR(a b)', '{name} : x', 'a"b"c']) await expect(searchCustomers(db, { query, limit: 5 }, NOW)).resolves.toBeInstanceOf(Array);
  });

  it('one or two characters match the start of a name; an empty query lists everyone by name', async () => {
    expect(await names('ad')).toEqual(['Ada Lovelace']);
    expect(await names('Z')).toEqual(['Zoë Brontë']);
    expect(await names('', 2)).toEqual(['Ada Lovelace', 'Customer 00000 Smith']);
  });

  function plan(query: string): string {
    const { sql, params } = customerSearchStatement(query);
    return (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params, 20) as { detail: string }[]).map((step) => step.detail).join('\n');
  }

  const scansOfCustomers = (steps: string) => steps.split('\n').filter((step) => /^SCAN c\b/.test(step)).length;

  it('a query is answered from the FTS indexes, then one key seek per match: no scan of the customers', () => {
    const byText = plan('lovelace');
    expect(byText).toMatch(/SCAN s VIRTUAL TABLE INDEX \d+:M/);
    expect(byText).toMatch(/SEARCH k USING INTEGER PRIMARY KEY/);
    expect(byText).toMatch(/SEARCH c USING INDEX sqlite_autoindex_customers_1 \(customer_id=\?\)/);
    expect(scansOfCustomers(byText)).toBe(0);
    const byNumber = plan('(617) 555-0100');
    expect(byNumber).toMatch(/SCAN s VIRTUAL TABLE INDEX \d+:M/);
    expect(byNumber).toMatch(/SCAN p VIRTUAL TABLE INDEX \d+:M/);
    expect(byNumber).toMatch(/SEARCH cp USING COVERING INDEX sqlite_autoindex_customer_phones_1 \(customer_id=\? AND phone_e164=\?\)/);
    expect(scansOfCustomers(byNumber)).toBe(0);
  });

  it('a short query seeks the name index; the empty query reads it in order, once', () => {
    expect(plan('ad')).toMatch(/SEARCH c USING COVERING INDEX customers_by_name \(name>\? AND name<\?\)/);
    expect(scansOfCustomers(plan('ad'))).toBe(0);
    expect(plan('')).toMatch(/SCAN c USING COVERING INDEX customers_by_name/);
    expect(scansOfCustomers(plan(''))).toBe(1);
  });

  it('a page after a cursor seeks the name index past it: the 100th page of everyone costs what the first does', () => {
    const { sql, params } = customerSearchStatement('', { name: 'Customer 10000 Smith', id: 'c-10000' });
    const steps = (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params, 20) as { detail: string }[]).map((step) => step.detail).join('\n');
    expect(steps).toMatch(/SEARCH c USING COVERING INDEX customers_by_name \(name>\?\)/);
    expect(scansOfCustomers(steps)).toBe(0);
  });
});

describe('customer pages', () => {
  let db: ConsoleDatabase;
  let seq = 0;
  const apply = (events: RingsideEvent[]) => applyWithDueDates(db, events.map((event) => ({ seq: ++seq, event })));
  beforeAll(async () => {
    db = await openConsoleDatabase(':memory:');
    // 90 customers under three names that differ only in case, ids in no particular order, then a few others.
    apply(
      Array.from({ length: 90 }, (_, i) => {
        const id = `c-${String((i * 37) % 90).padStart(2, '0')}`;
        return customerUpserted(id, ['sam Smith', 'Sam Smith', 'SAM SMITH'][i % 3] ?? 'Sam Smith', [`+1617555${String(1000 + i)}`]);
      }),
    );
    apply([customerUpserted('c-ada', 'Ada Lovelace', ['+16175550100']), customerUpserted('c-zoe', 'Zoë Brontë', ['+16175550123'])]);
  });
  afterAll(() => db.close());

  async function everyPage(query: string, limit: number): Promise<{ ids: string[]; totals: number[] }> {
    const rows: CustomerSummary[] = [];
    const totals: number[] = [];
    for (;;) {
      const last = rows.at(-1);
      const page = await customersPage(db, { query, limit, ...(last ? { after: { name: last.name, id: last.id } } : {}) }, NOW);
      totals.push(page.total);
      if (page.rows.length === 0) return { ids: rows.map((c) => c.id), totals };
      rows.push(...page.rows);
    }
  }

  it.each([
    ['', 92],
    ['sa', 90],
    ['smith', 90],
  ])('customers sharing a name (whatever its case) across page edges all come back once, in the order of one long answer, for query "%s"', async (query, count) => {
    const { ids, totals } = await everyPage(query, 7);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
    expect(ids).toEqual((await searchCustomers(db, { query, limit: 500 }, NOW)).map((c) => c.id));
    expect(new Set(totals)).toEqual(new Set([count]));
  });
});

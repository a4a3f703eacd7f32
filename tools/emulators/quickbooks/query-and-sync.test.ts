import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuickBooksEmulator } from './emulator';
import { createQuickBooksEmulator } from './emulator';
import type { ApiAnswer } from './test-session';
import { api, connect, query } from './test-session';

/** Query grammar, paging, CDC and batch of the emulator (spec §5.2, §8, §9, §13-5/9/10). */
describe('QuickBooks emulator queries, CDC and batch', () => {
  let emulator: QuickBooksEmulator;
  let token: string;
  let t: number;
  beforeEach(async () => {
    t = Date.parse('2026-09-01T17:00:00Z');
    emulator = createQuickBooksEmulator({ clock: () => t, limits: { requestsPerSecond: 1000, requestsPerMinute: 100_000, batchRequestsPerMinute: 1000 } });
    await emulator.listen();
    token = (await connect(emulator)).access_token;
  });
  afterEach(() => emulator.close());

  const fault = (res: ApiAnswer) => res.json.Fault.Error[0] as { code: string; Detail: string };

  it('refuses to filter customers by phone (4001, not queryable) and reports parse errors as 4000', async () => {
    const phone = await query(emulator, token, "SELECT * FROM Customer WHERE PrimaryPhone = '(503) 555-0142'");
    expect(phone.status).toBe(400);
    expect(fault(phone)).toMatchObject({ code: '4001', Detail: "QueryValidationError: property 'PrimaryPhone' is not queryable" });
    for (const bad of [
      "SELECT * FROM Customer WHERE DisplayName = 'A' OR DisplayName = 'B'",
      "SELECT * FROM Customer WHERE DisplayName = 'O'Brien Accounting'",
      'SELECT * FROM Customer WHERE DisplayName = ’Marco Bianchi’',
      "SELECT * FROM Customer WHERE DisplayName != 'x'",
    ]) {
      const res = await query(emulator, token, bad);
      expect(fault(res).code).toBe('4000');
      expect(fault(res).Detail).toMatch(/^QueryParserError: /);
    }
    expect(fault(await query(emulator, token, "SELECT * FROM Invoice WHERE PrivateNote = 'x'")).code).toBe('4001');
  });

  it('supports =, IN, LIKE, comparisons, ORDERBY and AND; lists only active names unless Active is filtered', async () => {
    const like = await query(emulator, token, "SELECT * FROM Customer WHERE DisplayName LIKE '%dental%'");
    expect(like.json.QueryResponse.Customer.map((c: { DisplayName: string }) => c.DisplayName)).toEqual(['Harbor Dental Group']);
    const active = await query(emulator, token, 'SELECT * FROM Customer');
    expect(active.json.QueryResponse.Customer.some((c: { DisplayName: string }) => c.DisplayName === 'Old Mill Cafe')).toBe(false);
    const all = await query(emulator, token, 'SELECT * FROM Customer WHERE Active IN (true, false) ORDERBY DisplayName DESC');
    const names = all.json.QueryResponse.Customer.map((c: { DisplayName: string }) => c.DisplayName);
    expect(names).toContain('Old Mill Cafe');
    expect(names[0]).toBe('Riverside Veterinary');
    expect(all.json.QueryResponse).toMatchObject({ startPosition: 1, maxResults: names.length });
    const items = await query(emulator, token, "SELECT * FROM Item WHERE Type = 'Service' AND Name IN ('Overage', 'Per-call fee')");
    expect(items.json.QueryResponse.Item).toHaveLength(2);
    const recent = await query(emulator, token, "SELECT * FROM Customer WHERE MetaData.LastUpdatedTime >= '2026-08-01T00:00:00-07:00'");
    expect(recent.json.QueryResponse).toEqual({});
  });

  it('pages 1-based with STARTPOSITION/MAXRESULTS, defaults to 100 and caps at 1000', async () => {
    emulator.addCustomers(5000);
    const def = await query(emulator, token, 'SELECT * FROM Customer');
    expect(def.json.QueryResponse.Customer).toHaveLength(100);
    const big = await query(emulator, token, 'SELECT * FROM Customer STARTPOSITION 1 MAXRESULTS 5000');
    expect(big.json.QueryResponse.Customer).toHaveLength(1000);
    const seen = new Set<string>();
    for (let start = 1; ; start += 1000) {
      const page = await query(emulator, token, `SELECT * FROM Customer STARTPOSITION ${start} MAXRESULTS 1000`);
      const rows: { Id: string }[] = page.json.QueryResponse.Customer ?? [];
      if (rows.length === 0) {
        expect(page.json.QueryResponse).toEqual({});
        break;
      }
      expect(page.json.QueryResponse.startPosition).toBe(start);
      for (const r of rows) seen.add(r.Id);
    }
    expect(seen.size).toBe(5009);
  });

  it('returns changes since a time with full payloads and tombstones, and faults beyond 30 days', async () => {
    const since = new Date(t).toISOString();
    t += 60_000;
    const marco = emulator.customers().find((c) => c.DisplayName === 'Marco Bianchi');
    emulator.editCustomer(String(marco?.Id), { Mobile: { FreeFormNumber: '971-555-0111' } });
    const inv = (await api(emulator, token, 'POST', '/invoice', {
      CustomerRef: { value: String(marco?.Id) },
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: 25, SalesItemLineDetail: { ItemRef: { value: String(emulator.items().find((i) => i.Name === 'Per-call fee')?.Id) }, Qty: 1, UnitPrice: 25 } }],
    })).json.Invoice;
    await api(emulator, token, 'POST', '/invoice?operation=delete', { Id: inv.Id, SyncToken: inv.SyncToken });
    const cdc = await api(emulator, token, 'GET', `/cdc?entities=Customer,Invoice,Payment&changedSince=${encodeURIComponent(since)}`);
    expect(cdc.status).toBe(200);
    expect(typeof cdc.json.time).toBe('string');
    const [customers, invoices, payments] = cdc.json.CDCResponse[0].QueryResponse;
    expect(customers.Customer).toHaveLength(1);
    expect(customers.Customer[0]).toMatchObject({ DisplayName: 'Marco Bianchi', SyncToken: '1', Mobile: { FreeFormNumber: '971-555-0111' } });
    expect(invoices.Invoice).toEqual([{ Id: inv.Id, domain: 'QBO', status: 'Deleted', MetaData: { LastUpdatedTime: expect.any(String) } }]);
    expect(payments).toEqual({});
    const old = await api(emulator, token, 'GET', `/cdc?entities=Customer&changedSince=${encodeURIComponent(new Date(t - 31 * 86_400_000).toISOString())}`);
    expect(old.status).toBe(400);
    expect(fault(old).Detail).toContain('older than fixed days is not supported');
  });

  it('caps CDC at 1000 objects across entities, oldest first, with no paging', async () => {
    const since = new Date(t).toISOString();
    emulator.addCustomers(1200);
    const cdc = await api(emulator, token, 'GET', `/cdc?entities=Customer,Invoice&changedSince=${encodeURIComponent(since)}`);
    expect(cdc.json.CDCResponse[0].QueryResponse[0].Customer).toHaveLength(1000);
  });

  it('runs a batch of up to 30 independent items with per-item faults, and refuses 31', async () => {
    const customerRef = { value: String(emulator.customers().find((c) => c.DisplayName === 'Northwind Bakery')?.Id) };
    const itemRef = { value: String(emulator.items().find((i) => i.Name === 'Overage')?.Id) };
    const line = (amount: number) => [{ DetailType: 'SalesItemLineDetail', Amount: amount, SalesItemLineDetail: { ItemRef: itemRef, Qty: 1, UnitPrice: 150 } }];
    const res = await api(emulator, token, 'POST', '/batch?requestid=batch-1', {
      BatchItemRequest: [
        { bId: 'b1', operation: 'create', Invoice: { CustomerRef: customerRef, DocNumber: 'OVR-2609-0058', Line: line(150) } },
        { bId: 'b2', operation: 'create', Invoice: { CustomerRef: customerRef, DocNumber: 'OVR-2609-0059', Line: line(149.99) } },
        { bId: 'b3', Query: "select * from Invoice where DocNumber = 'OVR-2609-0058'" },
      ],
    });
    expect(res.status).toBe(200);
    const [b1, b2, b3] = res.json.BatchItemResponse;
    expect(b1).toMatchObject({ bId: 'b1', Invoice: { DocNumber: 'OVR-2609-0058', TotalAmt: 150 } });
    expect(b2).toMatchObject({ bId: 'b2', Fault: { type: 'ValidationFault', Error: [{ code: '6070' }] } });
    expect(b3.QueryResponse.Invoice).toHaveLength(1);
    const items = Array.from({ length: 31 }, (_, i) => ({ bId: `q${i}`, Query: 'select * from Item' }));
    const tooMany = await api(emulator, token, 'POST', '/batch', { BatchItemRequest: items });
    expect(tooMany.status).toBe(400);
    expect((await api(emulator, token, 'POST', '/batch', { BatchItemRequest: items.slice(0, 30) })).status).toBe(200);
  });

  it('accepts POST /query with the statement as an application/text body', async () => {
    const res = await api(emulator, token, 'POST', '/query', 'select * from CompanyInfo', { 'content-type': 'application/text' });
    expect(res.json.QueryResponse.CompanyInfo[0].CompanyName).toBe(emulator.companyName);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cdcOrders } from './change-data-capture';
import type { QuickBooksEmulator } from './emulator';
import { createQuickBooksEmulator } from './emulator';
import { api, connect } from './test-session';

/** The off-the-happy-path options: a replayed batch answering 6000, and which 1,000 changes a capped CDC answer holds. */
describe('QuickBooks emulator: replayed batches and capped change data capture', () => {
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

  const batch = () => {
    const customerRef = { value: String(emulator.customers().find((c) => c.DisplayName === 'Northwind Bakery')?.Id) };
    const itemRef = { value: String(emulator.items().find((i) => i.Name === 'Overage')?.Id) };
    const invoice = (docNumber: string) => ({ CustomerRef: customerRef, DocNumber: docNumber, Line: [{ DetailType: 'SalesItemLineDetail', Amount: 150, SalesItemLineDetail: { ItemRef: itemRef, Qty: 1, UnitPrice: 150 } }] });
    return { BatchItemRequest: [{ bId: 'b1', operation: 'create', Invoice: invoice('RPL-1') }, { bId: 'b2', operation: 'create', Invoice: invoice('RPL-2') }] };
  };

  it('answers a batch repeated under its requestid with the original result by default', async () => {
    const first = await api(emulator, token, 'POST', '/batch?requestid=same-batch', batch());
    const again = await api(emulator, token, 'POST', '/batch?requestid=same-batch', batch());
    expect(again.text).toBe(first.text);
    expect(emulator.invoices()).toHaveLength(2);
  });

  it("with batchReplay 'error-6000' answers every item of the repeat with a 6000 business validation fault and writes nothing", async () => {
    emulator.setBatchReplay('error-6000');
    const first = await api(emulator, token, 'POST', '/batch?requestid=same-batch', batch());
    expect(first.json.BatchItemResponse.map((i: { Invoice?: unknown }) => i.Invoice !== undefined)).toEqual([true, true]);
    const again = await api(emulator, token, 'POST', '/batch?requestid=same-batch', batch());
    expect(again.status).toBe(200);
    expect(again.json.BatchItemResponse).toEqual([
      { bId: 'b1', Fault: { type: 'ValidationFault', Error: [expect.objectContaining({ code: '6000', Message: 'A business validation error has occurred while processing your request' })] } },
      { bId: 'b2', Fault: { type: 'ValidationFault', Error: [expect.objectContaining({ code: '6000' })] } },
    ]);
    expect(emulator.invoices()).toHaveLength(2);
    // A single create repeated under its requestid still gets its original answer.
    const single = { ...batch().BatchItemRequest[0]!.Invoice, DocNumber: 'RPL-3' };
    const one = await api(emulator, token, 'POST', '/invoice?requestid=same-invoice', single);
    expect((await api(emulator, token, 'POST', '/invoice?requestid=same-invoice', single)).text).toBe(one.text);
  });

  it('refuses a changedSince older than 30 days with a 400 validation fault whose code is 6000', async () => {
    const old = await api(emulator, token, 'GET', `/cdc?entities=Customer&changedSince=${encodeURIComponent(new Date(t - 31 * 86_400_000).toISOString())}`);
    expect(old.status).toBe(400);
    expect(old.json.Fault).toMatchObject({ type: 'ValidationFault', Error: [{ code: '6000', element: 'changedSince' }] });
  });

  for (const order of cdcOrders) {
    it(`caps a CDC answer at 1,000 objects across entities, holding the ${order} pick`, async () => {
      emulator.setCdcOrder(order);
      const since = new Date(t).toISOString();
      const ids: string[] = [];
      // 1,500 changes, one second apart, so "oldest" and "newest" mean something.
      for (let i = 0; i < 15; i++) {
        t += 1_000;
        ids.push(...emulator.addCustomers(100, { sharedNumberEvery: 0, unparseableEvery: 0 }));
      }
      const cdc = await api(emulator, token, 'GET', `/cdc?entities=Customer,Invoice&changedSince=${encodeURIComponent(since)}`);
      const got = (cdc.json.CDCResponse[0].QueryResponse[0].Customer as { Id: string }[]).map((c) => c.Id);
      expect(got).toHaveLength(1000);
      expect(cdc.json.CDCResponse[0].QueryResponse[1]).toEqual({});
      if (order === 'oldest-first') expect(new Set(got)).toEqual(new Set(ids.slice(0, 1000)));
      if (order === 'newest-first') expect(new Set(got)).toEqual(new Set(ids.slice(500)));
      if (order === 'arbitrary') {
        expect(new Set(got)).not.toEqual(new Set(ids.slice(0, 1000)));
        expect(new Set(got)).not.toEqual(new Set(ids.slice(500)));
        const again = await api(emulator, token, 'GET', `/cdc?entities=Customer,Invoice&changedSince=${encodeURIComponent(since)}`);
        expect((again.json.CDCResponse[0].QueryResponse[0].Customer as { Id: string }[]).map((c) => c.Id)).toEqual(got);
      }
    });
  }
});

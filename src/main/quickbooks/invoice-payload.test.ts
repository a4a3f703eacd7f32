import { describe, expect, it } from 'vitest';
import type { InvoiceLinesTable } from '../db/schema';
import { batchRequestIdFor, docNumberFor, invoicePayload, itemRoleOfLine, lineMathProblem, requestIdFor } from './invoice-payload';

const line = (patch: Partial<InvoiceLinesTable>): InvoiceLinesTable => ({
  invoice_key: 'call:c1',
  line_no: 1,
  description: 'Pay-per-call, call of 2026-09-01',
  quantity: '38',
  unit: 'minute',
  unit_price_minor: 250,
  amount_minor: 9_500,
  tax_basis_points: 0,
  tax_minor: 0,
  charge_id: 'c1',
  ...patch,
});

describe('invoice identity in QuickBooks', () => {
  it('derives a DocNumber of at most 21 characters from the invoice key, the same on every console', () => {
    const keys = ['sub:subscription-with-a-very-long-id-0001:2026-09-01', 'usage:customer-42:2026-09-01', 'call:charge-7f3c2a'];
    for (const key of keys) {
      expect(docNumberFor(key).length).toBeLessThanOrEqual(21);
      expect(docNumberFor(key)).toBe(docNumberFor(key));
    }
    expect(docNumberFor(keys[0]!)).toMatch(/^SUB-260901-[0-9A-Z]{8}$/);
    expect(docNumberFor(keys[2]!)).toMatch(/^PPC-[0-9A-Z]{12}$/);
    const many = Array.from({ length: 20_000 }, (_, i) => docNumberFor(`call:charge-${i}`));
    expect(new Set(many).size).toBe(many.length);
  });

  it('keeps one requestid per invoice and attempt series, within Intuit\'s lengths', () => {
    expect(requestIdFor('create', 'call:c1', 0)).toBe(requestIdFor('create', 'call:c1', 0));
    expect(requestIdFor('create', 'call:c1', 1)).not.toBe(requestIdFor('create', 'call:c1', 0));
    expect(requestIdFor('void', 'call:c1', 0).length).toBeLessThanOrEqual(50);
    const batch = batchRequestIdFor([{ invoiceKey: 'b', series: 0 }, { invoiceKey: 'a', series: 0 }]);
    expect(batch).toBe(batchRequestIdFor([{ invoiceKey: 'a', series: 0 }, { invoiceKey: 'b', series: 0 }]));
    expect(batch.length).toBeLessThanOrEqual(36);
  });
});

describe('invoice lines', () => {
  it('accepts only amount = quantity × unit price, to the cent, negative corrections included', () => {
    expect(lineMathProblem(line({}))).toBeNull();
    expect(lineMathProblem(line({ quantity: '1.5', unit_price_minor: 250, amount_minor: 375 }))).toBeNull();
    expect(lineMathProblem(line({ quantity: '-1', unit_price_minor: 2_500, amount_minor: -2_500 }))).toBeNull();
    expect(lineMathProblem(line({ quantity: '0.33', unit_price_minor: 250, amount_minor: 83 }))).toMatch(/line 1: amount 83 is not quantity 0.33/);
    expect(lineMathProblem(line({ quantity: 'about 3' }))).toMatch(/not a decimal/);
  });

  it('bills each line on the service item its kind maps to', () => {
    expect(itemRoleOfLine('subscription', 'Priority — monthly plan')).toBe('supportTime');
    expect(itemRoleOfLine('pay_per_call', 'Per-call fee, call of 2026-09-01')).toBe('perCallFee');
    expect(itemRoleOfLine('usage', 'Overage 12m 30s, call of 2026-09-01')).toBe('overage');
    expect(itemRoleOfLine('pay_per_call', 'Pay-per-call, call of 2026-09-01')).toBe('supportTime');
  });

  it('builds the QuickBooks invoice, and refuses loudly when the math is off', () => {
    const input = {
      invoice: { invoice_key: 'call:c1', kind: 'pay_per_call', issue_date: '2026-09-01', period_start: null, period_end: null },
      customerQuickbooksId: '58',
      items: { supportTime: '21', overage: '22', perCallFee: '23' },
      billEmail: 'billing@harbordental.example',
    };
    const built = invoicePayload({ ...input, lines: [line({}), line({ line_no: 2, description: 'Per-call fee, call of 2026-09-01', quantity: '1', unit: 'each', unit_price_minor: 2_500, amount_minor: 2_500 })] });
    expect(built).toMatchObject({
      ok: true,
      payload: {
        CustomerRef: { value: '58' },
        DocNumber: docNumberFor('call:c1'),
        TxnDate: '2026-09-01',
        BillEmail: { Address: 'billing@harbordental.example' },
        Line: [
          { DetailType: 'SalesItemLineDetail', Amount: 95, SalesItemLineDetail: { ItemRef: { value: '21' }, Qty: 38, UnitPrice: 2.5, TaxCodeRef: { value: 'NON' } } },
          { Amount: 25, SalesItemLineDetail: { ItemRef: { value: '23' }, Qty: 1, UnitPrice: 25 } },
        ],
      },
    });
    expect(invoicePayload({ ...input, lines: [line({ amount_minor: 9_501 })] })).toMatchObject({ ok: false, problem: expect.stringMatching(/quantity × unit price/) });
  });
});

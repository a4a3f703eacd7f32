import { describe, expect, it } from 'vitest';
import { dataKinds, dataKindsChangedBy, readDependsOn } from './data-changes';

describe('what an applied batch changed', () => {
  it('a ringing or answered call changes the call history only', () => {
    expect(dataKindsChangedBy([{ type: 'call.ringing' }, { type: 'call.answered' }])).toEqual(['calls']);
  });

  it('a completed call is billed: history, customers (time left), billing and invoices', () => {
    expect(dataKindsChangedBy([{ type: 'call.completed' }])).toEqual(['calls', 'customers', 'billing', 'invoices']);
  });

  it('a batch changes the union of its events, in one order, each kind once', () => {
    expect(dataKindsChangedBy([{ type: 'invoice.synced' }, { type: 'call.ringing' }, { type: 'wallet.credited' }, { type: 'call.ringing' }])).toEqual([
      'calls',
      'billing',
      'invoices',
      'quickbooks',
    ]);
  });

  it('events nobody shows yet (unnormalized, unknown to this version, unparseable) change nothing', () => {
    expect(dataKindsChangedBy([{ type: 'provider.unnormalized' }, { type: 'message.received' }, null])).toEqual([]);
    expect(dataKindsChangedBy([{ type: 'toString' }, { type: '__proto__' }])).toEqual([]);
  });

  it('a customer change reaches every list that names customers', () => {
    expect(dataKindsChangedBy([{ type: 'customer.upserted' }])).toEqual(dataKinds.filter((kind) => kind !== 'alerts'));
  });
});

describe('which reads a change makes stale', () => {
  it('the invoices are not read again for a ringing call, the history is', () => {
    const kinds = dataKindsChangedBy([{ type: 'call.ringing' }]);
    expect(readDependsOn('billing.invoices', kinds)).toBe(false);
    expect(readDependsOn('billing.subscriptions', kinds)).toBe(false);
    expect(readDependsOn('customers.search', kinds)).toBe(false);
    expect(readDependsOn('calls.history', kinds)).toBe(true);
  });

  it("an invoice's QuickBooks state follows invoices and the sync alike", () => {
    expect(readDependsOn('quickbooks.invoiceSync', ['invoices'])).toBe(true);
    expect(readDependsOn('quickbooks.invoiceSync', ['quickbooks'])).toBe(true);
    expect(readDependsOn('quickbooks.invoiceSync', ['calls'])).toBe(false);
  });

  it('a read without a declared kind is read again on any change', () => {
    expect(readDependsOn('quickbooks.status', ['calls'])).toBe(true);
    expect(readDependsOn('quickbooks.status', [])).toBe(false);
  });
});

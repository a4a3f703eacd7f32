import { describe, expect, it } from 'vitest';
import { readCdcAnswer } from './change-sync';
import { customerEvent, readCustomerPhones } from './customer-mapping';
import { invoiceChangeEvent, paymentEvent } from './payment-mapping';

const at = '2026-09-01T18:00:00.000Z';

describe('QuickBooks customers as Ringside customers', () => {
  const harbor = {
    Id: '58',
    SyncToken: '3',
    DisplayName: 'Harbor Dental Group',
    CompanyName: 'Harbor Dental Group',
    PrimaryPhone: { FreeFormNumber: '(503) 555-0142' },
    Mobile: { FreeFormNumber: '503.555.0199' },
    Fax: { FreeFormNumber: 'ask reception' },
    PrimaryEmailAddr: { Address: 'billing@harbordental.example' },
  };

  it('reads every phone field in the console region, keeping what it cannot read', () => {
    expect(readCustomerPhones(harbor, 'US')).toEqual([
      { field: 'PrimaryPhone', raw: '(503) 555-0142', e164: '+15035550142' },
      { field: 'Mobile', raw: '503.555.0199', e164: '+15035550199' },
      { field: 'Fax', raw: 'ask reception', e164: null },
    ]);
    expect(readCustomerPhones({ Id: '9', PrimaryPhone: { FreeFormNumber: '020 7946 0958' } }, 'GB')[0]!.e164).toBe('+442079460958');
  });

  it('upserts with QuickBooks Id as the key, under an id stable per version', () => {
    const phones = readCustomerPhones(harbor, 'US');
    expect(customerEvent(harbor, '58', phones, false, at)).toEqual({
      id: 'qbo-customer:58:3',
      occurredAt: at,
      type: 'customer.upserted',
      data: { customerId: '58', name: 'Harbor Dental Group', company: 'Harbor Dental Group', email: 'billing@harbordental.example', phones: ['+15035550142', '+15035550199'], quickbooksId: '58' },
    });
  });

  it('removes deleted, merged, inactive and phoneless customers the log had, and says nothing of those it never had', () => {
    expect(customerEvent({ Id: '58', status: 'Deleted' }, '58', [], true, at)).toEqual({ id: 'qbo-customer-removed:58:deleted', occurredAt: at, type: 'customer.removed', data: { customerId: '58' } });
    expect(customerEvent({ ...harbor, SyncToken: '4', Active: false }, '58', readCustomerPhones(harbor, 'US'), true, at)?.id).toBe('qbo-customer-removed:58:4');
    expect(customerEvent({ Id: '77', SyncToken: '0', DisplayName: 'Email only' }, '77', [], false, at)).toBeNull();
  });
});

describe('QuickBooks money as Ringside facts', () => {
  it('turns a balance into invoice.balance_changed, and a void into a void, not a payment', () => {
    expect(invoiceChangeEvent({ Id: '1042', SyncToken: '2', TotalAmt: 95, Balance: 45, DueDate: '2026-09-15' }, 'call:c1', at)).toMatchObject({
      id: 'qbo-invoice:1042:2',
      type: 'invoice.balance_changed',
      data: { invoiceKey: 'call:c1', quickbooksId: '1042', totalMinor: 9_500, balanceMinor: 4_500, currency: 'USD', dueDate: '2026-09-15' },
    });
    expect(invoiceChangeEvent({ Id: '1042', SyncToken: '3', TotalAmt: 0, Balance: 0, PrivateNote: 'Voided - Ringside invoice call:c1' }, 'call:c1', at)).toMatchObject({
      type: 'invoice.status_changed',
      data: { invoiceKey: 'call:c1', status: 'void' },
    });
  });

  it('records a payment against the Ringside invoices it pays, once per payment', () => {
    const payment = { Id: '1051', SyncToken: '0', TxnDate: '2026-09-03', TotalAmt: 95, CustomerRef: { value: '58' }, Line: [{ Amount: 95, LinkedTxn: [{ TxnId: '1042', TxnType: 'Invoice' }] }] };
    expect(paymentEvent(payment, '58', (id) => (id === '1042' ? 'call:c1' : null), at)).toMatchObject({
      id: 'qbo-payment:1051:0',
      type: 'payment.recorded',
      data: { paymentId: 'qbo-payment:1051', customerId: '58', amountMinor: 9_500, receivedOn: '2026-09-03', appliedTo: [{ invoiceKey: 'call:c1', quickbooksInvoiceId: '1042', amountMinor: 9_500 }] },
    });
    expect(paymentEvent(payment, '58', () => null, at)).toBeNull();
  });

  it('moves the CDC cursor to the answer time, or past the newest object of a capped answer', () => {
    const one = readCdcAnswer({ CDCResponse: [{ QueryResponse: [{ Customer: [{ Id: '1' }] }, {}] }], time: '2026-09-01T11:05:00.412-07:00' }, '2026-09-01T00:00:00Z');
    expect(one).toMatchObject({ more: false, nextCursor: '2026-09-01T18:04:58.412Z' });
    const full = Array.from({ length: 1_000 }, (_, i) => ({ Id: String(i), MetaData: { LastUpdatedTime: new Date(Date.parse('2026-09-01T00:00:00Z') + i * 1000).toISOString() } }));
    const capped = readCdcAnswer({ CDCResponse: [{ QueryResponse: [{ Invoice: full }] }], time: '2026-09-02T00:00:00Z' }, '2026-09-01T00:00:00Z');
    expect(capped).toMatchObject({ more: true, nextCursor: '2026-09-01T00:16:39.000Z' });
  });
});

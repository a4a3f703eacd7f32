import { describe, expect, it } from 'vitest';
import { readCdcAnswer } from './change-sync';
import { customerEvent, readCustomerPhones } from './customer-mapping';
import { invoiceKeyInNote, ringsidePrivateNote } from './invoice-marker';
import { invoiceChangeEvent, isVoidedInvoice, paymentEvent } from './payment-mapping';

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

  it('reads every phone field in the console region, keeping what it cannot read; a fax number is never a caller number', () => {
    expect(readCustomerPhones({ ...harbor, AlternatePhone: { FreeFormNumber: 'ask reception' } }, 'US')).toEqual([
      { field: 'PrimaryPhone', raw: '(503) 555-0142', e164: '+15035550142' },
      { field: 'Mobile', raw: '503.555.0199', e164: '+15035550199' },
      { field: 'AlternatePhone', raw: 'ask reception', e164: null },
    ]);
    const faxOnly = { Id: '77', SyncToken: '0', DisplayName: 'Fax Only Ltd', Fax: { FreeFormNumber: '(503) 555-0177' } };
    expect(readCustomerPhones(faxOnly, 'US')).toEqual([]);
    expect(customerEvent(faxOnly, '77', readCustomerPhones(faxOnly, 'US'), false, at)).toBeNull();
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

  it('moves the CDC cursor to the answer time less a skew margin, and calls a full answer capped whatever its order', () => {
    const one = readCdcAnswer({ CDCResponse: [{ QueryResponse: [{ Customer: [{ Id: '1' }] }, {}] }], time: '2026-09-01T11:05:00.412-07:00' }, '2026-09-01T00:00:00Z');
    expect(one).toMatchObject({ capped: false, nextCursor: '2026-09-01T18:04:58.412Z' });
    const stamp = (i: number) => ({ MetaData: { LastUpdatedTime: new Date(Date.parse('2026-09-01T00:00:00Z') + i * 1000).toISOString() } });
    const newestFirst = Array.from({ length: 600 }, (_, i) => ({ Id: String(i), ...stamp(1000 - i) }));
    const capped = readCdcAnswer({ CDCResponse: [{ QueryResponse: [{ Invoice: newestFirst }, { Payment: newestFirst.slice(0, 400) }] }], time: '2026-09-02T00:00:00Z' }, '2026-09-01T00:00:00Z');
    // Not resumed from its newest object (that would skip what a newest-first answer left out).
    expect(capped).toMatchObject({ capped: true, nextCursor: '2026-09-01T23:59:58.000Z' });
  });

  it('reads an invoice as voided from TotalAmt 0 and the "Voided" prefix, or from any prefix put before Ringside\'s own note', () => {
    const note = ringsidePrivateNote('sub:s1:2026-09');
    expect(isVoidedInvoice({ Id: '1', TotalAmt: 0, Balance: 0, PrivateNote: `Voided - ${note}` })).toBe(true);
    expect(isVoidedInvoice({ Id: '1', TotalAmt: 0, Balance: 0, PrivateNote: 'Voided' })).toBe(true);
    expect(isVoidedInvoice({ Id: '1', TotalAmt: 0, Balance: 0, PrivateNote: `Annulé - ${note}` })).toBe(true);
    // Paid (Balance 0) is not void, nor is a zero invoice whose note is still Ringside's own.
    expect(isVoidedInvoice({ Id: '1', TotalAmt: 95, Balance: 0, PrivateNote: `Voided - ${note}` })).toBe(false);
    expect(isVoidedInvoice({ Id: '1', TotalAmt: 0, Balance: 0, PrivateNote: note })).toBe(false);
    expect(isVoidedInvoice({ Id: '1', TotalAmt: 0, Balance: 0 })).toBe(false);
    expect(invoiceChangeEvent({ Id: '7', TotalAmt: 0, Balance: 0, PrivateNote: `Storniert ${note}` }, 'sub:s1:2026-09', at)).toMatchObject({ type: 'invoice.status_changed', data: { status: 'void' } });
  });

  it("finds Ringside's invoice key in a note by its bracketed marker, never a longer key that starts alike", () => {
    expect(invoiceKeyInNote(`Voided - ${ringsidePrivateNote('call:c1')}`)).toBe('call:c1');
    expect(invoiceKeyInNote('Ringside invoice call:c12 [ringside:call:c12]')).toBe('call:c12');
    expect(invoiceKeyInNote('typed by hand: Ringside invoice call:c1')).toBeNull();
    expect(invoiceKeyInNote(undefined)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, type EventOf } from '../../events/model';
import { customerUpserted, invoiceStatusChanged, invoiceSynced, paymentRecorded, policyDefined } from '../../../../tests/support/event-builders';
import { MemoryLedger } from '../../../../tests/support/memory-ledger';

/** Top-ups billed as invoices (QuickBooks issue §4): the wallet gets the money once the invoice is paid. */

const NORA = '+16175550122';
const AT = '2026-03-20T10:00:00Z';

function topUpInvoiced(topUpId: string, customerId: string, amountMinor: number, note = ''): EventOf<'wallet.top_up_invoiced'> {
  return {
    v: EVENT_MODEL_VERSION,
    id: `wallet.top_up_invoiced:${topUpId}`,
    source: 'console',
    occurredAt: AT,
    receivedAt: AT,
    lines: [],
    type: 'wallet.top_up_invoiced',
    data: { topUpId, customerId, amountMinor, currency: 'USD', note },
  };
}

function balanceChanged(invoiceKey: string | null, quickbooksId: string, totalMinor: number, balanceMinor: number, at = '2026-03-25T10:00:00Z'): EventOf<'invoice.balance_changed'> {
  return {
    v: EVENT_MODEL_VERSION,
    id: `balance:${quickbooksId}:${balanceMinor}:${at}`,
    source: 'console',
    occurredAt: at,
    receivedAt: at,
    lines: [],
    type: 'invoice.balance_changed',
    data: { invoiceKey, quickbooksId, totalMinor, balanceMinor, currency: 'USD', dueDate: null },
  };
}

function noraWithTopUp(amountMinor = 5000): MemoryLedger {
  const ledger = new MemoryLedger();
  ledger.apply(customerUpserted('c-nora', 'Nora', [NORA]), topUpInvoiced('t1', 'c-nora', amountMinor));
  return ledger;
}

const balance = (ledger: MemoryLedger) => ledger.view('c-nora', '2026-03-30T00:00:00Z').wallet?.balanceMinor;

describe('a wallet top-up billed as an invoice', () => {
  it('a $50 top-up invoice credits the wallet only once it is paid', () => {
    const ledger = new MemoryLedger();
    const invoiced = ledger.apply(customerUpserted('c-nora', 'Nora', [NORA]), topUpInvoiced('t1', 'c-nora', 5000));
    expect(invoiced.invoices).toEqual([
      expect.objectContaining({ invoiceKey: 'topup:t1', customerId: 'c-nora', kind: 'wallet_top_up', status: 'ready', issueDate: '2026-03-20', subtotalMinor: 5000, taxMinor: 0, totalMinor: 5000 }),
    ]);
    expect(invoiced.invoiceLines).toEqual([expect.objectContaining({ invoiceKey: 'topup:t1', lineNo: 1, description: 'Prepaid support credit', quantity: '1', unit: 'each', unitPriceMinor: 5000, amountMinor: 5000 })]);
    expect(invoiced.walletEntries).toEqual([]);
    expect(balance(ledger)).toBe(0);

    const synced = ledger.apply(invoiceSynced('topup:t1', 'qb-7'));
    expect(synced.walletEntries).toEqual([]);

    const paid = ledger.apply(paymentRecorded('pay-1', 'c-nora', 'topup:t1', 5000, '2026-03-25T10:00:00Z'));
    expect(paid.walletEntries).toEqual([expect.objectContaining({ entryId: 'topup:t1:paid', customerId: 'c-nora', kind: 'top_up', amountMinor: 5000, balanceAfterMinor: 5000 })]);
    expect(balance(ledger)).toBe(5000);
  });

  it('a payment and QuickBooks’ zero balance for the same invoice credit it once, in either order', () => {
    const paymentFirst = noraWithTopUp();
    paymentFirst.apply(invoiceSynced('topup:t1', 'qb-7'), paymentRecorded('pay-1', 'c-nora', 'topup:t1', 5000, '2026-03-25T10:00:00Z'));
    const after = paymentFirst.apply(balanceChanged(null, 'qb-7', 5000, 0), paymentRecorded('pay-1', 'c-nora', 'topup:t1', 5000, '2026-03-26T10:00:00Z'));
    expect(after.walletEntries).toEqual([]);
    expect(balance(paymentFirst)).toBe(5000);

    const balanceFirst = noraWithTopUp();
    const paid = balanceFirst.apply(invoiceSynced('topup:t1', 'qb-7'), balanceChanged(null, 'qb-7', 5000, 0));
    expect(paid.walletEntries).toEqual([expect.objectContaining({ entryId: 'topup:t1:paid', amountMinor: 5000 })]);
    expect(balanceFirst.apply(paymentRecorded('pay-1', 'c-nora', 'topup:t1', 5000, '2026-03-26T10:00:00Z')).walletEntries).toEqual([]);
    expect(balance(balanceFirst)).toBe(5000);
  });

  it('a part payment, even recorded twice, credits nothing until the rest is paid', () => {
    const ledger = noraWithTopUp();
    const part = ledger.apply(paymentRecorded('pay-1', 'c-nora', 'topup:t1', 2000), paymentRecorded('pay-1', 'c-nora', 'topup:t1', 2000), paymentRecorded('pay-1', 'c-nora', 'topup:t1', 2000));
    expect(part.walletEntries).toEqual([]);
    const rest = ledger.apply(paymentRecorded('pay-2', 'c-nora', 'topup:t1', 3000));
    expect(rest.walletEntries).toEqual([expect.objectContaining({ amountMinor: 5000 })]);
  });

  it('a void top-up invoice never credits the wallet', () => {
    const ledger = noraWithTopUp();
    const voided = ledger.apply(invoiceStatusChanged('topup:t1', 'void'), paymentRecorded('pay-1', 'c-nora', 'topup:t1', 5000), balanceChanged('topup:t1', 'qb-7', 5000, 0));
    expect(voided.walletEntries).toEqual([]);
    expect(balance(ledger)).toBe(0);
  });

  it('the invoice is taxed at the policy’s fees rate (8.25 % of $50 is $4.12, half-even); the wallet gets the amount before tax', () => {
    const ledger = new MemoryLedger();
    const invoiced = ledger.apply(policyDefined({ taxBasisPoints: { fees: 825 } }), customerUpserted('c-nora', 'Nora', [NORA]), topUpInvoiced('t1', 'c-nora', 5000));
    expect(invoiced.invoices).toEqual([expect.objectContaining({ subtotalMinor: 5000, taxMinor: 412, totalMinor: 5412 })]);
    expect(ledger.apply(paymentRecorded('pay-1', 'c-nora', 'topup:t1', 5000)).walletEntries).toEqual([]);
    expect(ledger.apply(paymentRecorded('pay-2', 'c-nora', 'topup:t1', 412)).walletEntries).toEqual([expect.objectContaining({ amountMinor: 5000 })]);
  });

  it('replaying the same log gives the same credit', () => {
    const run = () => {
      const ledger = noraWithTopUp();
      return ledger.apply(invoiceSynced('topup:t1', 'qb-7'), balanceChanged(null, 'qb-7', 5000, 0)).walletEntries;
    };
    expect(run()).toEqual(run());
  });
});

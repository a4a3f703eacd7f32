import { describe, expect, it } from 'vitest';
import type { InvoiceLineRow } from '../../../shared/api/billing';
import { chargeLineText, includedTextsText, invoiceLineText, invoiceTitle } from './billing-format';

const line = (description: string): InvoiceLineRow => ({ description, quantity: '1', unit: 'each', unitPriceMinor: 9900, amountMinor: 9900, taxBasisPoints: 0, taxMinor: 0 });

describe('what an invoice is for, in words', () => {
  it('a usage invoice names its month, not usage:cust_…:2026-12-01', () => {
    const usage = { kind: 'usage' as const, issueDate: '2027-01-01', periodStart: '2026-12-01', periodEnd: '2027-01-01', lines: [line('Pay-per-call, call of 2026-12-01')] };
    expect(invoiceTitle(usage)).toBe('Usage, December 2026');
    // Invoicing on the 15th: the period spans two months, said as its days.
    expect(invoiceTitle({ ...usage, periodStart: '2026-12-15', periodEnd: '2027-01-15' })).toBe('Usage, Dec 15, 2026 – Jan 15, 2027');
  });

  it('a subscription invoice names the plan billed, not sub:sub_811c…', () => {
    const subscription = { kind: 'subscription' as const, issueDate: '2026-11-27', periodStart: '2026-11-27', periodEnd: '2026-12-27', lines: [line('Gold Plus — monthly plan, 2026-11-27 until 2026-12-27')] };
    expect(invoiceTitle(subscription)).toBe('Subscription — Gold Plus');
    expect(invoiceTitle({ ...subscription, lines: [] })).toBe('Subscription');
  });

  it('a per-call invoice names the day of the call, a top-up says so', () => {
    expect(invoiceTitle({ kind: 'pay_per_call', issueDate: '2026-12-02', periodStart: null, periodEnd: null, lines: [line('Overage, call of 2026-12-01')] })).toBe('Call of Dec 1, 2026');
    expect(invoiceTitle({ kind: 'pay_per_call', issueDate: '2026-12-02', periodStart: null, periodEnd: null, lines: [] })).toBe('Call of Dec 2, 2026');
    expect(invoiceTitle({ kind: 'wallet_top_up', issueDate: '2026-12-02', periodStart: null, periodEnd: null, lines: [line('Prepaid support credit')] })).toBe('Wallet top-up');
  });

  it('never shows an internal id', () => {
    for (const kind of ['usage', 'subscription', 'pay_per_call', 'wallet_top_up'] as const) {
      expect(invoiceTitle({ kind, issueDate: '2026-12-01', periodStart: '2026-12-01', periodEnd: '2027-01-01', lines: [line('Starter — monthly plan, 2026-12-01 until 2027-01-01')] })).not.toMatch(/cust_|sub_|plan_|:/);
    }
  });
});

describe('an invoice line', () => {
  it('reads its dates as dates', () => {
    expect(invoiceLineText('Starter — monthly plan, 2026-11-27 until 2026-12-27')).toBe('Starter — monthly plan, Nov 27, 2026 until Dec 27, 2026');
    expect(invoiceLineText('Pay-per-call, call of 2026-12-01')).toBe('Pay-per-call, call of Dec 1, 2026');
    expect(invoiceLineText('Prepaid support credit')).toBe('Prepaid support credit');
  });
});

describe('what paid for a text, in words', () => {
  it('an included text, one paid from the wallet and one billed beyond the included ones', () => {
    expect(chargeLineText({ bucket: 'message_included', seconds: 0, amountMinor: 0, currency: 'USD' })).toBe('1 text from included texts');
    expect(chargeLineText({ bucket: 'message_wallet', seconds: 0, amountMinor: 4, currency: 'USD' })).toBe('$0.04 text from the wallet');
    expect(chargeLineText({ bucket: 'message_overage', seconds: 0, amountMinor: 5, currency: 'USD' })).toBe('$0.05 text beyond the included ones');
    expect(chargeLineText({ bucket: 'message_pay_per_use', seconds: 0, amountMinor: 5, currency: 'USD' })).toBe('$0.05 pay-per-text');
  });
});

describe('included texts on the subscriptions page', () => {
  it('says how many of each direction’s included texts are used, leaving out a direction with none', () => {
    expect(includedTextsText({ sent: { used: 40, included: 100 }, received: { used: 0, included: 0 } })).toBe('Included texts: 40 / 100 sent');
    expect(includedTextsText({ sent: { used: 40, included: 100 }, received: { used: 3, included: 10 } })).toBe('Included texts: 40 / 100 sent, 3 / 10 received');
    expect(includedTextsText({ sent: { used: 0, included: 0 }, received: { used: 0, included: 0 } })).toBe('Texts billed per text');
  });
});

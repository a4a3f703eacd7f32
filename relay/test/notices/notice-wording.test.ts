import { describe, expect, it } from 'vitest';
import type { SubscriptionView } from '../../../src/shared/billing/engine/account-view';
import { DEFAULT_NOTICE_TEMPLATES } from '../../../src/shared/notices/default-templates';
import { renderNotice, renderNoticeText } from '../../../src/shared/notices/notice-template';
import type { CustomerAccount, CustomerInvoice } from '../../src/accounts/customer-accounts';
import { noticeValues } from '../../src/notices/notice-values';

/** What the default notices read in the cases where a sentence does not apply (pure: the relay's values, the shared renderer the console's preview uses). */

const invoice: CustomerInvoice = { invoiceKey: 'inv-1', kind: 'subscription', status: 'ready', issueDate: '2026-11-01', dueDate: null, totalMinor: 19900, balanceMinor: 19900, currency: 'USD', docNumber: '1042', quickbooksId: null, issuedSeq: 50 };

function subscription(patch: Partial<SubscriptionView> = {}): SubscriptionView {
  return {
    subscriptionId: 'sub-1',
    planId: 'growth',
    plan: { planId: 'growth', name: 'Growth', period: 'monthly', priceMinor: 19900, currency: 'USD', includedSeconds: 36000, balanceExempt: false } as SubscriptionView['plan'],
    state: 'active',
    renewal: 'auto',
    periodStartsOn: '2026-11-10',
    periodEndsOn: '2026-12-10',
    includedSeconds: 36000,
    includedRemaining: 1800,
    rolloverSeconds: 0,
    rolloverRemaining: 0,
    usedSeconds: 34200,
    remainingSeconds: 1800,
    nextRenewalOn: '2026-12-10',
    includedTexts: null,
    ...patch,
  };
}

function account(patch: Partial<CustomerAccount> = {}): CustomerAccount {
  return { customerId: 'c1', name: 'Acme Dental', company: null, emails: ['office@acme.test'], phones: [], quickbooksId: null, address: null, view: { subscription: subscription(), wallet: { balanceMinor: 50000, currency: 'USD', low: false, exhausted: false, planCredit: null } }, invoices: [invoice], ...patch };
}

const links = { business: '', portalLink: '', unsubscribeLink: 'https://relay.example/notices/unsubscribe/t' };

describe('a line whose variables all render empty', () => {
  it('is left out, with the blank line it would leave doubled; a line with one value filled stays, and text that is not a variable stays as written', () => {
    const text = 'Hello {{name}},\n\nPay at {{portalLink}}\n\nThank you,\n{{business}}';
    expect(renderNoticeText(text, { name: 'Jo' })).toBe('Hello Jo,\n\nThank you,');
    expect(renderNoticeText('Hi {{name}} at {{portalLink}}.\n{{nope}}', { name: 'Jo' })).toBe('Hi Jo at .\n{{nope}}');
    expect(renderNoticeText('{{portalLink}}\n\nHello', {})).toBe('Hello');
  });
});

describe('the default notices', () => {
  it('an invoice without a due date states none, and without a portal address or a business name there is no dangling "pay at" nor "from us"', () => {
    const { subject, body } = renderNotice(DEFAULT_NOTICE_TEMPLATES.invoice_issued, noticeValues('invoice_issued', account(), { invoiceKey: 'inv-1', renewalDate: null }, links));
    expect(subject).toBe('Your invoice 1042');
    expect(body).toBe('Hello Acme Dental,\n\nHere is invoice 1042 for $199.00. The invoice is attached.\n\nThank you,');
    expect(body).not.toMatch(/due on|pay at|\bus\b/);
  });

  it('an invoice with QuickBooks\' due date states it', () => {
    const withDue = account({ invoices: [{ ...invoice, dueDate: '2026-12-01' }] });
    const { body } = renderNotice(DEFAULT_NOTICE_TEMPLATES.payment_reminder, noticeValues('payment_reminder', withDue, { invoiceKey: 'inv-1', renewalDate: null }, { ...links, business: 'Front Desk Co' }));
    expect(body).toContain('invoice 1042 for $199.00 was due on December 1, 2026 and is still open');
    expect(body).toContain('Thank you,\nFront Desk Co');
  });

  it('a renewal says it renews, for how much; a plan set to end is not told it renews, nor a price', () => {
    const renews = renderNotice(DEFAULT_NOTICE_TEMPLATES.renewal, noticeValues('renewal', account(), { invoiceKey: null, renewalDate: '2026-12-10' }, links)).body;
    expect(renews).toContain('Your Growth plan comes to the end of its current period on December 10, 2026.\nIt renews then for $199.00.');
    const ending = account({ view: { subscription: subscription({ renewal: 'end' }), wallet: null } });
    const ends = renderNotice(DEFAULT_NOTICE_TEMPLATES.renewal, noticeValues('renewal', ending, { invoiceKey: null, renewalDate: '2026-12-10' }, links)).body;
    expect(ends).toContain('Your Growth plan comes to the end of its current period on December 10, 2026.');
    expect(ends).not.toMatch(/renews|\$199|nothing to do/);
  });

  it('low hours speaks of the hours only, a low wallet of the wallet only', () => {
    const hours = renderNotice(DEFAULT_NOTICE_TEMPLATES.low_balance, noticeValues('low_balance', account(), { invoiceKey: null, renewalDate: null, lowOn: 'hours' }, links)).body;
    expect(hours).toContain('Your Growth plan has 30 minutes left this period.');
    expect(hours).not.toContain('wallet');
    const wallet = renderNotice(DEFAULT_NOTICE_TEMPLATES.low_balance, noticeValues('low_balance', account(), { invoiceKey: null, renewalDate: null, lowOn: 'wallet' }, links)).body;
    expect(wallet).toContain('Your wallet is down to $500.00.');
    expect(wallet).not.toContain('plan');
  });

  it('the plan-ended notice, sent once, has no unsubscribe line', () => {
    const { body } = renderNotice(DEFAULT_NOTICE_TEMPLATES.subscription_expired, noticeValues('subscription_expired', account(), { invoiceKey: null, renewalDate: null }, links));
    expect(body).not.toMatch(/stop|unsubscribe/i);
  });
});

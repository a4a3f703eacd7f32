import { describe, expect, it } from 'vitest';
import type { NoticeKind } from '../../../src/shared/notices/notice-kinds';
import type { NoticeSettings } from '../../../src/shared/relay-rest/notices';
import type { SubscriptionView } from '../../../src/shared/billing/engine/account-view';
import type { CustomerAccount, CustomerInvoice } from '../../src/accounts/customer-accounts';
import { decideNotices, type NoticeDecisionInput, type NoticeWatch } from '../../src/notices/decide-notices';
import { DEFAULT_NOTICE_SETTINGS } from '../../src/notices/notice-setup-store';

const NOW = Date.parse('2026-12-02T15:00:00Z');

function invoice(key: string, patch: Partial<CustomerInvoice> = {}): CustomerInvoice {
  return { invoiceKey: key, kind: 'subscription', status: 'ready', issueDate: '2026-11-01', dueDate: '2026-11-15', totalMinor: 19900, balanceMinor: 19900, currency: 'USD', docNumber: null, quickbooksId: null, issuedSeq: 50, ...patch };
}

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
    includedRemaining: 20000,
    rolloverSeconds: 0,
    rolloverRemaining: 0,
    usedSeconds: 16000,
    remainingSeconds: 20000,
    nextRenewalOn: '2026-12-10',
    includedTexts: null,
    ...patch,
  };
}

function account(patch: Partial<CustomerAccount> = {}): CustomerAccount {
  return { customerId: 'c1', name: 'Acme Dental', company: null, emails: ['office@acme.test'], phones: ['+16175550101'], quickbooksId: null, address: null, view: { subscription: null, wallet: null }, invoices: [], ...patch };
}

function on(patch: Partial<{ [K in keyof NoticeSettings]: Partial<NoticeSettings[K]> }> = {}): NoticeSettings {
  const s = structuredClone(DEFAULT_NOTICE_SETTINGS);
  for (const key of ['invoiceIssued', 'paymentReminder', 'renewal', 'lowBalance', 'subscriptionExpired'] as const) s[key].enabled = true;
  for (const [key, value] of Object.entries(patch)) Object.assign(s[key as keyof NoticeSettings] as object, value);
  return s;
}

const since = (seq: number | null): Record<NoticeKind, number | null> => ({ invoice_issued: seq, payment_reminder: seq, renewal: seq, low_balance: seq, subscription_expired: seq, portal_link: null });

function decide(accounts: CustomerAccount[], patch: Partial<NoticeDecisionInput> = {}) {
  return decideNotices({
    accounts,
    settings: on(),
    enabledSinceSeq: since(10),
    enabledFromSeq: 10,
    nowMs: NOW,
    timeZone: 'UTC',
    isUnsubscribed: () => false,
    isInOutbox: () => false,
    watches: new Map(),
    ...patch,
  });
}

const keys = (result: ReturnType<typeof decide>) => result.notices.map((notice) => notice.noticeKey);

describe('invoice issued', () => {
  it('an invoice issued after the kind was turned on is mailed once, under its key, to the main address', () => {
    const result = decide([account({ emails: ['office@acme.test', 'billing@acme.test'], invoices: [invoice('inv-1', { dueDate: '2026-12-20' })] })], { settings: on({ paymentReminder: { enabled: false } }) });
    expect(result.notices).toEqual([expect.objectContaining({ noticeKey: 'invoice_issued:inv-1:email', kind: 'invoice_issued', recipient: 'office@acme.test', invoiceKey: 'inv-1' })]);
  });

  it('an invoice issued before the kind was turned on, a draft, a voided one and one of zero are not mailed', () => {
    const invoices = [invoice('old', { issuedSeq: 9 }), invoice('draft', { status: 'draft' }), invoice('void', { status: 'void' }), invoice('zero', { totalMinor: 0, balanceMinor: 0 })];
    expect(keys(decide([account({ invoices })], { settings: on({ paymentReminder: { enabled: false } }) }))).toEqual([]);
  });

  it('a key the outbox already holds is not decided again', () => {
    const invoices = [invoice('inv-1', { dueDate: '2026-12-20' })];
    expect(keys(decide([account({ invoices })], { isInOutbox: (key) => key === 'invoice_issued:inv-1:email' }))).toEqual([]);
  });

  it('by email and SMS, each its own notice; a customer without an email gets only the text, not an error', () => {
    const settings = on({ invoiceIssued: { channels: ['email', 'sms'] }, paymentReminder: { enabled: false } });
    expect(keys(decide([account({ invoices: [invoice('inv-1')] })], { settings }))).toEqual(['invoice_issued:inv-1:email', 'invoice_issued:inv-1:sms']);
    expect(keys(decide([account({ emails: [], invoices: [invoice('inv-1')] })], { settings }))).toEqual(['invoice_issued:inv-1:sms']);
    expect(keys(decide([account({ emails: [], phones: [], invoices: [invoice('inv-1')] })], { settings }))).toEqual([]);
  });

  it("by QuickBooks only once QuickBooks has the invoice and the customer is linked", () => {
    const settings = on({ invoiceIssued: { channels: ['quickbooks'] }, paymentReminder: { enabled: false } });
    expect(keys(decide([account({ quickbooksId: 'QB-7', invoices: [invoice('inv-1')] })], { settings }))).toEqual([]);
    expect(keys(decide([account({ quickbooksId: 'QB-7', invoices: [invoice('inv-1', { quickbooksId: '130', status: 'synced' })] })], { settings }))).toEqual(['invoice_issued:inv-1:quickbooks']);
  });

  it('nothing at all while the kind is off', () => {
    expect(keys(decide([account({ invoices: [invoice('inv-1')] })], { settings: { ...DEFAULT_NOTICE_SETTINGS } }))).toEqual([]);
  });
});

describe('payment reminders', () => {
  const rule = { firstAfterDueDays: 3, everyDays: 7, maxCount: 3 };
  const issuedOff = { invoiceIssued: { enabled: false } };
  const remind = (dueDate: string, patch: Partial<CustomerInvoice> = {}, today = NOW) =>
    keys(decide([account({ invoices: [invoice('inv-1', { dueDate, ...patch })] })], { settings: on({ ...issuedOff, paymentReminder: rule }), nowMs: today }));

  it('not before N days after the due date; the first on that day', () => {
    expect(remind('2026-11-30')).toEqual([]);
    expect(remind('2026-11-29')).toEqual(['payment_reminder:inv-1:1:email']);
  });

  it('then every M days: the second 7 days after the first, the third 7 days later, and no fourth (at most maxCount)', () => {
    expect(remind('2026-11-23')).toEqual(['payment_reminder:inv-1:1:email']);
    expect(remind('2026-11-22')).toEqual(['payment_reminder:inv-1:2:email']);
    expect(remind('2026-11-15')).toEqual(['payment_reminder:inv-1:3:email']);
    expect(remind('2026-09-01')).toEqual(['payment_reminder:inv-1:3:email']);
  });

  it('a paid invoice gets no reminder, nor one paid in part down to zero, nor a voided one', () => {
    expect(remind('2026-11-22', { status: 'paid', balanceMinor: 0 })).toEqual([]);
    expect(remind('2026-11-22', { status: 'synced', balanceMinor: 0 })).toEqual([]);
    expect(remind('2026-11-22', { status: 'void' })).toEqual([]);
  });

  it('an invoice paid in part is still reminded of', () => {
    expect(remind('2026-11-22', { status: 'synced', balanceMinor: 5000 })).toEqual(['payment_reminder:inv-1:2:email']);
  });

  it('without a due date (not synced, or no QuickBooks) an invoice counts as due 30 days after issue, not on the day it was issued', () => {
    const noDue = null as unknown as string;
    expect(remind(noDue, { issueDate: '2026-11-29' })).toEqual([]);
    // Issued Oct 31: due Nov 30, the first reminder 3 days later (Dec 3); issued Oct 30: today (Dec 2).
    expect(remind(noDue, { issueDate: '2026-10-31' })).toEqual([]);
    expect(remind(noDue, { issueDate: '2026-10-30' })).toEqual(['payment_reminder:inv-1:1:email']);
  });

  it('the days after issue an invoice without a due date counts as due are paymentReminder.dueAfterIssueDays when set', () => {
    const settings = on({ invoiceIssued: { enabled: false }, paymentReminder: { firstAfterDueDays: 3, everyDays: 7, maxCount: 3, dueAfterIssueDays: 0 } });
    const result = decide([account({ invoices: [invoice('inv-1', { dueDate: null, issueDate: '2026-11-29' })] })], { settings });
    expect(result.notices.map((notice) => notice.noticeKey)).toEqual(['payment_reminder:inv-1:1:email']);
  });

  it('an invoice issued before notices were first turned on is not chased', () => {
    expect(remind('2026-11-22', { issuedSeq: 10 })).toEqual([]);
  });

  it('a customer who unsubscribed from reminders gets none, and still gets their invoices', () => {
    const result = decide([account({ invoices: [invoice('inv-1', { dueDate: '2026-11-22' })] })], { isUnsubscribed: (_id, kind) => kind === 'payment_reminder' });
    expect(keys(result)).toEqual(['invoice_issued:inv-1:email']);
  });

  it("'today' is the business's day: late evening in New York is still the day before UTC's", () => {
    const lateEvening = Date.parse('2026-12-02T03:00:00Z'); // Dec 1, 22:00 in New York
    const invoices = [invoice('inv-1', { dueDate: '2026-11-29' })];
    const settings = on({ ...issuedOff, paymentReminder: rule });
    expect(keys(decide([account({ invoices })], { settings, nowMs: lateEvening, timeZone: 'UTC' }))).toEqual(['payment_reminder:inv-1:1:email']);
    expect(keys(decide([account({ invoices })], { settings, nowMs: lateEvening, timeZone: 'America/New_York' }))).toEqual([]);
  });

  it('a quickbooks channel chosen for reminders is never used (QuickBooks only sends invoices)', () => {
    const settings = on({ ...issuedOff, paymentReminder: { ...rule, channels: ['quickbooks', 'email'] } });
    expect(keys(decide([account({ quickbooksId: 'Q', invoices: [invoice('inv-1', { dueDate: '2026-11-29', quickbooksId: '9' })] })], { settings }))).toEqual(['payment_reminder:inv-1:1:email']);
  });
});

describe('renewal notices', () => {
  const renewal = (periodEndsOn: string, patch: Partial<SubscriptionView> = {}) =>
    decide([account({ view: { subscription: subscription({ periodEndsOn, ...patch }), wallet: null } })], { settings: on({ renewal: { daysBefore: 7 }, lowBalance: { enabled: false } }) });

  it('N days before the period ends, keyed by the subscription and that day, with the day it renews', () => {
    expect(keys(renewal('2026-12-10'))).toEqual([]);
    expect(renewal('2026-12-09').notices).toEqual([expect.objectContaining({ noticeKey: 'renewal:sub-1:2026-12-09:email', renewalDate: '2026-12-09' })]);
    expect(keys(renewal('2026-12-03'))).toEqual(['renewal:sub-1:2026-12-03:email']);
  });

  it('a subscription set to end gets its notice too; an ended or not yet started one does not', () => {
    expect(keys(renewal('2026-12-05', { renewal: 'end', nextRenewalOn: null }))).toEqual(['renewal:sub-1:2026-12-05:email']);
    expect(keys(renewal('2026-12-05', { state: 'expired' }))).toEqual([]);
    expect(keys(renewal('2026-12-05', { state: 'not_started' }))).toEqual([]);
  });
});

describe('low balance', () => {
  const wallet = (balanceMinor: number) => ({ balanceMinor, currency: 'USD', low: false, exhausted: false, planCredit: null });
  const settings = on({ lowBalance: { walletBelowMinor: 500, hoursBelowSeconds: 3600 }, renewal: { enabled: false } });

  it('a wallet under the threshold: one notice for that crossing; the next run (still under) sends nothing more', () => {
    const first = decide([account({ view: { subscription: null, wallet: wallet(400) } })], { settings });
    expect(keys(first)).toEqual(['low_balance:wallet:c1:1:email']);
    const watch = first.watches.get('c1')!;
    expect(watch).toMatchObject({ walletBelow: true, walletCrossings: 1 });
    const again = decide([account({ view: { subscription: null, wallet: wallet(300) } })], { settings, watches: new Map([['c1', watch]]), isInOutbox: (key) => key === 'low_balance:wallet:c1:1:email' });
    expect(keys(again)).toEqual([]);
  });

  it('topped up above and under again: a second crossing, a second notice', () => {
    const above = decide([account({ view: { subscription: null, wallet: wallet(5000) } })], { settings, watches: new Map<string, NoticeWatch>([['c1', { walletBelow: true, walletCrossings: 1, subscriptionId: null, subscriptionActive: false }]]) });
    expect(keys(above)).toEqual([]);
    const under = decide([account({ view: { subscription: null, wallet: wallet(100) } })], { settings, watches: new Map([['c1', above.watches.get('c1')!]]) });
    expect(keys(under)).toEqual(['low_balance:wallet:c1:2:email']);
  });

  it('included hours under the threshold: once per period', () => {
    const low = subscription({ remainingSeconds: 1800 });
    expect(keys(decide([account({ view: { subscription: low, wallet: null } })], { settings }))).toEqual(['low_balance:hours:sub-1:2026-11-10:email']);
    expect(keys(decide([account({ view: { subscription: subscription({ remainingSeconds: 7200 }), wallet: null } })], { settings }))).toEqual([]);
  });

  it('a plan that starts under the threshold is not "running low", nor is a balance-exempt plan\'s wallet', () => {
    const small = subscription({ includedSeconds: 1800, remainingSeconds: 1000 });
    expect(keys(decide([account({ view: { subscription: small, wallet: null } })], { settings }))).toEqual([]);
    const exempt = subscription({ plan: { ...subscription().plan!, balanceExempt: true } });
    expect(keys(decide([account({ view: { subscription: exempt, wallet: wallet(0) } })], { settings }))).toEqual([]);
  });

  it('a threshold set to null is not watched', () => {
    const walletOnly = on({ lowBalance: { walletBelowMinor: 500, hoursBelowSeconds: null }, renewal: { enabled: false } });
    expect(keys(decide([account({ view: { subscription: subscription({ remainingSeconds: 10 }), wallet: null } })], { settings: walletOnly }))).toEqual([]);
  });
});

describe('subscription ended', () => {
  const settings = on({ renewal: { enabled: false }, lowBalance: { enabled: false } });
  const seenActive: NoticeWatch = { walletBelow: false, walletCrossings: 0, subscriptionId: 'sub-1', subscriptionActive: true };

  it('a subscription seen active and now expired: one notice; the watch remembers it is no longer active', () => {
    const result = decide([account({ view: { subscription: subscription({ state: 'expired', periodEndsOn: null }), wallet: null } })], { settings, watches: new Map([['c1', seenActive]]) });
    expect(keys(result)).toEqual(['subscription_expired:sub-1:email']);
    expect(result.watches.get('c1')).toMatchObject({ subscriptionActive: false });
  });

  it('one that had already ended when the relay first looked is history: no notice', () => {
    const result = decide([account({ view: { subscription: subscription({ state: 'cancelled' }), wallet: null } })], { settings });
    expect(keys(result)).toEqual([]);
    expect(result.watches.get('c1')).toMatchObject({ subscriptionId: 'sub-1', subscriptionActive: false });
  });

  it('a watch unchanged since the last run is not written again', () => {
    expect(decide([account({ view: { subscription: subscription(), wallet: null } })], { settings, watches: new Map([['c1', seenActive]]) }).watches.size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { issueWords, invoiceSubject, openInvoiceDates, openInvoiceSummaryText, openInvoiceTitle, periodRange } from './invoice-words';

describe('invoices as a receptionist reads them', () => {
  it('names an invoice by number and what it is for, never by its key', () => {
    const invoice = { invoiceId: 'usage:c-1:2026-11-01', docNumber: '', number: 'USG-261201-AB12CD34', kind: 'usage' as const, issueDate: '2026-12-01', periodStart: '2026-11-01', periodEnd: '2026-12-01', dueDate: null, balanceMinor: 9_900, currency: 'USD', overdue: false };
    expect(openInvoiceTitle(invoice)).toBe('Usage · November 2026');
    expect(openInvoiceDates(invoice)).toBe('#USG-261201-AB12CD34 · issued Dec 1, 2026');
    expect(`${openInvoiceTitle(invoice)} ${openInvoiceDates(invoice)}`).not.toContain('usage:c-1');
    expect(openInvoiceDates({ ...invoice, dueDate: '2026-12-15', overdue: true, daysOverdue: 12 })).toBe('#USG-261201-AB12CD34 · due Dec 15, 2026 · 12 days overdue');
    expect(invoiceSubject({ kind: 'subscription', periodStart: '2026-11-05', periodEnd: '2026-12-05' })).toBe('Subscription · Nov 5 – Dec 4, 2026');
    expect(invoiceSubject({ kind: 'pay_per_call', issueDate: '2026-12-01', periodStart: null, periodEnd: null })).toBe('Call · Dec 1, 2026');
    // The call's day, not the day it was invoiced.
    expect(invoiceSubject({ kind: 'pay_per_call', issueDate: '2026-12-01', lines: [{ description: 'Pay-per-call, call of 2026-11-30' }] })).toBe('Call · Nov 30, 2026');
    expect(invoiceSubject({ kind: 'pay_per_call', issueDate: '2026-12-01', callDate: '2026-11-29' })).toBe('Call · Nov 29, 2026');
  });

  it('sums the unpaid invoices in one line', () => {
    expect(openInvoiceSummaryText({ count: 3, overdueCount: 0, balanceMinor: 29_700, currency: 'USD', oldestIssueDate: '2026-09-28', oldestDays: 64 })).toBe('3 unpaid · $297.00 · oldest 64 days');
    expect(openInvoiceSummaryText({ count: 1, overdueCount: 1, balanceMinor: 9_900, currency: 'USD', oldestIssueDate: '2026-11-30', oldestDays: 1 })).toBe('1 unpaid · $99.00 · 1 overdue · oldest 1 day');
  });

  it('a draft whose issue date is still ahead says when it closes instead of showing a future date', () => {
    expect(issueWords({ status: 'draft', issueDate: '2026-12-31' }, '2026-12-01')).toBe('Draft — closes on Dec 31, 2026');
    expect(issueWords({ status: 'ready', issueDate: '2026-11-30' }, '2026-12-01')).toBe('Nov 30, 2026');
  });

  it('turns a period choice into issue dates', () => {
    expect(periodRange('this_month', '2026-12-01')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(periodRange('last_month', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(periodRange('last_90_days', '2026-12-01')).toEqual({ from: '2026-09-03', to: '2026-12-01' });
    expect(periodRange('all', '2026-12-01')).toBeNull();
  });
});

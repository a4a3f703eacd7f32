import { dateToMs } from '../../../src/shared/billing/engine/calendar';
import type { NoticeKind } from '../../../src/shared/notices/notice-kinds';
import { variablesOfKind, type NoticeValues } from '../../../src/shared/notices/notice-template';
import { formatMoney } from '../../../src/shared/units';
import type { CustomerAccount } from '../accounts/customer-accounts';
import { invoiceNumber } from '../invoices/invoice-document';
import { DEFAULT_DUE_AFTER_ISSUE_DAYS, dueDateOf } from './decide-notices';

/**
 * The words a notice's {{variables}} are filled with, from the customer's account (pure).
 * Each kind fills only its own variables (variablesOfKind), so a template that uses
 * another one renders it empty, as the editor's preview shows.
 */

export interface NoticeSubject {
  invoiceKey: string | null;
  renewalDate: string | null;
  /** low_balance: what runs low (the other sentence is left empty); absent: both (the preview). */
  lowOn?: 'wallet' | 'hours';
  /** payment_reminder: paymentReminder.dueAfterIssueDays, the day a reminder counts an invoice without a due date as due. */
  dueAfterIssueDays?: number;
}

export interface NoticeLinks {
  business: string;
  /** The portal's general address (RELAY_NOTICES_PORTAL_URL) for automatic notices; a requested notice passes its own. */
  portalLink: string;
  unsubscribeLink: string;
}

export function noticeValues(kind: NoticeKind, account: CustomerAccount, subject: NoticeSubject, links: NoticeLinks): NoticeValues {
  const subscription = account.view.subscription;
  const wallet = account.view.wallet;
  const invoice = account.invoices.find((candidate) => candidate.invoiceKey === subject.invoiceKey) ?? null;
  const plan = subscription?.plan ?? null;
  const ending = subscription?.renewal === 'end';
  const all: NoticeValues = {
    name: account.name,
    business: links.business,
    planName: plan?.name ?? 'pay-per-call',
    hoursRemaining: subscription?.state === 'active' ? hoursWords(subscription.remainingSeconds) : 'no included time',
    walletBalance: wallet === null ? formatMoney({ minor: 0, currency: plan?.currency ?? 'USD' }) : formatMoney({ minor: wallet.balanceMinor, currency: wallet.currency }),
    amount:
      invoice !== null
        ? formatMoney({ minor: kind === 'invoice_issued' ? invoice.totalMinor : invoice.balanceMinor, currency: invoice.currency })
        : plan !== null
          ? formatMoney({ minor: plan.priceMinor, currency: plan.currency })
          : '',
    // A new invoice states only a due date it really has (QuickBooks'); a reminder, the day it went by (that, else issue + dueAfterIssueDays).
    dueDate:
      invoice === null
        ? ''
        : kind === 'payment_reminder'
          ? dateWords(dueDateOf(invoice, subject.dueAfterIssueDays ?? DEFAULT_DUE_AFTER_ISSUE_DAYS))
          : invoice.dueDate === null
            ? ''
            : dateWords(invoice.dueDate),
    // The number the PDF and the consoles show (QuickBooks' DocNumber, else the one made from the key).
    invoiceNumber: invoice === null ? '' : invoiceNumber(invoice),
    renewalDate: subject.renewalDate === null ? '' : dateWords(subject.renewalDate),
    portalLink: links.portalLink,
    unsubscribeLink: links.unsubscribeLink,
  };
  if (kind === 'renewal' && ending) all.amount = '';
  if (kind === 'low_balance' && subject.lowOn === 'wallet') all.hoursRemaining = all.planName = '';
  if (kind === 'low_balance' && subject.lowOn === 'hours') all.walletBalance = '';
  return Object.fromEntries(variablesOfKind[kind].map((name) => [name, all[name] ?? ''])) as NoticeValues;
}

/** "December 31, 2026". Dates in billing are days, so no zone applies. */
export function dateWords(date: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(dateToMs(date)));
}

/** "12.5 hours", "1 hour", "45 minutes", "0 minutes". */
export function hoursWords(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 3600) {
    const minutes = Math.floor(s / 60);
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const hours = Math.floor((s / 3600) * 10) / 10;
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

/** Sample figures for the editor's preview without a customer. */
export const SAMPLE_VALUES: Omit<NoticeValues, 'business'> = {
  name: 'Jordan Lee',
  planName: 'Growth',
  hoursRemaining: '2.5 hours',
  walletBalance: '$12.40',
  amount: '$199.00',
  dueDate: 'December 31, 2026',
  invoiceNumber: '1042',
  renewalDate: 'January 1, 2027',
  portalLink: 'https://relay.example.com/portal/…',
  unsubscribeLink: 'https://relay.example.com/notices/unsubscribe/…',
};

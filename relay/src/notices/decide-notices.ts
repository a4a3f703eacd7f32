import { dateToMs } from '../../../src/shared/billing/engine/calendar';
import { addDays } from '../../../src/shared/billing/engine/day-words';
import type { NoticeChannel, NoticeKind } from '../../../src/shared/notices/notice-kinds';
import type { NoticeSettings } from '../../../src/shared/relay-rest/notices';
import type { CustomerAccount, CustomerInvoice } from '../accounts/customer-accounts';
import { localParts } from '../providers/openphone/reconciliation/business-time';

/**
 * The notice rules (issue 14 §2), pure: from the customers' accounts as they are now, the
 * settings and what the outbox already holds, the notices due now, each under a stable key
 * (`<kind>:<what it is about>:<channel>`): a key the outbox already holds is not due again,
 * so deciding twice (a restart in the middle of a run) sends nothing twice.
 *
 * What is "history" and is never sent: an invoice issued before its kind was turned on, a
 * reminder for an invoice issued before notices were first turned on, a subscription that
 * ended before the relay saw it active. The rest reads the account at decision time: a
 * customer who paid has no open invoice to be reminded of.
 */

/** What the rules remember of a customer between runs, for the notices about a change. */
export interface NoticeWatch {
  /** The wallet was under the low-balance threshold at the last run. */
  walletBelow: boolean;
  /** How many times it went under: each crossing is its own notice. */
  walletCrossings: number;
  /** The subscription seen at the last run, and whether it was active then. */
  subscriptionId: string | null;
  subscriptionActive: boolean;
}

export interface NoticeDecisionInput {
  accounts: readonly CustomerAccount[];
  settings: NoticeSettings;
  /** The log's seq each kind was last turned on at; null: off. */
  enabledSinceSeq: Readonly<Record<NoticeKind, number | null>>;
  /** The head seq when notices were first turned on (notice_settings.enabled_from_seq); null: never. */
  enabledFromSeq: number | null;
  nowMs: number;
  /** The business's zone: "today" and "N days" are its days. */
  timeZone: string;
  isUnsubscribed(customerId: string, kind: NoticeKind): boolean;
  isInOutbox(noticeKey: string): boolean;
  watches: ReadonlyMap<string, NoticeWatch>;
}

export interface DueNotice {
  noticeKey: string;
  kind: NoticeKind;
  customerId: string;
  channel: NoticeChannel;
  recipient: string;
  /** The invoice it is about (its PDF, QuickBooks' send-invoice, the reminder's figures). */
  invoiceKey: string | null;
  /** payment_reminder: which one (1, 2…). */
  reminderNumber: number | null;
  /** renewal: the day it renews or ends. */
  renewalDate: string | null;
}

export interface NoticeDecision {
  notices: DueNotice[];
  /** Watches that changed (or are new), to store with the notices. */
  watches: Map<string, NoticeWatch>;
}

const DAY_MS = 86_400_000;

export function decideNotices(input: NoticeDecisionInput): NoticeDecision {
  const today = localParts(input.nowMs, input.timeZone).date;
  const notices: DueNotice[] = [];
  const watches = new Map<string, NoticeWatch>();
  for (const account of input.accounts) {
    const add = (kind: NoticeKind, about: string, extra: Partial<Pick<DueNotice, 'invoiceKey' | 'reminderNumber' | 'renewalDate'>> = {}): void => {
      if (input.isUnsubscribed(account.customerId, kind)) return;
      for (const channel of channelsFor(input.settings, kind)) {
        const recipient = recipientOn(account, channel, extra.invoiceKey ?? null);
        if (recipient === null) continue;
        const noticeKey = `${kind}:${about}:${channel}`;
        if (input.isInOutbox(noticeKey)) continue;
        notices.push({ noticeKey, kind, customerId: account.customerId, channel, recipient, invoiceKey: null, reminderNumber: null, renewalDate: null, ...extra });
      }
    };

    const issuedSince = input.enabledSinceSeq.invoice_issued;
    if (input.settings.invoiceIssued.enabled && issuedSince !== null) {
      for (const invoice of account.invoices) {
        if (isIssued(invoice) && invoice.totalMinor > 0 && invoice.issuedSeq > issuedSince) add('invoice_issued', invoice.invoiceKey, { invoiceKey: invoice.invoiceKey });
      }
    }

    if (input.settings.paymentReminder.enabled && input.enabledFromSeq !== null) {
      for (const invoice of account.invoices) {
        if (invoice.issuedSeq <= input.enabledFromSeq) continue;
        const number = reminderDue(invoice, input.settings.paymentReminder, today);
        if (number !== null) add('payment_reminder', `${invoice.invoiceKey}:${number}`, { invoiceKey: invoice.invoiceKey, reminderNumber: number });
      }
    }

    const subscription = account.view.subscription;
    if (input.settings.renewal.enabled && subscription?.state === 'active' && subscription.periodEndsOn !== null) {
      const daysLeft = (dateToMs(subscription.periodEndsOn) - dateToMs(today)) / DAY_MS;
      if (daysLeft > 0 && daysLeft <= input.settings.renewal.daysBefore) {
        add('renewal', `${subscription.subscriptionId}:${subscription.periodEndsOn}`, { renewalDate: subscription.periodEndsOn });
      }
    }

    const before = input.watches.get(account.customerId) ?? null;
    const low = input.settings.lowBalance;
    const exempt = subscription?.state === 'active' && subscription.plan?.balanceExempt === true;
    const wallet = account.view.wallet;
    const walletBelow = !exempt && wallet !== null && low.walletBelowMinor !== null && wallet.balanceMinor < low.walletBelowMinor;
    const walletCrossings = (before?.walletCrossings ?? 0) + (walletBelow && before?.walletBelow !== true ? 1 : 0);
    if (low.enabled && walletBelow) add('low_balance', `wallet:${account.customerId}:${walletCrossings}`);
    if (low.enabled && low.hoursBelowSeconds !== null && subscription?.state === 'active' && subscription.periodStartsOn !== null) {
      // A plan whose period starts under the threshold (few or no included hours) is not "running low".
      const startsAbove = subscription.includedSeconds + subscription.rolloverSeconds > low.hoursBelowSeconds;
      if (startsAbove && subscription.remainingSeconds < low.hoursBelowSeconds) add('low_balance', `hours:${subscription.subscriptionId}:${subscription.periodStartsOn}`);
    }

    const active = subscription?.state === 'active';
    const ended = subscription !== null && (subscription.state === 'expired' || subscription.state === 'cancelled');
    if (input.settings.subscriptionExpired.enabled && ended && before?.subscriptionActive === true && before.subscriptionId === subscription.subscriptionId) {
      add('subscription_expired', subscription.subscriptionId);
    }

    const after: NoticeWatch = { walletBelow, walletCrossings, subscriptionId: subscription?.subscriptionId ?? null, subscriptionActive: active };
    if (before === null || !sameWatch(before, after)) watches.set(account.customerId, after);
  }
  return { notices, watches };
}

/** The reminder due today for an open invoice (the latest one whose day has come; earlier ones missed are not sent), else null. */
export function reminderDue(invoice: CustomerInvoice, rule: NoticeSettings['paymentReminder'], today: string): number | null {
  if (!isOpen(invoice)) return null;
  const first = addDays(dueDateOf(invoice, rule.dueAfterIssueDays ?? DEFAULT_DUE_AFTER_ISSUE_DAYS), rule.firstAfterDueDays);
  const daysSinceFirst = (dateToMs(today) - dateToMs(first)) / DAY_MS;
  if (daysSinceFirst < 0) return null;
  return Math.min(rule.maxCount, Math.floor(daysSinceFirst / rule.everyDays) + 1);
}

/** Without a due date, an invoice counts as due this many days after issue (Net 30, QuickBooks' usual terms; the billing policy has none). */
export const DEFAULT_DUE_AFTER_ISSUE_DAYS = 30;

/**
 * QuickBooks' due date once synced; before (or without QuickBooks) the issue day plus
 * paymentReminder.dueAfterIssueDays, so no reminder goes before an invoice is really due.
 * Only the reminders count with it: no notice states it as the due date.
 */
export function dueDateOf(invoice: CustomerInvoice, dueAfterIssueDays: number): string {
  return invoice.dueDate ?? addDays(invoice.issueDate, dueAfterIssueDays);
}

/** Issued: made ready (or beyond) and not voided. */
export function isIssued(invoice: CustomerInvoice): boolean {
  return invoice.status === 'ready' || invoice.status === 'synced' || invoice.status === 'paid';
}

/** Issued and still owed. */
export function isOpen(invoice: CustomerInvoice): boolean {
  return (invoice.status === 'ready' || invoice.status === 'synced') && invoice.balanceMinor > 0;
}

function channelsFor(settings: NoticeSettings, kind: NoticeKind): readonly NoticeChannel[] {
  switch (kind) {
    case 'invoice_issued':
      return settings.invoiceIssued.channels;
    case 'payment_reminder':
      return settings.paymentReminder.channels.filter((channel) => channel !== 'quickbooks');
    case 'renewal':
      return settings.renewal.channels.filter((channel) => channel !== 'quickbooks');
    case 'low_balance':
      return settings.lowBalance.channels.filter((channel) => channel !== 'quickbooks');
    case 'subscription_expired':
      return settings.subscriptionExpired.channels.filter((channel) => channel !== 'quickbooks');
    case 'portal_link':
      return [];
  }
}

/** Where the notice goes on that channel; null: the customer has no address there (no notice, not an error). */
export function recipientOn(account: CustomerAccount, channel: NoticeChannel, invoiceKey: string | null): string | null {
  if (channel === 'email') return account.emails[0] ?? null;
  if (channel === 'sms') return account.phones[0] ?? null;
  // QuickBooks mails its own invoice to the customer's billing address: only for an invoice it has.
  const invoice = account.invoices.find((candidate) => candidate.invoiceKey === invoiceKey);
  if (account.quickbooksId === null || invoice?.quickbooksId == null) return null;
  // Without an email here, the words shown in the log; the channel then leaves sendTo out, so QuickBooks uses its BillEmail.
  return account.emails[0] ?? 'the billing email in QuickBooks';
}

function sameWatch(a: NoticeWatch, b: NoticeWatch): boolean {
  return a.walletBelow === b.walletBelow && a.walletCrossings === b.walletCrossings && a.subscriptionId === b.subscriptionId && a.subscriptionActive === b.subscriptionActive;
}

import type { Catalog } from '../../../src/shared/billing/engine/book';
import type { SubscriptionView, WalletView } from '../../../src/shared/billing/engine/account-view';
import { lastDayBefore } from '../../../src/shared/billing/engine/day-words';
import { formatDuration, formatMoney } from '../../../src/shared/units';

/**
 * What the portal says about an account, in words a customer reads. Pure: the same account
 * and catalog always read the same.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Dec 31, 2026" for a business-calendar date (YYYY-MM-DD, its UTC day as everywhere in billing). */
export function dateWords(date: string): string {
  const [year, month, day] = date.slice(0, 10).split('-');
  return `${MONTHS[Number(month) - 1] ?? '?'} ${Number(day)}, ${year}`;
}

/** "Dec 2, 2026, 9:41 AM" in the business's time zone, for an instant. */
export function instantWords(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** Hours as a customer reads them: "7 h 30 min", "0 min" rather than "0 s". */
export function hoursWords(seconds: number): string {
  if (seconds <= 0) return '0 h';
  return formatDuration(seconds).replace(/^(\d+ h) 0 min$/, '$1');
}

/** "Dec 1 – Dec 31, 2026" (the year once when both days share it). */
export function dayRangeWords(first: string, last: string): string {
  const [a, b] = [dateWords(first), dateWords(last)];
  return first.slice(0, 4) === last.slice(0, 4) ? `${a.replace(/, \d{4}$/, '')} – ${b}` : `${a} – ${b}`;
}

export const SUBSCRIPTION_STATE_WORDS: Record<SubscriptionView['state'], string> = {
  active: 'Active',
  not_started: 'Starts soon',
  expired: 'Ended',
  cancelled: 'Cancelled',
};

/** The plan card's note: when it renews or ends. */
export function renewalWords(sub: SubscriptionView): string | null {
  if (sub.state === 'expired') return 'This subscription has ended.';
  if (sub.state === 'cancelled') return 'This subscription was cancelled.';
  if (sub.state === 'not_started') return sub.periodStartsOn === null ? null : `Starts on ${dateWords(sub.periodStartsOn)}.`;
  if (sub.nextRenewalOn !== null) return `Renews on ${dateWords(sub.nextRenewalOn)}.`;
  if (sub.periodEndsOn !== null) return `Ends on ${dateWords(lastDayBefore(sub.periodEndsOn))} and does not renew.`;
  return null;
}

function perHour(minor: number, currency: string): string {
  return `${formatMoney({ minor, currency })} an hour`;
}

function perMinute(minor: number, currency: string): string {
  return `${formatMoney({ minor, currency })} a minute`;
}

/** Pay-as-you-go: "$3.00 a minute" (plus its per-call fee). */
export function payPerCallWords(catalog: Catalog): string {
  const card = catalog.rateCard;
  const fee = card.perCallFeeMinor > 0 ? ` plus ${formatMoney({ minor: card.perCallFeeMinor, currency: card.currency })} a call` : '';
  return `${perMinute(card.ratePerMinuteMinor, card.currency)}${fee}`;
}

/**
 * What happens when the included hours run out (or, without a subscription, how calls are
 * billed): the plan's overage rate, else the pay-as-you-go rate, with the wallet's part.
 */
export function whenHoursRunOutWords(sub: SubscriptionView | null, wallet: WalletView | null, catalog: Catalog): string {
  const hasCredit = wallet !== null && wallet.balanceMinor > 0;
  const plan = sub?.plan ?? null;
  if (sub === null || plan === null || sub.state === 'expired' || sub.state === 'cancelled') {
    const lead = sub === null || plan === null ? 'Without a subscription, each call is billed' : 'Since the subscription ended, each call is billed';
    return `${lead} at ${payPerCallWords(catalog)}${hasCredit ? ', paid from your call credit while it lasts' : ''}.`;
  }
  const rate = plan.overageRatePerHourMinor !== null ? perHour(plan.overageRatePerHourMinor, plan.currency) : `the pay-as-you-go rate of ${payPerCallWords(catalog)}`;
  if (hasCredit && catalog.policy.consumptionOrder === 'wallet_then_included') return `Calls are paid from your call credit first, then from these hours; after both, calls are billed at ${rate}.`;
  if (hasCredit) return `When they run out, calls are paid from your call credit, then billed at ${rate}.`;
  return `When they run out, calls are billed at ${rate} until the next period.`;
}

export const INVOICE_STATUS_WORDS: Record<string, string> = { draft: 'Draft', ready: 'Open', synced: 'Open', paid: 'Paid', void: 'Void' };

/** The status a customer reads: an open invoice past its due date is overdue. */
export function invoiceStatusOf(status: string, balanceMinor: number, dueDate: string | null, today: string): { key: string; words: string } {
  if (status === 'paid' || (status !== 'void' && status !== 'draft' && balanceMinor <= 0)) return { key: 'paid', words: 'Paid' };
  if (status === 'void') return { key: 'void', words: 'Void' };
  if (dueDate !== null && dueDate < today) return { key: 'overdue', words: 'Overdue' };
  return { key: 'open', words: INVOICE_STATUS_WORDS[status] ?? 'Open' };
}

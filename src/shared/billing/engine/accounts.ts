import type { Plan } from '../catalog';
import { newAccount, type AccountState, type BillingBook, type PeriodState } from './book';
import { startDateBeginsMs } from './calendar';
import { advanceAccount, nextDueMs } from './periods';
import { touchAccount, type BillingEffects } from './records';

/** How the fold reaches an account: brought up to where the event is placed, and filed by its next due time. */

export function reschedule(book: BillingBook, account: AccountState): void {
  book.due.schedule(account.customerId, nextDueMs(account));
}

export function accountOf(book: BillingBook, customerId: string, seq: number, effects: BillingEffects): AccountState {
  let account = book.accounts.get(customerId);
  if (!account) {
    account = newAccount(customerId);
    book.accounts.set(customerId, account);
    touchAccount(effects, customerId);
  }
  advanceAccount(account, book.catalog, book.placedAtMs, seq, effects);
  return account;
}

/** Whether the customer's subscription covers usage (a call, a text) that started at `startedAtMs`. */
export function coveringSubscription(book: BillingBook, account: AccountState | null, startedAtMs: number): { kind: 'subscriber'; plan: Plan; period: PeriodState } | null {
  const sub = account?.subscription;
  const plan = sub ? book.catalog.plans[sub.period.planId] : undefined;
  const zone = plan?.businessHours?.timeZone ?? null;
  if (!sub || sub.state !== 'active' || startedAtMs < startDateBeginsMs(sub.startDate, zone)) return null;
  if (startDateBeginsMs(sub.period.startsOn, zone) > book.placedAtMs) return null;
  return plan ? { kind: 'subscriber', plan, period: sub.period } : null;
}

/** Brings an account up to where the event is placed after a change and files its next due time. */
export function settleAccount(book: BillingBook, account: AccountState, seq: number, effects: BillingEffects): void {
  advanceAccount(account, book.catalog, book.placedAtMs, seq, effects);
  reschedule(book, account);
}

import { accountOf, settleAccount } from './accounts';
import type { AccountState, BillingBook, SubscriptionState } from './book';
import { startPeriod } from './periods';
import type { BillingEffects } from './records';

/**
 * A subscription starting (subscription.started, or a subscription payment for a customer with
 * none active): it replaces the customer's previous one, its first period starts on
 * `startDate`, and the account is brought up to where the event is placed.
 */
export function startSubscription(
  book: BillingBook,
  seq: number,
  d: { subscriptionId: string; customerId: string; planId: string; startDate: string; renewal: 'auto' | 'end' },
  effects: BillingEffects,
): { account: AccountState; sub: SubscriptionState } {
  const account = accountOf(book, d.customerId, seq, effects);
  const previous = account.subscription;
  if (previous) book.subscriptionOwners.delete(previous.subscriptionId);
  book.subscriptionOwners.set(d.subscriptionId, d.customerId);
  const sub: SubscriptionState = {
    subscriptionId: d.subscriptionId,
    planId: d.planId,
    startDate: d.startDate,
    anchor: d.startDate,
    renewal: d.renewal,
    state: 'active',
    cancelOn: null,
    change: null,
    endedOn: null,
    period: { index: 0, startsOn: d.startDate, endsOn: d.startDate, planId: d.planId, includedSeconds: 0, includedRemaining: 0, rolloverSeconds: 0, rolloverRemaining: 0, graceUsed: 0 },
  };
  account.subscription = sub;
  startPeriod(account, sub, book.catalog, 0, 0, effects);
  settleAccount(book, account, seq, effects);
  return { account, sub };
}

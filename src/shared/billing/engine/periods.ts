import type { Plan } from '../catalog';
import { formatDuration } from '../../units';
import type { AccountState, Catalog, PeriodState, SubscriptionState } from './book';
import { dateToMs, msToDate, nthPeriod } from './calendar';
import { applyHeldRenewals } from './held-renewals';
import { closeUsageInvoice, subscriptionInvoice } from './invoices';
import { postPeriodGrant } from './period-grant';
import { touchAccount, type BillingEffects } from './records';
import { expireLots, nextExpiryMs, walletBalance } from './wallet';

/**
 * The clock's side of an account (docs/billing.md "Periods, renewal and rollover"):
 * renewals with rollover, plan changes, cancellations and expiries, wallet credit
 * expiring, the usage invoice closing. Each happens at its own instant, in order.
 */

function subscriptionBoundaryMs(sub: SubscriptionState): number | null {
  if (sub.state !== 'active') return null;
  let next = dateToMs(sub.period.endsOn);
  if (sub.cancelOn !== null) next = Math.min(next, dateToMs(sub.cancelOn));
  if (sub.change !== null) next = Math.min(next, dateToMs(sub.change.effectiveDate));
  return next;
}

/** When the current period's plan credit is to be posted: its first day, once, while the subscription is active. */
function grantDueMs(sub: SubscriptionState | null): number | null {
  return sub && sub.state === 'active' && sub.period.grantDue === true ? dateToMs(sub.period.startsOn) : null;
}

/** When the account next needs the clock; null: never by itself. */
export function nextDueMs(account: AccountState): number | null {
  let next: number | null = null;
  const consider = (ms: number | null): void => {
    if (ms !== null && (next === null || ms < next)) next = ms;
  };
  if (account.subscription) consider(subscriptionBoundaryMs(account.subscription));
  if (account.wallet) consider(nextExpiryMs(account.wallet));
  consider(grantDueMs(account.subscription));
  if (account.usageInvoice) consider(dateToMs(account.usageInvoice.endsOn));
  return next;
}

/** Applies everything due on the account up to `toMs` (inclusive), oldest first. */
export function advanceAccount(account: AccountState, catalog: Catalog, toMs: number, seq: number, effects: BillingEffects): void {
  for (;;) {
    const due = nextDueMs(account);
    if (due === null || due > toMs) return;
    touchAccount(effects, account.customerId);
    const sub = account.subscription;
    if (sub && subscriptionBoundaryMs(sub) === due) {
      stepSubscription(account, sub, catalog, due, effects);
    } else if (account.wallet && nextExpiryMs(account.wallet) === due) {
      const wallet = account.wallet;
      for (const lot of expireLots(wallet, due)) {
        effects.walletEntries.push({
          entryId: `w${seq}-${effects.walletEntries.length}`,
          customerId: account.customerId,
          seq,
          atMs: due,
          kind: 'expiry',
          amountMinor: -lot.remainingMinor,
          balanceAfterMinor: walletBalance(wallet),
          currency: wallet.currency,
          description: lot.label ? `Unused ${lot.label} expired` : `Unused ${lot.kind === 'grant' ? 'granted' : lot.kind} credit expired on ${lot.expiresOn}`,
          chargeId: null,
        });
      }
    } else if (sub && grantDueMs(sub) === due) {
      delete sub.period.grantDue;
      const plan = catalog.plans[sub.period.planId];
      if (plan) postPeriodGrant(account, sub, plan, seq, effects);
    } else {
      closeUsageInvoice(account, effects);
    }
  }
}

function stepSubscription(account: AccountState, sub: SubscriptionState, catalog: Catalog, atMs: number, effects: BillingEffects): void {
  const at = msToDate(atMs);
  if (sub.cancelOn !== null && dateToMs(sub.cancelOn) === atMs) {
    sub.state = 'cancelled';
    sub.endedOn = at;
    return;
  }
  const rolled = rolloverOf(catalog.plans[sub.period.planId], sub.period.includedRemaining);
  if (sub.change !== null && dateToMs(sub.change.effectiveDate) === atMs) {
    sub.planId = sub.change.planId;
    sub.anchor = sub.change.effectiveDate;
    sub.change = null;
    startPeriod(account, sub, catalog, 0, rolled, effects);
    return;
  }
  if (sub.renewal === 'end') {
    sub.state = 'expired';
    sub.endedOn = at;
    return;
  }
  startPeriod(account, sub, catalog, sub.period.index + 1, rolled, effects);
}

/** Unused included time carried into the next period, per the plan's rollover policy. */
export function rolloverOf(plan: Plan | undefined, unusedSeconds: number): number {
  if (!plan || unusedSeconds <= 0) return 0;
  switch (plan.rollover.policy) {
    case 'none':
      return 0;
    case 'capped':
      return Math.min(plan.rollover.capSeconds, unusedSeconds);
    case 'full':
      return unusedSeconds;
  }
}

/** Starts period `index` of the subscription (from its anchor), drafts its subscription invoice and posts the plan's credit. */
export function startPeriod(account: AccountState, sub: SubscriptionState, catalog: Catalog, index: number, rolloverSeconds: number, effects: BillingEffects): void {
  const plan = catalog.plans[sub.planId];
  const dates = nthPeriod(sub.anchor, plan?.period ?? 'monthly', index);
  const included = plan?.includedSeconds ?? 0;
  const period: PeriodState = {
    index,
    startsOn: dates.startsOn,
    endsOn: dates.endsOn,
    planId: sub.planId,
    includedSeconds: included,
    includedRemaining: included,
    rolloverSeconds,
    rolloverRemaining: rolloverSeconds,
    graceUsed: 0,
  };
  sub.period = period;
  touchAccount(effects, account.customerId);
  if (!plan) return;
  const { invoice, lines } = subscriptionInvoice(sub.subscriptionId, account.customerId, plan, dates, catalog.policy);
  if (rolloverSeconds > 0) lines[0]!.description += ` (${formatDuration(rolloverSeconds)} rolled over)`;
  effects.invoices.push(invoice);
  effects.invoiceLines.push(...lines);
  applyHeldRenewals(account, dates.startsOn, invoice.invoiceKey, effects);
  // Posted when the period starts (at once, unless the subscription starts later): advanceAccount.
  if (plan.periodGrant) period.grantDue = true;
}

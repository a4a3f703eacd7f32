import { billableSeconds } from '../../../shared/billing/billable-seconds';
import { moneyForSeconds } from '../../../shared/billing/half-even';
import type { CardBilling } from '../../../shared/card';

export type Projection =
  | { kind: 'time_left'; remainingSeconds: number; overageSeconds: number }
  | { kind: 'cost'; amountMinor: number; currency: string };

/** What `seconds` would cost at the card's rate, plus the per-call fee when it bills anything. */
export function costOfSeconds(seconds: number, rate: CardBilling['rate']): number {
  if (seconds <= 0) return 0;
  return moneyForSeconds(seconds, rate.amountMinor, rate.per === 'minute' ? 60 : 3600) + rate.perCallFeeMinor;
}

/**
 * The card's live "if it ended now" line: a subscriber's time left, anyone else's
 * price. Uses the engine's own rounding rule (billableSeconds); the card cannot know
 * whether this period's grace calls are used up, nor business hours, so the charge
 * after the call stays the authority.
 */
export function projectIfEndedNow(billing: CardBilling, rawSeconds: number): Projection {
  const billable = billableSeconds(rawSeconds, billing.rounding);
  const subscription = billing.subscription;
  if (subscription && subscription.state === 'active') {
    const left = subscription.availableSeconds - billable;
    return { kind: 'time_left', remainingSeconds: Math.max(0, left), overageSeconds: Math.max(0, -left) };
  }
  return { kind: 'cost', amountMinor: costOfSeconds(billable, billing.rate), currency: billing.rate.currency };
}

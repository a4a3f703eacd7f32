import { formatMoney } from '../units';
import type { PlanCreditView } from './engine/account-view';
import { shortDay } from './engine/day-words';

/** The wallet line's note on the plan's credit in the balance, for the card and the customer page. */
export function planCreditWords(credit: PlanCreditView, currency: string): string {
  const all = formatMoney({ minor: credit.amountMinor, currency });
  const day = shortDay(credit.lastDay);
  if (credit.expiringMinor >= credit.amountMinor) return `includes ${all} plan credit, expires ${day}`;
  return `includes ${all} plan credit, ${formatMoney({ minor: credit.expiringMinor, currency })} of it expires ${day}`;
}

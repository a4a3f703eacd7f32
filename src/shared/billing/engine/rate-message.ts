import type { ChargeLine } from '../../api/billing';
import type { Plan } from '../catalog';
import type { Catalog, PeriodState, WalletState } from './book';
import type { MessageDirection } from './message-charge-key';
import { money } from './rate-call';
import { walletBalance } from './wallet';

/**
 * docs/billing.md "Messages": one text (one copy of it, for one billed party) as a pure
 * function of the payer's balances. A subscriber's plan and a customer's rate card
 * decide; without a messaging part texts are not metered at all.
 */

export type MessagePayer = { kind: 'subscriber'; plan: Plan; period: PeriodState } | { kind: 'customer' };

export interface MessagePricing {
  /** Texts of this direction included per period (0 for a customer without a subscription). */
  included: number;
  /** Already used this period. */
  used: number;
  rateMinor: number;
  currency: string;
  bucket: 'message_overage' | 'message_pay_per_use';
}

export interface MessageRating {
  lines: ChargeLine[];
  trace: string[];
  currency: string;
  rateMinor: number;
  take: { includedMessages: number; walletMinor: number };
}

/** What a text costs the payer, or null when its texts are not metered (no charge is written). */
export function messagePricing(catalog: Catalog, payer: MessagePayer, direction: MessageDirection): MessagePricing | null {
  const incoming = direction === 'incoming';
  if (payer.kind === 'subscriber') {
    // Stored catalogs of older versions have no messaging part: the same as null.
    const m = payer.plan.messaging ?? null;
    if (m === null) return null;
    return {
      included: incoming ? m.includedIncoming : m.includedOutgoing,
      used: payer.period.messagesUsed?.[direction] ?? 0,
      rateMinor: incoming ? m.incomingRateMinor : m.outgoingRateMinor,
      currency: payer.plan.currency,
      bucket: 'message_overage',
    };
  }
  const rates = catalog.rateCard.messaging ?? null;
  if (rates === null) return null;
  return { included: 0, used: 0, rateMinor: incoming ? rates.incomingRateMinor : rates.outgoingRateMinor, currency: catalog.rateCard.currency, bucket: 'message_pay_per_use' };
}

/** Included text → wallet → the per-text rate (the policy's consumption order puts the wallet first). */
export function rateMessage(
  text: { direction: MessageDirection; number: string },
  pricing: MessagePricing,
  context: { catalog: Catalog; payer: MessagePayer; wallet: WalletState | null },
): MessageRating {
  const { currency, rateMinor } = pricing;
  const verb = text.direction === 'incoming' ? `Text received from ${text.number}` : `Text sent to ${text.number}`;
  const trace: string[] = [context.payer.kind === 'subscriber' ? verb : `${verb}; no subscription: pay-per-text`];
  const lines: ChargeLine[] = [];
  const take = { includedMessages: 0, walletMinor: 0 };
  const kind = text.direction === 'incoming' ? 'received' : 'sent';

  const fromIncluded = (): boolean => {
    if (pricing.used >= pricing.included) return false;
    take.includedMessages = 1;
    lines.push({ bucket: 'message_included', seconds: 0, amountMinor: 0, currency });
    trace.push(`included text ${pricing.used + 1} of ${pricing.included} ${kind} this period; ${pricing.included - pricing.used - 1} left`);
    return true;
  };
  const fromWallet = (): boolean => {
    const wallet = context.wallet;
    if (!wallet || rateMinor === 0) return false;
    const balance = walletBalance(wallet);
    // A text is not split: the wallet pays all of it or none (unless it may go negative).
    if (balance < rateMinor && context.catalog.policy.walletDryPolicy !== 'allow_negative') return false;
    take.walletMinor = rateMinor;
    lines.push({ bucket: 'message_wallet', seconds: 0, amountMinor: rateMinor, currency });
    const after = balance - rateMinor;
    trace.push(`from the wallet at ${money(rateMinor, currency)} a text; ${after < 0 ? `balance exhausted (${money(after, currency)})` : `${money(after, currency)} left`}`);
    return true;
  };

  const walletFirst = context.catalog.policy.consumptionOrder === 'wallet_then_included';
  const paid = context.payer.kind === 'subscriber' ? (walletFirst ? fromWallet() || fromIncluded() : fromIncluded() || fromWallet()) : fromWallet();
  if (!paid) {
    lines.push({ bucket: pricing.bucket, seconds: 0, amountMinor: rateMinor, currency });
    trace.push(
      pricing.included > 0
        ? `beyond the ${pricing.included} included texts ${kind} this period: ${money(rateMinor, currency)}`
        : `at ${money(rateMinor, currency)} a text`,
    );
  }
  return { lines, trace, currency, rateMinor, take };
}

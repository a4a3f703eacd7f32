import type { EventOf, PaymentReceivedData } from '../../events/model';
import { accountOf, settleAccount } from './accounts';
import type { AccountState, BillingBook, SubscriptionState } from './book';
import { dateToMs, msToDate, nthPeriod } from './calendar';
import { periodWords } from './day-words';
import { subscriptionInvoiceKey } from './invoices';
import { money } from './rate-call';
import { touchAccount, type BillingEffects } from './records';
import { startSubscription } from './subscriptions';
import { creditAccountWallet } from './wallet-credits';

/**
 * Payments a provider confirmed and the relay verified (payment.received, docs/billing.md
 * "Payments by Flutterwave"), applied once per paymentId whatever the log repeats:
 * - a top-up credits the wallet (a `top_up` entry named by the paymentId);
 * - a subscription payment starts the subscription on the paid day when the customer has
 *   none active, pays the current period's invoice when the customer is on that plan already
 *   (the renewal), and changes the plan from the paid day when the customer is on another.
 * A payment for a customer id no customer.upserted has named yet opens that customer's account,
 * as every early billing fact does; the customer's record, when it arrives, finds it there.
 */

const PROVIDER_NAMES: Record<PaymentReceivedData['provider'], string> = { flutterwave: 'Flutterwave' };
/** A renewal charge this close before its period starts, its open period paid already, is for that next period (docs/billing.md). */
const RENEWAL_AHEAD_MS = 3 * 24 * 3_600_000;

/**
 * The account a provider's payment belongs to: the customer it names, or the one that customer
 * was merged into since (the link was made before the merge). Looked for only when the named
 * customer has no account, which is rare, so the scan costs nothing on the usual path.
 */
export function payerOf(book: BillingBook, customerId: string): string {
  if (book.accounts.has(customerId)) return customerId;
  for (const account of book.accounts.values()) if (account.mergedFrom?.includes(customerId)) return account.customerId;
  return customerId;
}

export function receivePayment(book: BillingBook, seq: number, event: EventOf<'payment.received'>, effects: BillingEffects): void {
  const d = { ...event.data, customerId: payerOf(book, event.data.customerId) };
  const account = accountOf(book, d.customerId, seq, effects);
  const applied = (account.receivedPayments ??= []);
  if (applied.includes(d.paymentId)) return;
  applied.push(d.paymentId);
  touchAccount(effects, d.customerId);
  // Paid when the provider says, never after the relay heard of it.
  const paidMs = Math.min(Date.parse(d.paidAt), Date.parse(event.receivedAt));
  const paidOn = msToDate(paidMs);
  const paid = `Paid ${money(d.amountMinor, d.currency)} by ${PROVIDER_NAMES[d.provider]}`;
  if (d.purpose === 'top_up') {
    if (account.wallet && account.wallet.currency !== d.currency) {
      // Not this wallet's money: shown as a payment, for a person to refund or credit by hand.
      effects.payments.push({ ...paymentRow(d, seq, paidOn), description: `${paid} — not credited: the wallet holds ${account.wallet.currency}` });
      return;
    }
    creditAccountWallet(
      book,
      seq,
      paidMs,
      { entryId: d.paymentId, customerId: d.customerId, kind: 'top_up', amountMinor: d.amountMinor, currency: d.currency, expiresOn: null, note: '' },
      effects,
      null,
      `Top-up — ${paid.charAt(0).toLowerCase()}${paid.slice(1)}`,
    );
    return;
  }
  const subscriptionPaid = applySubscriptionPayment(book, seq, account, d, paidMs, paidOn, effects);
  if ('heldFor' in subscriptionPaid) {
    (account.heldRenewals ??= []).push({ ...paymentRow(d, seq, paidOn), periodStartsOn: subscriptionPaid.heldFor, description: `${paid} — ${subscriptionPaid.words}` });
    return;
  }
  const { invoiceKey, words } = subscriptionPaid;
  effects.payments.push({ ...paymentRow(d, seq, paidOn), description: `${paid} — ${words}` });
  if (invoiceKey !== null) {
    effects.invoiceChanges.push({ invoiceKey, quickbooksId: null, change: { kind: 'payment', paymentId: d.paymentId, amountMinor: d.amountMinor } });
    (account.paidPeriods ??= []).push(invoiceKey);
  }
}

/**
 * Starts, renews or changes the subscription paid for; answers the invoice it pays and what
 * happened, in words, or the start of the period it is held for (a renewal just ahead of it).
 */
function applySubscriptionPayment(
  book: BillingBook,
  seq: number,
  account: AccountState,
  d: PaymentReceivedData,
  paidMs: number,
  paidOn: string,
  effects: BillingEffects,
): { invoiceKey: string | null; words: string } | { heldFor: string; words: string } {
  const sub = account.subscription;
  const active = sub !== null && sub.state === 'active' ? sub : null;
  const planId = d.planId ?? active?.planId ?? null;
  if (planId === null) return { invoiceKey: null, words: 'for a subscription, but no plan was named: nothing started' };
  const planName = book.catalog.plans[planId]?.name ?? planId;
  if (active === null) {
    const subscriptionId = d.subscriptionId ?? `payment:${d.paymentId}`;
    startSubscription(book, seq, { subscriptionId, customerId: d.customerId, planId, startDate: paidOn, renewal: 'auto' }, effects);
    return { invoiceKey: subscriptionInvoiceKey(subscriptionId, paidOn), words: `${planName} subscription started` };
  }
  if (active.planId === planId) {
    // The renewal, once per period: it pays the open period when that is unpaid; paid already,
    // a charge in the last days before the boundary is the next period's (held until it starts),
    // and any other is a second charge for one period, shown and applied to nothing.
    const open = active.period;
    const openKey = subscriptionInvoiceKey(active.subscriptionId, open.startsOn);
    const openWords = periodWords(open.startsOn, open.endsOn);
    adoptSubscriptionId(book, account, active, d.subscriptionId);
    const paidPeriods = account.paidPeriods ?? [];
    if (!paidPeriods.includes(openKey)) return { invoiceKey: openKey, words: `${planName} subscription for ${openWords}` };
    const next = nthPeriod(active.anchor, book.catalog.plans[planId]?.period ?? 'monthly', open.index + 1);
    const nextTaken = paidPeriods.includes(subscriptionInvoiceKey(active.subscriptionId, next.startsOn)) || (account.heldRenewals ?? []).some((h) => h.periodStartsOn === next.startsOn);
    if (dateToMs(open.endsOn) - paidMs <= RENEWAL_AHEAD_MS && !nextTaken) return { heldFor: next.startsOn, words: `${planName} subscription for ${periodWords(next.startsOn, next.endsOn)}` };
    return { invoiceKey: null, words: `not applied: ${planName} for ${openWords} is paid already (a second charge for one period). Refund it in Flutterwave's dashboard, or apply it by hand` };
  }
  // Another plan paid for: the plan changes on the paid day (never before the open period began).
  const from = book.catalog.plans[active.planId]?.name ?? active.planId;
  const effectiveDate = dateToMs(paidOn) < dateToMs(active.period.startsOn) ? active.period.startsOn : paidOn;
  adoptSubscriptionId(book, account, active, d.subscriptionId);
  active.change = { planId, effectiveDate };
  settleAccount(book, account, seq, effects);
  return { invoiceKey: subscriptionInvoiceKey(active.subscriptionId, effectiveDate), words: `changed from ${from} to ${planName}` };
}

/**
 * The subscription is paid by the provider from now on: it takes the payment's subscription id,
 * so the provider's later cancellation (subscription.cancelled naming that id) reaches it. Its
 * invoices so far keep their keys; the periods from here are keyed by the new id.
 */
function adoptSubscriptionId(book: BillingBook, account: AccountState, sub: SubscriptionState, subscriptionId: string | null): void {
  if (subscriptionId === null || subscriptionId === sub.subscriptionId) return;
  book.subscriptionOwners.delete(sub.subscriptionId);
  book.subscriptionOwners.set(subscriptionId, account.customerId);
  sub.subscriptionId = subscriptionId;
}

function paymentRow(d: PaymentReceivedData, seq: number, receivedOn: string) {
  return { paymentId: d.paymentId, customerId: d.customerId, seq, receivedOn, amountMinor: d.amountMinor, currency: d.currency };
}

/** A failed charge, in words for the customer's ledger; nothing changes in the account. */
export function recordFailedPayment(book: BillingBook, seq: number, event: EventOf<'payment.failed'>, effects: BillingEffects): void {
  const d = { ...event.data, customerId: event.data.customerId === null ? null : payerOf(book, event.data.customerId) };
  const what = d.purpose === 'top_up' ? 'top-up payment' : d.purpose === 'subscription' ? 'subscription payment' : 'payment';
  const reason = d.reason.trim();
  // The relay's reason often names the amount already, formatted as here ("The payment of $25.00 did not go through…").
  const named = d.amountMinor > 0 && d.currency !== null && !reason.includes(money(d.amountMinor, d.currency));
  const amount = named ? `${money(d.amountMinor, d.currency!)} ` : '';
  effects.failedPayments.push({
    paymentId: d.paymentId,
    customerId: d.customerId,
    seq,
    atMs: Math.min(Date.parse(event.occurredAt), Date.parse(event.receivedAt)),
    amountMinor: d.amountMinor,
    currency: d.currency,
    description: `A ${amount}${what} by ${PROVIDER_NAMES[d.provider]} failed. ${reason}${/[.!?]$/.test(reason) ? '' : '.'}`,
  });
}

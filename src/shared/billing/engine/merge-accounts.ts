import { accountOf, reschedule } from './accounts';
import { setCustomerPhones, type AccountState, type BillingBook } from './book';
import { closeUsageInvoice } from './invoices';
import { touchAccount, type BillingEffects } from './records';
import { walletBalance } from './wallet';

/**
 * Two customer records are one (customer.merged, docs/billing.md "Merging customers"):
 * the first's numbers move to the second, and so does its billing account, when that
 * cannot lose anything. Refused (nothing changes, on every console alike) when both
 * have an active subscription, or both have a wallet in use (money, debt or a top-up
 * invoice waiting to be paid): one of them has to be ended or used up first.
 */

function walletInUse(account: AccountState | undefined): boolean {
  if (!account) return false;
  const wallet = account.wallet;
  return (wallet !== null && (walletBalance(wallet) !== 0 || wallet.debtMinor > 0)) || (account.topUpInvoices?.length ?? 0) > 0;
}

function activeSubscription(account: AccountState | undefined): boolean {
  return account?.subscription?.state === 'active';
}

/** Why two accounts cannot be merged, in words for the person asking; null: they can. */
export function mergeRefusal(from: AccountState | undefined, into: AccountState | undefined): string | null {
  if (activeSubscription(from) && activeSubscription(into)) return 'Both customers have an active subscription. Cancel one of them first, then merge.';
  if (walletInUse(from) && walletInUse(into)) return 'Both customers have a prepaid wallet in use. Use up or move one balance first, then merge.';
  return null;
}

/** Applies a merge to the book; answers whether it was made (false: refused, nothing changed). */
export function mergeCustomers(book: BillingBook, seq: number, fromId: string, intoId: string, effects: BillingEffects): boolean {
  if (fromId === intoId) return false;
  const fromHas = book.accounts.has(fromId);
  if (fromHas) {
    // Brought up to where the merge is placed, so "active" means active now.
    const from = accountOf(book, fromId, seq, effects);
    const into = book.accounts.has(intoId) ? accountOf(book, intoId, seq, effects) : undefined;
    if (mergeRefusal(from, into) !== null) return false;
    moveAccount(book, seq, from, intoId, effects);
  }
  const phones = [...(book.customerPhones.get(intoId) ?? []), ...(book.customerPhones.get(fromId) ?? [])];
  setCustomerPhones(book, fromId, null, seq);
  if (phones.length > 0) setCustomerPhones(book, intoId, phones, seq);
  effects.merges.push({ fromCustomerId: fromId, intoCustomerId: intoId });
  return true;
}

function moveAccount(book: BillingBook, seq: number, from: AccountState, intoId: string, effects: BillingEffects): void {
  const fromId = from.customerId;
  const into = accountOf(book, intoId, seq, effects);
  const sub = from.subscription;
  // A subscription left behind is no one's now, as the book reloaded from the accounts has it.
  if (sub && (sub.state === 'active' || into.subscription === null)) {
    if (into.subscription) book.subscriptionOwners.delete(into.subscription.subscriptionId);
    into.subscription = sub;
    book.subscriptionOwners.set(sub.subscriptionId, intoId);
  } else if (sub) book.subscriptionOwners.delete(sub.subscriptionId);
  if (walletInUse(from) || into.wallet === null) into.wallet = from.wallet ?? into.wallet;
  for (const topUp of from.topUpInvoices ?? []) {
    (into.topUpInvoices ??= []).push(topUp);
    book.topUpOwners.set(topUp.invoiceKey, intoId);
  }
  into.paygGrace ??= from.paygGrace;
  // What was granted or paid stays granted or paid: a replayed payment or period finds it in the kept account.
  for (const key of ['grantKeys', 'receivedPayments', 'paidPeriods'] as const) {
    const ids = from[key];
    if (ids) into[key] = [...new Set([...(into[key] ?? []), ...ids])];
  }
  if (from.heldRenewals) into.heldRenewals = [...(into.heldRenewals ?? []), ...from.heldRenewals];
  into.mergedFrom = [...new Set([...(into.mergedFrom ?? []), ...(from.mergedFrom ?? []), fromId])];
  if (from.usageInvoice) {
    if (into.usageInvoice === null) into.usageInvoice = from.usageInvoice;
    else {
      // Two open usage invoices cannot be one: the first's is issued now, as the second's customer's.
      from.customerId = intoId;
      closeUsageInvoice(from, effects);
    }
  }
  book.accounts.delete(fromId);
  book.due.schedule(fromId, null);
  touchAccount(effects, intoId);
  reschedule(book, into);
}

import type { AccountState } from './book';
import type { BillingEffects } from './records';

/**
 * A renewal charge that came shortly before its period began (Flutterwave's cycle runs ahead
 * of Ringside's UTC-day periods; docs/billing.md "Payments by Flutterwave") is held in the
 * account until that period starts: its payment row and its payment of the period's invoice
 * are written then, with the invoice they pay, so it pays the period it was for and never the
 * one before, which is paid already.
 */
export function applyHeldRenewals(account: AccountState, periodStartsOn: string, invoiceKey: string, effects: BillingEffects): void {
  const held = account.heldRenewals;
  if (!held || held.length === 0) return;
  const due = held.filter((h) => h.periodStartsOn === periodStartsOn);
  if (due.length === 0) return;
  account.heldRenewals = held.filter((h) => h.periodStartsOn !== periodStartsOn);
  for (const h of due) {
    effects.payments.push({ paymentId: h.paymentId, customerId: account.customerId, seq: h.seq, receivedOn: h.receivedOn, amountMinor: h.amountMinor, currency: h.currency, description: h.description });
    effects.invoiceChanges.push({ invoiceKey, quickbooksId: null, change: { kind: 'payment', paymentId: h.paymentId, amountMinor: h.amountMinor } });
  }
  (account.paidPeriods ??= []).push(invoiceKey);
}

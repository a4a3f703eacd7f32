import type { WalletCreditedData } from '../../events/model';
import { accountOf, settleAccount } from './accounts';
import type { BillingBook } from './book';
import { touchAccount, type BillingEffects } from './records';
import { creditWallet, walletBalance } from './wallet';

/**
 * Money into a customer's wallet as one ledger entry (wallet.credited, a paid top-up invoice,
 * a payment received for a top-up): `description` says what it is in words; the default is the
 * console credit's ("Top-up — note").
 */
export function creditAccountWallet(
  book: BillingBook,
  seq: number,
  atMs: number,
  d: WalletCreditedData,
  effects: BillingEffects,
  backDated: string | null = null,
  description: string | null = null,
): void {
  const account = accountOf(book, d.customerId, seq, effects);
  account.wallet ??= { currency: d.currency, lots: [], debtMinor: 0 };
  // A wallet holds one currency: a credit in another one is not this wallet's.
  if (account.wallet.currency !== d.currency) return;
  creditWallet(account.wallet, { lotId: d.entryId, order: seq, kind: d.kind, expiresOn: d.expiresOn, amountMinor: d.amountMinor });
  const label = d.kind === 'top_up' ? 'Top-up' : d.kind === 'grant' ? 'Granted credit' : 'Bonus credit';
  effects.walletEntries.push({
    entryId: d.entryId,
    customerId: d.customerId,
    seq,
    atMs,
    kind: d.kind,
    amountMinor: d.amountMinor,
    balanceAfterMinor: walletBalance(account.wallet),
    currency: d.currency,
    description: description ?? `${label}${d.expiresOn ? `, expires ${d.expiresOn}` : ''}${d.note ? ` — ${d.note}` : ''}${backDated ? ` (${backDated})` : ''}`,
    chargeId: null,
  });
  touchAccount(effects, d.customerId);
  settleAccount(book, account, seq, effects);
}

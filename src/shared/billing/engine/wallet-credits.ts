import type { WalletCreditedData } from '../../events/model';
import { accountOf, settleAccount } from './accounts';
import type { AccountState, BillingBook } from './book';
import { money } from './rate-call';
import { touchAccount, type BillingEffects, type ChargeRecord } from './records';
import { creditWallet, restoreToWallet, walletBalance } from './wallet';

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

/**
 * A reversed charge gives back what it drew from the wallet (and the debt it left) as one
 * `reversal` ledger entry saying `description`; answers the words for what was given back,
 * or null when the charge took nothing from a wallet.
 */
export function giveBackWalletDraws(
  book: BillingBook,
  seq: number,
  account: AccountState,
  original: ChargeRecord,
  reversalId: string,
  description: string,
  effects: BillingEffects,
): string | null {
  const walletMinor = original.walletDraws.reduce((s, d) => s + d.amountMinor, 0) + original.walletDebtMinor;
  if (!account.wallet || walletMinor <= 0) return null;
  restoreToWallet(account.wallet, original.walletDraws, original.walletDebtMinor, book.placedAtMs, `${reversalId}-credit`, seq);
  effects.walletEntries.push({
    entryId: `w${seq}-${effects.walletEntries.length}`,
    customerId: account.customerId,
    seq,
    atMs: book.placedAtMs,
    kind: 'reversal',
    amountMinor: walletMinor,
    balanceAfterMinor: walletBalance(account.wallet),
    currency: account.wallet.currency,
    description,
    chargeId: reversalId,
  });
  return `${money(walletMinor, account.wallet.currency)} back to the wallet`;
}

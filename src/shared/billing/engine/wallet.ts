import type { LotKind, WalletLot, WalletState } from './book';
import { dateToMs } from './calendar';
import type { WalletDraw } from './records';

/**
 * A prepaid wallet: credits in lots, usage from the soonest-expiring lot first,
 * top-ups last (they never expire). Balance = credits − debits, derived.
 */

export function walletBalance(wallet: WalletState): number {
  let sum = 0;
  for (const lot of wallet.lots) sum += lot.remainingMinor;
  return sum - wallet.debtMinor;
}

function sortLots(lots: WalletLot[]): void {
  lots.sort((a, b) => {
    const ea = a.expiresOn ?? '9999-12-31';
    const eb = b.expiresOn ?? '9999-12-31';
    if (ea !== eb) return ea < eb ? -1 : 1;
    if (a.order !== b.order) return a.order - b.order;
    return a.lotId < b.lotId ? -1 : a.lotId > b.lotId ? 1 : 0;
  });
}

/** Adds credit; what the wallet owes (allow_negative) is paid from it first. */
export function creditWallet(
  wallet: WalletState,
  lot: { lotId: string; order: number; kind: LotKind; expiresOn: string | null; amountMinor: number } & Pick<WalletLot, 'fromPlan' | 'label'>,
): void {
  const toDebt = Math.min(wallet.debtMinor, lot.amountMinor);
  wallet.debtMinor -= toDebt;
  const rest = lot.amountMinor - toDebt;
  if (rest <= 0) return;
  const existing = wallet.lots.find((l) => l.lotId === lot.lotId);
  if (existing) existing.remainingMinor += rest;
  else wallet.lots.push({ lotId: lot.lotId, order: lot.order, kind: lot.kind, expiresOn: lot.expiresOn, remainingMinor: rest, ...planCreditOf(lot) });
  sortLots(wallet.lots);
}

/** A plan credit's marks, carried from lot to draw and back so a correction restores them; nothing on other lots. */
function planCreditOf(lot: Pick<WalletLot, 'fromPlan' | 'label'>): Pick<WalletLot, 'fromPlan' | 'label'> {
  return lot.fromPlan ? { fromPlan: true, ...(lot.label !== undefined ? { label: lot.label } : {}) } : {};
}

/**
 * Takes up to `amountMinor` from the lots in order; with `allowNegative` the rest is
 * owed (debt). Returns what each lot gave and the debt added.
 */
export function drawFromWallet(wallet: WalletState, amountMinor: number, allowNegative: boolean): { draws: WalletDraw[]; debtMinor: number } {
  const draws: WalletDraw[] = [];
  let left = amountMinor;
  for (const lot of wallet.lots) {
    if (left <= 0) break;
    const take = Math.min(lot.remainingMinor, left);
    if (take <= 0) continue;
    lot.remainingMinor -= take;
    left -= take;
    draws.push({ lotId: lot.lotId, order: lot.order, kind: lot.kind, expiresOn: lot.expiresOn, amountMinor: take, ...planCreditOf(lot) });
  }
  wallet.lots = wallet.lots.filter((l) => l.remainingMinor > 0);
  let debtMinor = 0;
  if (left > 0 && allowNegative) {
    debtMinor = left;
    wallet.debtMinor += left;
  }
  return { draws, debtMinor };
}

/**
 * Gives back what a charge took: each draw to its lot (recreated if it was used up),
 * unless that lot has expired by `todayMs`, in which case it comes back as a
 * non-expiring reversal credit; the debt it added is forgiven first.
 */
export function restoreToWallet(wallet: WalletState, draws: readonly WalletDraw[], debtMinor: number, todayMs: number, reversalLotId: string, order: number): void {
  const forgiven = Math.min(wallet.debtMinor, debtMinor);
  wallet.debtMinor -= forgiven;
  // Debt already paid off by a later credit comes back as credit.
  const extra = debtMinor - forgiven;
  for (const draw of draws) {
    const expired = draw.expiresOn !== null && dateToMs(draw.expiresOn) <= todayMs;
    if (expired) creditWallet(wallet, { lotId: reversalLotId, order, kind: 'reversal', expiresOn: null, amountMinor: draw.amountMinor });
    else creditWallet(wallet, { lotId: draw.lotId, order: draw.order, kind: draw.kind, expiresOn: draw.expiresOn, amountMinor: draw.amountMinor, ...planCreditOf(draw) });
  }
  if (extra > 0) creditWallet(wallet, { lotId: reversalLotId, order, kind: 'reversal', expiresOn: null, amountMinor: extra });
}

/** Removes the lots expiring at or before `ms`; returns them with what was left in each. */
export function expireLots(wallet: WalletState, ms: number): WalletLot[] {
  const expired = wallet.lots.filter((l) => l.expiresOn !== null && dateToMs(l.expiresOn) <= ms);
  if (expired.length > 0) wallet.lots = wallet.lots.filter((l) => !expired.includes(l));
  return expired;
}

export function nextExpiryMs(wallet: WalletState): number | null {
  let next: number | null = null;
  for (const lot of wallet.lots) {
    if (lot.expiresOn === null) continue;
    const ms = dateToMs(lot.expiresOn);
    if (next === null || ms < next) next = ms;
  }
  return next;
}

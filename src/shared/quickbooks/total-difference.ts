import { formatMoney } from '../units';

/**
 * What a receptionist reads when QuickBooks' total for an invoice is not Ringside's (issue 11 §1):
 * automated sales tax or the company's own tax codes worked the tax out differently. Never
 * silent: the invoice and the Sync page both show this text.
 */

/** null when the totals match. `salesTax`: the company is on US automated sales tax. */
export function totalDifferenceText(ringsideTotalMinor: number, quickbooksTotalMinor: number, currency: string, salesTax = false): string | null {
  const diff = quickbooksTotalMinor - ringsideTotalMinor;
  if (diff === 0) return null;
  const money = (minor: number): string => formatMoney({ minor, currency });
  const totals = `its total is ${money(quickbooksTotalMinor)}, Ringside's ${money(ringsideTotalMinor)}`;
  if (diff > 0) return `QuickBooks added ${money(diff)} of ${salesTax ? 'sales tax' : 'tax'}: ${totals}`;
  return `QuickBooks charged ${money(-diff)} less${salesTax ? ' sales tax' : ''}: ${totals}`;
}

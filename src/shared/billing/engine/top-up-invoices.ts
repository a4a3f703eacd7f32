import type { WalletTopUpInvoicedData } from '../../events/model';
import type { AccountState, BillingBook, Catalog, TopUpInvoiceState } from './book';
import { msToDate } from './calendar';
import { nextInvoiceState } from './invoice-status';
import { taxOf } from './invoices';
import { touchAccount, type BillingEffects, type InvoiceChangeRecord } from './records';

/**
 * Top-ups billed as invoices (docs/billing.md "Wallets"): the invoice is ready at
 * once; the wallet is credited when it is paid, once, and never when it is void.
 */

export const TOP_UP_LINE = 'Prepaid support credit';

export function topUpInvoiceKey(topUpId: string): string {
  return `topup:${topUpId}`;
}

/** The wallet entry (and lot) a paid top-up invoice credits: one per invoice, so a replay names it the same. */
export function topUpCreditEntryId(invoiceKey: string): string {
  return `${invoiceKey}:paid`;
}

/** Drafts the top-up's invoice (taxed at the policy's fees rate) and remembers it on the account until it settles. */
export function invoiceTopUp(book: BillingBook, account: AccountState, d: WalletTopUpInvoicedData, catalog: Catalog, effects: BillingEffects): void {
  const invoiceKey = topUpInvoiceKey(d.topUpId);
  if (book.topUpOwners.has(invoiceKey)) return;
  const basisPoints = catalog.policy.taxBasisPoints.fees;
  const taxMinor = taxOf(d.amountMinor, basisPoints);
  effects.invoices.push({
    invoiceKey,
    customerId: account.customerId,
    kind: 'wallet_top_up',
    status: 'ready',
    issueDate: msToDate(book.placedAtMs),
    periodStart: null,
    periodEnd: null,
    subtotalMinor: d.amountMinor,
    taxMinor,
    totalMinor: d.amountMinor + taxMinor,
    currency: d.currency,
  });
  effects.invoiceLines.push({
    invoiceKey,
    lineNo: 1,
    chargeId: null,
    description: TOP_UP_LINE,
    quantity: '1',
    unit: 'each',
    unitPriceMinor: d.amountMinor,
    amountMinor: d.amountMinor,
    taxBasisPoints: basisPoints,
    taxMinor,
  });
  const state: TopUpInvoiceState = {
    invoiceKey,
    creditMinor: d.amountMinor,
    currency: d.currency,
    note: d.note,
    status: 'ready',
    balanceMinor: d.amountMinor + taxMinor,
    quickbooksId: null,
    paymentIds: [],
  };
  account.topUpInvoices = [...(account.topUpInvoices ?? []), state];
  book.topUpOwners.set(invoiceKey, account.customerId);
}

/**
 * Moves an unsettled top-up invoice the way the invoices table moves (nextInvoiceState).
 * Returns the invoice when this change paid it; a paid or void one is forgotten, so a
 * later balance or payment event for it does nothing.
 */
export function changeTopUpInvoice(book: BillingBook, { invoiceKey, quickbooksId, change }: InvoiceChangeRecord, effects: BillingEffects): { account: AccountState; paid: TopUpInvoiceState } | null {
  const found = findTopUp(book, invoiceKey, quickbooksId);
  if (!found) return null;
  const { account, topUp } = found;
  if (change.kind === 'payment') {
    if (topUp.paymentIds.includes(change.paymentId)) return null;
    topUp.paymentIds.push(change.paymentId);
  }
  // The account holds the invoice's state: it is stored again, or a restart would forget the change.
  touchAccount(effects, account.customerId);
  if (change.kind === 'synced') topUp.quickbooksId = change.quickbooksId;
  const next = nextInvoiceState(topUp, change);
  topUp.status = next.status;
  topUp.balanceMinor = next.balanceMinor;
  if (next.status !== 'paid' && next.status !== 'void') return null;
  account.topUpInvoices = (account.topUpInvoices ?? []).filter((t) => t !== topUp);
  book.topUpOwners.delete(topUp.invoiceKey);
  return next.status === 'paid' ? { account, paid: topUp } : null;
}

function findTopUp(book: BillingBook, invoiceKey: string | null, quickbooksId: string | null): { account: AccountState; topUp: TopUpInvoiceState } | null {
  if (invoiceKey === null && quickbooksId === null) return null;
  const keys = invoiceKey !== null ? [invoiceKey] : [...book.topUpOwners.keys()];
  for (const key of keys) {
    const customerId = book.topUpOwners.get(key);
    const account = customerId === undefined ? undefined : book.accounts.get(customerId);
    const topUp = account?.topUpInvoices?.find((t) => t.invoiceKey === key && (invoiceKey !== null || t.quickbooksId === quickbooksId));
    if (account && topUp) return { account, topUp };
  }
  return null;
}

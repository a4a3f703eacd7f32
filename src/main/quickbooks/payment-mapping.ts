import type { ConsoleEventInput } from '../../shared/events/model';
import { invoiceKeyInNote, ringsidePrivateNote } from './invoice-marker';

/**
 * QuickBooks invoices and payments as Ringside facts (issue 4 §4, spec §5.5). A voided
 * invoice also has Balance 0, so void is checked before paid.
 */

export interface QboInvoiceState {
  Id: string;
  SyncToken?: string;
  status?: string;
  DocNumber?: string;
  TotalAmt?: number;
  Balance?: number;
  DueDate?: string;
  PrivateNote?: string;
  CurrencyRef?: { value?: string };
}

export interface QboPayment {
  Id: string;
  SyncToken?: string;
  status?: string;
  TxnDate?: string;
  TotalAmt?: number;
  CustomerRef?: { value?: string };
  CurrencyRef?: { value?: string };
  Line?: { Amount?: number; LinkedTxn?: { TxnId?: string; TxnType?: string }[] }[];
}

export function toMinor(amount: number | undefined): number {
  return Math.round((amount ?? 0) * 100);
}

/**
 * Spec §5.5: TotalAmt 0 and "Voided" before the note. The prefix is English; a company in
 * another language may get another word, so a note that still carries Ringside's marker but
 * no longer starts with Ringside's own words also reads as voided (something was put before it).
 */
export function isVoidedInvoice(invoice: QboInvoiceState): boolean {
  if (toMinor(invoice.TotalAmt) !== 0) return false;
  const note = invoice.PrivateNote ?? '';
  if (/^voided/i.test(note)) return true;
  const key = invoiceKeyInNote(note);
  return key !== null && !note.startsWith(ringsidePrivateNote(key)) && !note.startsWith('Ringside invoice ');
}

/** What a changed Ringside invoice in QuickBooks means: voided there, or a new balance. */
export function invoiceChangeEvent(invoice: QboInvoiceState, invoiceKey: string, occurredAt: string): ConsoleEventInput | null {
  if (invoice.status === 'Deleted') return null;
  if (isVoidedInvoice(invoice)) {
    return { id: `qbo-invoice-void:${invoice.Id}`, occurredAt, type: 'invoice.status_changed', data: { invoiceKey, status: 'void', by: 'QuickBooks' } };
  }
  return {
    id: `qbo-invoice:${invoice.Id}:${invoice.SyncToken ?? '0'}`,
    occurredAt,
    type: 'invoice.balance_changed',
    data: {
      invoiceKey,
      quickbooksId: invoice.Id,
      totalMinor: toMinor(invoice.TotalAmt),
      balanceMinor: toMinor(invoice.Balance),
      currency: currencyOf(invoice.CurrencyRef),
      dueDate: invoice.DueDate && /^\d{4}-\d{2}-\d{2}$/.test(invoice.DueDate) ? invoice.DueDate : null,
    },
  };
}

/** A payment applied to Ringside invoices; null when it touches none of them, or was voided. */
export function paymentEvent(
  payment: QboPayment,
  customerId: string,
  invoiceKeyOf: (quickbooksInvoiceId: string) => string | null,
  occurredAt: string,
): ConsoleEventInput | null {
  if (payment.status === 'Deleted' || toMinor(payment.TotalAmt) === 0) return null;
  const appliedTo = (payment.Line ?? []).flatMap((line) =>
    (line.LinkedTxn ?? [])
      .filter((t) => t.TxnType === 'Invoice' && typeof t.TxnId === 'string')
      .map((t) => ({ invoiceKey: invoiceKeyOf(t.TxnId!), quickbooksInvoiceId: t.TxnId!, amountMinor: toMinor(line.Amount) })),
  );
  if (!appliedTo.some((a) => a.invoiceKey !== null)) return null;
  return {
    id: `qbo-payment:${payment.Id}:${payment.SyncToken ?? '0'}`,
    occurredAt,
    type: 'payment.recorded',
    data: {
      paymentId: `qbo-payment:${payment.Id}`,
      quickbooksId: payment.Id,
      customerId,
      amountMinor: toMinor(payment.TotalAmt),
      currency: currencyOf(payment.CurrencyRef),
      receivedOn: payment.TxnDate && /^\d{4}-\d{2}-\d{2}$/.test(payment.TxnDate) ? payment.TxnDate : occurredAt.slice(0, 10),
      appliedTo: appliedTo.slice(0, 500),
    },
  };
}

function currencyOf(ref: { value?: string } | undefined): string {
  return ref?.value && /^[A-Z]{3}$/.test(ref.value) ? ref.value : 'USD';
}

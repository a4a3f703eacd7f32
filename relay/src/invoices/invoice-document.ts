import { createHash } from 'node:crypto';
import { billsInCents } from '../../../src/shared/billing/currency-exponent';
import { lastDayBefore } from '../../../src/shared/billing/engine/day-words';
import { formatMoney } from '../../../src/shared/units';
import type { CustomerInvoiceWithLines } from '../accounts/customer-accounts';

/**
 * What an invoice's PDF says, decided apart from drawing it: every text already in words,
 * so the drawing only places them and a test can read the decisions directly.
 */

export interface InvoiceBusiness {
  name: string;
  /** Postal address, lines separated by newlines. */
  address?: string | null;
  /** The business's logo, PNG or JPEG bytes. */
  logo?: Uint8Array | null;
}

export interface InvoiceCustomer {
  name: string;
  company?: string | null;
  /** Lines separated by newlines (customer.upserted `address`). */
  address?: string | null;
}

export interface InvoicePdfInput {
  invoice: CustomerInvoiceWithLines;
  business: InvoiceBusiness;
  customer: InvoiceCustomer;
}

export interface InvoiceDocumentRow {
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  amount: string;
  tax: string;
  /** "8.25 %" under the tax, or null when the line is untaxed. */
  taxRate: string | null;
}

export interface InvoiceDocument {
  title: string;
  number: string;
  /** Label and value, in order: issue date, due date, period, status. */
  facts: [string, string][];
  billTo: string[];
  rows: InvoiceDocumentRow[];
  /** Label and value, in order; the last is what is still owed. */
  totals: [string, string][];
  /** Written across the page: "PAID", "VOID", "DRAFT"; null for an invoice waiting to be paid. */
  stamp: string | null;
  /** The PDF's creation date: the issue date, so the same invoice is the same file. */
  createdAt: Date;
}

const STATUS_WORDS: Record<CustomerInvoiceWithLines['status'], string> = {
  draft: 'Draft (not issued yet)',
  ready: 'Issued',
  synced: 'Issued',
  paid: 'Paid',
  void: 'Void',
};

const UNIT_WORDS: Record<CustomerInvoiceWithLines['lines'][number]['unit'], string> = { hour: 'hour', minute: 'minute', each: 'each' };

export function invoiceDocument({ invoice, customer }: InvoicePdfInput): InvoiceDocument {
  const money = (minor: number): string => moneyWords(minor, invoice.currency);
  const number = invoiceNumber(invoice);
  const facts: [string, string][] = [['Issue date', dateWords(invoice.issueDate)]];
  if (invoice.dueDate !== null) facts.push(['Due date', dateWords(invoice.dueDate)]);
  if (invoice.periodStart !== null && invoice.periodEnd !== null) facts.push(['Period', `${dateWords(invoice.periodStart, 'medium')} – ${dateWords(lastDayBefore(invoice.periodEnd), 'medium')}`]);
  facts.push(['Status', STATUS_WORDS[invoice.status]]);
  const paidMinor = invoice.status === 'paid' ? invoice.totalMinor : Math.max(0, invoice.totalMinor - invoice.balanceMinor);
  const dueMinor = invoice.status === 'void' || invoice.status === 'paid' ? 0 : invoice.balanceMinor;
  return {
    title: `Invoice ${number}`,
    number,
    facts,
    billTo: [customer.name, ...(customer.company ? [customer.company] : []), ...addressLines(customer.address)],
    rows: invoice.lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unit: UNIT_WORDS[l.unit],
      unitPrice: money(l.unitPriceMinor),
      amount: money(l.amountMinor),
      tax: money(l.taxMinor),
      taxRate: l.taxBasisPoints === 0 ? null : `${(l.taxBasisPoints / 100).toFixed(2).replace(/\.?0+$/, '')} %`,
    })),
    totals: [
      ['Subtotal', money(invoice.subtotalMinor)],
      ['Tax', money(invoice.taxMinor)],
      ['Total', money(invoice.totalMinor)],
      ['Amount paid', money(paidMinor)],
      ['Balance due', money(dueMinor)],
    ],
    stamp: invoice.status === 'paid' ? 'PAID' : invoice.status === 'void' ? 'VOID' : invoice.status === 'draft' ? 'DRAFT' : null,
    createdAt: new Date(`${invoice.issueDate}T00:00:00.000Z`),
  };
}

export function addressLines(address: string | null | undefined): string[] {
  return (address ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/**
 * The billing engine counts every currency in hundredths (currency-exponent.ts): a currency
 * with cents reads as everywhere else in Ringside (formatMoney); one without, or with three
 * digits, is written with its code and the hundredths the engine holds, never rounded away.
 */
export function moneyWords(minor: number, currency: string): string {
  if (billsInCents(currency)) return formatMoney({ minor, currency });
  const sign = minor < 0 ? '-' : '';
  return `${sign}${currency.toUpperCase()} ${new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(Math.abs(minor) / 100)}`;
}

/** "December 1, 2026" ("Dec 1, 2026" medium, for a period to fit on one line): a billing date is its UTC day. */
export function dateWords(date: string, style: 'long' | 'medium' = 'long'): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: style, timeZone: 'UTC' }).format(new Date(`${date}T00:00:00.000Z`));
}

/** QuickBooks' DocNumber once synced; before, the number it will be sent with, as the consoles show it. */
export function invoiceNumber(invoice: Pick<CustomerInvoiceWithLines, 'invoiceKey' | 'docNumber'>): string {
  return invoice.docNumber ?? docNumberOfKey(invoice.invoiceKey);
}

const DOC_NUMBER_MAX = 21;

/**
 * The consoles' docNumberFor (src/main/quickbooks/invoice-payload.ts, which the relay may not
 * import; bench/accounts-match-console.test.ts checks the two agree): "SUB-261201-7K3QM2XA"
 * for a subscription period, "USG-…" a usage month, "PPC-…" a call, "RS-…" anything else.
 */
export function docNumberOfKey(invoiceKey: string): string {
  const [kind, , date] = invoiceKey.split(':');
  const hash = createHash('sha256').update(`docnumber:${invoiceKey}`).digest();
  const yymmdd = date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.slice(2).replace(/-/g, '') : null;
  const prefix = kind === 'sub' ? 'SUB' : kind === 'usage' ? 'USG' : kind === 'call' ? 'PPC' : 'RS';
  const docNumber = yymmdd !== null ? `${prefix}-${yymmdd}-${crockford(hash, 8)}` : `${prefix}-${crockford(hash, 12)}`;
  return docNumber.slice(0, DOC_NUMBER_MAX);
}

/** Crockford base32 (no I, L, O, U): readable on the phone, unambiguous when typed. */
function crockford(bytes: Buffer, length: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length >= length) break;
  }
  return out;
}

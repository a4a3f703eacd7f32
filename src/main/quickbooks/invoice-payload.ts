import { createHash } from 'node:crypto';
import type { InvoiceLinesTable, InvoicesTable } from '../db/schema';
import { ringsidePrivateNote } from './invoice-marker';
import { ratePercent, type InvoiceTaxTreatment } from './tax-mapping';

/**
 * A Ringside invoice as a QuickBooks Invoice (spec §5.4, §6): a DocNumber and requestids
 * derived from the invoice key, so every retry and every console names the same invoice the
 * same way; lines whose Amount is exactly Qty × UnitPrice, checked here in integers before
 * QuickBooks ever sees them.
 */

export type ServiceItemRole = 'supportTime' | 'overage' | 'perCallFee';

/** QuickBooks item names per role: a setting, created in QuickBooks when missing. */
export type ServiceItemNames = Record<ServiceItemRole, string>;

export const DEFAULT_SERVICE_ITEMS: ServiceItemNames = { supportTime: 'Support time', overage: 'Overage', perCallFee: 'Per-call fee' };

const DOC_NUMBER_MAX = 21;

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Crockford base32 (no I, L, O, U): readable on the phone, unambiguous when typed. */
function base32(bytes: Buffer, length: number): string {
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

/**
 * "SUB-260301-7K3QM2XA" (subscription, period start), "USG-260301-…" (usage month),
 * "PPC-9F2K7QX3MA1B" (one call): ≤21 chars, the same for a key on every console, and
 * prefixed so staff see where it came from. 40+ bits of hash keep keys apart.
 */
export function docNumberFor(invoiceKey: string): string {
  const [kind, , date] = invoiceKey.split(':');
  const hash = digest(`docnumber:${invoiceKey}`);
  const yymmdd = date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.slice(2).replace(/-/g, '') : null;
  const prefix = kind === 'sub' ? 'SUB' : kind === 'usage' ? 'USG' : kind === 'call' ? 'PPC' : 'RS';
  const docNumber = yymmdd !== null ? `${prefix}-${yymmdd}-${base32(hash, 8)}` : `${prefix}-${base32(hash, 12)}`;
  return docNumber.slice(0, DOC_NUMBER_MAX);
}

/** One requestid per invoice and attempt series (a "fix and retry" starts a new series); ≤50 chars. */
export function requestIdFor(action: 'create' | 'void' | 'send', invoiceKey: string, series: number): string {
  return `rs-${action}-${digest(`${action}:${invoiceKey}:${series}`).toString('hex').slice(0, 40)}`;
}

/** A batch's requestid (≤36 chars, spec §6): the same set of invoices and series sends the same id. */
export function batchRequestIdFor(members: readonly { invoiceKey: string; series: number }[]): string {
  const list = members.map((m) => `${m.invoiceKey}:${m.series}`).sort().join('\n');
  return `rsb-${digest(list).toString('hex').slice(0, 32)}`;
}

/** Which service item a billing line is for (docs/billing.md "Invoices" line descriptions). */
export function itemRoleOfLine(invoiceKind: string, description: string): ServiceItemRole {
  if (invoiceKind === 'subscription') return 'supportTime';
  if (description.startsWith('Per-call fee')) return 'perCallFee';
  if (description.startsWith('Overage')) return 'overage';
  return 'supportTime';
}

/** null when amount = quantity × unit price exactly, else why not (in integers: no float). */
export function lineMathProblem(line: Pick<InvoiceLinesTable, 'quantity' | 'unit_price_minor' | 'amount_minor' | 'line_no'>): string | null {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(line.quantity.trim());
  if (!match) return `line ${line.line_no}: quantity '${line.quantity}' is not a decimal number`;
  const fraction = match[3] ?? '';
  const scaled = BigInt(`${match[1]}${match[2]}${fraction}`);
  const scale = 10n ** BigInt(fraction.length);
  if (scaled * BigInt(line.unit_price_minor) !== BigInt(line.amount_minor) * scale) {
    return `line ${line.line_no}: amount ${line.amount_minor} is not quantity ${line.quantity} × unit price ${line.unit_price_minor} (minor units)`;
  }
  return null;
}

function minorToAmount(minor: number): number {
  return minor / 100;
}

export interface InvoicePayloadInput {
  invoice: Pick<InvoicesTable, 'invoice_key' | 'kind' | 'issue_date' | 'period_start' | 'period_end'>;
  lines: readonly InvoiceLinesTable[];
  customerQuickbooksId: string;
  /** Item Id per role. */
  items: Record<ServiceItemRole, string>;
  billEmail: string | null;
  /** How lines name their tax (tax-mapping.ts); US pseudo-codes when absent. */
  tax?: InvoiceTaxTreatment;
}

export type InvoicePayloadResult =
  | { ok: true; docNumber: string; payload: Record<string, unknown> }
  | { ok: false; problem: string; /** Set when the only trouble is rates without a QuickBooks tax code: the invoice waits for them. */ unmappedRates?: number[] };

/** What Sync says of an invoice waiting for a code: it goes out by itself once the code is chosen. */
export function waitingForTaxCodeText(rates: readonly number[]): string {
  return `Waiting for a tax code for ${rates.map(ratePercent).join(' and ')}: choose it in Settings → QuickBooks`;
}

export function invoicePayload(input: InvoicePayloadInput): InvoicePayloadResult {
  if (input.lines.length === 0) return { ok: false, problem: 'the invoice has no lines' };
  const problems = input.lines.map(lineMathProblem).filter((p): p is string => p !== null);
  if (problems.length > 0) return { ok: false, problem: `line amounts do not equal quantity × unit price: ${problems.join('; ')}` };
  const tax = input.tax ?? { model: 'us' };
  if (tax.model === 'codes') {
    const unmapped = [...new Set(input.lines.map((l) => l.tax_basis_points))].filter((bp) => !tax.codeFor.has(bp)).sort((a, b) => a - b);
    if (unmapped.length > 0) return { ok: false, problem: waitingForTaxCodeText(unmapped), unmappedRates: unmapped };
  }
  const taxCodeOf = (bp: number): string => (tax.model === 'us' ? (bp > 0 ? 'TAX' : 'NON') : tax.codeFor.get(bp)!);
  const docNumber = docNumberFor(input.invoice.invoice_key);
  const lines = [...input.lines]
    .sort((a, b) => a.line_no - b.line_no)
    .map((l) => ({
      DetailType: 'SalesItemLineDetail',
      Amount: minorToAmount(l.amount_minor),
      Description: l.description.slice(0, 4000),
      SalesItemLineDetail: {
        ItemRef: { value: input.items[itemRoleOfLine(input.invoice.kind, l.description)] },
        Qty: Number(l.quantity),
        UnitPrice: minorToAmount(l.unit_price_minor),
        TaxCodeRef: { value: taxCodeOf(l.tax_basis_points) },
      },
    }));
  const period = input.invoice.period_start !== null && input.invoice.period_end !== null ? ` for ${input.invoice.period_start} to ${input.invoice.period_end}` : '';
  const payload: Record<string, unknown> = {
    CustomerRef: { value: input.customerQuickbooksId },
    DocNumber: docNumber,
    TxnDate: input.invoice.issue_date,
    PrivateNote: ringsidePrivateNote(input.invoice.invoice_key).slice(0, 4000),
    CustomerMemo: { value: `Phone support${period}.` },
    Line: lines,
  };
  // Non-US companies: Ringside's amounts are before tax (US companies refuse the field, so it is left out there).
  if (tax.model === 'codes') payload.GlobalTaxCalculation = 'TaxExcluded';
  if (input.billEmail !== null && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.billEmail)) payload.BillEmail = { Address: input.billEmail };
  return { ok: true, docNumber, payload };
}

/** Where a person opens the invoice in QuickBooks (spec §1: QBO web UI). */
export function invoiceLink(quickbooksId: string, environment: 'sandbox' | 'production', invoiceLinkField: unknown): string {
  if (typeof invoiceLinkField === 'string' && invoiceLinkField !== '') return invoiceLinkField;
  const ui = environment === 'sandbox' ? 'https://sandbox.qbo.intuit.com/app' : 'https://qbo.intuit.com/app';
  return `${ui}/invoice?txnId=${encodeURIComponent(quickbooksId)}`;
}

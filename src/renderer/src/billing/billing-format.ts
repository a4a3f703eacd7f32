import type { Bucket, ChargeLine, IncludedTexts, InvoiceRow, InvoiceStatus, SubscriptionRow } from '../../../shared/api/billing';
import { formatDuration, formatMoney } from '../../../shared/units';

export const bucketLabels: Record<Bucket, string> = {
  included: 'included hours',
  rollover: 'rolled-over hours',
  wallet: 'wallet',
  overage: 'overage',
  pay_per_call: 'pay-per-call',
  fee: 'per-call fee',
  free: 'free',
  message_included: 'included texts',
  message_wallet: 'wallet',
  message_overage: 'text beyond the included ones',
  message_pay_per_use: 'pay-per-text',
};

export const invoiceStatusLabels: Record<InvoiceStatus, string> = {
  draft: 'Draft',
  ready: 'Ready',
  synced: 'Synced',
  paid: 'Paid',
  void: 'Void',
};

export const subscriptionStateLabels: Record<SubscriptionRow['state'], string> = {
  active: 'Active',
  expired: 'Expired',
  not_started: 'Not started',
  cancelled: 'Cancelled',
};

export function money(minor: number, currency: string): string {
  return formatMoney({ minor, currency });
}

/** "12 min from included hours", "$3.00 overage (1 min)", "$1.50 per-call fee". */
export function chargeLineText(line: ChargeLine): string {
  const label = bucketLabels[line.bucket];
  if (line.bucket === 'included' || line.bucket === 'rollover') return `${formatDuration(line.seconds)} from ${label}`;
  if (line.bucket === 'free') return `${formatDuration(line.seconds)} free`;
  // A text's line is one text (the row says when it is a reversal).
  if (line.bucket === 'message_included') return `1 text from ${label}`;
  if (line.bucket === 'message_wallet') return `${money(line.amountMinor, line.currency)} text from the wallet`;
  if (line.bucket === 'message_overage' || line.bucket === 'message_pay_per_use') return `${money(line.amountMinor, line.currency)} ${label}`;
  const time = line.seconds > 0 ? ` (${formatDuration(line.seconds)})` : '';
  return `${money(line.amountMinor, line.currency)} ${label}${time}`;
}

/** "Included texts: 40 / 100 sent, 0 / 10 received" (a direction with none included is left out). */
export function includedTextsText(texts: IncludedTexts): string {
  const parts = [
    texts.sent.included > 0 ? `${texts.sent.used} / ${texts.sent.included} sent` : null,
    texts.received.included > 0 ? `${texts.received.used} / ${texts.received.included} received` : null,
  ].filter((p) => p !== null);
  return parts.length > 0 ? `Included texts: ${parts.join(', ')}` : 'Texts billed per text';
}

/** A calendar date (YYYY-MM-DD) read as a date, not an instant: no time-zone shift. */
export function formatDay(day: string | null): string {
  if (!day) return '—';
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).toLocaleDateString(undefined, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatInstant(instant: string): string {
  return new Date(instant).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/** Today as YYYY-MM-DD on this computer's calendar, the default for date fields. */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

type InvoiceFacts = Pick<InvoiceRow, 'kind' | 'issueDate' | 'periodStart' | 'periodEnd' | 'lines'>;

/**
 * What an invoice is for, in words a receptionist reads ("Usage, December 2026",
 * "Subscription — Gold", "Call of Dec 1, 2026", "Wallet top-up"), made from the
 * row alone: its key (usage:cust_…:2026-12-01) is for a tooltip at most. The plan's
 * name is the one the engine wrote on the invoice's line, so a later plan change or
 * rename does not rewrite what was billed.
 */
export function invoiceTitle(invoice: InvoiceFacts): string {
  switch (invoice.kind) {
    case 'usage':
      return `Usage, ${periodText(invoice.periodStart, invoice.periodEnd)}`;
    case 'subscription': {
      const plan = /^(.+?) — \S+ plan, /.exec(invoice.lines[0]?.description ?? '')?.[1];
      return plan ? `Subscription — ${plan}` : 'Subscription';
    }
    case 'pay_per_call': {
      const day = /call of (\d{4}-\d{2}-\d{2})/.exec(invoice.lines[0]?.description ?? '')?.[1] ?? invoice.issueDate;
      return `Call of ${formatDay(day)}`;
    }
    case 'wallet_top_up':
      return 'Wallet top-up';
  }
}

/** "December 2026" for a period from the 1st to the next 1st, else its first and last day. */
function periodText(start: string | null, end: string | null): string {
  if (!start) return 'open period';
  const [y, m, d] = start.split('-').map(Number);
  const nextMonth = new Date(Date.UTC(y ?? 1970, m ?? 1, 1)).toISOString().slice(0, 10);
  if (d === 1 && (end === null || end === nextMonth)) {
    return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1)).toLocaleDateString(undefined, { timeZone: 'UTC', year: 'numeric', month: 'long' });
  }
  return end ? `${formatDay(start)} – ${formatDay(end)}` : `from ${formatDay(start)}`;
}

/** An invoice line as the engine wrote it ("call of 2026-12-01", "2026-11-27 until 2026-12-27") with its dates read as dates. */
export function invoiceLineText(description: string): string {
  return description.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (day) => formatDay(day));
}

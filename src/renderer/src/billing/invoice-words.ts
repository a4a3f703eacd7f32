import type { InvoiceStatus } from '../../../shared/api/billing';
import type { OpenInvoice, OpenInvoiceSummary } from '../../../shared/card';
import { formatMoney } from '../../../shared/units';

/**
 * How an invoice reads to a receptionist: its number, what it is for and when, never an
 * internal key; "Draft — closes on Dec 31" rather than a future issue date.
 */

const kindWords = { subscription: 'Subscription', usage: 'Usage', pay_per_call: 'Call', wallet_top_up: 'Wallet top-up' } as const;

/** "Dec 31, 2026" from a UTC calendar date. */
export function dayText(day: string, withYear = true): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', ...(withYear ? { year: 'numeric' } : {}) });
}

/** "November 2026" for a calendar month (end exclusive, the 1st of the next), else "Nov 5 – Dec 4, 2026". */
export function periodWords(start: string | null | undefined, end: string | null | undefined): string | null {
  if (!start) return null;
  const [y, m, d] = start.split('-').map(Number);
  const nextMonth = new Date(Date.UTC(y ?? 1970, m ?? 1, 1)).toISOString().slice(0, 10);
  if (d === 1 && (end === nextMonth || end === null || end === undefined)) {
    return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1)).toLocaleDateString('en-US', { timeZone: 'UTC', month: 'long', year: 'numeric' });
  }
  if (!end) return `from ${dayText(start)}`;
  // The period's end is exclusive: its last day is the one before.
  const last = new Date(Date.parse(`${end}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return `${dayText(start, start.slice(0, 4) !== last.slice(0, 4))} – ${dayText(last)}`;
}

interface InvoiceFacts {
  kind?: keyof typeof kindWords | undefined;
  periodStart?: string | null | undefined;
  periodEnd?: string | null | undefined;
  issueDate?: string | undefined;
  /** The call's day of a pay-per-call invoice, when known apart from its lines. */
  callDate?: string | null | undefined;
  lines?: readonly { description: string }[] | undefined;
}

/** "Usage · November 2026", "Subscription · Nov 5 – Dec 4, 2026", "Call · Nov 30, 2026" (the call's day, not the invoice's). */
export function invoiceSubject(invoice: InvoiceFacts): string {
  const kind = invoice.kind ? kindWords[invoice.kind] : 'Invoice';
  const period = invoice.kind === 'pay_per_call' || invoice.kind === 'wallet_top_up' ? null : periodWords(invoice.periodStart, invoice.periodEnd);
  if (period) return `${kind} · ${period}`;
  const callDay = invoice.kind === 'pay_per_call' ? (invoice.callDate ?? /call of (\d{4}-\d{2}-\d{2})/.exec(invoice.lines?.[0]?.description ?? '')?.[1]) : undefined;
  const day = callDay ?? invoice.issueDate;
  return day ? `${kind} · ${dayText(day)}` : kind;
}

/**
 * The date column: an issued invoice's issue date; a draft whose issue date is still
 * ahead says it is open until then rather than showing a date that has not come.
 */
export function issueWords(invoice: { status: InvoiceStatus; issueDate: string }, today: string): string {
  if (invoice.status === 'draft' && invoice.issueDate > today) return `Draft — closes on ${dayText(invoice.issueDate)}`;
  return dayText(invoice.issueDate);
}

/** "3 unpaid · $297.00 · oldest 64 days" (and how many are overdue). */
export function openInvoiceSummaryText(summary: OpenInvoiceSummary): string {
  const parts = [`${summary.count} unpaid`, formatMoney({ minor: summary.balanceMinor, currency: summary.currency })];
  if (summary.overdueCount > 0) parts.push(`${summary.overdueCount} overdue`);
  parts.push(summary.oldestDays === 0 ? 'oldest today' : `oldest ${summary.oldestDays} ${summary.oldestDays === 1 ? 'day' : 'days'}`);
  return parts.join(' · ');
}

/** What an open invoice on the card is for: "Usage · November 2026", "Call · Nov 30, 2026". */
export function openInvoiceTitle(invoice: OpenInvoice): string {
  return invoiceSubject(invoice);
}

/** Its number and dates: "#INV-1047 · due Dec 15, 2026 · 12 days overdue", "#PPC-… · issued Nov 30, 2026". */
export function openInvoiceDates(invoice: OpenInvoice): string {
  const number = invoice.number ?? invoice.docNumber;
  const parts = number ? [`#${number}`] : [];
  if (invoice.dueDate) {
    parts.push(`due ${dayText(invoice.dueDate)}`);
    const late = invoice.daysOverdue ?? 0;
    if (late > 0) parts.push(`${late} ${late === 1 ? 'day' : 'days'} overdue`);
  } else if (invoice.issueDate) {
    parts.push(`issued ${dayText(invoice.issueDate)}`);
  }
  return parts.join(' · ');
}

export type PeriodChoice = 'all' | 'this_month' | 'last_month' | 'last_90_days' | 'this_year';

/** The issue dates a period filter means, from `today` (YYYY-MM-DD); null for any time. */
export function periodRange(choice: PeriodChoice, today: string): { from: string; to: string } | null {
  const [y = 1970, m = 1] = today.split('-').map(Number);
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  switch (choice) {
    case 'all':
      return null;
    case 'this_month':
      return { from: iso(Date.UTC(y, m - 1, 1)), to: iso(Date.UTC(y, m, 0)) };
    case 'last_month':
      return { from: iso(Date.UTC(y, m - 2, 1)), to: iso(Date.UTC(y, m - 1, 0)) };
    case 'last_90_days':
      return { from: iso(Date.parse(`${today}T00:00:00Z`) - 89 * 86_400_000), to: today };
    case 'this_year':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
  }
}

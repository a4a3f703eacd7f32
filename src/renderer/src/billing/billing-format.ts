import type { Bucket, ChargeLine, InvoiceStatus, SubscriptionRow } from '../../../shared/api/billing';
import { formatDuration, formatMoney } from '../../../shared/units';

export const bucketLabels: Record<Bucket, string> = {
  included: 'included hours',
  rollover: 'rolled-over hours',
  wallet: 'wallet',
  overage: 'overage',
  pay_per_call: 'pay-per-call',
  fee: 'per-call fee',
  free: 'free',
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
  const time = line.seconds > 0 ? ` (${formatDuration(line.seconds)})` : '';
  return `${money(line.amountMinor, line.currency)} ${label}${time}`;
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

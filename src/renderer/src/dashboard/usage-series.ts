import type { CustomerUsage, UsagePoint } from '../../../shared/api/billing';
import { formatPhone } from '../../../shared/phone';

export interface DayUsage {
  day: string;
  billedSeconds: number;
  amountMinor: number;
}

const DAY_MS = 86_400_000;

/** One point per UTC day of the window ending `today`, days without calls at 0, oldest first. */
export function dailySeries(points: UsagePoint[], days: number, today: Date): DayUsage[] {
  const byDay = new Map(points.map((point) => [point.day, point]));
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const series: DayUsage[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(end - i * DAY_MS).toISOString().slice(0, 10);
    const point = byDay.get(day);
    const billedSeconds = point?.billedSeconds ?? 0;
    series.push({ day, billedSeconds, amountMinor: point?.amountMinor ?? 0 });
  }
  return series;
}

export interface CustomerBar {
  key: string;
  name: string;
  billedSeconds: number;
  amountMinor: number;
}

/** The core's top customers as chart bars; an unknown caller is named by number, written as people write it. */
export function topCustomerBars(top: CustomerUsage[]): CustomerBar[] {
  return top.map((entry) => ({
    key: entry.customerId ?? `number:${entry.number ?? ''}`,
    name: entry.name ?? `Unknown ${formatPhone(entry.number ?? '')}`,
    billedSeconds: entry.billedSeconds,
    amountMinor: entry.amountMinor,
  }));
}

import type { ChargeRow, UsagePoint } from '../../../shared/api/billing';

export interface DayUsage {
  day: string;
  /** Hours, for the chart's scale only; labels format the exact seconds. */
  hours: number;
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
    series.push({ day, hours: billedSeconds / 3600, billedSeconds, amountMinor: point?.amountMinor ?? 0 });
  }
  return series;
}

export interface CustomerUsage {
  key: string;
  name: string;
  billedSeconds: number;
  hours: number;
  amountMinor: number;
}

/**
 * Billed time and money per customer from the charges since `since`, most time
 * first.
 */
export function topCustomers(charges: ChargeRow[], since: string, limit: number): CustomerUsage[] {
  const totals = new Map<string, CustomerUsage>();
  for (const charge of charges) {
    if (charge.startedAt < since) continue;
    const key = charge.customerId ?? `number:${charge.number}`;
    const entry = totals.get(key) ?? { key, name: charge.customerName ?? `Unknown ${charge.number}`, billedSeconds: 0, hours: 0, amountMinor: 0 };
    // A reversing entry carries its original's figures negated, so plain sums cancel it.
    entry.billedSeconds += charge.billableSeconds;
    entry.amountMinor += charge.totalMinor;
    totals.set(key, entry);
  }
  return [...totals.values()]
    .map((entry) => ({ ...entry, hours: entry.billedSeconds / 3600 }))
    .filter((entry) => entry.billedSeconds > 0 || entry.amountMinor > 0)
    .sort((a, b) => b.billedSeconds - a.billedSeconds || b.amountMinor - a.amountMinor || a.name.localeCompare(b.name))
    .slice(0, limit);
}

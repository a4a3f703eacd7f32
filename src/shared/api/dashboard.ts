import { z } from 'zod';

/**
 * The dashboard's read (merged into apiInputSchemas in contract.ts): everything the page
 * shows for a range of days, summed by the console core in SQL, never the raw rows.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-31');

/** One day of the range, on the business's calendar. */
export interface DashboardDay {
  day: string;
  /** Incoming calls that ended (answered or not). */
  calls: number;
  missed: number;
  /** Talk time of answered calls. */
  talkSeconds: number;
  billedSeconds: number;
  /** Money, by where it came from: subscription invoices issued, wallet top-ups received, calls and texts billed beyond what was prepaid. */
  subscriptionsMinor: number;
  topUpsMinor: number;
  usageMinor: number;
}

/** A client's share and habits in the range; an unknown caller is one client per number. */
export interface DashboardClient {
  customerId: string | null;
  name: string | null;
  number: string | null;
  calls: number;
  missed: number;
  talkSeconds: number;
  averageSeconds: number;
  billedSeconds: number;
  /** What their calls and texts were billed beyond prepaid time, plus their subscriptions and top-ups. */
  revenueMinor: number;
  /** Their busiest weekday (0 = Monday) and hour, on the business's clock; null without calls. */
  busiestWeekday: number | null;
  busiestHour: number | null;
}

export interface DashboardSummary {
  from: string;
  to: string;
  /** The calendar days and hours are read in: the business hours' zone, else UTC. */
  timeZone: string;
  currency: string;
  calls: number;
  answered: number;
  missed: number;
  /** missed ÷ calls, 0 without calls. */
  missedRate: number;
  /** Mean talk time of answered calls. */
  averageSeconds: number;
  talkSeconds: number;
  billedSeconds: number;
  revenue: { subscriptionsMinor: number; topUpsMinor: number; usageMinor: number; totalMinor: number };
  days: DashboardDay[];
  /** Calls that started in each weekday (0 = Monday … 6 = Sunday) × hour (0–23) cell. */
  heatmap: number[][];
  /** Most talk time first. */
  topClients: DashboardClient[];
}

export const dashboardApiInputSchemas = {
  'dashboard.summary': z
    .object({ from: isoDate, to: isoDate, top: z.number().int().min(1).max(100).default(10) })
    .strict()
    .refine((range) => range.from <= range.to, 'the range must start on or before its end')
    .refine((range) => Date.parse(range.to) - Date.parse(range.from) <= 731 * 86_400_000, 'the range may be at most two years'),
} as const;

export interface DashboardApiOutputs {
  'dashboard.summary': DashboardSummary;
}

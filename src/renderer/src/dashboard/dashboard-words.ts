import type { DashboardSummary } from '../../../shared/api/dashboard';
import { formatPhone } from '../privacy/shown-phone';

/** Figures as a person reads them: "12:05" hours and minutes, "4:32" a call's minutes and seconds, "7.5 %". */

/** "h:mm" of a total (1 h 5 min → "1:05"), rounded to the minute. */
export function hoursMinutes(seconds: number): string {
  const minutes = Math.round(Math.max(0, seconds) / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "m:ss" of one call's length. */
export function minutesSeconds(seconds: number): string {
  const s = Math.round(Math.max(0, seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function percent(rate: number): string {
  return `${(rate * 100).toFixed(rate === 0 || rate >= 0.1 ? 0 : 1)} %`;
}

export const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** "9:00" … "17:00": an hour of the day. */
export function hourLabel(hour: number): string {
  return `${hour}:00`;
}

/** A client as a receptionist names them: the customer, or an unknown caller by number. */
export function clientName(client: { name: string | null; number: string | null }): string {
  return client.name ?? `Unknown caller ${formatPhone(client.number ?? '')}`;
}

/** "Mondays around 9:00". */
export function busiestWords(client: { busiestWeekday: number | null; busiestHour: number | null }): string {
  if (client.busiestWeekday === null || client.busiestHour === null) return '—';
  return `${weekdayNames[client.busiestWeekday]}s around ${hourLabel(client.busiestHour)}`;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLines(rows: (string | number)[][]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n');
}

/**
 * What the page shows, as CSV a spreadsheet opens: the days of the range, then the top
 * clients. Times in minutes, money in the currency's units, so they sum in a spreadsheet.
 */
export function dashboardCsv(summary: DashboardSummary): string {
  const units = (minor: number) => (minor / 100).toFixed(2);
  const minutes = (seconds: number) => (seconds / 60).toFixed(1);
  const days = csvLines([
    ['day', 'calls', 'missed', 'talk minutes', 'billed minutes', `subscriptions (${summary.currency})`, `top-ups (${summary.currency})`, `calls and texts (${summary.currency})`],
    ...summary.days.map((d) => [d.day, d.calls, d.missed, minutes(d.talkSeconds), minutes(d.billedSeconds), units(d.subscriptionsMinor), units(d.topUpsMinor), units(d.usageMinor)]),
  ]);
  const clients = csvLines([
    ['client', 'calls', 'missed', 'talk minutes', 'average call minutes', 'billed minutes', `revenue (${summary.currency})`, 'busiest'],
    ...summary.topClients.map((c) => [clientName(c), c.calls, c.missed, minutes(c.talkSeconds), minutes(c.averageSeconds), minutes(c.billedSeconds), units(c.revenueMinor), busiestWords(c)]),
  ]);
  return `${days}\r\n\r\n${clients}\r\n`;
}

/** The file name of an export: "ringside-dashboard-2026-11-01-to-2026-11-30.csv". */
export function csvFileName(summary: { from: string; to: string }): string {
  return `ringside-dashboard-${summary.from}-to-${summary.to}.csv`;
}

/** Shade of a heatmap cell, 0 (no calls) to 1 (the busiest cell). */
export function heat(value: number, max: number): number {
  return max <= 0 ? 0 : value / max;
}

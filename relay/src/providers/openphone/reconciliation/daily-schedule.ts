import { addDays, localParts, type LocalDate } from './business-time';

/**
 * When the daily reconciliation is due: once the business's local time has reached
 * OPENPHONE_RECONCILE_AT, the day before today is reconciled, unless a daily run already
 * did it. A relay that was off at that hour runs it as soon as it is back the same day;
 * days before that are the after-outage run's. Pure.
 */
export function dailyRunDue(input: { nowMs: number; timeZone: string; atMinutes: number; lastDailyDate: LocalDate | null }): LocalDate | null {
  const local = localParts(input.nowMs, input.timeZone);
  if (local.minutes < input.atMinutes) return null;
  const yesterday = addDays(local.date, -1);
  return input.lastDailyDate !== null && input.lastDailyDate >= yesterday ? null : yesterday;
}

import { DateTime } from 'luxon';
import { weekdays, type BusinessHours } from '../catalog';

/**
 * How much of a talk interval fell inside business hours. Opening and closing are
 * wall-clock times in the plan's time zone, so around a daylight-saving change the
 * boundaries move in UTC and a day can be 23 or 25 hours long (Luxon resolves them).
 */
export interface HoursSplit {
  businessSeconds: number;
  afterHoursSeconds: number;
  /** Whether the interval's last moment is in business hours (where rounding's extra seconds go). */
  endsInBusinessHours: boolean;
}

const DAY_MS = 86_400_000;

export function splitByBusinessHours(hours: BusinessHours, fromMs: number, seconds: number): HoursSplit {
  const toMs = fromMs + seconds * 1000;
  let businessMs = 0;
  // Local dates around the interval: a local date's window lies within a day of the same UTC date.
  for (let day = Math.floor(fromMs / DAY_MS) - 1; day <= Math.floor(toMs / DAY_MS) + 1; day++) {
    const window = windowOn(hours, day);
    if (!window) continue;
    const start = Math.max(window.openMs, fromMs);
    const end = Math.min(window.closeMs, toMs);
    if (end > start) businessMs += end - start;
  }
  const businessSeconds = Math.round(businessMs / 1000);
  const lastMoment = seconds > 0 ? toMs - 1 : fromMs;
  return { businessSeconds, afterHoursSeconds: seconds - businessSeconds, endsInBusinessHours: isOpenAt(hours, lastMoment) };
}

interface OpenWindow {
  openMs: number;
  closeMs: number;
}

// Time-zone arithmetic is the costly part of rating; a plan's window on a date never changes.
const windows = new WeakMap<BusinessHours, Map<number, OpenWindow | null>>();

/** Business hours on the local calendar date that has the same Y-M-D as UTC day number `day`. */
function windowOn(hours: BusinessHours, day: number): OpenWindow | null {
  let byDay = windows.get(hours);
  if (!byDay) {
    byDay = new Map();
    windows.set(hours, byDay);
  }
  const cached = byDay.get(day);
  if (cached !== undefined) return cached;
  const utc = new Date(day * DAY_MS);
  const local = DateTime.fromObject({ year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() }, { zone: hours.timeZone });
  const window = openWindow(hours, local);
  byDay.set(day, window);
  return window;
}

function openWindow(hours: BusinessHours, day: DateTime): OpenWindow | null {
  const weekday = weekdays[day.weekday - 1];
  const today = weekday ? hours.days[weekday] : null;
  if (!today) return null;
  const openMs = wallClock(day, today.open);
  const closeMs = wallClock(day, today.close);
  return closeMs > openMs ? { openMs, closeMs } : null;
}

function wallClock(day: DateTime, hhmm: string): number {
  if (hhmm === '24:00') return day.plus({ days: 1 }).startOf('day').toMillis();
  const [hour, minute] = hhmm.split(':').map(Number);
  return day.set({ hour: hour ?? 0, minute: minute ?? 0, second: 0, millisecond: 0 }).toMillis();
}

function isOpenAt(hours: BusinessHours, ms: number): boolean {
  const day = Math.floor(ms / DAY_MS);
  for (let d = day - 1; d <= day + 1; d++) {
    const window = windowOn(hours, d);
    if (window && ms >= window.openMs && ms < window.closeMs) return true;
  }
  return false;
}

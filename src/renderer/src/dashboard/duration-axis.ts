/**
 * A time axis a person reads: ticks on round durations (5 min, 30 min, 1 h, 6 h…)
 * labelled "45 min", "1 h 20 min", "12 h", instead of fractions of an hour.
 */

const MINUTE = 60;
const HOUR = 3600;
const STEPS = [1, 2, 5, 10, 15, 20, 30].map((m) => m * MINUTE).concat([1, 2, 3, 4, 6, 12, 24, 48, 72, 120, 240, 480].map((h) => h * HOUR));

/** Ticks from 0 to at least `maxSeconds`, at most `maxTicks` intervals, on the first round step that fits. */
export function durationTicks(maxSeconds: number, maxTicks = 4): number[] {
  const top = Math.max(maxSeconds, MINUTE);
  const step = STEPS.find((s) => Math.ceil(top / s) <= maxTicks) ?? Math.ceil(top / maxTicks / HOUR) * HOUR;
  const count = Math.ceil(top / step);
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

/** "0", "45 min", "1 h", "1 h 20 min": an axis label, whole minutes. */
export function formatAxisDuration(seconds: number): string {
  const minutes = Math.round(seconds / MINUTE);
  if (minutes === 0) return '0';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

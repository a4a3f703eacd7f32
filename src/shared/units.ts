/** Durations are integer seconds everywhere; this only formats them for people. */
export function formatDuration(totalSeconds: number): string {
  const sign = totalSeconds < 0 ? '-' : '';
  let s = Math.abs(Math.trunc(totalSeconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (h > 0) return `${sign}${h} h ${m} min`;
  if (m > 0) return s > 0 ? `${sign}${m} min ${s} s` : `${sign}${m} min`;
  return `${sign}${s} s`;
}

/** "m:ss" or "h:mm:ss" for a running call timer. */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.trunc(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Money is integer minor units with an ISO currency code. */
export interface Money {
  minor: number;
  currency: string;
}

export function formatMoney({ minor, currency }: Money, locale = 'en-US'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 100);
}

export const SECONDS_PER_HOUR = 3600;

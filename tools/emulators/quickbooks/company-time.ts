/**
 * QuickBooks Online emulator: timestamps in the company's UTC offset, as QBO writes them
 * (`MetaData` without millis, top-level `time` with millis; spec §3).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalParts {
  date: string;
  time: string;
  offset: string;
}

function localParts(ms: number, timeZone: string): LocalParts {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const gmt = parts.timeZoneName ?? 'GMT';
  const offset = gmt === 'GMT' ? '+00:00' : gmt.slice(3);
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}:${parts.second}`, offset };
}

/** `2026-08-28T16:40:05-07:00` (MetaData) or with `.531` millis (top-level `time`). */
export function companyDateTime(ms: number, timeZone: string, withMillis = false): string {
  const p = localParts(ms, timeZone);
  const millis = withMillis ? `.${String(Math.floor(((ms % 1000) + 1000) % 1000)).padStart(3, '0')}` : '';
  return `${p.date}T${p.time}${millis}${p.offset}`;
}

/** `YYYY-MM-DD` in the company's time zone (default TxnDate, the sandbox email day). */
export function companyDate(ms: number, timeZone: string): string {
  return localParts(ms, timeZone).date;
}

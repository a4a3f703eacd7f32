/**
 * A date picker's days as the instants the core filters on: the start of the first
 * local day and the start of the local day after the last, in the time zone this
 * console runs in (the receptionist's), so "To Dec 1" keeps the evening texts.
 * Built from calendar parts, so a day with a daylight-saving change is still one day.
 */
export function localDayRange(from: string, to: string): { from?: string; to?: string } {
  return {
    ...(from ? { from: localMidnight(from, 0) } : {}),
    ...(to ? { to: localMidnight(to, 1) } : {}),
  };
}

function localMidnight(date: string, addDays: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day + addDays).toISOString();
}

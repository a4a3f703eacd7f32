/**
 * Reads whole-number settings: unset gives the documented default; anything but digits
 * within [min, max] is reported naming the setting (which stops start-up) and the
 * default stands in so the other settings are still checked. Pure.
 */
export function integerSettings(value: (name: string) => string | undefined, errors: string[]) {
  return (name: string, fallback: number, min: number, max: number, what: string): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      errors.push(`${name} must be ${what}, got '${raw}'`);
      return fallback;
    }
    return Number(raw);
  };
}

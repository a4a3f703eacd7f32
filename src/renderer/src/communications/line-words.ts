import { formatPhone } from '../privacy/shown-phone';

/** A business line as a receptionist reads it: its name beside the number ("Front desk · +1 617 555 0100"), or the number alone. */
export function lineLabel(number: string, name: string | null): string {
  return name ? `${name} · ${formatPhone(number)}` : formatPhone(number);
}

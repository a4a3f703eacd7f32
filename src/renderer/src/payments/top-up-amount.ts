import { parseMoneyInput } from '../money/money-input';
import { formatMoney } from '../../../shared/units';

/** The amount typed in the Top up dialog, in minor units, or what is wrong with it in plain words. */
export function parseTopUpAmount(text: string, { currency, maxMinor }: { currency: string; maxMinor: number }): { ok: true; minor: number } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: false, error: 'Type an amount, or pick one of the amounts above.' };
  const parsed = parseMoneyInput(text);
  if (!parsed.ok) return { ok: false, error: parsed.error === 'must not be negative' ? 'The amount must be more than zero.' : parsed.error.startsWith('at most') ? `The amount can have ${parsed.error}.` : `The amount ${parsed.error}.` };
  if (parsed.value <= 0) return { ok: false, error: 'The amount must be more than zero.' };
  if (parsed.value > maxMinor) return { ok: false, error: `A top-up can be at most ${formatMoney({ minor: maxMinor, currency })}.` };
  return { ok: true, minor: parsed.value };
}

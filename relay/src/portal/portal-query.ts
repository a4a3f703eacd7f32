/**
 * An instant in a portal query (`at=`, `before=`): the relay writes them itself as
 * toISOString(), so only that shape, in years a call can have (2000–2099), is taken. Anything
 * else (a year 275760 Date.parse accepts, then toISOString refuses) is a bad request, not a throw.
 */
const ISO_INSTANT = /^(20\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d{1,3})?Z$/;

export type InstantParam = { ok: true; ms: number | null } | { ok: false };

export function instantParam(value: string | null): InstantParam {
  if (value === null) return { ok: true, ms: null };
  if (!ISO_INSTANT.test(value)) return { ok: false };
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? { ok: true, ms } : { ok: false };
}

/**
 * What the relay answers an incoming Twilio call with, per number called (the TwiML of
 * twiml.ts): ring one or more phone numbers at once, ring a SIP address, or refuse the
 * call. Written in settings as
 *   `+15559870002=dial:+15551110000,+15551110001;+15559870003=sip:sip:desk@example.com;+15559870004=reject`
 * Pure.
 */

export type VoiceRoute = { kind: 'dial'; numbers: readonly string[] } | { kind: 'sip'; address: string } | { kind: 'reject' };

const E164 = /^\+[1-9]\d{6,14}$/;
/** sip:user@host[:port][;params], as Twilio's <Sip> noun takes it; no spaces, quotes or angle brackets. */
const SIP_URI = /^sips?:[^\s"'<>]+@[^\s"'<>]+$/i;
const MAX_NUMBERS = 10;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseVoiceRoute(text: string, setting: string): Parsed<VoiceRoute> {
  const trimmed = text.trim();
  if (trimmed === 'reject') return { ok: true, value: { kind: 'reject' } };
  if (trimmed.startsWith('dial:')) {
    const numbers = trimmed.slice('dial:'.length).split(',').map((number) => number.trim());
    const bad = numbers.find((number) => !E164.test(number));
    if (bad !== undefined) return { ok: false, error: `${setting}: '${bad}' is not a phone number in E.164 form like +15551110000 (in '${trimmed}')` };
    if (numbers.length > MAX_NUMBERS) return { ok: false, error: `${setting}: at most ${MAX_NUMBERS} numbers ring at once (in '${trimmed}')` };
    return { ok: true, value: { kind: 'dial', numbers } };
  }
  if (trimmed.startsWith('sip:')) {
    const address = trimmed.slice('sip:'.length).trim();
    if (!SIP_URI.test(address)) return { ok: false, error: `${setting}: '${address}' is not a SIP address like sip:desk@example.com (in '${trimmed}')` };
    return { ok: true, value: { kind: 'sip', address } };
  }
  return { ok: false, error: `${setting}: '${trimmed}' is not a route: write dial:+15551110000[,+1…], sip:sip:desk@example.com or reject` };
}

/** `number=route;number=route`: each Twilio number the business answers, and its route. */
export function parseVoiceRoutes(text: string, setting: string): Parsed<ReadonlyMap<string, VoiceRoute>> {
  const routes = new Map<string, VoiceRoute>();
  for (const entry of text.split(';').map((part) => part.trim()).filter((part) => part !== '')) {
    const equals = entry.indexOf('=');
    const number = equals < 0 ? '' : entry.slice(0, equals).trim();
    if (!E164.test(number)) return { ok: false, error: `${setting} entries look like +15559870002=dial:+15551110000; got '${entry}'` };
    if (routes.has(number)) return { ok: false, error: `${setting} names ${number} twice` };
    const route = parseVoiceRoute(entry.slice(equals + 1), setting);
    if (!route.ok) return route;
    routes.set(number, route.value);
  }
  return { ok: true, value: routes };
}

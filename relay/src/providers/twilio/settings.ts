import { isLoopbackHost } from '../../../../src/shared/relay-address';
import type { SettingDescription, SettingReader } from '../../config';
import { integerSettings } from '../../integer-setting';
import { parseVoiceRoute, parseVoiceRoutes, type VoiceRoute } from './voice-routes';

export interface TwilioSettings {
  /** null while TWILIO_AUTH_TOKEN is unset: /webhooks/twilio answers 503. Several during a rotation. */
  authTokens: readonly string[] | null;
  accountSid: string | null;
  routes: ReadonlyMap<string, VoiceRoute>;
  defaultRoute: VoiceRoute;
  record: boolean;
  dialTimeoutSeconds: number;
  /** Where recordings are fetched with the account's credentials, or null when they are fetched without. */
  media: { origin: string; accountSid: string; authToken: string } | null;
}

const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
export const DEFAULT_TWILIO_MEDIA_ORIGIN = 'https://api.twilio.com';

export const TWILIO_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  { name: 'TWILIO_AUTH_TOKEN', default: 'unset', description: "The Twilio account's auth token: every request Twilio sends is signed with it (X-Twilio-Signature). Two, comma-separated, while rotating. While unset, /webhooks/twilio answers 503; it also needs RELAY_PUBLIC_URL, the address Twilio calls." },
  { name: 'TWILIO_ACCOUNT_SID', default: 'unset', description: 'The account SID (AC followed by 32 hex digits): requests of any other account are refused, and with the auth token it fetches recordings (TWILIO_MEDIA_AUTH).' },
  { name: 'TWILIO_VOICE_ROUTES', default: 'unset', description: 'What each Twilio number does with a call, "+15559870002=dial:+15551110000,+15551110001;+15559870003=sip:sip:desk@example.com;+15559870004=reject": ring those numbers at once, ring a SIP address, or refuse the call (busy).' },
  { name: 'TWILIO_DEFAULT_ROUTE', default: 'reject', description: 'The route of a Twilio number not in TWILIO_VOICE_ROUTES, written the same way (dial:+1…, sip:sip:…, reject).' },
  { name: 'TWILIO_RECORD_CALLS', default: 'on', description: 'on: answered calls are recorded (both sides, from the answer) and the recording is captured like any media; off: no recording. Telling callers they are recorded is up to the business.' },
  { name: 'TWILIO_DIAL_TIMEOUT_SECONDS', default: '20', description: 'How long the numbers or SIP address ring before the call counts as missed (5 to 600).' },
  { name: 'TWILIO_MEDIA_AUTH', default: 'on', description: "on: recordings are fetched with HTTP Basic auth (account SID and auth token), which accounts enforcing authenticated media require; sent to TWILIO_MEDIA_ORIGIN only, never to another host or a redirect's. Needs TWILIO_ACCOUNT_SID. off: fetched without credentials." },
  { name: 'TWILIO_MEDIA_ORIGIN', default: DEFAULT_TWILIO_MEDIA_ORIGIN, description: 'The one origin (scheme, host, port) that gets the credentials of TWILIO_MEDIA_AUTH; https, or http to a loopback address (an emulator). With TWILIO_AUTH_TOKEN set, its host is allowed for media downloads on top of RELAY_MEDIA_ALLOWED_HOSTS (exactly host:port when it names a port).' },
];

export function readTwilioSettings(value: SettingReader, errors: string[]): TwilioSettings {
  const integer = integerSettings(value, errors);
  const tokenText = value('TWILIO_AUTH_TOKEN');
  const authTokens = tokenText === undefined ? null : tokenText.split(',').map((token) => token.trim()).filter((token) => token !== '');
  if (authTokens !== null && (authTokens.length === 0 || authTokens.length > 2)) errors.push('TWILIO_AUTH_TOKEN must be one auth token, or two comma-separated while rotating');

  const accountSid = value('TWILIO_ACCOUNT_SID') ?? null;
  if (accountSid !== null && !ACCOUNT_SID.test(accountSid)) errors.push(`TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits, got '${accountSid.slice(0, 40)}'`);

  const routes = parseVoiceRoutes(value('TWILIO_VOICE_ROUTES') ?? '', 'TWILIO_VOICE_ROUTES');
  if (!routes.ok) errors.push(routes.error);
  const defaultRoute = parseVoiceRoute(value('TWILIO_DEFAULT_ROUTE') ?? 'reject', 'TWILIO_DEFAULT_ROUTE');
  if (!defaultRoute.ok) errors.push(defaultRoute.error);

  const record = onOff(value, 'TWILIO_RECORD_CALLS', errors);
  const mediaAuth = onOff(value, 'TWILIO_MEDIA_AUTH', errors);
  const origin = readMediaOrigin(value('TWILIO_MEDIA_ORIGIN') ?? DEFAULT_TWILIO_MEDIA_ORIGIN, errors);
  if (mediaAuth && authTokens !== null && accountSid === null) errors.push('TWILIO_MEDIA_AUTH is on but TWILIO_ACCOUNT_SID is unset: set the account SID, or TWILIO_MEDIA_AUTH=off');

  return {
    authTokens,
    accountSid,
    routes: routes.ok ? routes.value : new Map(),
    defaultRoute: defaultRoute.ok ? defaultRoute.value : { kind: 'reject' },
    record,
    dialTimeoutSeconds: integer('TWILIO_DIAL_TIMEOUT_SECONDS', 20, 5, 600, 'a number of seconds from 5 to 600'),
    // The first token is the current one while rotating.
    media: mediaAuth && accountSid !== null && authTokens !== null && authTokens[0] !== undefined && origin !== null ? { origin, accountSid, authToken: authTokens[0] } : null,
  };
}

function onOff(value: SettingReader, name: string, errors: string[]): boolean {
  const raw = value(name) ?? 'on';
  if (raw !== 'on' && raw !== 'off') errors.push(`${name} must be on or off, got '${raw}'`);
  return raw !== 'off';
}

function readMediaOrigin(raw: string, errors: string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    errors.push(`TWILIO_MEDIA_ORIGIN must be an origin like ${DEFAULT_TWILIO_MEDIA_ORIGIN}, got '${raw}'`);
    return null;
  }
  if (url.origin !== raw.replace(/\/$/, '') || url.username !== '' || url.password !== '') {
    errors.push(`TWILIO_MEDIA_ORIGIN must be an origin (scheme, host and port, no path) like ${DEFAULT_TWILIO_MEDIA_ORIGIN}, got '${raw}'`);
    return null;
  }
  // The credentials cross the network only encrypted; plain http only to this machine.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    errors.push(`TWILIO_MEDIA_ORIGIN must be https (http only to a loopback address), got '${raw}'`);
    return null;
  }
  return url.origin;
}

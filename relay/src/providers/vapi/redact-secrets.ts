/**
 * Vapi's server messages embed whole `assistant`, `phoneNumber` and `call` objects, and those
 * can carry credentials: a server's `secret` and `headers`, `serverUrlSecret`, an imported
 * number's `twilioAuthToken` or `vonageApiSecret`, provider `credentials`. The relay stores a
 * message as its event's `raw` and streams it to every console of the line, so these values are
 * replaced before storing. The key stays (the shape of the message is still visible); ids that
 * only name a credential (`credentialId`) are kept.
 */

export const REDACTED = '[redacted]';

/** Keys whose value is a credential wherever they appear (compared in lower case). */
const SECRET_KEYS = new Set(['secret', 'credentials', 'password', 'token', 'apikey', 'authtoken', 'privatekey', 'accesstoken', 'refreshtoken', 'clientsecret']);
/** Key endings that name a credential: serverUrlSecret, twilioAuthToken, vonageApiSecret, twilioApiKey, sipPassword. */
const SECRET_SUFFIXES = ['secret', 'authtoken', 'apikey', 'password', 'privatekey', 'accesstoken', 'refreshtoken'];
/** Objects that describe a server Vapi calls: their `headers` carry its authorization. */
const SERVER_KEYS = /server$/i;

function isSecretKey(key: string): boolean {
  const lower = key.toLowerCase();
  return SECRET_KEYS.has(lower) || SECRET_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

/** A copy of `value` with every credential-bearing field's value replaced by "[redacted]". */
export function redactVapiSecrets(value: unknown): unknown {
  return redact(value, false);
}

function redact(value: unknown, insideServer: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => redact(item, false));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (isSecretKey(key) || (insideServer && key.toLowerCase() === 'headers')) out[key] = inner === null || inner === undefined ? inner : REDACTED;
    else out[key] = redact(inner, SERVER_KEYS.test(key));
  }
  return out;
}

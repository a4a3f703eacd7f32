import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's `X-Twilio-Signature` (spec telephony-providers §2.4): base64 HMAC-SHA1, keyed
 * with the auth token as UTF-8, over the URL Twilio called (query included) followed by
 * each POST parameter as name+value, names sorted as plain strings, a repeated name once
 * per distinct value with its values sorted. A JSON body is instead covered by
 * `bodySHA256=<hex>` in the URL, the signature then being over the URL alone. There is no
 * timestamp: replays are stopped by the event ids (CallSid:voice, CallSid:SequenceNumber,
 * RecordingSid:RecordingStatus). Pure.
 */

/** The form's parameters as Twilio signs them: every value of a repeated name. */
export type FormParams = ReadonlyMap<string, readonly string[]>;

export function formParams(rawBody: Buffer | string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'))) {
    const values = params.get(name);
    if (values === undefined) params.set(name, [value]);
    else values.push(value);
  }
  return params;
}

/** The string Twilio signs: the URL, then name+value for each parameter in order. */
export function signedData(url: string, params: FormParams): string {
  let data = url;
  for (const name of [...params.keys()].sort(compareStrings)) {
    for (const value of [...new Set(params.get(name))].sort(compareStrings)) data += name + value;
  }
  return data;
}

export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  return createHmac('sha1', Buffer.from(authToken, 'utf8')).update(Buffer.from(signedData(url, params), 'utf8')).digest('base64');
}

export type TwilioVerification = { ok: true } | { ok: false; reason: 'missing_signature' | 'bad_signature' | 'body_hash_mismatch' | 'no_public_url' };

export interface TwilioRequest {
  /** RELAY_PUBLIC_URL + path and query as received, or null while it is unset. */
  publicUrl: string | null;
  signature: string | undefined;
  rawBody: Buffer;
}

/**
 * Checks a request against every token (rotation: the old and new token both hold for a
 * while), with and without the scheme's default port, because Twilio signs whichever form
 * the URL was configured in.
 */
export function verifyTwilioSignature(request: TwilioRequest, authTokens: readonly string[]): TwilioVerification {
  if (request.publicUrl === null) return { ok: false, reason: 'no_public_url' };
  const signature = request.signature;
  if (signature === undefined || signature === '') return { ok: false, reason: 'missing_signature' };
  const url = parseUrl(request.publicUrl);
  if (url === null) return { ok: false, reason: 'bad_signature' };
  const bodyHash = url.searchParams.get('bodySHA256');
  const params: FormParams = bodyHash === null ? formParams(request.rawBody) : new Map();
  const given = Buffer.from(signature, 'utf8');
  const matched = urlVariants(request.publicUrl, url).some((variant) =>
    authTokens.some((token) => {
      const expected = Buffer.from(twilioSignature(token, variant, params), 'utf8');
      // timingSafeEqual throws on a length mismatch (§5.5).
      return expected.length === given.length && timingSafeEqual(expected, given);
    }),
  );
  if (!matched) return { ok: false, reason: 'bad_signature' };
  if (bodyHash !== null && !sameHex(bodyHash, createHash('sha256').update(request.rawBody).digest('hex'))) return { ok: false, reason: 'body_hash_mismatch' };
  return { ok: true };
}

/** The URL as received, and with the default port added or removed. */
function urlVariants(raw: string, url: URL): string[] {
  const defaultPort = url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : null;
  if (defaultPort === null) return [raw];
  const authority = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(raw);
  if (authority === null) return [raw];
  const [, scheme, host, rest] = authority as unknown as [string, string, string, string];
  const hasPort = /:\d+$/.test(host);
  const withoutPort = host.replace(new RegExp(`:${defaultPort}$`), '');
  const withPort = hasPort ? null : `${host}:${defaultPort}`;
  return [...new Set([raw, scheme + withoutPort + rest, ...(withPort === null ? [] : [scheme + withPort + rest])])];
}

function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a.toLowerCase(), 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Plain string order (UTF-16 code units), as Twilio's own libraries sort. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

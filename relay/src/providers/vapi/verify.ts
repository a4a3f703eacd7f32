import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { VapiHmacSettings } from './settings';

/**
 * Authentication of Vapi server messages (spec telephony-providers §3.4), on the raw
 * bytes before any parsing:
 * - `secret` (Ringside's default): `X-Vapi-Secret: <secret>`, a plain shared secret,
 *   compared in constant time;
 * - `hmac`: Vapi's HMAC credential, the signature of `payloadFormat` (default
 *   `{timestamp}.{body}`) in `signatureHeader`, its timestamp (Unix seconds, or ms) within
 *   the relay's tolerance when the format signs it.
 */

export type VapiVerification = { ok: true } | { ok: false; reason: 'missing_secret' | 'bad_secret' | 'missing_signature' | 'malformed_signature' | 'bad_signature' | 'stale_timestamp' };

export function verifyVapiSecret(headers: IncomingHttpHeaders, secret: string): VapiVerification {
  const sent = single(headers['x-vapi-secret']);
  if (sent === undefined) return { ok: false, reason: 'missing_secret' };
  // Digests of equal length, so neither the bytes nor the secret's length show in the time taken.
  return timingSafeEqual(digest(sent), digest(secret)) ? { ok: true } : { ok: false, reason: 'bad_secret' };
}

export interface HmacCheck {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** RELAY_PUBLIC_URL + path, for {url}; null while unset (a format with {url} then never verifies). */
  publicUrl: string | null;
  nowMs: number;
  toleranceMs: number;
  key: Buffer;
  settings: VapiHmacSettings;
}

export function verifyVapiHmac(check: HmacCheck): VapiVerification {
  const { settings } = check;
  const header = single(check.headers[settings.signatureHeader]);
  if (header === undefined) return { ok: false, reason: 'missing_signature' };
  const signed = settings.payloadFormat.includes('{timestamp}');
  const timestampText = single(check.headers[settings.timestampHeader])?.trim();
  if (signed && (timestampText === undefined || !/^\d{1,13}$/.test(timestampText))) return { ok: false, reason: 'malformed_signature' };
  if (settings.payloadFormat.includes('{url}') && check.publicUrl === null) return { ok: false, reason: 'bad_signature' };
  const text = header.trim();
  if (!text.startsWith(settings.signaturePrefix)) return { ok: false, reason: 'malformed_signature' };
  const claimed = decode(text.slice(settings.signaturePrefix.length), settings.encoding);
  if (claimed === null) return { ok: false, reason: 'malformed_signature' };

  const expected = vapiHmacSignature(check.key, settings, { body: check.rawBody, timestamp: timestampText ?? '', method: 'POST', url: check.publicUrl ?? '' });
  if (!sameBytes(claimed, expected)) return { ok: false, reason: 'bad_signature' };
  if (signed && Math.abs(check.nowMs - timestampMs(timestampText!)) > check.toleranceMs) return { ok: false, reason: 'stale_timestamp' };
  return { ok: true };
}

/** The raw digest of a message as the credential signs it (the emulator signs with this too). */
export function vapiHmacSignature(key: Buffer, settings: Pick<VapiHmacSettings, 'algorithm' | 'payloadFormat'>, parts: { body: Buffer; timestamp: string; method: string; url: string }): Buffer {
  const hmac = createHmac(settings.algorithm, key);
  // The body is fed as bytes where it appears, never decoded and re-encoded.
  for (const piece of settings.payloadFormat.split(/(\{body\}|\{timestamp\}|\{method\}|\{url\})/)) {
    if (piece === '{body}') hmac.update(parts.body);
    else if (piece === '{timestamp}') hmac.update(parts.timestamp, 'utf8');
    else if (piece === '{method}') hmac.update(parts.method, 'utf8');
    else if (piece === '{url}') hmac.update(parts.url, 'utf8');
    else if (piece !== '') hmac.update(piece, 'utf8');
  }
  return hmac.digest();
}

/** Vapi's unit is unconfirmed (§3.4): 13 digits are milliseconds, fewer are seconds. */
function timestampMs(text: string): number {
  return text.length >= 13 ? Number(text) : Number(text) * 1000;
}

function decode(text: string, encoding: 'hex' | 'base64'): Buffer | null {
  if (encoding === 'hex') return /^(?:[0-9a-fA-F]{2})+$/.test(text) ? Buffer.from(text, 'hex') : null;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length > 0 ? bytes : null;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** timingSafeEqual throws on a length mismatch (§5.5): lengths first (a digest's length is public). */
function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A repeated header is not a valid credential. */
function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * OpenPhone (Quo) webhook signatures, both generations (spec telephony-providers §1.6, §1.10):
 * - legacy: `openphone-signature: hmac;1;<ts ms>;<base64>` over `<ts>.<raw body>`;
 * - new (2026-03-30): Standard Webhooks `webhook-id` / `webhook-timestamp` (s) /
 *   `webhook-signature: v1,<base64> …` over `<id>.<ts>.<raw body>`.
 * Keys are always used as the base64-DECODED bytes: Quo's own Node sample turns them
 * into a latin1 string, which breaks every key with a byte ≥ 0x80.
 */

export type OpenPhoneKey = { kind: 'legacy'; key: Buffer } | { kind: 'standard'; key: Buffer };

const SETTING = 'OPENPHONE_WEBHOOK_SECRET';
const STANDARD_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Real secrets decode to 24-32 bytes; anything much shorter is a paste error, not a key. */
const MIN_KEY_BYTES = 16;

/**
 * Setting OPENPHONE_WEBHOOK_SECRET: one or more comma-separated keys, each either the
 * legacy base64 signing secret or a Standard Webhooks `whsec_<base64>` key (both
 * generations, and rotation). Throws an Error whose message names
 * OPENPHONE_WEBHOOK_SECRET and what is wrong (not the secret itself).
 */
export function parseOpenPhoneSecrets(setting: string): OpenPhoneKey[] {
  const entries = setting
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    throw new Error(`${SETTING} is empty: set it to the webhook's signing secret (base64, or whsec_… for the new webhooks)`);
  }
  return entries.map((entry, index) => {
    const where = entries.length > 1 ? `${SETTING} entry ${index + 1} of ${entries.length}` : SETTING;
    const kind = entry.startsWith(STANDARD_PREFIX) ? 'standard' : 'legacy';
    const encoded = kind === 'standard' ? entry.slice(STANDARD_PREFIX.length) : entry;
    const key = decodeStrictBase64(encoded);
    if (key === null) {
      const expected = kind === 'standard' ? 'whsec_ followed by base64' : 'base64 text, or whsec_<base64>';
      throw new Error(`${where} is not a valid signing secret: expected ${expected}`);
    }
    if (key.length < MIN_KEY_BYTES) {
      throw new Error(`${where} is too short: it decodes to ${key.length} bytes, a signing secret has at least ${MIN_KEY_BYTES}`);
    }
    return { kind, key };
  });
}

export type OpenPhoneVerification =
  | { ok: true; generation: 'legacy' | 'standard'; deliveryId: string | null }
  | { ok: false; reason: 'missing_signature' | 'malformed_signature' | 'bad_signature' | 'stale_timestamp' };

type Failure = Extract<OpenPhoneVerification, { ok: false }>;

/**
 * Verifies a delivery on its exact raw body. The generation is chosen by the headers
 * present (`openphone-signature` wins if both appear); each generation is checked
 * against the keys of its own kind only. The signature is checked before the
 * timestamp, so `stale_timestamp` always means an authentic delivery that arrived
 * (or was replayed) outside the tolerance, in either direction.
 */
export function verifyOpenPhoneSignature(input: {
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  keys: OpenPhoneKey[];
  nowMs: number;
  toleranceMs: number;
}): OpenPhoneVerification {
  const legacyHeader = headerValue(input.headers, 'openphone-signature', ',');
  if (legacyHeader !== undefined) return verifyLegacy(legacyHeader, input);
  const standardSignature = headerValue(input.headers, 'webhook-signature', ' ');
  if (standardSignature !== undefined) {
    return verifyStandard(
      standardSignature,
      headerValue(input.headers, 'webhook-id', ','),
      headerValue(input.headers, 'webhook-timestamp', ','),
      input,
    );
  }
  return { ok: false, reason: 'missing_signature' };
}

type VerifyInput = Parameters<typeof verifyOpenPhoneSignature>[0];

interface LegacyEntry {
  timestampMs: number;
  timestampText: string;
  digest: Buffer;
}

function verifyLegacy(header: string, input: VerifyInput): OpenPhoneVerification {
  const entries = parseLegacyHeader(header);
  if (entries === null) return { ok: false, reason: 'malformed_signature' };
  const keys = keysOfKind(input.keys, 'legacy');
  let outcome: Failure = { ok: false, reason: 'bad_signature' };
  for (const entry of entries) {
    const prefix = `${entry.timestampText}.`;
    if (!keys.some((key) => digestMatches(key, prefix, input.rawBody, entry.digest))) continue;
    if (withinTolerance(entry.timestampMs, input)) return { ok: true, generation: 'legacy', deliveryId: null };
    outcome = { ok: false, reason: 'stale_timestamp' };
  }
  return outcome;
}

/**
 * `hmac;1;<ts>;<b64>`, comma-separated for several signatures. The docs reserve commas
 * without fixing the form, so both `hmac;1;ts;a,hmac;1;ts;b` and `hmac;1;ts;a,b` are
 * read (a bare entry reuses the previous entry's timestamp). Entries of an unknown
 * scheme or version are skipped; null when no usable entry is left.
 */
function parseLegacyHeader(header: string): LegacyEntry[] | null {
  const entries: LegacyEntry[] = [];
  let previous: { entry: LegacyEntry; usable: boolean } | null = null;
  for (const part of header.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const fields = part.split(';');
    if (fields.length === 1 && previous !== null) {
      const digest = decodeStrictBase64(part);
      if (digest === null) return null;
      if (previous.usable) entries.push({ ...previous.entry, digest });
      continue;
    }
    if (fields.length !== 4) return null;
    const [scheme, version, timestampText, signature] = fields as [string, string, string, string];
    const timestampMs = parseLegacyTimestamp(timestampText);
    const digest = decodeStrictBase64(signature);
    if (timestampMs === null || digest === null) return null;
    previous = { entry: { timestampMs, timestampText, digest }, usable: scheme === 'hmac' && version === '1' };
    if (previous.usable) entries.push(previous.entry);
  }
  return entries.length > 0 ? entries : null;
}

/** Milliseconds (13 digits, what OpenPhone sends) or seconds (10 digits). */
function parseLegacyTimestamp(text: string): number | null {
  if (/^\d{13}$/.test(text)) return Number(text);
  if (/^\d{10}$/.test(text)) return Number(text) * 1000;
  return null;
}

function verifyStandard(
  signatureHeader: string,
  deliveryId: string | undefined,
  timestampText: string | undefined,
  input: VerifyInput,
): OpenPhoneVerification {
  if (deliveryId === undefined || deliveryId.trim() === '' || timestampText === undefined || !/^\d{1,12}$/.test(timestampText.trim())) {
    return { ok: false, reason: 'malformed_signature' };
  }
  const id = deliveryId.trim();
  const timestamp = timestampText.trim();
  const digests: Buffer[] = [];
  for (const part of signatureHeader.split(/\s+/)) {
    if (part === '') continue;
    const comma = part.indexOf(',');
    if (comma <= 0) return { ok: false, reason: 'malformed_signature' };
    // Other versions (v1a: asymmetric) are valid Standard Webhooks entries we cannot check.
    if (part.slice(0, comma) !== 'v1') continue;
    const digest = decodeStrictBase64(part.slice(comma + 1));
    if (digest === null) return { ok: false, reason: 'malformed_signature' };
    digests.push(digest);
  }
  if (digests.length === 0) return { ok: false, reason: 'malformed_signature' };

  const prefix = `${id}.${timestamp}.`;
  const keys = keysOfKind(input.keys, 'standard');
  const authentic = digests.some((digest) => keys.some((key) => digestMatches(key, prefix, input.rawBody, digest)));
  if (!authentic) return { ok: false, reason: 'bad_signature' };
  if (!withinTolerance(Number(timestamp) * 1000, input)) return { ok: false, reason: 'stale_timestamp' };
  return { ok: true, generation: 'standard', deliveryId: id };
}

function keysOfKind(keys: OpenPhoneKey[], kind: OpenPhoneKey['kind']): Buffer[] {
  return keys.filter((k) => k.kind === kind).map((k) => k.key);
}

/** HMAC-SHA256 of `prefix` (UTF-8) followed by the raw body, fed in two parts rather than copied into one buffer. */
function digestMatches(key: Buffer, prefix: string, body: Buffer, claimed: Buffer): boolean {
  const expected = createHmac('sha256', key).update(prefix, 'utf8').update(body).digest();
  // The length of an HMAC-SHA256 digest is public; only the bytes need constant time.
  return claimed.length === expected.length && timingSafeEqual(claimed, expected);
}

function withinTolerance(timestampMs: number, input: { nowMs: number; toleranceMs: number }): boolean {
  return Math.abs(input.nowMs - timestampMs) <= input.toleranceMs;
}

/** Standard base64 (padding optional); null for anything else, so typos are not silently accepted. */
function decodeStrictBase64(text: string): Buffer | null {
  if (!BASE64.test(text) || text.replace(/=+$/, '').length % 4 === 1) return null;
  const decoded = Buffer.from(text, 'base64');
  return decoded.length > 0 ? decoded : null;
}

/** Header lookup by case-insensitive name; repeated headers are joined with `separator`. */
function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
  separator: string,
): string | undefined {
  // node lowercases the names of a request's headers, so this is nearly always found at once.
  const direct = headers[name];
  if (direct !== undefined) return Array.isArray(direct) ? direct.join(separator) : direct;
  for (const key in headers) {
    const value = headers[key];
    if (key.toLowerCase() !== name || value === undefined) continue;
    return Array.isArray(value) ? value.join(separator) : value;
  }
  return undefined;
}

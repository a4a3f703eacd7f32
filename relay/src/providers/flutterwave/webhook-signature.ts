import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Flutterwave webhook authenticity (docs/providers/flutterwave.md §5): `verif-hash` carries
 * the dashboard secret hash itself (v3); `flutterwave-signature` is base64(HMAC-SHA256(secret
 * hash, raw body bytes)) (the current docs). Either one verifying is enough; both are compared
 * in constant time. A plain-equality `flutterwave-signature` is not accepted (it would carry
 * the secret in the clear). Pure.
 */

export type FlutterwaveSignatureCheck = { ok: true } | { ok: false; reason: 'missing_signature' | 'bad_signature' };

export function verifyFlutterwaveSignature(headers: IncomingHttpHeaders, rawBody: Buffer, secretHash: string): FlutterwaveSignatureCheck {
  const verifHash = single(headers['verif-hash']);
  const signature = single(headers['flutterwave-signature']);
  if (verifHash === undefined && signature === undefined) return { ok: false, reason: 'missing_signature' };
  if (verifHash !== undefined && sameText(verifHash, secretHash)) return { ok: true };
  if (signature !== undefined && sameText(signature, createHmac('sha256', secretHash).update(rawBody).digest('base64'))) return { ok: true };
  return { ok: false, reason: 'bad_signature' };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? (value.length === 1 ? value[0] : '') : value;
}

/** Compared as digests, so neither the content nor the length of the secret shows in the time taken. */
function sameText(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

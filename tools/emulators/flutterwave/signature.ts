import { createHmac } from 'node:crypto';

/**
 * Flutterwave EMULATOR: the two webhook authenticity headers (docs/providers/flutterwave.md §5).
 * `verif-hash` (v3) carries the dashboard secret hash itself; `flutterwave-signature` (current docs)
 * is base64(HMAC-SHA256(secret hash, raw body bytes)). Written apart from any relay verifier on
 * purpose, so the two check each other.
 */

export function flutterwaveSignature(rawBody: string | Buffer, secretHash: string): string {
  return createHmac('sha256', secretHash).update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody).digest('base64');
}

export type SignatureMode = 'both' | 'verif-hash' | 'flutterwave-signature' | 'none';

export function webhookHeaders(rawBody: string, secretHash: string, mode: SignatureMode): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (mode === 'both' || mode === 'verif-hash') headers['verif-hash'] = secretHash;
  if (mode === 'both' || mode === 'flutterwave-signature') headers['flutterwave-signature'] = flutterwaveSignature(rawBody, secretHash);
  return headers;
}

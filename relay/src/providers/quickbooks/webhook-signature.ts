import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `intuit-signature` = base64(HMAC-SHA256(key = the app's verifier token, message = the
 * raw body bytes)) (spec §10). Checked on the exact bytes received, before parsing,
 * in constant time.
 */
export function verifyIntuitSignature(rawBody: Buffer, header: string | string[] | undefined, verifierToken: string): boolean {
  if (typeof header !== 'string' || header === '') return false;
  const expected = Buffer.from(signIntuitPayload(rawBody, verifierToken), 'utf8');
  const received = Buffer.from(header.trim(), 'utf8');
  return expected.length === received.length && timingSafeEqual(expected, received);
}

export function signIntuitPayload(rawBody: Buffer, verifierToken: string): string {
  return createHmac('sha256', verifierToken).update(rawBody).digest('base64');
}

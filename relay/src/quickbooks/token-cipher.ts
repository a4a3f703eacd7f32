import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The refresh token at rest: AES-256-GCM under QUICKBOOKS_TOKEN_ENCRYPTION_KEY, a
 * fresh 96-bit IV per write, stored as `v1.<base64url(iv | tag | ciphertext)>`. The
 * associated data names what the value is, so a ciphertext moved from another
 * column or a later format does not decrypt as a refresh token.
 */

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ASSOCIATED_DATA = Buffer.from('ringside/quickbooks/refresh-token/v1', 'utf8');

export class TokenDecryptionError extends Error {}

export function encryptToken(plaintext: string, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(ASSOCIATED_DATA);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
}

/** Throws TokenDecryptionError for a wrong key, a tampered value or an unknown format. */
export function decryptToken(stored: string, key: Buffer): string {
  const [version, payload, extra] = stored.split('.');
  if (version !== VERSION || payload === undefined || extra !== undefined) throw new TokenDecryptionError('stored token has an unknown format');
  const bytes = Buffer.from(payload, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new TokenDecryptionError('stored token is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(ASSOCIATED_DATA);
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new TokenDecryptionError('stored token does not decrypt with QUICKBOOKS_TOKEN_ENCRYPTION_KEY (wrong key or tampered value)');
  }
}

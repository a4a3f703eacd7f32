import { createHash, randomBytes } from 'node:crypto';

export const DEVICE_TOKEN_PREFIX = 'rs_';

/** 32 random bytes (256 bits), base64url, with a prefix that makes a leaked token recognizable. */
export function newDeviceToken(): string {
  return DEVICE_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * SHA-256 hex of the token. A slow password hash (scrypt, argon2) exists to resist
 * guessing low-entropy secrets; a 256-bit random token cannot be guessed, so one fast
 * hash is as safe and lets every request and stream authenticate by a map lookup.
 */
export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token from an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptToken, encryptToken, TokenDecryptionError } from '../../src/quickbooks/token-cipher';

const KEY = randomBytes(32);
const REFRESH_TOKEN = 'RT1-214-H0-1790005512x8k2m4q9w1zv7t3n5p0a';

describe('refresh token encryption at rest', () => {
  it('round-trips, and the stored value does not contain the token', () => {
    const stored = encryptToken(REFRESH_TOKEN, KEY);
    expect(stored).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(REFRESH_TOKEN);
    expect(decryptToken(stored, KEY)).toBe(REFRESH_TOKEN);
  });

  it('uses a fresh IV each time', () => {
    expect(encryptToken(REFRESH_TOKEN, KEY)).not.toBe(encryptToken(REFRESH_TOKEN, KEY));
  });

  it('detects a tampered value', () => {
    const stored = encryptToken(REFRESH_TOKEN, KEY);
    const bytes = Buffer.from(stored.slice(3), 'base64url');
    bytes[bytes.length - 1]! ^= 0x01;
    expect(() => decryptToken(`v1.${bytes.toString('base64url')}`, KEY)).toThrow(TokenDecryptionError);
  });

  it('refuses the wrong key, a truncated value and an unknown format', () => {
    const stored = encryptToken(REFRESH_TOKEN, KEY);
    expect(() => decryptToken(stored, randomBytes(32))).toThrow(TokenDecryptionError);
    expect(() => decryptToken('v1.AAAA', KEY)).toThrow(TokenDecryptionError);
    expect(() => decryptToken(REFRESH_TOKEN, KEY)).toThrow(TokenDecryptionError);
  });
});

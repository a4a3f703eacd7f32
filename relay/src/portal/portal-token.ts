import { createHash, randomBytes } from 'node:crypto';
import { PORTAL_PATH_PREFIX } from '../../../src/shared/relay-rest/portal';

/**
 * A portal link's token: 32 random bytes, base64url (43 characters), in the link's path. The
 * relay keeps only its SHA-256, so its database alone opens no portal.
 */
export const PORTAL_TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newPortalToken(): string {
  return randomBytes(PORTAL_TOKEN_BYTES).toString('base64url');
}

export function hashPortalToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Whether `text` has a token's shape; anything else is no link without a lookup. */
export function looksLikePortalToken(text: string): boolean {
  return TOKEN_PATTERN.test(text);
}

export function portalUrl(publicUrl: string, token: string): string {
  return `${publicUrl}${PORTAL_PATH_PREFIX}${token}`;
}

/** The token of a link this relay made (`publicUrl` + /portal/<token>), or null for any other URL. */
export function tokenOfPortalUrl(publicUrl: string, url: string): string | null {
  const prefix = `${publicUrl}${PORTAL_PATH_PREFIX}`;
  if (!url.startsWith(prefix)) return null;
  const token = url.slice(prefix.length);
  return looksLikePortalToken(token) ? token : null;
}

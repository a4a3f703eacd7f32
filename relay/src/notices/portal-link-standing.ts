import type { RelayDatabase } from '../database';
import { hashPortalToken } from '../portal/portal-token';

/**
 * Whether the portal link a queued notice carries still opens, read from portal_links (the
 * portal's own table) at send time: a link revoked or expired while the notice waited (an
 * SMTP outage, a retry) is not sent. The link is known by its token (the last part of the URL,
 * kept in the outbox row only until a final state); `unknown`: no such link, or no token kept.
 */
export type PortalLinkStanding = 'active' | 'revoked' | 'expired' | 'unknown';

export function portalLinkStanding(db: RelayDatabase, url: string, nowIso: string): PortalLinkStanding {
  const token = url.split('/').at(-1) ?? '';
  if (token === '' || token === '…') return 'unknown';
  const row = db.prepare('SELECT expires_at, revoked_at FROM portal_links WHERE token_hash = ?').get(hashPortalToken(token)) as { expires_at: string | null; revoked_at: string | null } | undefined;
  if (row === undefined) return 'unknown';
  if (row.revoked_at !== null) return 'revoked';
  if (row.expires_at !== null && row.expires_at <= nowIso) return 'expired';
  return 'active';
}

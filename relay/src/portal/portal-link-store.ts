import type { Statement } from 'better-sqlite3';
import type { PortalLink } from '../../../src/shared/relay-rest/portal';
import type { RelayDatabase } from '../database';

/**
 * The portal_links table (migration 0021): one row per link, its token only as a SHA-256.
 * Every write commits before it returns.
 */

export interface PortalLinkRow {
  linkId: string;
  customerId: string;
  tokenHash: Buffer;
  requestKey: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastOpenedAt: string | null;
}

interface StoredRow {
  link_id: string;
  customer_id: string;
  token_hash: Buffer;
  request_key: string;
  created_at: string;
  created_by: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_opened_at: string | null;
}

/** What a link is at `nowIso`: revoked wins over expired. Pure. */
export function portalLinkOf(row: PortalLinkRow, nowIso: string): PortalLink {
  const state = row.revokedAt !== null ? 'revoked' : row.expiresAt !== null && row.expiresAt <= nowIso ? 'expired' : 'active';
  return { linkId: row.linkId, customerId: row.customerId, createdAt: row.createdAt, createdBy: row.createdBy, expiresAt: row.expiresAt, revokedAt: row.revokedAt, lastOpenedAt: row.lastOpenedAt, state };
}

export class PortalLinkStore {
  private readonly insert: Statement;
  private readonly byRequestKey: Statement;
  private readonly byId: Statement;
  private readonly byHash: Statement;
  private readonly everyLink: Statement;
  private readonly updateToken: Statement;
  private readonly updateRevoked: Statement;
  private readonly updateOpened: Statement;

  constructor(db: RelayDatabase) {
    this.insert = db.prepare(
      `INSERT INTO portal_links (link_id, customer_id, token_hash, request_key, created_at, created_by, expires_at)
       VALUES (@linkId, @customerId, @tokenHash, @requestKey, @createdAt, @createdBy, @expiresAt)`,
    );
    this.byRequestKey = db.prepare('SELECT * FROM portal_links WHERE request_key = ?');
    this.byId = db.prepare('SELECT * FROM portal_links WHERE link_id = ?');
    this.byHash = db.prepare('SELECT * FROM portal_links WHERE token_hash = ?');
    this.everyLink = db.prepare('SELECT * FROM portal_links ORDER BY created_at DESC, link_id');
    this.updateToken = db.prepare('UPDATE portal_links SET token_hash = ? WHERE link_id = ? AND revoked_at IS NULL AND last_opened_at IS NULL');
    this.updateRevoked = db.prepare('UPDATE portal_links SET revoked_at = coalesce(revoked_at, ?) WHERE link_id = ?');
    this.updateOpened = db.prepare('UPDATE portal_links SET last_opened_at = ? WHERE link_id = ?');
  }

  add(row: Omit<PortalLinkRow, 'revokedAt' | 'lastOpenedAt'>): void {
    this.insert.run(row);
  }

  ofRequest(requestKey: string): PortalLinkRow | null {
    return rowOf(this.byRequestKey.get(requestKey) as StoredRow | undefined);
  }

  ofId(linkId: string): PortalLinkRow | null {
    return rowOf(this.byId.get(linkId) as StoredRow | undefined);
  }

  ofTokenHash(tokenHash: Buffer): PortalLinkRow | null {
    return rowOf(this.byHash.get(tokenHash) as StoredRow | undefined);
  }

  /** Every link, newest first (a few per customer: small). */
  all(): PortalLinkRow[] {
    return (this.everyLink.all() as StoredRow[]).map((row) => rowOf(row)!);
  }

  /** A retried create whose answer was lost: the link gets a fresh token (the lost one stops working). False once opened or revoked. */
  replaceToken(linkId: string, tokenHash: Buffer): boolean {
    return this.updateToken.run(tokenHash, linkId).changes === 1;
  }

  revoke(linkId: string, at: string): void {
    this.updateRevoked.run(at, linkId);
  }

  opened(linkId: string, at: string): void {
    this.updateOpened.run(at, linkId);
  }
}

function rowOf(row: StoredRow | undefined): PortalLinkRow | null {
  if (row === undefined) return null;
  return {
    linkId: row.link_id,
    customerId: row.customer_id,
    tokenHash: row.token_hash,
    requestKey: row.request_key,
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastOpenedAt: row.last_opened_at,
  };
}

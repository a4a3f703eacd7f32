import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { RelayDatabase } from '../database';

/**
 * The business's one calendar feed secret: 32 random bytes, base64url (43 characters), in the
 * feed's path. Only its SHA-256 is kept, so the database alone opens no feed, and the URL is said
 * once, when the feed is made or rotated; to see a URL again, rotate (the old one stops working).
 */
export const CALENDAR_SECRET_BYTES = 32;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface StoredFeed {
  createdAt: string;
  createdBy: string;
}

export class CalendarFeedStore {
  private readonly select: Statement;
  private readonly replace: Statement;
  private readonly remove: Statement;

  constructor(db: RelayDatabase) {
    this.select = db.prepare('SELECT secret_sha256, created_at, created_by FROM calendar_feed WHERE id = 1');
    this.replace = db.prepare('INSERT INTO calendar_feed (id, secret_sha256, created_at, created_by) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET secret_sha256 = excluded.secret_sha256, created_at = excluded.created_at, created_by = excluded.created_by');
    this.remove = db.prepare('DELETE FROM calendar_feed WHERE id = 1');
  }

  current(): StoredFeed | null {
    const row = this.select.get() as { created_at: string; created_by: string } | undefined;
    return row === undefined ? null : { createdAt: row.created_at, createdBy: row.created_by };
  }

  /** A new secret replacing any there was; answered once, never stored. */
  rotate(atIso: string, by: string): string {
    const secret = randomBytes(CALENDAR_SECRET_BYTES).toString('base64url');
    this.replace.run(hashOf(secret), atIso, by);
    return secret;
  }

  revoke(): void {
    this.remove.run();
  }

  /** Whether `secret` opens the feed (compared by hash, in constant time). */
  opens(secret: string): boolean {
    if (!SECRET_PATTERN.test(secret)) return false;
    const row = this.select.get() as { secret_sha256: Buffer } | undefined;
    return row !== undefined && timingSafeEqual(row.secret_sha256, hashOf(secret));
  }
}

function hashOf(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { RelayDatabase } from '../database';

/**
 * The business's one calendar feed secret: 32 random bytes, base64url (43 characters), in the
 * feed's path. Only its SHA-256 is kept, so the database alone opens no feed, and the URL is said
 * once, when the feed is made or rotated; to see a URL again, rotate (the old one stops working).
 * Each photo link has its own token, an HMAC-SHA256 of the photo's hash under a random key kept
 * beside the secret's hash (migration 0027) and replaced with it: a link opens that one photo
 * (while its job is in the feed), never the feed, and rotating or revoking the feed ends it.
 */
export const CALENDAR_SECRET_BYTES = 32;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const PHOTO_KEY_BYTES = 32;

export interface StoredFeed {
  createdAt: string;
  createdBy: string;
}

export class CalendarFeedStore {
  private readonly select: Statement;
  private readonly replace: Statement;
  private readonly remove: Statement;
  private readonly selectPhotoKey: Statement;

  constructor(db: RelayDatabase) {
    this.select = db.prepare('SELECT secret_sha256, created_at, created_by FROM calendar_feed WHERE id = 1');
    this.replace = db.prepare(
      'INSERT INTO calendar_feed (id, secret_sha256, created_at, created_by, photo_key) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET secret_sha256 = excluded.secret_sha256, created_at = excluded.created_at, created_by = excluded.created_by, photo_key = excluded.photo_key',
    );
    this.selectPhotoKey = db.prepare('SELECT photo_key FROM calendar_feed WHERE id = 1').pluck();
    this.remove = db.prepare('DELETE FROM calendar_feed WHERE id = 1');
  }

  current(): StoredFeed | null {
    const row = this.select.get() as { created_at: string; created_by: string } | undefined;
    return row === undefined ? null : { createdAt: row.created_at, createdBy: row.created_by };
  }

  /** A new secret replacing any there was; answered once, never stored. */
  rotate(atIso: string, by: string): string {
    const secret = randomBytes(CALENDAR_SECRET_BYTES).toString('base64url');
    this.replace.run(hashOf(secret), atIso, by, randomBytes(PHOTO_KEY_BYTES));
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

  /** The token of a photo's link in the feed (base64url, 43 characters); null while there is no feed. */
  photoToken(sha256: string): string | null {
    const key = this.selectPhotoKey.get() as Buffer | null | undefined;
    return key ? photoMac(key, sha256).toString('base64url') : null;
  }

  /** Whether `token` is this photo's link token under the current feed (in constant time). */
  opensPhoto(sha256: string, token: string): boolean {
    if (!SECRET_PATTERN.test(token)) return false;
    const key = this.selectPhotoKey.get() as Buffer | null | undefined;
    return Boolean(key) && timingSafeEqual(photoMac(key!, sha256), Buffer.from(token, 'base64url'));
  }
}

function photoMac(key: Buffer, sha256: string): Buffer {
  return createHmac('sha256', key).update(`calendar-photo:${sha256}`, 'utf8').digest();
}

function hashOf(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

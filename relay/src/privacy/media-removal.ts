import { rm } from 'node:fs/promises';
import type { RelayDatabase } from '../database';
import type { MediaStore } from '../media/media-store';

/**
 * Deletes the media files by hash, each only when no media row and no job photo still names it
 * (the same bytes captured for someone else stay theirs). A file already gone counts as deleted,
 * so the step can run again after a restart.
 */
export async function removeMediaFiles(db: RelayDatabase, store: MediaStore, sha256s: readonly string[]): Promise<void> {
  const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  const inMedia = db.prepare('SELECT 1 FROM media WHERE sha256 = ? LIMIT 1').pluck();
  const inPhotos = tables.has('job_photos') ? db.prepare('SELECT 1 FROM job_photos WHERE sha256 = ? LIMIT 1').pluck() : null;
  for (const sha256 of sha256s) {
    if (inMedia.get(sha256) !== undefined || inPhotos?.get(sha256) !== undefined) continue;
    await rm(store.pathOf(sha256), { force: true });
  }
}

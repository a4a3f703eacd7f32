import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { RELAY_DB_FILE } from '../database';
import { syncDirectory } from '../media/media-store';
import { backupFileName, backupsToDelete, listBackups, type BackupFile } from './backup-files';
import { copyRelayDatabase } from './database-copy';

/** Only the relay's user reads what a backup holds (issue 15 §4). */
const DIRECTORY_MODE = 0o700;
const FILE_MODE = 0o600;
/** The media mirror's folder inside the backup folder, laid out like `<data dir>/media`. */
export const MEDIA_MIRROR = 'media';

export interface BackupOutcome {
  file: string;
  headSeq: number;
  bytes: number;
  mediaCopied: number;
  mediaRemoved: number;
  deleted: string[];
}

export interface BackupRequest {
  dataDir: string;
  backupDir: string;
  keep: number;
  /** When personal data last left the log (a finished erasure or retention run); older copies go. */
  purgeBeforeMs: number | null;
  nowMs: number;
}

/**
 * One backup: relay.db copied (database-copy.ts) under a partial name, checked, synced and
 * renamed to `relay-<instant>-seq<head>.db`; then the media mirror brought level with the
 * media folder (new files copied, erased ones removed); then old copies deleted. A failure
 * leaves the copies already kept as they were.
 */
export async function makeBackup(request: BackupRequest): Promise<BackupOutcome> {
  const { dataDir, backupDir } = request;
  await mkdir(backupDir, { recursive: true, mode: DIRECTORY_MODE });
  const partial = path.join(backupDir, `.partial-${randomBytes(6).toString('hex')}.db`);
  let copy;
  try {
    copy = await copyRelayDatabase(path.join(dataDir, RELAY_DB_FILE), partial);
    await chmod(partial, FILE_MODE);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  const name = backupFileName(request.nowMs, copy.headSeq);
  const file = path.join(backupDir, name);
  await rename(partial, file);
  await syncDirectory(backupDir);
  const mirror = await mirrorMedia(path.join(dataDir, 'media'), path.join(backupDir, MEDIA_MIRROR));
  const deleted = await deleteOldBackups(backupDir, request.keep, request.purgeBeforeMs, name);
  return { file, headSeq: copy.headSeq, bytes: (await stat(file)).size, mediaCopied: mirror.copied, mediaRemoved: mirror.removed, deleted };
}

/** The kept copies in `backupDir`, oldest first (none when the folder does not exist). */
export async function backupsIn(backupDir: string): Promise<BackupFile[]> {
  try {
    return listBackups(await readdir(backupDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function deleteOldBackups(backupDir: string, keep: number, purgeBeforeMs: number | null, justMade: string): Promise<string[]> {
  const doomed = backupsToDelete(await backupsIn(backupDir), keep, purgeBeforeMs, justMade);
  for (const file of doomed) await rm(path.join(backupDir, file.name), { force: true });
  // Partial copies a stopped relay left behind.
  for (const name of await readdir(backupDir)) if (name.startsWith('.partial-')) await rm(path.join(backupDir, name), { force: true });
  return doomed.map((file) => file.name);
}

/**
 * Makes `to` hold exactly the files of `from` (both content-addressed: `ab/cd/<sha256>`): a
 * file under its hash never changes, so only missing ones are copied, and ones gone from
 * `from` (erased, expired) are removed. Each copy is written aside and renamed, so a file
 * under its hash is always whole. `from`'s `tmp/` (downloads in progress) is skipped.
 */
export async function mirrorMedia(from: string, to: string, options: { remove: boolean } = { remove: true }): Promise<{ copied: number; removed: number }> {
  const source = await mediaFiles(from);
  const target = await mediaFiles(to);
  let copied = 0;
  let removed = 0;
  for (const relative of source) {
    if (target.has(relative)) continue;
    const destination = path.join(to, relative);
    await mkdir(path.dirname(destination), { recursive: true, mode: DIRECTORY_MODE });
    const partial = `${destination}.partial`;
    await copyFile(path.join(from, relative), partial);
    await chmod(partial, FILE_MODE);
    await rename(partial, destination);
    copied += 1;
  }
  for (const relative of options.remove ? target : []) {
    if (source.has(relative)) continue;
    await rm(path.join(to, relative), { force: true });
    removed += 1;
  }
  if (copied > 0) await syncDirectory(to);
  return { copied, removed };
}

/** Paths (relative to `root`) of the media files under it: `ab/cd/<64 hex digits>`. */
async function mediaFiles(root: string): Promise<Set<string>> {
  const files = new Set<string>();
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return files;
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isFile() || !/^[0-9a-f]{64}$/.test(entry.name)) continue;
    const relative = path.relative(root, path.join(entry.parentPath, entry.name));
    if (relative === path.join(entry.name.slice(0, 2), entry.name.slice(2, 4), entry.name)) files.add(relative);
  }
  return files;
}

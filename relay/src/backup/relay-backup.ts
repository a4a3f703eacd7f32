import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
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
  /** Stops the copy (the relay closing). */
  signal?: AbortSignal;
}

/**
 * One backup: first what personal data a redaction removed leaves the backup folder (copies
 * made before it, mirrored files it deleted); then relay.db copied (database-copy.ts) under a
 * partial name, checked, synced and renamed to `relay-<instant>-seq<head>.db`; then the media
 * mirror brought level with the media folder; then copies past RELAY_BACKUP_KEEP deleted. A
 * failed copy leaves the other copies as they were.
 */
export async function makeBackup(request: BackupRequest): Promise<BackupOutcome> {
  const { dataDir, backupDir } = request;
  await mkdir(backupDir, { recursive: true, mode: DIRECTORY_MODE });
  await chmod(backupDir, DIRECTORY_MODE);
  const liveMedia = path.join(dataDir, 'media');
  const mirrorDir = path.join(backupDir, MEDIA_MIRROR);
  // Privacy before the copy: what an erasure or retention run removed leaves the backups even if
  // the copy below fails (a full disk): copies made before it, and mirrored files it deleted.
  const purged = request.purgeBeforeMs === null ? [] : await deleteBackups(backupDir, backupsToDelete(await backupsIn(backupDir), Infinity, request.purgeBeforeMs, ''));
  const erasedMedia = request.purgeBeforeMs === null ? 0 : await removeMirroredMissing(liveMedia, mirrorDir);
  const partial = path.join(backupDir, `.partial-${randomBytes(6).toString('hex')}.db`);
  let copy;
  try {
    copy = await copyRelayDatabase(path.join(dataDir, RELAY_DB_FILE), partial, request.signal);
    await chmod(partial, FILE_MODE);
    await syncFile(partial);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  const name = backupFileName(request.nowMs, copy.headSeq);
  const file = path.join(backupDir, name);
  await rename(partial, file);
  await syncDirectory(backupDir);
  const others = (await backupsIn(backupDir)).filter((kept) => kept.name !== name);
  // A log shorter than a kept copy's (a relay restored from an older copy, or started on an empty
  // data dir with the old backup folder): the longer copies are worth more than this one, so no
  // copy is pushed out by count, and no mirrored file they may name is removed.
  const behind = others.some((kept) => kept.headSeq > copy.headSeq);
  const mirror = await mirrorMedia(liveMedia, mirrorDir, { remove: !behind });
  const deleted = behind ? [] : await deleteBackups(backupDir, backupsToDelete(others, request.keep - 1, null, name));
  for (const leftover of await readdir(backupDir)) if (leftover.startsWith('.partial-')) await rm(path.join(backupDir, leftover), { force: true });
  return { file, headSeq: copy.headSeq, bytes: (await stat(file)).size, mediaCopied: mirror.copied, mediaRemoved: mirror.removed + erasedMedia, deleted: [...purged, ...deleted] };
}

async function deleteBackups(backupDir: string, doomed: readonly BackupFile[]): Promise<string[]> {
  for (const file of doomed) await rm(path.join(backupDir, file.name), { force: true });
  return doomed.map((file) => file.name);
}

/** Removes mirrored media the media folder no longer has (erased, expired); none while the media folder is missing. */
async function removeMirroredMissing(from: string, to: string): Promise<number> {
  const source = await mediaFiles(from);
  if (source === null) return 0;
  let removed = 0;
  for (const relative of (await mediaFiles(to)) ?? []) {
    if (source.has(relative)) continue;
    await rm(path.join(to, relative), { force: true });
    removed += 1;
  }
  return removed;
}

/** Makes what was written durable before it is renamed into place (VACUUM INTO does not sync its output). */
async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
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

/**
 * Makes `to` hold exactly the files of `from` (both content-addressed: `ab/cd/<sha256>`): a
 * file under its hash never changes, so only missing ones are copied, and ones gone from
 * `from` (erased, expired) are removed. Each copy is written aside and renamed, so a file
 * under its hash is always whole. `from`'s `tmp/` (downloads in progress) is skipped.
 */
export async function mirrorMedia(from: string, to: string, options: { remove: boolean } = { remove: true }): Promise<{ copied: number; removed: number }> {
  const source = await mediaFiles(from);
  // No media folder at all is not "no media": nothing is removed on its account.
  if (source === null) return { copied: 0, removed: 0 };
  const target = (await mediaFiles(to)) ?? new Set<string>();
  let copied = 0;
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
  if (copied > 0) await syncDirectory(to);
  const removed = options.remove ? await removeMirroredMissing(from, to) : 0;
  return { copied, removed };
}

/** Paths (relative to `root`) of the media files under it: `ab/cd/<64 hex digits>`; null when `root` does not exist. */
async function mediaFiles(root: string): Promise<Set<string> | null> {
  const files = new Set<string>();
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isFile() || !/^[0-9a-f]{64}$/.test(entry.name)) continue;
    const relative = path.relative(root, path.join(entry.parentPath, entry.name));
    if (relative === path.join(entry.name.slice(0, 2), entry.name.slice(2, 4), entry.name)) files.add(relative);
  }
  return files;
}

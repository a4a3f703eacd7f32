import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { chmod, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { RELAY_DB_FILE } from '../database';
import { ensureDataDir } from '../data-dir';
import { migrateRelayDatabase } from '../db/migrate';
import { RELAY_MIGRATIONS } from '../db/migrations';
import { beginLogEpoch } from '../log/log-epochs';
import { exists, syncDirectory } from '../media/media-store';
import { parseBackupFileName } from './backup-files';
import { carryForward, type CarriedForward } from './carry-forward';
import { copyRelayDatabase } from './database-copy';
import { MEDIA_MIRROR, mirrorMedia } from './relay-backup';

/** A file that is not a backup this relay can restore; the message says why in plain words. */
export class BackupRefusedError extends Error {}

export interface RestoreOutcome {
  headSeq: number;
  /** Where the database that was replaced now is (null when there was none). */
  replacedAs: string | null;
  mediaCopied: number;
  /** What the replaced database knew and the copy did not, carried into the restored one (carry-forward.ts). */
  carried: CarriedForward | null;
  /** Why nothing could be read from the replaced database (damaged), else null. */
  carryError: string | null;
}

/**
 * Puts a backup copy in place of `<data dir>/relay.db` (the relay stopped: the CLI checks).
 * The copy is checked first (a SQLite file that passes quick_check, with an event log, from
 * this relay's schema or an older one); the database it replaces is kept beside it as
 * `relay.db.replaced-<instant>` (with its -wal and -shm, untouched), never deleted; the media the copy
 * names are brought back from the backup's media mirror without removing any. The restored log
 * begins a new epoch (log/log-epochs.ts).
 */
export async function restoreBackup(file: string, dataDir: string, nowMs: number): Promise<RestoreOutcome> {
  let headSeq = checkBackup(file);
  ensureDataDir(dataDir);
  const live = path.join(dataDir, RELAY_DB_FILE);
  const incoming = path.join(dataDir, `.restoring-${randomBytes(6).toString('hex')}.db`);
  try {
    // Copied through SQLite, not byte for byte: a copy with a -wal beside it (one made by hand)
    // holds events in that WAL too, and the head the new epoch begins after must be the copy's own.
    ({ headSeq } = await copyRelayDatabase(file, incoming));
    await chmod(incoming, 0o600);
    // Before it takes relay.db's place: brought to this relay's schema, and a new epoch of the log
    // begun after its head, so a console holding events past it is told rather than skipping seqs.
    const restored = new Database(incoming);
    try {
      migrateRelayDatabase(restored);
      beginLogEpoch(restored, headSeq, new Date(nowMs));
    } finally {
      restored.close();
    }
  } catch (error) {
    await rm(incoming, { force: true });
    throw error;
  }
  let replacedAs: string | null = null;
  if (await exists(live)) {
    replacedAs = `${live}.replaced-${new Date(nowMs).toISOString().replace(/[-:.]/g, '')}`;
    // Set aside untouched, its WAL and shared memory with it under the same name, so SQLite reads
    // the three as the database they were: opening a damaged one (often the reason for restoring)
    // could lose what its WAL holds.
    await rename(live, replacedAs);
    for (const suffix of ['-wal', '-shm']) if (await exists(`${live}${suffix}`)) await rename(`${live}${suffix}`, `${replacedAs}${suffix}`);
  }
  await rename(incoming, live);
  await syncDirectory(dataDir);
  let carried: CarriedForward | null = null;
  let carryError: string | null = null;
  if (replacedAs !== null) {
    try {
      carried = carryForward(replacedAs, live, nowMs);
    } catch (error) {
      carryError = error instanceof Error ? error.message : String(error);
    }
  }
  const media = await mirrorMedia(path.join(path.dirname(file), MEDIA_MIRROR), path.join(dataDir, 'media'), { remove: false });
  return { headSeq, replacedAs, mediaCopied: media.copied, carried, carryError };
}

/** The log head of a backup copy after checking it can be restored; BackupRefusedError otherwise. */
export function checkBackup(file: string): number {
  let db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupRefusedError(`${file} cannot be opened: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    let check: unknown;
    try {
      check = db.pragma('quick_check', { simple: true });
    } catch (error) {
      throw new BackupRefusedError(`${file} is not a relay database: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (check !== 'ok') throw new BackupRefusedError(`${file} is damaged (${String(check)})`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > RELAY_MIGRATIONS.length) throw new BackupRefusedError(`${file} was made by a newer relay (schema ${version}, this one knows ${RELAY_MIGRATIONS.length}): upgrade the relay first`);
    const hasLog = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get() !== undefined;
    if (version === 0 || !hasLog) throw new BackupRefusedError(`${file} is not a relay database (no event log in it)`);
    const headSeq = db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck().get() as number;
    const named = parseBackupFileName(path.basename(file));
    // A renamed copy is fine; one whose name claims another head is not the file it says it is.
    if (named !== null && named.headSeq !== headSeq) throw new BackupRefusedError(`${file} holds the log up to seq ${headSeq}, not ${named.headSeq} as its name says`);
    return headSeq;
  } finally {
    db.close();
  }
}

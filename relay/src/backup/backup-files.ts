/**
 * The names of backup copies: `relay-<UTC instant to the ms>-seq<head>.db`, so a listing sorts
 * oldest first and says, without opening a file, when it was made and how much of the log it
 * holds. Pure.
 */
export interface BackupFile {
  name: string;
  madeAtMs: number;
  headSeq: number;
}

const NAME = /^relay-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z-seq(\d+)\.db$/;

export function backupFileName(madeAtMs: number, headSeq: number): string {
  const stamp = new Date(madeAtMs).toISOString().replace(/[-:]/g, '').replace('.', '');
  return `relay-${stamp}-seq${String(headSeq).padStart(9, '0')}.db`;
}

/** The backup a file name stands for; null for any other file (a partial copy, the media mirror). */
export function parseBackupFileName(name: string): BackupFile | null {
  const match = NAME.exec(name);
  if (match === null) return null;
  const [, year, month, day, hour, minute, second, ms, seq] = match.map(Number) as number[];
  const madeAtMs = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, ms!);
  return Number.isFinite(madeAtMs) ? { name, madeAtMs, headSeq: seq! } : null;
}

/** Backup files among `names`, oldest first. */
export function listBackups(names: readonly string[]): BackupFile[] {
  return names
    .map(parseBackupFileName)
    .filter((file): file is BackupFile => file !== null)
    .sort((a, b) => a.madeAtMs - b.madeAtMs || a.headSeq - b.headSeq);
}

/**
 * The copies to delete: all but the newest `keep`, and every copy made before `purgeBeforeMs`
 * (when personal data was last removed from the log, which those copies still hold), except
 * the one just made.
 */
export function backupsToDelete(backups: readonly BackupFile[], keep: number, purgeBeforeMs: number | null, justMade: string): BackupFile[] {
  const newestFirst = [...backups].sort((a, b) => b.madeAtMs - a.madeAtMs || b.headSeq - a.headSeq);
  return newestFirst.filter((file, index) => file.name !== justMade && (index >= keep || (purgeBeforeMs !== null && file.madeAtMs < purgeBeforeMs)));
}

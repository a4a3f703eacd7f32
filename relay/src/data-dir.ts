import { chmodSync, mkdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

/** RELAY_DATA_DIR cannot be used; the message names the setting, the path and why. */
export class DataDirError extends Error {}

/**
 * Creates the data directory one level at a time. `mkdirSync(…, { recursive: true })`
 * spins forever on some pseudo file systems (a path under /proc) and reports a file in
 * the way as a bare EEXIST; this names what is wrong instead.
 */
export function ensureDataDir(dataDir: string): void {
  const absolute = path.resolve(dataDir);
  const missing: string[] = [];
  let existing = absolute;
  for (;;) {
    const stat = statOrNull(existing);
    if (stat !== null) {
      if (!stat.isDirectory()) throw new DataDirError(`RELAY_DATA_DIR ${absolute} cannot be used: ${existing} is a file, not a directory`);
      break;
    }
    const parent = path.dirname(existing);
    if (parent === existing) break;
    missing.unshift(existing);
    existing = parent;
  }
  for (const dir of missing) {
    try {
      // Only the relay's user may list or enter it (issue 15 §4: what it holds is personal data).
      mkdirSync(dir, { mode: 0o700 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && statOrNull(dir)?.isDirectory()) continue;
      throw new DataDirError(`RELAY_DATA_DIR ${absolute} cannot be created (${dir}: ${code ?? String(error)})`);
    }
  }
  // A data directory made before (or by hand) is closed to other users too; one the relay's user does not own stays as it is.
  try {
    chmodSync(absolute, 0o700);
  } catch {
    // Not ours to change (a mount point, another owner): its own permissions stand.
  }
}

function statOrNull(target: string): Stats | null {
  try {
    return statSync(target, { throwIfNoEntry: false }) ?? null;
  } catch {
    // ENOTDIR and the like: nothing usable there.
    return null;
  }
}

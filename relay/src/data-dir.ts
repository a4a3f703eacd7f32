import { mkdirSync, statSync, type Stats } from 'node:fs';
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
      mkdirSync(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && statOrNull(dir)?.isDirectory()) continue;
      throw new DataDirError(`RELAY_DATA_DIR ${absolute} cannot be created (${dir}: ${code ?? String(error)})`);
    }
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

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Who is using a relay data directory: `relay.pid` while the relay serves, `log-import.pid`
 * while history is imported. An import appends at times of its own, so it must never run
 * beside a relay stamping "now" (nor a relay start beside an import): each refuses while
 * the other's file names a live process. A file left by a process that died is ignored.
 */
export const SERVING_FILE = 'relay.pid';
export const IMPORTING_FILE = 'log-import.pid';

/** The live process that holds `file` in dataDir, or null. */
export function livePidIn(dataDir: string, file: string): number | null {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, file), 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

/**
 * Writes this process's pid to `file`; the returned function removes it if it is still ours.
 * `exclusive`: only if no such file exists (it throws EEXIST otherwise).
 */
export function holdPidFile(dataDir: string, file: string, options: { exclusive?: boolean } = {}): () => void {
  const target = path.join(dataDir, file);
  writeFileSync(target, `${process.pid}\n`, options.exclusive ? { flag: 'wx', mode: 0o600 } : {});
  return () => {
    try {
      if (readFileSync(target, 'utf8').trim() === String(process.pid)) rmSync(target, { force: true });
    } catch {
      // Already gone.
    }
  };
}

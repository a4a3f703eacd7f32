import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The console's copy of media it has shown (recordings, voicemail, MMS photos), on disk in
 * its data dir under the content's SHA-256, so playing a recording again does not fetch it
 * again. Bounded: past `maxBytes`, the least recently used files are deleted (a file's
 * modification time is when it was last used).
 */
export const MEDIA_CACHE_MAX_BYTES = 512 * 1024 * 1024;

const SHA256 = /^[0-9a-f]{64}$/;

export interface MediaCache {
  get(sha256: string): Buffer | null;
  put(sha256: string, bytes: Buffer): void;
  /** Deletes a file for good (issue 15: media the relay erased); true when one was held. */
  remove(sha256: string): boolean;
  /** Bytes held now. */
  size(): number;
}

export function createMediaCache(dir: string, maxBytes: number = MEDIA_CACHE_MAX_BYTES, clock: () => number = Date.now): MediaCache {
  // What the folder holds, by name, with size and last use; read once from disk.
  let entries: Map<string, { bytes: number; usedAtMs: number }> | null = null;
  const index = () => {
    if (entries) return entries;
    mkdirSync(dir, { recursive: true });
    entries = new Map();
    for (const name of readdirSync(dir)) {
      if (!SHA256.test(name)) continue;
      const stat = statSync(join(dir, name));
      entries.set(name, { bytes: stat.size, usedAtMs: stat.mtimeMs });
    }
    return entries;
  };
  const total = () => [...index().values()].reduce((sum, e) => sum + e.bytes, 0);
  const touch = (name: string) => {
    const at = clock();
    index().get(name)!.usedAtMs = at;
    utimesSync(join(dir, name), at / 1000, at / 1000);
  };

  return {
    get(sha256) {
      if (!SHA256.test(sha256) || !index().has(sha256)) return null;
      try {
        const bytes = readFileSync(join(dir, sha256));
        touch(sha256);
        return bytes;
      } catch {
        index().delete(sha256);
        return null;
      }
    },
    put(sha256, bytes) {
      if (!SHA256.test(sha256) || bytes.length > maxBytes) return;
      const held = index();
      // Written whole under another name first: a crash never leaves half a file under the hash.
      const partial = join(dir, `${sha256}.partial`);
      writeFileSync(partial, bytes);
      renameSync(partial, join(dir, sha256));
      held.set(sha256, { bytes: bytes.length, usedAtMs: clock() });
      touch(sha256);
      let size = total();
      const oldestFirst = [...held.entries()].sort((a, b) => a[1].usedAtMs - b[1].usedAtMs);
      for (const [name, entry] of oldestFirst) {
        if (size <= maxBytes) break;
        if (name === sha256) continue;
        rmSync(join(dir, name), { force: true });
        held.delete(name);
        size -= entry.bytes;
      }
    },
    remove(sha256) {
      if (!SHA256.test(sha256)) return false;
      const held = index().delete(sha256);
      rmSync(join(dir, sha256), { force: true });
      rmSync(join(dir, `${sha256}.partial`), { force: true });
      return held;
    },
    size: total,
  };
}

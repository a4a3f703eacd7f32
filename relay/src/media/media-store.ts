import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, mkdirSync, rmSync, type WriteStream } from 'node:fs';
import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Media files on disk, content-addressed by SHA-256: `<data dir>/media/ab/cd/<hash>`.
 * A download is written to `media/tmp/` first, synced, then renamed into place (and the
 * directory synced), so a file under its hash is always whole; the same bytes captured
 * twice are one file. Leftover temporary files (a relay stopped mid-download) are removed
 * at start-up.
 */
const DIRECTORY_MODE = 0o700;
const FILE_MODE = 0o600;

export class MediaStore {
  private readonly tmpDir: string;

  constructor(readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
    rmSync(this.tmpDir, { recursive: true, force: true });
    // Recordings, voicemails and photos are personal data: folders 0700 and files 0600, the relay's user only (issue 15 §4).
    mkdirSync(this.tmpDir, { recursive: true, mode: DIRECTORY_MODE });
    chmodSync(root, DIRECTORY_MODE);
  }

  static at(dataDir: string): MediaStore {
    return new MediaStore(path.join(dataDir, 'media'));
  }

  pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** A new temporary file to download into. */
  temporary(): { path: string; stream: WriteStream } {
    const file = path.join(this.tmpDir, `${randomBytes(12).toString('hex')}.part`);
    return { path: file, stream: createWriteStream(file, { flags: 'wx', mode: FILE_MODE }) };
  }

  /** Moves a finished download under its hash; durable once this resolves. */
  async commit(temporary: string, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    if (await exists(target)) return discard(temporary);
    const handle = await open(temporary, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await mkdir(path.dirname(target), { recursive: true, mode: DIRECTORY_MODE });
    await chmod(temporary, FILE_MODE);
    await rename(temporary, target);
    await syncDirectory(path.dirname(target));
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }
}

export function discard(temporary: string): Promise<void> {
  return rm(temporary, { force: true });
}

export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** The rename is durable only once its directory is synced (where the platform allows it). */
export async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot open or sync a directory; the rename stands.
  } finally {
    await handle?.close();
  }
}

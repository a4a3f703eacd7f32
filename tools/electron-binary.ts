import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The Electron binary's path where one is installed, else null. The `electron`
 * package exports the path it downloaded to; installs with
 * ELECTRON_SKIP_BINARY_DOWNLOAD (this project's build machines and CI) have none.
 */
export function findElectronBinary(): string | null {
  try {
    const path = createRequire(__filename)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

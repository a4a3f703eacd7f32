import { resolve } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

const repo = resolve(__dirname, '../../..');

describe('the packaged app', () => {
  it('flips the Electron fuses that would make it a general-purpose Node runtime or load code from outside its asar, in a config electron-builder accepts', async () => {
    // electron-builder's own loader and schema check, as `npm run package` runs them.
    const config = await getConfig(repo, null, null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar ?? true).toBe(true);
  });
});

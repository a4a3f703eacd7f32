import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary } from '../../tools/electron-binary';

/**
 * Launches the real Electron app where an Electron binary exists. This machine and CI
 * cannot download one (no internet), so there the test reports itself as skipped.
 */
const binary = findElectronBinary();

test.describe('Electron shell', () => {
  test.skip(binary === null, 'no Electron binary on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD)');

  test('opens the console window sandboxed, with the ringside API and no Node', async () => {
    const app = await electron.launch({
      executablePath: binary ?? undefined,
      args: [join(__dirname, '../../out/main/index.js')],
      env: { ...process.env, RINGSIDE_USER_DATA: join(__dirname, '../../test-results/electron-user-data') },
    });
    const window = await app.firstWindow();
    await expect(window.locator('body')).toBeVisible();
    const exposure = await window.evaluate(() => ({
      ringside: typeof (window as unknown as { ringside?: unknown }).ringside,
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(exposure).toEqual({ ringside: 'object', require: 'undefined', process: 'undefined' });
    await app.close();
  });
});

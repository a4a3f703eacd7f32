import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { startConsoleCoreWorker } from '../../src/main/core-process/worker-thread';
import { startHarness } from '../../src/main/harness/server';
import { MemorySettingsStore } from '../../src/main/settings';
import { startRelayProcess } from '../support/relay-process';
import { openConsolePage } from './console-navigation';

const quietLogger = { info: () => undefined, warn: () => undefined, error: console.error };

// A console of its own: this test changes its token, which no other test's console should see.
test('after saving, Settings says whether the relay took the token, where the user looks', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-settings-'));
  const relay = await startRelayProcess();
  const firstToken = await relay.addDevice('Front desk', 'admin');
  const core = startConsoleCoreWorker({
    dbPath: join(dir, 'console.db'),
    settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: firstToken, phoneRegion: 'US' }),
    logger: quietLogger,
  });
  await core.start();
  const harness = await startHarness({ core, rendererDir: resolve(__dirname, '../../out/renderer'), host: '127.0.0.1', port: 0 });
  try {
    await page.goto(harness.url);
    await expect(page.getByTestId('link-state')).toHaveText('Live');
    await openConsolePage(page, 'Settings');
    const token = page.getByLabel('Device token');
    const saved = page.getByTestId('settings-saved');

    // A token cut short when it was copied: the relay answers 401.
    await token.fill(firstToken.slice(0, -6));
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(saved).toHaveText('Saved, but the relay refused this token — check it was copied in full.');
    await expect(saved).toHaveClass(/error/);
    await expect(page.getByText('Settings saved.')).toHaveCount(0);

    await token.fill(await relay.addDevice('Front desk 2', 'admin'));
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(saved).toHaveText('Saved. Connected to the relay.');
    await expect(saved).toHaveClass(/success/);
  } finally {
    await harness.close();
    await core.stop();
    await relay.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

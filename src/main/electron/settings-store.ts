import { join } from 'node:path';
import Store from 'electron-store';
import { app, dialog, safeStorage } from 'electron';
import { applyEnvironmentSettings, SafeStorageSettingsStore } from '../settings';

/**
 * The app's settings: electron-store's JSON file in the profile folder, the device
 * token sealed with safeStorage (the rules, and what is true on Linux without a
 * keyring, are in SafeStorageSettingsStore). Opened after the app is ready, when
 * safeStorage knows its backend.
 */
export function createElectronSettingsStore(): SafeStorageSettingsStore {
  const store = new Store<Record<string, unknown>>({ name: 'settings' });
  return new SafeStorageSettingsStore({
    safeStorage,
    file: { get: (key) => store.get(key), set: (key, value) => store.set(key, value), delete: (key) => store.delete(key) },
    platform: process.platform,
  });
}

/**
 * The settings the app starts with, the environment's (RINGSIDE_RELAY_URL,
 * RINGSIDE_DEVICE_TOKEN) applied. A bad value stops start-up with a dialog naming
 * it and the file it is in, rather than an app that never shows a window.
 */
export function openSettingsOrExplain(env: NodeJS.ProcessEnv): SafeStorageSettingsStore | null {
  try {
    const settings = createElectronSettingsStore();
    applyEnvironmentSettings(settings, env);
    settings.read();
    return settings;
  } catch (error) {
    const file = join(app.getPath('userData'), 'settings.json');
    dialog.showErrorBox('Ringside cannot start', `${(error as Error).message}\n\nSettings file: ${file}`);
    return null;
  }
}

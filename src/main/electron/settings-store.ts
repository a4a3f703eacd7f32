import Store from 'electron-store';
import { safeStorage } from 'electron';
import { SafeStorageSettingsStore } from '../settings';

/**
 * The app's settings: electron-store's JSON file in the profile folder, the device
 * token sealed with safeStorage (the rules, and what is true on Linux without a
 * keyring, are in SafeStorageSettingsStore). Created after the app is ready, when
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

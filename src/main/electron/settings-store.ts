import Store from 'electron-store';
import { safeStorage } from 'electron';
import type { ConsoleSettings, SettingsStore } from '../settings';
import { parseConsoleSettings } from '../settings';

interface StoredSettings {
  relayUrl?: string;
  phoneRegion?: string;
  /** The device token, encrypted with the OS keychain (safeStorage), base64. */
  deviceTokenEncrypted?: string;
}

/**
 * Console settings in electron-store, the device token encrypted with safeStorage.
 * Where the OS offers no encryption the token is not stored at all: the user is
 * asked for it again rather than having it written in clear.
 */
export class ElectronSettingsStore implements SettingsStore {
  private readonly store = new Store<StoredSettings>({ name: 'settings' });

  read(): ConsoleSettings {
    const encrypted = this.store.get('deviceTokenEncrypted');
    const deviceToken =
      encrypted && safeStorage.isEncryptionAvailable() ? safeStorage.decryptString(Buffer.from(encrypted, 'base64')) : null;
    return parseConsoleSettings({
      relayUrl: this.store.get('relayUrl'),
      phoneRegion: this.store.get('phoneRegion'),
      deviceToken,
    });
  }

  write(patch: Partial<ConsoleSettings>): ConsoleSettings {
    const next = parseConsoleSettings({ ...this.read(), ...patch });
    this.store.set('relayUrl', next.relayUrl);
    this.store.set('phoneRegion', next.phoneRegion);
    if (next.deviceToken && safeStorage.isEncryptionAvailable()) {
      this.store.set('deviceTokenEncrypted', safeStorage.encryptString(next.deviceToken).toString('base64'));
    } else {
      this.store.delete('deviceTokenEncrypted');
    }
    return next;
  }
}

import type { DeviceTokenCleared, DeviceTokenProtection, DeviceTokenStatus } from '../../shared/api/settings';
import { DEFAULT_CONSOLE_SETTINGS, parseConsoleSettings, type ConsoleSettings } from './console-settings';
import { applySettingsPatch, clearedReason, tokenForRelay, tokenToSave, type SavedDeviceToken } from './device-token-binding';
import { isPlainTextToAnotherComputer } from '../../shared/relay-address';
import type { SettingsStore } from './settings-store';

/** The part of Electron's `safeStorage` this store uses (injected: the core never imports electron). */
export interface SafeStorage {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only; `basic_text` is a key built into Chromium, not a keyring. */
  getSelectedStorageBackend(): string;
}

/** A persistent key-value file (electron-store in the app). */
export interface KeyValueFile {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

const LINUX_KEYRINGS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

/**
 * What safeStorage really offers here. On Linux without a keyring Electron falls back
 * to `basic_text`, a hard-coded key: that is obfuscation, not encryption, and the user
 * is told so. `unknown` (asked before the app is ready) is not claimed as a keyring either.
 */
export function tokenProtectionOf(safeStorage: SafeStorage, platform: NodeJS.Platform): DeviceTokenProtection {
  if (!safeStorage.isEncryptionAvailable()) return 'memory_only';
  if (platform === 'linux' && !LINUX_KEYRINGS.has(safeStorage.getSelectedStorageBackend())) return 'obfuscated';
  return 'os_keychain';
}

/** The token and its relay origin, sealed together, so the origin cannot be edited without the key. */
const SEALED_KEY = 'deviceTokenSealed';
/** Before tokens were bound: the token alone, encrypted. Read once, then replaced by SEALED_KEY. */
const LEGACY_KEY = 'deviceTokenEncrypted';

type Opened = { saved: SavedDeviceToken | null; unreadable: boolean };

/**
 * Console settings in a key-value file, the device token sealed with safeStorage.
 * A token that no longer decrypts (the keyring changed, the profile was copied to
 * another machine) is dropped, never fatal: the user is asked to paste it again.
 * Where the OS offers no encryption at all the token is kept in memory only.
 */
export class SafeStorageSettingsStore implements SettingsStore {
  private readonly protection: DeviceTokenProtection;
  private readonly safeStorage: SafeStorage;
  private readonly file: KeyValueFile;
  private sessionToken: SavedDeviceToken | null = null;
  private cleared: DeviceTokenCleared | null = null;
  /** Decrypting on every read would ask the keyring for every API call. */
  private lastOpened: { sealed: string; opened: Opened } | null = null;

  constructor(options: { safeStorage: SafeStorage; file: KeyValueFile; platform: NodeJS.Platform }) {
    this.safeStorage = options.safeStorage;
    this.file = options.file;
    this.protection = tokenProtectionOf(options.safeStorage, options.platform);
  }

  read(): ConsoleSettings {
    const storedUrl = this.file.get('relayUrl');
    // A plain-http relay URL saved by an older version: refused now, without failing start-up.
    const insecure = typeof storedUrl === 'string' && isPlainTextToAnotherComputer(storedUrl);
    const settings = parseConsoleSettings({
      relayUrl: insecure ? DEFAULT_CONSOLE_SETTINGS.relayUrl : storedUrl,
      phoneRegion: this.file.get('phoneRegion'),
      deviceToken: null,
    });
    if (insecure) {
      this.cleared = 'insecure_relay';
      return settings;
    }
    const opened = this.openSavedToken();
    const bound = tokenForRelay(opened.saved, settings.relayUrl);
    this.cleared = clearedReason(this.cleared, bound.deviceToken, opened.unreadable ? 'unreadable' : bound.cleared);
    return { ...settings, deviceToken: bound.deviceToken };
  }

  write(patch: Partial<ConsoleSettings>): ConsoleSettings {
    const change = applySettingsPatch(this.read(), patch);
    const { next } = change;
    const token = tokenToSave(next);
    // Seal before writing anything, so a keyring that refuses leaves the old settings whole.
    const sealed = token !== null && this.protection !== 'memory_only' ? this.seal(token) : null;
    this.file.set('relayUrl', next.relayUrl);
    this.file.set('phoneRegion', next.phoneRegion);
    if (sealed !== null) this.file.set(SEALED_KEY, sealed);
    else this.file.delete(SEALED_KEY);
    this.file.delete(LEGACY_KEY);
    this.sessionToken = this.protection === 'memory_only' ? token : null;
    this.cleared = clearedReason(this.cleared, next.deviceToken, change.cleared);
    return next;
  }

  tokenStatus(): DeviceTokenStatus {
    return { tokenProtection: this.protection, tokenCleared: this.cleared };
  }

  private seal(token: SavedDeviceToken): string {
    try {
      return this.safeStorage.encryptString(JSON.stringify(token)).toString('base64');
    } catch (error) {
      throw new Error(`the system keyring refused to store the device token: ${(error as Error).message}`);
    }
  }

  private openSavedToken(): Opened {
    if (this.protection === 'memory_only') return { saved: this.sessionToken, unreadable: false };
    const sealed = this.file.get(SEALED_KEY);
    if (typeof sealed === 'string') {
      if (this.lastOpened?.sealed !== sealed) this.lastOpened = { sealed, opened: this.open(sealed, parseSealedToken) };
      return this.lastOpened.opened;
    }
    const legacy = this.file.get(LEGACY_KEY);
    if (typeof legacy === 'string') return this.open(legacy, (text) => ({ token: text, origin: null }));
    return { saved: null, unreadable: false };
  }

  private open(sealed: string, read: (text: string) => SavedDeviceToken | null): Opened {
    let text: string;
    try {
      text = this.safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    } catch {
      return { saved: null, unreadable: true };
    }
    const saved = read(text);
    return saved !== null && isDeviceToken(saved.token) ? { saved, unreadable: false } : { saved: null, unreadable: true };
  }
}

function parseSealedToken(text: string): SavedDeviceToken | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { token, origin } = value as Record<string, unknown>;
  return typeof token === 'string' && typeof origin === 'string' ? { token, origin } : null;
}

function isDeviceToken(token: string): boolean {
  try {
    parseConsoleSettings({ deviceToken: token });
    return true;
  } catch {
    return false;
  }
}

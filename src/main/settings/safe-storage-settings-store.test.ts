import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SafeStorageSettingsStore, tokenProtectionOf, type KeyValueFile, type SafeStorage } from './safe-storage-settings-store';

const TOKEN = 'rs_0123456789abcdef';
const NEW_TOKEN = 'rs_fedcba9876543210';

/**
 * Stands in for Electron's safeStorage (the OS boundary): real AES-GCM under a key
 * named by the "keyring", so a changed keyring fails to decrypt as the real one does.
 */
class FakeSafeStorage implements SafeStorage {
  constructor(
    public keyring: string,
    private readonly backend = 'gnome_libsecret',
    private readonly available = true,
  ) {}
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  encryptString(plainText: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(), iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }
  decryptString(encrypted: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key(), encrypted.subarray(0, 12));
    decipher.setAuthTag(encrypted.subarray(12, 28));
    return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
  }
  private key(): Buffer {
    return createHash('sha256').update(this.keyring).digest();
  }
}

/** electron-store's file, as a map (what the store writes is what it reads next start). */
class MapFile implements KeyValueFile {
  readonly values = new Map<string, unknown>();
  get(key: string): unknown {
    return this.values.get(key);
  }
  set(key: string, value: unknown): void {
    this.values.set(key, value);
  }
  delete(key: string): void {
    this.values.delete(key);
  }
}

const store = (safeStorage: SafeStorage, file: KeyValueFile, platform: NodeJS.Platform = 'linux') => new SafeStorageSettingsStore({ safeStorage, file, platform });

describe('settings kept with safeStorage', () => {
  it('seals the token with the keyring and reads it back on the next start, never writing it in clear', () => {
    const file = new MapFile();
    store(new FakeSafeStorage('login keyring'), file).write({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN });

    expect(JSON.stringify([...file.values])).not.toContain(TOKEN);
    const next = store(new FakeSafeStorage('login keyring'), file);
    expect(next.read()).toEqual({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN, phoneRegion: 'US' });
    expect(next.tokenStatus()).toEqual({ tokenProtection: 'os_keychain', tokenCleared: null });
  });

  it('says a keychain protects the token on macOS and Windows, and on Linux only with a real keyring', () => {
    expect(tokenProtectionOf(new FakeSafeStorage('k', 'unknown'), 'darwin')).toBe('os_keychain');
    expect(tokenProtectionOf(new FakeSafeStorage('k', 'unknown'), 'win32')).toBe('os_keychain');
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) expect(tokenProtectionOf(new FakeSafeStorage('k', backend), 'linux')).toBe('os_keychain');
    expect(tokenProtectionOf(new FakeSafeStorage('k', 'basic_text'), 'linux')).toBe('obfuscated');
    expect(tokenProtectionOf(new FakeSafeStorage('k', 'unknown'), 'linux')).toBe('obfuscated');
  });

  it('on Linux without a keyring (basic_text) still keeps the token, and says it is obfuscated, not encrypted', () => {
    const file = new MapFile();
    const settings = store(new FakeSafeStorage('chromium built-in key', 'basic_text'), file);
    settings.write({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN });

    expect(settings.tokenStatus().tokenProtection).toBe('obfuscated');
    expect(store(new FakeSafeStorage('chromium built-in key', 'basic_text'), file).read().deviceToken).toBe(TOKEN);
  });

  it('a changed keyring does not stop start-up: the token is dropped and the user asked to paste it again', () => {
    const file = new MapFile();
    store(new FakeSafeStorage('old keyring'), file).write({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN, phoneRegion: 'GB' });

    const afterChange = store(new FakeSafeStorage('new keyring'), file);
    expect(afterChange.read()).toEqual({ relayUrl: 'https://relay.example.com', deviceToken: null, phoneRegion: 'GB' });
    expect(afterChange.tokenStatus().tokenCleared).toBe('unreadable');

    afterChange.write({ deviceToken: NEW_TOKEN });
    expect(afterChange.tokenStatus().tokenCleared).toBeNull();
    expect(store(new FakeSafeStorage('new keyring'), file).read().deviceToken).toBe(NEW_TOKEN);
  });

  it('a sealed value that decrypts to garbage is dropped the same way', () => {
    const file = new MapFile();
    const safeStorage = new FakeSafeStorage('keyring');
    file.set('relayUrl', 'https://relay.example.com');
    file.set('deviceTokenSealed', safeStorage.encryptString('not json').toString('base64'));
    const settings = store(safeStorage, file);
    expect(settings.read().deviceToken).toBeNull();
    expect(settings.tokenStatus().tokenCleared).toBe('unreadable');
  });

  it('the origin is sealed with the token: editing the relay URL in the file withholds the token', () => {
    const file = new MapFile();
    const safeStorage = new FakeSafeStorage('keyring');
    store(safeStorage, file).write({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN });
    file.set('relayUrl', 'https://relay.attacker.example');

    const settings = store(safeStorage, file);
    expect(settings.read().deviceToken).toBeNull();
    expect(settings.tokenStatus().tokenCleared).toBe('relay_changed');
  });

  it('changing the relay origin in Settings clears the saved token for good', () => {
    const file = new MapFile();
    const safeStorage = new FakeSafeStorage('keyring');
    const settings = store(safeStorage, file);
    settings.write({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN });

    expect(settings.write({ relayUrl: 'https://other.example.com' }).deviceToken).toBeNull();
    expect(settings.tokenStatus().tokenCleared).toBe('relay_changed');
    expect(file.get('deviceTokenSealed')).toBeUndefined();
    expect(store(safeStorage, file).write({ relayUrl: 'https://relay.example.com' }).deviceToken).toBeNull();
  });

  it('a token saved before tokens were bound is read as bound to the saved relay, and resealed with it on the next save', () => {
    const file = new MapFile();
    const safeStorage = new FakeSafeStorage('keyring');
    file.set('relayUrl', 'https://relay.example.com');
    file.set('deviceTokenEncrypted', safeStorage.encryptString(TOKEN).toString('base64'));

    const settings = store(safeStorage, file);
    expect(settings.read().deviceToken).toBe(TOKEN);
    settings.write({ phoneRegion: 'CA' });
    expect(file.get('deviceTokenEncrypted')).toBeUndefined();
    expect(JSON.parse(safeStorage.decryptString(Buffer.from(file.get('deviceTokenSealed') as string, 'base64')))).toEqual({ token: TOKEN, origin: 'https://relay.example.com' });
  });

  it('a plain-http relay URL saved by an older version is refused at start without crashing, and the token with it', () => {
    const file = new MapFile();
    const safeStorage = new FakeSafeStorage('keyring');
    file.set('relayUrl', 'http://relay.example.com:8787');
    file.set('deviceTokenEncrypted', safeStorage.encryptString(TOKEN).toString('base64'));

    const settings = store(safeStorage, file);
    expect(settings.read()).toEqual({ relayUrl: 'http://127.0.0.1:8787', deviceToken: null, phoneRegion: 'US' });
    expect(settings.tokenStatus().tokenCleared).toBe('insecure_relay');

    settings.write({ relayUrl: 'https://relay.example.com', deviceToken: NEW_TOKEN });
    expect(store(safeStorage, file).read()).toMatchObject({ relayUrl: 'https://relay.example.com', deviceToken: NEW_TOKEN });
    expect(settings.tokenStatus().tokenCleared).toBeNull();
  });

  it('where the OS offers no encryption, the token is used for this session but never written down', () => {
    const file = new MapFile();
    const settings = store(new FakeSafeStorage('none', 'basic_text', false), file);
    settings.write({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN });

    expect(settings.read().deviceToken).toBe(TOKEN);
    expect(settings.tokenStatus().tokenProtection).toBe('memory_only');
    expect(JSON.stringify([...file.values])).not.toContain(TOKEN);
    expect(store(new FakeSafeStorage('none', 'basic_text', false), file).read().deviceToken).toBeNull();
  });

  it('a keyring that refuses to encrypt leaves the old settings whole and says so', () => {
    const file = new MapFile();
    const safeStorage = new FakeSafeStorage('keyring');
    const settings = store(safeStorage, file);
    settings.write({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN });
    safeStorage.encryptString = () => {
      throw new Error('keyring locked');
    };
    expect(() => settings.write({ relayUrl: 'https://other.example.com', deviceToken: NEW_TOKEN })).toThrow(/keyring refused to store the device token: keyring locked/);
    expect(settings.read()).toMatchObject({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN });
  });
});

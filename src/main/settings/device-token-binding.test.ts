import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonFileSettingsStore } from './json-file-settings-store';
import { MemorySettingsStore } from './memory-settings-store';

const TOKEN = 'rs_0123456789abcdef';
const NEW_TOKEN = 'rs_fedcba9876543210';

describe('the device token is bound to the relay origin', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });
  const settingsFile = (): string => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-binding-'));
    return join(dir, 'settings.json');
  };

  it('pointing the console at another relay clears the token and says why, until a new token is pasted', () => {
    const store = new MemorySettingsStore({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN });

    expect(store.write({ relayUrl: 'https://relay.attacker.example' }).deviceToken).toBeNull();
    expect(store.read().deviceToken).toBeNull();
    expect(store.tokenStatus().tokenCleared).toBe('relay_changed');

    // Changing something else does not forget why the token is gone.
    store.write({ phoneRegion: 'GB' });
    expect(store.tokenStatus().tokenCleared).toBe('relay_changed');
    // Going back to the first relay does not bring the old token back either.
    store.write({ relayUrl: 'https://relay.example.com' });
    expect(store.read().deviceToken).toBeNull();

    store.write({ deviceToken: NEW_TOKEN });
    expect(store.read().deviceToken).toBe(NEW_TOKEN);
    expect(store.tokenStatus().tokenCleared).toBeNull();
  });

  it('keeps the token for another path, or ws instead of https, on the same origin', () => {
    const store = new MemorySettingsStore({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN });
    store.write({ relayUrl: 'https://relay.example.com/ringside/' });
    store.write({ relayUrl: 'wss://relay.example.com:443/ringside' });
    expect(store.read().deviceToken).toBe(TOKEN);
    expect(store.tokenStatus().tokenCleared).toBeNull();
  });

  it('moving from plain http on this computer to https is another origin, so the token goes', () => {
    const store = new MemorySettingsStore({ relayUrl: 'http://localhost:8787', deviceToken: TOKEN });
    expect(store.write({ relayUrl: 'https://localhost:8787' }).deviceToken).toBeNull();
  });

  it('a new relay URL saved together with its token keeps that token, bound to the new relay', () => {
    const path = settingsFile();
    const store = new JsonFileSettingsStore(path);
    store.write({ relayUrl: 'https://old.example.com', deviceToken: TOKEN });

    expect(store.write({ relayUrl: 'https://new.example.com', deviceToken: NEW_TOKEN }).deviceToken).toBe(NEW_TOKEN);
    expect(store.tokenStatus().tokenCleared).toBeNull();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ deviceToken: NEW_TOKEN, deviceTokenOrigin: 'https://new.example.com' });
  });

  it('a settings file whose relay URL was edited by hand to another origin withholds the token', () => {
    const path = settingsFile();
    new JsonFileSettingsStore(path).write({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN });
    const file = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...file, relayUrl: 'https://relay.attacker.example' }));

    const store = new JsonFileSettingsStore(path);
    expect(store.read().deviceToken).toBeNull();
    expect(store.tokenStatus().tokenCleared).toBe('relay_changed');
  });

  it('a hand-written settings file without an origin binds its token to its own relay URL', () => {
    const path = settingsFile();
    writeFileSync(path, JSON.stringify({ relayUrl: 'http://127.0.0.1:8787', deviceToken: TOKEN }));
    const store = new JsonFileSettingsStore(path);
    expect(store.read().deviceToken).toBe(TOKEN);

    store.write({ relayUrl: 'http://127.0.0.1:9999' });
    expect(new JsonFileSettingsStore(path).read().deviceToken).toBeNull();
    expect(store.tokenStatus().tokenCleared).toBe('relay_changed');
  });

  it('a settings file with plain http to another computer stops start-up naming the setting', () => {
    const path = settingsFile();
    writeFileSync(path, JSON.stringify({ relayUrl: 'http://relay.example.com', deviceToken: TOKEN }));
    expect(() => new JsonFileSettingsStore(path).read()).toThrow(/invalid setting relayUrl: must start with https/);
  });
});

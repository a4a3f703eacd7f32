import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonFileSettingsStore, MemorySettingsStore } from './index';

describe('console settings', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('starts from the documented defaults', () => {
    expect(new MemorySettingsStore().read()).toEqual({ relayUrl: 'http://127.0.0.1:8787', deviceToken: null, phoneRegion: 'US' });
  });

  it('refuses a bad value with a message naming the setting, keeping the old settings', () => {
    const store = new MemorySettingsStore();
    expect(() => store.write({ relayUrl: 'ftp://relay' })).toThrow(/invalid setting relayUrl/);
    expect(() => store.write({ phoneRegion: 'usa' })).toThrow(/invalid setting phoneRegion/);
    expect(() => store.write({ deviceToken: 'short' })).toThrow(/invalid setting deviceToken/);
    expect(store.read().relayUrl).toBe('http://127.0.0.1:8787');
  });

  it('keeps settings in a JSON file readable by its owner only', () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-settings-'));
    const path = join(dir, 'nested', 'settings.json');
    const store = new JsonFileSettingsStore(path);
    expect(store.read().deviceToken).toBeNull();

    store.write({ deviceToken: 'rs_0123456789abcdef', relayUrl: 'https://relay.example.com' });

    expect(new JsonFileSettingsStore(path).read()).toEqual({
      relayUrl: 'https://relay.example.com',
      deviceToken: 'rs_0123456789abcdef',
      phoneRegion: 'US',
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ phoneRegion: 'US' });
  });

  it('names the file when it is not JSON', () => {
    dir = mkdtempSync(join(tmpdir(), 'ringside-settings-'));
    const path = join(dir, 'settings.json');
    writeFileSync(path, '{nope');
    expect(() => new JsonFileSettingsStore(path).read()).toThrow(path);
  });

  it('a Settings save of a plain-http relay on the network is refused with a message saying why, and nothing changes', () => {
    const store = new MemorySettingsStore({ relayUrl: 'https://relay.example.com', deviceToken: 'rs_0123456789abcdef' });
    expect(() => store.write({ relayUrl: 'http://relay.example.com' })).toThrow(
      /invalid setting relayUrl: must start with https:\/\/.*allowed only to this computer.*never crosses a network unencrypted/,
    );
    expect(store.read()).toMatchObject({ relayUrl: 'https://relay.example.com', deviceToken: 'rs_0123456789abcdef' });
    expect(() => new MemorySettingsStore({ relayUrl: 'ws://10.0.0.5:8787' })).toThrow(/invalid setting relayUrl/);
  });
});

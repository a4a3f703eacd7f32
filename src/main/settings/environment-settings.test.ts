import { describe, expect, it } from 'vitest';
import { applyEnvironmentSettings } from './environment-settings';
import { MemorySettingsStore } from './memory-settings-store';

const TOKEN = 'rs_0123456789abcdef';

describe('RINGSIDE_RELAY_URL and RINGSIDE_DEVICE_TOKEN at start-up', () => {
  it('hands over the relay and the token together', () => {
    const store = new MemorySettingsStore();
    applyEnvironmentSettings(store, { RINGSIDE_RELAY_URL: 'https://relay.example.com', RINGSIDE_DEVICE_TOKEN: TOKEN });
    expect(store.read()).toMatchObject({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN });
  });

  it('a relay URL of another origin alone clears the saved token, as the Settings page does', () => {
    const store = new MemorySettingsStore({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN });
    applyEnvironmentSettings(store, { RINGSIDE_RELAY_URL: 'https://elsewhere.example.com' });
    expect(store.read().deviceToken).toBeNull();
    expect(store.tokenStatus().tokenCleared).toBe('relay_changed');
  });

  it('the same relay again keeps the saved token', () => {
    const store = new MemorySettingsStore({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN });
    applyEnvironmentSettings(store, { RINGSIDE_RELAY_URL: 'https://relay.example.com/' });
    expect(store.read().deviceToken).toBe(TOKEN);
  });

  it('a plain-http relay on the network stops start-up naming the variable', () => {
    const store = new MemorySettingsStore();
    expect(() => applyEnvironmentSettings(store, { RINGSIDE_RELAY_URL: 'http://relay.example.com' })).toThrow(/^RINGSIDE_RELAY_URL: invalid setting relayUrl: must start with https/);
    expect(() => applyEnvironmentSettings(store, { RINGSIDE_DEVICE_TOKEN: 'short' })).toThrow(/^RINGSIDE_DEVICE_TOKEN: invalid setting deviceToken/);
  });

  it('an environment without either changes nothing', () => {
    const store = new MemorySettingsStore({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN });
    applyEnvironmentSettings(store, { RINGSIDE_RELAY_URL: '', HOME: '/home/me' });
    expect(store.read()).toMatchObject({ relayUrl: 'https://relay.example.com', deviceToken: TOKEN });
  });
});

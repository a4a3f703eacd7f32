import { describe, expect, it } from 'vitest';
import type { LinkStatus } from '../../../shared/api/contract';
import { relayChangeWarning, savedConnectionMessage, settingsErrorMessage, tokenClearedMessage, tokenProtectionMessage } from './settings-messages';

describe('what Settings says about the device token', () => {
  it('claims encryption only where a keychain does it', () => {
    expect(tokenProtectionMessage('os_keychain')).toEqual({ text: expect.stringContaining('encrypted with your system keychain'), warn: false });
    const basicText = tokenProtectionMessage('obfuscated');
    expect(basicText.text).toContain('Your system has no keyring: the token is stored obfuscated, not encrypted');
    expect(basicText.warn).toBe(true);
    for (const protection of ['obfuscated', 'owner_only_file', 'memory_only'] as const) {
      expect(tokenProtectionMessage(protection).text, protection).not.toMatch(/stored encrypted|is encrypted/);
    }
  });

  it('asks for a new token, saying why the old one went', () => {
    expect(tokenClearedMessage('relay_changed')).toMatch(/relay address changed.*Paste the device token for this relay/);
    expect(tokenClearedMessage('unreadable')).toMatch(/could not be read.*Paste the device token again/);
    expect(tokenClearedMessage('insecure_relay')).toMatch(/plain http:\/\/.*https:\/\//);
  });

  it('warns before a save that would drop the token for another relay, not for the same origin or with a new token typed', () => {
    expect(relayChangeWarning('https://relay.example.com', 'https://other.example.com', true, '')).toMatch(/removes the token/);
    expect(relayChangeWarning('https://relay.example.com', 'wss://relay.example.com/ringside', true, '')).toBeNull();
    expect(relayChangeWarning('https://relay.example.com', 'https://other.example.com', true, 'rs_0123456789abcdef')).toBeNull();
    expect(relayChangeWarning('https://relay.example.com', 'https://other.example.com', false, '')).toBeNull();
    expect(relayChangeWarning('https://relay.example.com', 'not a url', true, '')).toBeNull();
  });

  it('says nothing about the token for a plain http:// address to another computer: that save is refused and removes nothing', () => {
    expect(relayChangeWarning('https://relay.example.com', 'http://relay.example.com', true, '')).toBeNull();
    expect(relayChangeWarning('https://relay.example.com', ' ws://other.example.com ', true, '')).toBeNull();
    expect(relayChangeWarning('https://relay.example.com', 'http://127.0.0.1:8787', true, '')).toMatch(/removes the token/);
  });
});

describe('a refused setting, as Settings shows it', () => {
  it('names the field in words, not the setting key', () => {
    expect(settingsErrorMessage('invalid setting relayUrl: must start with https:// (or wss://)')).toBe('The relay URL must start with https:// (or wss://)');
    expect(settingsErrorMessage('invalid setting phoneRegion: must be a two-letter region code like US')).toBe('The phone region must be a two-letter region code like US');
    expect(settingsErrorMessage('the system keyring refused to store the device token: locked')).toBe('the system keyring refused to store the device token: locked');
  });
});

describe('what Settings says after saving, once the relay answered', () => {
  const status = (state: LinkStatus['state'], reason: string | null = null): LinkStatus => ({
    state,
    reason,
    appliedSeq: 0,
    headSeq: null,
    lastEventAt: null,
    relayUrl: 'http://127.0.0.1:8787',
    reprojection: null,
    newerEventsSeen: false,
  });

  it('a token the relay refused (401) is an error in plain words, never "saved" in green', () => {
    expect(savedConnectionMessage(status('offline', 'device token refused (401)'), true)).toEqual({
      text: 'Saved, but the relay refused this token — check it was copied in full.',
      tone: 'error',
    });
  });

  it('says connected only once the link is up, and waits while it connects', () => {
    expect(savedConnectionMessage(null, true)).toMatchObject({ text: 'Saved. Connecting to the relay…', tone: 'pending' });
    expect(savedConnectionMessage(status('connecting'), true).tone).toBe('pending');
    expect(savedConnectionMessage(status('catching_up'), true)).toEqual({ text: 'Saved. Connected to the relay.', tone: 'success' });
    expect(savedConnectionMessage(status('live'), true)).toEqual({ text: 'Saved. Connected to the relay.', tone: 'success' });
  });

  it('names an unreachable relay, a revoked console, and a missing token', () => {
    expect(savedConnectionMessage(status('offline', 'relay unreachable'), true)).toMatchObject({ text: expect.stringContaining('could not be reached'), tone: 'error' });
    expect(savedConnectionMessage(status('offline', 'device token revoked'), true)).toMatchObject({ text: expect.stringContaining('revoked'), tone: 'error' });
    expect(savedConnectionMessage(status('offline', 'relay answered 500'), true).tone).toBe('error');
    expect(savedConnectionMessage(status('live'), false)).toMatchObject({ text: expect.stringContaining("Paste this console's device token"), tone: 'pending' });
  });
});

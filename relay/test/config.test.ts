import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeConfigFile, parseRelaySettings, RELAY_SETTINGS } from '../src/config';

const KEY = Buffer.alloc(32, 0xa7).toString('base64');

function settingsOf(env: Record<string, string>) {
  const result = parseRelaySettings(env);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.settings;
}

function errorsOf(env: Record<string, string>): string[] {
  const result = parseRelaySettings(env);
  return result.ok ? [] : result.errors;
}

describe('relay settings', () => {
  it('has a documented default for everything when nothing is set', () => {
    const settings = settingsOf({});
    expect(settings).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      dataDir: './relay-data',
      maxBodyBytes: 1_048_576,
      openPhoneKeys: null,
      openPhoneNumberIds: {},
      signatureToleranceMs: 300_000,
      heartbeatMs: 30_000,
      logLevel: 'info',
    });
  });

  it('treats an empty value as unset', () => {
    expect(settingsOf({ RELAY_PORT: '', OPENPHONE_WEBHOOK_SECRET: '' })).toMatchObject({ port: 8787, openPhoneKeys: null });
  });

  it('reads every setting from the environment', () => {
    const settings = settingsOf({
      RELAY_HOST: '0.0.0.0',
      RELAY_PORT: '0',
      RELAY_DATA_DIR: '/var/lib/ringside',
      RELAY_MAX_BODY_BYTES: '2048',
      OPENPHONE_WEBHOOK_SECRET: KEY,
      OPENPHONE_PHONE_NUMBER_IDS: 'PNaaa=+16175550100, PNbbb=(617) 555-0101',
      RELAY_SIGNATURE_TOLERANCE_SECONDS: '60',
      RELAY_HEARTBEAT_SECONDS: '5',
      RELAY_LOG_LEVEL: 'debug',
    });
    expect(settings).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      dataDir: '/var/lib/ringside',
      maxBodyBytes: 2048,
      openPhoneNumberIds: { PNaaa: '+16175550100', PNbbb: '+16175550101' },
      signatureToleranceMs: 60_000,
      heartbeatMs: 5_000,
      logLevel: 'debug',
    });
    expect(settings.openPhoneKeys).toEqual([{ kind: 'legacy', key: Buffer.alloc(32, 0xa7) }]);
  });

  it.each([
    ['RELAY_PORT', 'abc', "RELAY_PORT must be an integer 0-65535, got 'abc'"],
    ['RELAY_PORT', '70000', 'RELAY_PORT'],
    ['RELAY_MAX_BODY_BYTES', '1MB', 'RELAY_MAX_BODY_BYTES'],
    ['RELAY_SIGNATURE_TOLERANCE_SECONDS', '-5', 'RELAY_SIGNATURE_TOLERANCE_SECONDS'],
    ['RELAY_HEARTBEAT_SECONDS', '0', 'RELAY_HEARTBEAT_SECONDS'],
    ['RELAY_LOG_LEVEL', 'loud', 'RELAY_LOG_LEVEL'],
    ['RELAY_HOST', 'my host', 'RELAY_HOST'],
    ['OPENPHONE_WEBHOOK_SECRET', 'not base64!', 'OPENPHONE_WEBHOOK_SECRET'],
    ['OPENPHONE_PHONE_NUMBER_IDS', 'PNaaa=12', 'OPENPHONE_PHONE_NUMBER_IDS'],
  ])('refuses a bad %s (%s) with a message naming it', (name, value, expected) => {
    const errors = errorsOf({ [name]: value });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(expected);
  });

  it('never echoes the webhook secret in its error', () => {
    const secret = 'c2VjcmV0';
    const [error] = errorsOf({ OPENPHONE_WEBHOOK_SECRET: secret });
    expect(error).toContain('OPENPHONE_WEBHOOK_SECRET');
    expect(error).not.toContain(secret);
  });

  it('reports every bad setting at once', () => {
    expect(errorsOf({ RELAY_PORT: 'x', RELAY_LOG_LEVEL: 'y' })).toHaveLength(2);
  });
});

describe('relay config file', () => {
  it('fills settings the environment leaves unset, and the environment wins', () => {
    const merged = mergeConfigFile({ RELAY_PORT: '9000', RELAY_HOST: '' }, { RELAY_PORT: 8000, RELAY_HOST: '0.0.0.0', RELAY_LOG_LEVEL: 'warn' }, 'relay.json');
    if (!merged.ok) throw new Error(merged.errors.join('; '));
    expect(settingsOf(merged.source as Record<string, string>)).toMatchObject({ port: 9000, host: '0.0.0.0', logLevel: 'warn' });
  });

  it('names an unknown key and a value of the wrong kind', () => {
    const merged = mergeConfigFile({}, { RELAY_PROT: 1, RELAY_HOST: ['a'] }, 'relay.json');
    expect(merged.ok).toBe(false);
    if (!merged.ok) expect(merged.errors.join('\n')).toMatch(/RELAY_PROT[\s\S]*RELAY_HOST/);
  });
});

describe('relay README', () => {
  it('documents every setting with its default', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const setting of RELAY_SETTINGS) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${setting.name}\``));
      expect(row, `${setting.name} row`).toBeDefined();
      expect(row).toContain(setting.default);
    }
  });
});

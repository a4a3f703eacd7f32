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
      maxJsonDepth: 64,
      publicUrl: null,
      trustedProxies: [
        { address: '127.0.0.0', prefix: 8, family: 'ipv4' },
        { address: '::1', prefix: 128, family: 'ipv6' },
      ],
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 1024,
      maxConnectionsPerAddress: 64,
      firstByteTimeoutMs: 5_000,
      maxHeaderBytes: 16_384,
      webhookRateLimit: { perSecond: 50, burst: 500 },
      authFailureRateLimit: { perSecond: 10 / 60, burst: 20 },
      maxStreamsPerDevice: 8,
      metricsToken: null,
      consoleEventFutureToleranceMs: 300_000,
      providers: { openphone: { keys: null, phoneNumberIds: {} }, quickbooks: { verifierToken: null } },
      signatureToleranceMs: 300_000,
      heartbeatMs: 30_000,
      logLevel: 'info',
    });
  });

  it('treats an empty value as unset', () => {
    expect(settingsOf({ RELAY_PORT: '', OPENPHONE_WEBHOOK_SECRET: '' })).toMatchObject({ port: 8787, providers: { openphone: { keys: null } } });
  });

  it.each(['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost', 'relay.internal', 'vps-1.example.com'])('listens on RELAY_HOST=%s', (host) => {
    const parsed = parseRelaySettings({ RELAY_HOST: host });
    expect(parsed.ok && parsed.settings.host).toBe(host);
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
      RELAY_PUBLIC_URL: 'https://relay.example.com/',
      RELAY_TRUSTED_PROXIES: '10.0.0.0/8, 2001:db8::1',
      RELAY_RATE_LIMIT_EXEMPT: 'none',
      RELAY_MAX_JSON_DEPTH: '32',
      RELAY_HEADERS_TIMEOUT_SECONDS: '2',
      RELAY_REQUEST_TIMEOUT_SECONDS: '3',
      RELAY_KEEP_ALIVE_TIMEOUT_SECONDS: '4',
      RELAY_MAX_CONNECTIONS: '100',
      RELAY_MAX_HEADER_BYTES: '8192',
      RELAY_WEBHOOK_RATE_PER_SECOND: '0',
      RELAY_WEBHOOK_BURST: '10',
      RELAY_AUTH_FAILURES_PER_MINUTE: '6',
      RELAY_AUTH_FAILURE_BURST: '3',
      RELAY_MAX_STREAMS_PER_DEVICE: '2',
      RELAY_METRICS_TOKEN: 'scrape-me-0123456789',
      RELAY_CONSOLE_EVENT_FUTURE_TOLERANCE_SECONDS: '60',
    });
    expect(settings).toMatchObject({
      publicUrl: 'https://relay.example.com',
      trustedProxies: [
        { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
        { address: '2001:db8::1', prefix: 128, family: 'ipv6' },
      ],
      rateLimitExempt: [],
      maxJsonDepth: 32,
      headersTimeoutMs: 2_000,
      requestTimeoutMs: 3_000,
      keepAliveTimeoutMs: 4_000,
      maxConnections: 100,
      maxHeaderBytes: 8192,
      webhookRateLimit: { perSecond: 0, burst: 10 },
      authFailureRateLimit: { perSecond: 0.1, burst: 3 },
      maxStreamsPerDevice: 2,
      metricsToken: 'scrape-me-0123456789',
      consoleEventFutureToleranceMs: 60_000,
      host: '0.0.0.0',
      port: 0,
      dataDir: '/var/lib/ringside',
      maxBodyBytes: 2048,
      signatureToleranceMs: 60_000,
      heartbeatMs: 5_000,
      logLevel: 'debug',
    });
    expect(settings.providers.openphone).toEqual({
      keys: [{ kind: 'legacy', key: Buffer.alloc(32, 0xa7) }],
      phoneNumberIds: { PNaaa: '+16175550100', PNbbb: '+16175550101' },
    });
  });

  it.each([
    ['RELAY_PORT', 'abc', "RELAY_PORT must be an integer 0-65535, got 'abc'"],
    ['RELAY_PORT', '70000', 'RELAY_PORT'],
    ['RELAY_MAX_BODY_BYTES', '1MB', 'RELAY_MAX_BODY_BYTES'],
    ['RELAY_SIGNATURE_TOLERANCE_SECONDS', '-5', 'RELAY_SIGNATURE_TOLERANCE_SECONDS'],
    ['RELAY_HEARTBEAT_SECONDS', '0', 'RELAY_HEARTBEAT_SECONDS'],
    ['RELAY_LOG_LEVEL', 'loud', 'RELAY_LOG_LEVEL'],
    ['RELAY_HOST', 'my host', 'RELAY_HOST'],
    ['RELAY_HOST', '999.1.1.1', "RELAY_HOST must be an IP address or a host name such as localhost, got '999.1.1.1'"],
    ['RELAY_HOST', '-bad-.example', 'RELAY_HOST'],
    ['RELAY_HOST', 'host_name', 'RELAY_HOST'],
    ['RELAY_TRUSTED_PROXIES', '0.0.0.0/0', 'must not trust every address'],
    ['RELAY_TRUSTED_PROXIES', 'loopback, ::/0', 'must not trust every address'],
    ['OPENPHONE_WEBHOOK_SECRET', 'not base64!', 'OPENPHONE_WEBHOOK_SECRET'],
    ['OPENPHONE_PHONE_NUMBER_IDS', 'PNaaa=12', 'OPENPHONE_PHONE_NUMBER_IDS'],
    ['RELAY_PUBLIC_URL', 'relay.example.com', 'RELAY_PUBLIC_URL must be an absolute URL'],
    ['RELAY_PUBLIC_URL', 'http://relay.example.com', 'RELAY_PUBLIC_URL must be https'],
    ['RELAY_PUBLIC_URL', 'https://relay.example.com/?x=1', 'without credentials, query or fragment'],
    ['RELAY_TRUSTED_PROXIES', '10.0.0.0/33', 'RELAY_TRUSTED_PROXIES'],
    ['RELAY_TRUSTED_PROXIES', 'proxy.local', 'RELAY_TRUSTED_PROXIES'],
    ['RELAY_RATE_LIMIT_EXEMPT', '1.2.3', 'RELAY_RATE_LIMIT_EXEMPT'],
    ['RELAY_MAX_JSON_DEPTH', '2', 'RELAY_MAX_JSON_DEPTH'],
    ['RELAY_HEADERS_TIMEOUT_SECONDS', '0', 'RELAY_HEADERS_TIMEOUT_SECONDS'],
    ['RELAY_REQUEST_TIMEOUT_SECONDS', '5', 'must be at least RELAY_HEADERS_TIMEOUT_SECONDS'],
    ['RELAY_KEEP_ALIVE_TIMEOUT_SECONDS', 'soon', 'RELAY_KEEP_ALIVE_TIMEOUT_SECONDS'],
    ['RELAY_MAX_CONNECTIONS', '0', 'RELAY_MAX_CONNECTIONS'],
    ['RELAY_MAX_CONNECTIONS_PER_ADDRESS', '0', 'RELAY_MAX_CONNECTIONS_PER_ADDRESS'],
    ['RELAY_FIRST_BYTE_TIMEOUT_SECONDS', '0', 'RELAY_FIRST_BYTE_TIMEOUT_SECONDS'],
    ['RELAY_MAX_HEADER_BYTES', '100', 'RELAY_MAX_HEADER_BYTES'],
    ['RELAY_WEBHOOK_RATE_PER_SECOND', '-1', 'RELAY_WEBHOOK_RATE_PER_SECOND'],
    ['RELAY_WEBHOOK_BURST', '0', 'RELAY_WEBHOOK_BURST'],
    ['RELAY_AUTH_FAILURES_PER_MINUTE', 'x', 'RELAY_AUTH_FAILURES_PER_MINUTE'],
    ['RELAY_AUTH_FAILURE_BURST', '0', 'RELAY_AUTH_FAILURE_BURST'],
    ['RELAY_MAX_STREAMS_PER_DEVICE', '0', 'RELAY_MAX_STREAMS_PER_DEVICE'],
    ['RELAY_METRICS_TOKEN', 'short', 'RELAY_METRICS_TOKEN'],
    ['RELAY_CONSOLE_EVENT_FUTURE_TOLERANCE_SECONDS', '1d', 'RELAY_CONSOLE_EVENT_FUTURE_TOLERANCE_SECONDS'],
  ])('refuses a bad %s (%s) with a message naming it', (name, value, expected) => {
    const errors = errorsOf(name === 'RELAY_REQUEST_TIMEOUT_SECONDS' ? { [name]: value, RELAY_HEADERS_TIMEOUT_SECONDS: '10' } : { [name]: value });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(expected);
  });

  it('takes RELAY_PUBLIC_URL over http only for this computer, with a path prefix kept', () => {
    expect(settingsOf({ RELAY_PUBLIC_URL: 'http://127.0.0.1:8787' }).publicUrl).toBe('http://127.0.0.1:8787');
    // The one loopback rule (src/shared/relay-address.ts): every 127.x.x.x, [::1] and localhost.
    expect(settingsOf({ RELAY_PUBLIC_URL: 'http://127.0.0.2:8787' }).publicUrl).toBe('http://127.0.0.2:8787');
    expect(settingsOf({ RELAY_PUBLIC_URL: 'http://[::1]:8787' }).publicUrl).toBe('http://[::1]:8787');
    expect(errorsOf({ RELAY_PUBLIC_URL: 'http://192.168.1.5:8787' })[0]).toMatch(/RELAY_PUBLIC_URL must be https/);
    expect(settingsOf({ RELAY_PUBLIC_URL: 'https://example.com/relay/' }).publicUrl).toBe('https://example.com/relay');
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
  it.each([
    ['relay/README.md', '../README.md'],
    ['README.md', '../../README.md'],
  ])('%s documents every setting with its default', (_name, file) => {
    const readme = readFileSync(new URL(file, import.meta.url), 'utf8');
    for (const setting of RELAY_SETTINGS) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${setting.name}\``));
      expect(row, `${setting.name} row`).toBeDefined();
      expect(row).toContain(setting.default);
    }
  });
});

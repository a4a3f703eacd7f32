import { describe, expect, it } from 'vitest';
import { parseRelaySettings } from '../../src/config';

const KEY = Buffer.alloc(32, 0x5c).toString('base64');
const CLIENT = {
  QUICKBOOKS_CLIENT_ID: 'ABclientid',
  QUICKBOOKS_CLIENT_SECRET: 'very-secret-value',
  QUICKBOOKS_REDIRECT_URI: 'https://relay.example.com/quickbooks/callback',
  QUICKBOOKS_TOKEN_ENCRYPTION_KEY: KEY,
};

function quickBooksOf(env: Record<string, string>) {
  const result = parseRelaySettings(env);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.settings.quickBooks;
}

function errorsOf(env: Record<string, string>): string[] {
  const result = parseRelaySettings(env);
  return result.ok ? [] : result.errors;
}

describe('QuickBooks relay settings', () => {
  it("is off by default and points at Intuit's real sandbox hosts", () => {
    expect(quickBooksOf({})).toEqual({
      client: null,
      environment: 'sandbox',
      authUrl: 'https://appcenter.intuit.com/connect/oauth2',
      tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
      revokeUrl: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
      apiBaseUrl: 'https://sandbox-quickbooks.api.intuit.com',
      syncLeaseMs: 30_000,
      idleRefreshMs: 7 * 86_400_000,
      expiryWarningMs: 30 * 86_400_000,
    });
  });

  it('reads the sync lease, the idle refresh and the expiry warning, and refuses a bad one by name', () => {
    expect(quickBooksOf({ QUICKBOOKS_SYNC_LEASE_SECONDS: '5', QUICKBOOKS_IDLE_REFRESH_DAYS: '1', QUICKBOOKS_EXPIRY_WARNING_DAYS: '365' })).toMatchObject({
      syncLeaseMs: 5_000,
      idleRefreshMs: 86_400_000,
      expiryWarningMs: 365 * 86_400_000,
    });
    expect(errorsOf({ QUICKBOOKS_SYNC_LEASE_SECONDS: '4' })).toEqual(["QUICKBOOKS_SYNC_LEASE_SECONDS must be a whole number from 5 to 600, got '4'"]);
    expect(errorsOf({ QUICKBOOKS_IDLE_REFRESH_DAYS: '91' })).toEqual(["QUICKBOOKS_IDLE_REFRESH_DAYS must be a whole number from 1 to 90, got '91'"]);
    expect(errorsOf({ QUICKBOOKS_EXPIRY_WARNING_DAYS: 'soon' })).toEqual(["QUICKBOOKS_EXPIRY_WARNING_DAYS must be a whole number from 1 to 365, got 'soon'"]);
  });

  it('uses the production API host in production', () => {
    expect(quickBooksOf({ QUICKBOOKS_ENVIRONMENT: 'production' }).apiBaseUrl).toBe('https://quickbooks.api.intuit.com');
  });

  it('reads a complete client and the overridden hosts (for the emulator)', () => {
    const settings = quickBooksOf({
      ...CLIENT,
      QUICKBOOKS_AUTH_BASE_URL: 'http://127.0.0.1:9000/connect/oauth2',
      QUICKBOOKS_TOKEN_URL: 'http://127.0.0.1:9000/oauth2/v1/tokens/bearer',
      QUICKBOOKS_REVOKE_URL: 'http://127.0.0.1:9000/v2/oauth2/tokens/revoke',
      QUICKBOOKS_API_BASE_URL: 'http://127.0.0.1:9000/',
    });
    expect(settings.client).toEqual({
      clientId: 'ABclientid',
      clientSecret: 'very-secret-value',
      redirectUri: 'https://relay.example.com/quickbooks/callback',
      tokenEncryptionKey: Buffer.alloc(32, 0x5c),
    });
    expect(settings.apiBaseUrl).toBe('http://127.0.0.1:9000');
  });

  it('names every client setting missing once a client id is set', () => {
    const errors = errorsOf({ QUICKBOOKS_CLIENT_ID: 'ABclientid' });
    expect(errors).toEqual([
      'QUICKBOOKS_CLIENT_SECRET is required when QUICKBOOKS_CLIENT_ID is set',
      'QUICKBOOKS_REDIRECT_URI is required when QUICKBOOKS_CLIENT_ID is set',
      'QUICKBOOKS_TOKEN_ENCRYPTION_KEY is required when QUICKBOOKS_CLIENT_ID is set',
    ]);
  });

  it('refuses a secret without a client id', () => {
    expect(errorsOf({ QUICKBOOKS_CLIENT_SECRET: 'very-secret-value' })).toEqual(['QUICKBOOKS_CLIENT_SECRET is set but QUICKBOOKS_CLIENT_ID is not; set both or neither']);
  });

  it.each([
    ['QUICKBOOKS_ENVIRONMENT', 'staging'],
    ['QUICKBOOKS_TOKEN_ENCRYPTION_KEY', Buffer.alloc(16, 1).toString('base64')],
    ['QUICKBOOKS_TOKEN_ENCRYPTION_KEY', 'not base64!'],
    ['QUICKBOOKS_REDIRECT_URI', 'http://relay.example.com/quickbooks/callback'],
    ['QUICKBOOKS_REDIRECT_URI', 'relay.example.com/callback'],
    ['QUICKBOOKS_TOKEN_URL', 'ftp://example.com/token'],
  ])('refuses a bad %s (%s) with a message naming it', (name, value) => {
    const errors = errorsOf({ ...CLIENT, [name]: value });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(name);
  });

  it('allows an http localhost redirect in sandbox only (Intuit refuses it for production keys)', () => {
    const local = { ...CLIENT, QUICKBOOKS_REDIRECT_URI: 'http://localhost:8787/quickbooks/callback' };
    expect(quickBooksOf(local).client?.redirectUri).toBe('http://localhost:8787/quickbooks/callback');
    expect(quickBooksOf({ ...CLIENT, QUICKBOOKS_REDIRECT_URI: 'http://127.0.0.2:8787/quickbooks/callback' }).client?.redirectUri).toBe('http://127.0.0.2:8787/quickbooks/callback');
    expect(errorsOf({ ...CLIENT, QUICKBOOKS_REDIRECT_URI: 'http://192.168.1.5:8787/quickbooks/callback' })[0]).toMatch(/must be https \(http is allowed only for localhost\)/);
    expect(errorsOf({ ...local, QUICKBOOKS_ENVIRONMENT: 'production' })[0]).toMatch(/QUICKBOOKS_REDIRECT_URI must be https for production/);
  });

  it('never echoes the client secret or the encryption key', () => {
    const badKey = Buffer.alloc(31, 7).toString('base64');
    const errors = errorsOf({ ...CLIENT, QUICKBOOKS_TOKEN_ENCRYPTION_KEY: badKey, QUICKBOOKS_REDIRECT_URI: 'nope' }).join('\n');
    expect(errors).toContain('QUICKBOOKS_TOKEN_ENCRYPTION_KEY must be 32 bytes');
    expect(errors).not.toContain(badKey);
    expect(errors).not.toContain(CLIENT.QUICKBOOKS_CLIENT_SECRET);
  });
});

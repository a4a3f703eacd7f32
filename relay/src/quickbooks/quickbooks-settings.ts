/**
 * The relay's QuickBooks Online settings (shared/specs/quickbooks-online.md §1, §2).
 * The relay is the OAuth token broker: it alone holds the client secret and the
 * encryption key for the refresh token at rest. The webhook verifier token is the
 * webhook provider's setting (relay/src/providers/quickbooks/provider.ts).
 * Parsing is pure; error messages name settings and never echo a secret.
 */

import { isLoopbackHost } from '../../../src/shared/relay-address';

export const QUICKBOOKS_ENVIRONMENTS = ['sandbox', 'production'] as const;
export type QuickBooksEnvironment = (typeof QUICKBOOKS_ENVIRONMENTS)[number];

/** Intuit's real hosts (spec §1). The OAuth endpoints are the same for both environments. */
export const INTUIT_AUTH_URL = 'https://appcenter.intuit.com/connect/oauth2';
export const INTUIT_TOKEN_URL = 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer';
export const INTUIT_REVOKE_URL = 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke';
export const INTUIT_API_BASE_URLS: Readonly<Record<QuickBooksEnvironment, string>> = {
  sandbox: 'https://sandbox-quickbooks.api.intuit.com',
  production: 'https://quickbooks.api.intuit.com',
};

/** The OAuth client: all of it or none of it (then every QuickBooks endpoint answers 503). */
export interface QuickBooksClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** AES-256-GCM key for the refresh token at rest. */
  tokenEncryptionKey: Buffer;
}

export interface QuickBooksSettings {
  /** null while QUICKBOOKS_CLIENT_ID is unset. */
  client: QuickBooksClient | null;
  environment: QuickBooksEnvironment;
  authUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  apiBaseUrl: string;
  /** QUICKBOOKS_SYNC_LEASE_SECONDS, in ms: how long a bookkeeper console's turn to sync lasts unless renewed. */
  syncLeaseMs: number;
  /** QUICKBOOKS_IDLE_REFRESH_DAYS, in ms: the relay refreshes a token nobody used for this long. */
  idleRefreshMs: number;
  /** QUICKBOOKS_EXPIRY_WARNING_DAYS, in ms: warn this long before the refresh token's rolling or hard expiry. */
  expiryWarningMs: number;
}

const DAY_MS = 86_400_000;

/** What the 503 answers name while the client is not configured. */
export const QUICKBOOKS_CLIENT_SETTINGS = ['QUICKBOOKS_CLIENT_ID', 'QUICKBOOKS_CLIENT_SECRET', 'QUICKBOOKS_REDIRECT_URI', 'QUICKBOOKS_TOKEN_ENCRYPTION_KEY'] as const;

export const QUICKBOOKS_SETTING_DESCRIPTIONS = [
  { name: 'QUICKBOOKS_CLIENT_ID', default: 'unset', description: 'Client ID of the Intuit app (developer portal → Keys & OAuth). While unset, the /v1/quickbooks endpoints and /quickbooks/callback answer 503 naming the settings to set.' },
  { name: 'QUICKBOOKS_CLIENT_SECRET', default: 'unset', description: 'Client secret of the Intuit app; required when QUICKBOOKS_CLIENT_ID is set. Used for every code exchange, refresh and revoke; never sent to consoles, never logged.' },
  { name: 'QUICKBOOKS_REDIRECT_URI', default: 'unset', description: "The relay's public callback, registered in the Intuit app exactly as written, e.g. https://relay.example.com/quickbooks/callback (the proxy must pass it to the relay's /quickbooks/callback). https, or http to localhost in sandbox." },
  { name: 'QUICKBOOKS_ENVIRONMENT', default: 'sandbox', description: 'sandbox or production: which API host consoles are told to use. The keys must be of the same kind.' },
  { name: 'QUICKBOOKS_TOKEN_ENCRYPTION_KEY', default: 'unset', description: '32 random bytes, base64 (openssl rand -base64 32); required when QUICKBOOKS_CLIENT_ID is set. Encrypts the refresh token at rest (AES-256-GCM). Changing it makes the stored token unreadable: QuickBooks then needs reconnecting.' },
  { name: 'QUICKBOOKS_AUTH_BASE_URL', default: INTUIT_AUTH_URL, description: 'Authorize (user consent) URL. Override only to point at the QuickBooks emulator.' },
  { name: 'QUICKBOOKS_TOKEN_URL', default: INTUIT_TOKEN_URL, description: 'Token endpoint (code exchange and refresh). Override only for the emulator.' },
  { name: 'QUICKBOOKS_REVOKE_URL', default: INTUIT_REVOKE_URL, description: 'Revoke endpoint, called on disconnect. Override only for the emulator.' },
  {
    name: 'QUICKBOOKS_API_BASE_URL',
    default: `${INTUIT_API_BASE_URLS.sandbox} (sandbox) or ${INTUIT_API_BASE_URLS.production} (production)`,
    description: 'Accounting API base handed to consoles with each access token, and used to read CompanyInfo. Override only for the emulator.',
  },
  {
    name: 'QUICKBOOKS_SYNC_LEASE_SECONDS',
    default: '30',
    description:
      "5–600. One bookkeeper console at a time talks to QuickBooks for the company (Intuit's 500 requests a minute and 10 a second are per company); its turn lasts this long and is renewed every third of it while it syncs. A console that goes away without a word is taken over after at most this long.",
  },
  {
    name: 'QUICKBOOKS_IDLE_REFRESH_DAYS',
    default: '7',
    description: "1–90. The relay refreshes the QuickBooks token itself when it was last refreshed this many days ago (checked hourly), so the refresh token's 100-day rolling expiry never passes while every console is idle.",
  },
  {
    name: 'QUICKBOOKS_EXPIRY_WARNING_DAYS',
    default: '30',
    description: "1–365. Warn the admins (banner and the alert email) this many days before the refresh token's rolling expiry or its hard expiry (Intuit's 5-year cap), so someone reconnects QuickBooks in time.",
  },
] as const;

type Value = (name: string) => string | undefined;

export function parseQuickBooksSettings(value: Value, errors: string[]): QuickBooksSettings {
  const environmentRaw = value('QUICKBOOKS_ENVIRONMENT') ?? 'sandbox';
  const environment = (QUICKBOOKS_ENVIRONMENTS as readonly string[]).includes(environmentRaw) ? (environmentRaw as QuickBooksEnvironment) : null;
  if (environment === null) errors.push(`QUICKBOOKS_ENVIRONMENT must be sandbox or production, got '${environmentRaw}'`);

  const url = (name: string, fallback: string): string => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (!isHttpUrl(raw)) errors.push(`${name} must be an absolute http(s) URL, got '${raw}'`);
    return raw.replace(/\/+$/, '');
  };
  const authUrl = url('QUICKBOOKS_AUTH_BASE_URL', INTUIT_AUTH_URL);
  const tokenUrl = url('QUICKBOOKS_TOKEN_URL', INTUIT_TOKEN_URL);
  const revokeUrl = url('QUICKBOOKS_REVOKE_URL', INTUIT_REVOKE_URL);
  const apiBaseUrl = url('QUICKBOOKS_API_BASE_URL', INTUIT_API_BASE_URLS[environment ?? 'sandbox']);

  return {
    client: parseClient(value, environment ?? 'sandbox', errors),
    environment: environment ?? 'sandbox',
    authUrl,
    tokenUrl,
    revokeUrl,
    apiBaseUrl,
    syncLeaseMs: wholeNumber(value, errors, 'QUICKBOOKS_SYNC_LEASE_SECONDS', 30, 5, 600) * 1000,
    idleRefreshMs: wholeNumber(value, errors, 'QUICKBOOKS_IDLE_REFRESH_DAYS', 7, 1, 90) * DAY_MS,
    expiryWarningMs: wholeNumber(value, errors, 'QUICKBOOKS_EXPIRY_WARNING_DAYS', 30, 1, 365) * DAY_MS,
  };
}

function wholeNumber(value: Value, errors: string[], name: string, fallback: number, min: number, max: number): number {
  const raw = value(name);
  if (raw === undefined) return fallback;
  const parsed = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    errors.push(`${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
    return fallback;
  }
  return parsed;
}

function parseClient(value: Value, environment: QuickBooksEnvironment, errors: string[]): QuickBooksClient | null {
  const clientId = value('QUICKBOOKS_CLIENT_ID');
  if (clientId === undefined) {
    const stray = QUICKBOOKS_CLIENT_SETTINGS.filter((name) => name !== 'QUICKBOOKS_CLIENT_ID' && value(name) !== undefined);
    for (const name of stray) errors.push(`${name} is set but QUICKBOOKS_CLIENT_ID is not; set both or neither`);
    return null;
  }
  const missing = QUICKBOOKS_CLIENT_SETTINGS.filter((name) => value(name) === undefined);
  for (const name of missing) errors.push(`${name} is required when QUICKBOOKS_CLIENT_ID is set`);

  const redirectUri = value('QUICKBOOKS_REDIRECT_URI');
  if (redirectUri !== undefined) {
    const problem = redirectUriProblem(redirectUri, environment);
    if (problem !== null) errors.push(`QUICKBOOKS_REDIRECT_URI ${problem}, got '${redirectUri}'`);
  }
  const keyRaw = value('QUICKBOOKS_TOKEN_ENCRYPTION_KEY');
  let key: Buffer | null = null;
  if (keyRaw !== undefined) {
    key = /^[A-Za-z0-9+/]+={0,2}$/.test(keyRaw) ? Buffer.from(keyRaw, 'base64') : null;
    if (key === null || key.length !== 32) {
      // Never echo the key itself.
      errors.push(`QUICKBOOKS_TOKEN_ENCRYPTION_KEY must be 32 bytes in base64 (openssl rand -base64 32)${key === null ? '' : `, got ${key.length} bytes`}`);
      key = null;
    }
  }
  const clientSecret = value('QUICKBOOKS_CLIENT_SECRET');
  if (missing.length > 0 || key === null || clientSecret === undefined || redirectUri === undefined) return null;
  return { clientId, clientSecret, redirectUri, tokenEncryptionKey: key };
}

/**
 * Intuit accepts only https redirect URIs, except http://localhost for sandbox keys
 * (spec §2.6). Loopback IPs are allowed in sandbox too so a local relay can run
 * against the emulator.
 */
function redirectUriProblem(raw: string, environment: QuickBooksEnvironment): string | null {
  if (!isHttpUrl(raw)) return 'must be an absolute https URL';
  const url = new URL(raw);
  if (url.hash !== '' || raw.includes('#')) return 'must not have a #fragment';
  if (url.protocol === 'https:') return null;
  if (!isLoopbackHost(url.hostname)) return 'must be https (http is allowed only for localhost)';
  if (environment === 'production') return 'must be https for production keys (Intuit refuses localhost)';
  return null;
}

function isHttpUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

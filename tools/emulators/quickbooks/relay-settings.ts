import { randomBytes } from 'node:crypto';
import type { QuickBooksEmulator } from './emulator';

/**
 * The relay's QuickBooks settings pointing at this emulator instead of Intuit, for
 * tests, benchmarks and local trials. `redirectUri` is the relay's callback as the
 * emulator must see it (registered in its `redirectUris`).
 */
export function relaySettingsForEmulator(emulator: QuickBooksEmulator, redirectUri: string): Record<string, string> {
  return {
    QUICKBOOKS_CLIENT_ID: emulator.clientId,
    QUICKBOOKS_CLIENT_SECRET: emulator.clientSecret,
    QUICKBOOKS_REDIRECT_URI: redirectUri,
    QUICKBOOKS_ENVIRONMENT: 'sandbox',
    QUICKBOOKS_TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    QUICKBOOKS_AUTH_BASE_URL: emulator.urls.authorize,
    QUICKBOOKS_TOKEN_URL: emulator.urls.token,
    QUICKBOOKS_REVOKE_URL: emulator.urls.revoke,
    QUICKBOOKS_API_BASE_URL: emulator.urls.base,
    QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: emulator.webhookVerifierToken,
  };
}

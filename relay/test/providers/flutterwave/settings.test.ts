import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRelaySettings } from '../../../src/config';
import { FLUTTERWAVE_SETTING_DESCRIPTIONS, type FlutterwaveSettings } from '../../../src/providers/flutterwave/settings';

const parse = (env: Record<string, string>) => parseRelaySettings({ OPENPHONE_WEBHOOK_SECRET: Buffer.alloc(32, 7).toString('base64'), ...env });
const configured = { FLUTTERWAVE_SECRET_HASH: 'a-long-secret-hash', FLUTTERWAVE_SECRET_KEY: 'FLWSECK_TEST-abc123-X' };

describe('Flutterwave settings', () => {
  it('default to unconfigured, the real v3 API, no renewing plans, retries capped at 5 minutes and an alert after 5 failed tries', () => {
    const result = parse({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.settings.providers.flutterwave).toEqual({ secretHash: null, secretKey: null, apiBaseUrl: 'https://api.flutterwave.com/v3', redirectUrl: null, paymentPlans: {}, verifyRetryCapMs: 300_000, verifyAlertAfterAttempts: 5, reconcileMs: 900_000 } satisfies FlutterwaveSettings);
  });

  it('read the secret hash, the key, the emulator base, the redirect and the plans', () => {
    const result = parse({ ...configured, FLUTTERWAVE_API_BASE_URL: 'http://127.0.0.1:8791/v3/', FLUTTERWAVE_REDIRECT_URL: 'https://shop.test/thanks', FLUTTERWAVE_PAYMENT_PLANS: 'growth=71001, starter = 71002' });
    expect(result.ok && result.settings.providers.flutterwave).toMatchObject({ apiBaseUrl: 'http://127.0.0.1:8791/v3', redirectUrl: 'https://shop.test/thanks', paymentPlans: { growth: '71001', starter: '71002' } });
  });

  it.each([
    [{ FLUTTERWAVE_SECRET_HASH: 'a-long-secret-hash' }, 'FLUTTERWAVE_SECRET_KEY must be set with FLUTTERWAVE_SECRET_HASH'],
    [{ FLUTTERWAVE_SECRET_KEY: 'FLWSECK_TEST-abc-X' }, 'FLUTTERWAVE_SECRET_HASH must be set with FLUTTERWAVE_SECRET_KEY'],
    [{ ...configured, FLUTTERWAVE_SECRET_HASH: 'short' }, 'FLUTTERWAVE_SECRET_HASH is too short'],
    [{ ...configured, FLUTTERWAVE_SECRET_KEY: 'FLWPUBK_TEST-abc-X' }, 'FLUTTERWAVE_SECRET_KEY must be a Flutterwave secret key'],
    [{ FLUTTERWAVE_API_BASE_URL: 'http://api.flutterwave.com/v3' }, 'FLUTTERWAVE_API_BASE_URL must be https'],
    [{ FLUTTERWAVE_REDIRECT_URL: 'not a url' }, 'FLUTTERWAVE_REDIRECT_URL must be an absolute URL'],
    [{ FLUTTERWAVE_PAYMENT_PLANS: 'growth:71001' }, 'FLUTTERWAVE_PAYMENT_PLANS must be planId=FlutterwavePlanId pairs'],
    [{ FLUTTERWAVE_PAYMENT_PLANS: 'growth=71001,starter=71001' }, 'FLUTTERWAVE_PAYMENT_PLANS names Flutterwave plan 71001 twice'],
    [{ FLUTTERWAVE_VERIFY_RETRY_MAX_SECONDS: '0' }, 'FLUTTERWAVE_VERIFY_RETRY_MAX_SECONDS must be a number of seconds from 1 to 86400'],
    [{ FLUTTERWAVE_RECONCILE_SECONDS: '-1' }, 'FLUTTERWAVE_RECONCILE_SECONDS must be a number of seconds from 0 (never) to 86400'],
    [{ FLUTTERWAVE_VERIFY_ALERT_AFTER_ATTEMPTS: 'many' }, 'FLUTTERWAVE_VERIFY_ALERT_AFTER_ATTEMPTS must be a number of tries from 1 to 1000'],
  ])('stop start-up naming a bad value: %o', (env, message) => {
    const result = parse(env);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toContain(message);
  });

  it.each(['README.md', 'relay/README.md'])('each have a row in the settings table of %s with their default', (file) => {
    const readme = readFileSync(new URL(`../../../../${file}`, import.meta.url), 'utf8');
    for (const setting of FLUTTERWAVE_SETTING_DESCRIPTIONS) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${setting.name}\``));
      expect(row, setting.name).toContain(setting.default);
    }
  });
});

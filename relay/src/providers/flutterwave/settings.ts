import type { SettingDescription, SettingReader } from '../../config';
import { integerSettings } from '../../integer-setting';
import { isLoopbackHost } from '../../../../src/shared/relay-address';

/**
 * Flutterwave's settings (docs/providers/flutterwave.md): the dashboard secret hash webhooks
 * are signed with, the secret key the relay verifies payments and creates links with (it
 * never leaves the relay), the v3 API base (the emulator's in the demo and tests), where the
 * customer returns after paying, the Flutterwave payment plans Ringside plans subscribe to,
 * and how the verifier retries. Pure.
 */

export interface FlutterwaveSettings {
  secretHash: string | null;
  secretKey: string | null;
  /** Without a trailing slash, e.g. https://api.flutterwave.com/v3. */
  apiBaseUrl: string;
  /** Null: RELAY_PUBLIC_URL + /payments/thank-you (the relay's own page). */
  redirectUrl: string | null;
  /** Ringside planId → Flutterwave payment plan id, so a subscription link subscribes the customer and Flutterwave renews it. */
  paymentPlans: Readonly<Record<string, string>>;
  verifyRetryCapMs: number;
  verifyAlertAfterAttempts: number;
  /** How often the links of the last two days are looked up by reference for a payment whose webhook never came; 0: never. */
  reconcileMs: number;
}

export const DEFAULT_FLUTTERWAVE_API_BASE_URL = 'https://api.flutterwave.com/v3';

export const FLUTTERWAVE_SETTING_DESCRIPTIONS: readonly SettingDescription[] = [
  {
    name: 'FLUTTERWAVE_SECRET_HASH',
    default: 'unset',
    description:
      "The secret hash set in Flutterwave's dashboard (Settings > Webhooks), which Flutterwave sends as verif-hash (and signs flutterwave-signature with). While unset, /webhooks/flutterwave answers 503. Needs FLUTTERWAVE_SECRET_KEY.",
  },
  {
    name: 'FLUTTERWAVE_SECRET_KEY',
    default: 'unset',
    description:
      'The Flutterwave secret key (FLWSECK-…, or FLWSECK_TEST-… in test mode): every payment is verified with it before any value is given, and payment links are created with it. Stays on the relay. While unset, payment links answer 503. Needs FLUTTERWAVE_SECRET_HASH.',
  },
  { name: 'FLUTTERWAVE_API_BASE_URL', default: DEFAULT_FLUTTERWAVE_API_BASE_URL, description: 'The v3 API base. Change it only to point at the Flutterwave emulator (https, or http on loopback).' },
  {
    name: 'FLUTTERWAVE_REDIRECT_URL',
    default: 'RELAY_PUBLIC_URL/payments/thank-you',
    description: "Where the customer's browser goes after paying or cancelling (a page saying the payment is being confirmed; it never credits anything). While neither it nor RELAY_PUBLIC_URL is set, payment links answer 503.",
  },
  {
    name: 'FLUTTERWAVE_PAYMENT_PLANS',
    default: 'none',
    description:
      'Ringside plans that Flutterwave renews by itself, as planId=FlutterwavePlanId pairs separated by commas (e.g. growth=71001). A subscription link for such a plan subscribes the customer on Flutterwave; for any other plan it collects one period.',
  },
  { name: 'FLUTTERWAVE_VERIFY_RETRY_MAX_SECONDS', default: '300', description: 'Longest wait (1–86400 s) between two tries to verify a payment with Flutterwave while its verification endpoint fails; tries start a second apart and double.' },
  {
    name: 'FLUTTERWAVE_RECONCILE_SECONDS',
    default: '900',
    description:
      'How often (0–86400 s; 0: never) the relay looks up its recent payment links at Flutterwave by reference, for a payment whose webhook never came: each link is looked up about 1, 4, 24, 96 and 192 periods after it was made (with the default: 15 min, 1 h, 6 h, 24 h and 48 h), and a payment found is verified like any.',
  },
  { name: 'FLUTTERWAVE_VERIFY_ALERT_AFTER_ATTEMPTS', default: '5', description: 'Failed tries (1–1000) to verify one payment before the owner is alerted; the relay keeps trying after that.' },
];

export function readFlutterwaveSettings(value: SettingReader, errors: string[]): FlutterwaveSettings {
  const integer = integerSettings(value, errors);
  const secretHash = value('FLUTTERWAVE_SECRET_HASH') ?? null;
  const secretKey = value('FLUTTERWAVE_SECRET_KEY') ?? null;
  if (secretHash !== null && secretKey === null) errors.push('FLUTTERWAVE_SECRET_KEY must be set with FLUTTERWAVE_SECRET_HASH: every Flutterwave payment is verified with the secret key before it is credited');
  if (secretKey !== null && secretHash === null) errors.push('FLUTTERWAVE_SECRET_HASH must be set with FLUTTERWAVE_SECRET_KEY: without it the payments of the links created could never arrive');
  if (secretHash !== null && secretHash.length < 8) errors.push('FLUTTERWAVE_SECRET_HASH is too short: choose at least 8 random characters and set the same in Flutterwave\'s dashboard');
  if (secretKey !== null && !/^FLWSECK(_TEST)?-\S+$/.test(secretKey)) errors.push("FLUTTERWAVE_SECRET_KEY must be a Flutterwave secret key (it starts with FLWSECK- or FLWSECK_TEST-); the public key (FLWPUBK…) will not do");
  const apiBaseUrl = httpUrl('FLUTTERWAVE_API_BASE_URL', value('FLUTTERWAVE_API_BASE_URL') ?? DEFAULT_FLUTTERWAVE_API_BASE_URL, errors);
  const redirectRaw = value('FLUTTERWAVE_REDIRECT_URL');
  const redirectUrl = redirectRaw === undefined ? null : httpUrl('FLUTTERWAVE_REDIRECT_URL', redirectRaw, errors);
  return {
    secretHash,
    secretKey,
    apiBaseUrl,
    redirectUrl,
    paymentPlans: paymentPlans(value('FLUTTERWAVE_PAYMENT_PLANS'), errors),
    verifyRetryCapMs: integer('FLUTTERWAVE_VERIFY_RETRY_MAX_SECONDS', 300, 1, 86_400, 'a number of seconds from 1 to 86400') * 1000,
    verifyAlertAfterAttempts: integer('FLUTTERWAVE_VERIFY_ALERT_AFTER_ATTEMPTS', 5, 1, 1000, 'a number of tries from 1 to 1000'),
    reconcileMs: integer('FLUTTERWAVE_RECONCILE_SECONDS', 900, 0, 86_400, 'a number of seconds from 0 (never) to 86400') * 1000,
  };
}

function httpUrl(name: string, raw: string, errors: string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    errors.push(`${name} must be an absolute URL, got '${raw}'`);
    return raw;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) errors.push(`${name} must be https (http only for localhost), got '${raw}'`);
  if (url.username !== '' || url.password !== '') errors.push(`${name} must not carry credentials`);
  return raw.replace(/\/+$/, '');
}

function paymentPlans(raw: string | undefined, errors: string[]): Record<string, string> {
  const plans: Record<string, string> = {};
  if (raw === undefined || raw === 'none') return plans;
  for (const pair of raw.split(',')) {
    const match = /^\s*([^=\s]{1,200})\s*=\s*(\d{1,18})\s*$/.exec(pair);
    if (!match) {
      errors.push(`FLUTTERWAVE_PAYMENT_PLANS must be planId=FlutterwavePlanId pairs separated by commas (e.g. growth=71001), got '${pair.trim()}'`);
      continue;
    }
    if (Object.values(plans).includes(match[2]!)) errors.push(`FLUTTERWAVE_PAYMENT_PLANS names Flutterwave plan ${match[2]} twice: each Flutterwave plan renews one Ringside plan`);
    plans[match[1]!] = match[2]!;
  }
  return plans;
}

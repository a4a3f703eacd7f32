import { defineWebhookProvider } from '../webhook-provider';
import { FLUTTERWAVE_SETTING_DESCRIPTIONS, readFlutterwaveSettings } from './settings';
import { readFlutterwaveWebhook, receivedWebhookEvent } from './webhook-payload';
import { verifyFlutterwaveSignature } from './webhook-signature';

/**
 * POST /webhooks/flutterwave: JSON, `verif-hash` (v3) or `flutterwave-signature` (HMAC of the
 * raw body) checked against FLUTTERWAVE_SECRET_HASH, then the webhook stored as received
 * (provider.unnormalized, source flutterwave) and answered 200 at once, as Flutterwave's
 * retries want. No value comes from the webhook itself: the payment verifier
 * (payment-verifier.ts) reads each stored one from the log, asks Flutterwave's verification
 * endpoint, and appends payment.received or payment.failed once per transaction id.
 */
export const flutterwaveProvider = defineWebhookProvider({
  name: 'flutterwave',
  title: 'Flutterwave',
  settings: FLUTTERWAVE_SETTING_DESCRIPTIONS,
  readSettings: readFlutterwaveSettings,
  create: ({ secretHash }) => ({
    unconfigured: secretHash === null ? 'Flutterwave webhooks are not configured: set FLUTTERWAVE_SECRET_HASH (and FLUTTERWAVE_SECRET_KEY) on the relay' : null,
    bodyFormat: 'json',
    verify: ({ headers, rawBody }) => {
      if (secretHash === null) return { ok: false, reason: 'missing_signature' };
      const check = verifyFlutterwaveSignature(headers, rawBody, secretHash);
      return check.ok ? { ok: true, deliveryId: null } : check;
    },
    normalize: (payload, { receivedAt }) => {
      const read = readFlutterwaveWebhook(payload);
      if (!read.ok) return read;
      const name = read.webhook.kind === 'other' ? read.webhook.event : (payload as { event: string }).event;
      return { ok: true, events: [receivedWebhookEvent(payload, name, Buffer.from(JSON.stringify(payload), 'utf8'), receivedAt)] };
    },
  }),
});

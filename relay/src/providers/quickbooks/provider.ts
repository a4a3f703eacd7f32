import { refusedWebhookEvent, unreadableWebhookEvent } from './unreadable-webhook';
import { parseQuickBooksWebhook } from './webhook-payload';
import { verifyIntuitSignature } from './webhook-signature';
import { defineWebhookProvider } from '../webhook-provider';

/**
 * POST /webhooks/quickbooks: JSON (legacy and CloudEvents bodies), `intuit-signature`
 * over the raw bytes, one quickbooks.entities_changed event per company, all of a
 * delivery's events appended together. Intuit wants 200 within 3 s; a redelivery maps
 * to the same event ids and stores nothing new. A signed body it cannot read is stored raw
 * (provider.unnormalized) and answered 200 too (unreadable-webhook.ts); one too large or unstorable is
 * kept as a small marker of that kind, also answered 200. QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN is read
 * here and nowhere else; the OAuth client's settings are relay/src/quickbooks/quickbooks-settings.ts.
 */
export const quickBooksProvider = defineWebhookProvider({
  name: 'quickbooks',
  title: 'QuickBooks',
  settings: [
    {
      name: 'QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN',
      default: 'unset',
      description: "The Intuit app's webhook verifier token (not the client secret), for intuit-signature. While unset, /webhooks/quickbooks answers 503.",
    },
  ],
  readSettings: (value) => ({ verifierToken: value('QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN') ?? null }),
  create: ({ verifierToken }) => ({
    unconfigured: verifierToken === null ? 'QuickBooks webhooks are not configured: set QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN on the relay' : null,
    bodyFormat: 'json',
    verify: ({ headers, rawBody }) => {
      const signature = headers['intuit-signature'];
      if (verifierToken !== null && verifyIntuitSignature(rawBody, signature, verifierToken)) return { ok: true, deliveryId: null };
      return { ok: false, reason: signature === undefined ? 'missing_signature' : 'bad_signature' };
    },
    // Verified before anything is parsed, so only Intuit's own bytes are ever stored raw.
    normalize: (payload, { receivedAt }) => {
      const parsed = parseQuickBooksWebhook(payload, receivedAt);
      return parsed.ok ? parsed : { ok: true, events: [unreadableWebhookEvent(payload, Buffer.from(JSON.stringify(payload) ?? '', 'utf8'), receivedAt)] };
    },
    // Not JSON, or nested past RELAY_MAX_JSON_DEPTH: kept as text, never parsed.
    unparsable: (rawBody, { receivedAt }) => ({ ok: true, events: [unreadableWebhookEvent(rawBody.toString('utf8'), rawBody, receivedAt)] }),
    // Larger than RELAY_MAX_BODY_BYTES (read up to 8 MiB to check its signature) or unstorable: a marker, answered 200, and CDC finds the changes.
    refused: { readUpToBytes: 8 * 1_048_576, event: (rawBody, reason, { receivedAt }) => refusedWebhookEvent(rawBody, reason, receivedAt) },
    // Always a list, even for one company: the shape Intuit's deliveries are answered with since they could carry several.
    answer: (stored) => ({
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ events: stored.map(({ seq, duplicate }) => ({ seq, duplicate })) }),
    }),
  }),
});

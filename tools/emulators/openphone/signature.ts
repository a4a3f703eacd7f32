import { createHmac } from 'node:crypto';

/**
 * OpenPhone webhook emulator: the signatures OpenPhone (Quo) puts on its deliveries
 * (spec telephony-providers §1.6 legacy, §1.10 Standard Webhooks). Written apart from
 * the relay's verifier on purpose, so the two check each other against the spec vectors.
 */

/** The full `openphone-signature` header value: `hmac;1;<ts ms>;<base64 HMAC-SHA256>` over `<ts>.<body>`. */
export function signLegacy(keyBase64: string, timestampMs: number, body: string | Buffer): string {
  const key = Buffer.from(keyBase64, 'base64');
  const digest = createHmac('sha256', key).update(`${timestampMs}.`).update(toBytes(body)).digest('base64');
  return `hmac;1;${timestampMs};${digest}`;
}

/** A `webhook-signature` entry: `v1,<base64 HMAC-SHA256>` over `<id>.<ts s>.<body>`, keyed with the decoded `whsec_` key. */
export function signStandard(whsecKey: string, deliveryId: string, timestampSec: number, body: string | Buffer): string {
  const key = Buffer.from(whsecKey.replace(/^whsec_/, ''), 'base64');
  const digest = createHmac('sha256', key).update(`${deliveryId}.${timestampSec}.`).update(toBytes(body)).digest('base64');
  return `v1,${digest}`;
}

function toBytes(body: string | Buffer): Buffer {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

import { randomBytes } from 'node:crypto';
import { postKeptAlive } from '../delivery/kept-alive-post';
import { signLegacy, signStandard } from './signature';

/**
 * OpenPhone webhook emulator: delivers a body to a relay's `/webhooks/openphone` the way
 * OpenPhone does (Content-Type and the signature headers only, spec §1.7).
 */

/** Legacy `openphone-signature` webhooks, or the new generation's Standard Webhooks. */
export type OpenPhoneGeneration = 'legacy' | 'standard';

export interface OpenPhoneSendOptions {
  /** Legacy: the base64 signing secret. Standard: the `whsec_…` key (the prefix is optional). */
  secretBase64: string;
  /** Signing time (default: now). */
  now?: Date;
  generation?: OpenPhoneGeneration;
  /** Standard Webhooks `webhook-id` (default: a fresh `msg_…`); reuse it to emulate a retry. */
  deliveryId?: string;
}

export function sendOpenPhoneWebhook(
  relayBaseUrl: string,
  body: string,
  opts: OpenPhoneSendOptions,
): Promise<{ status: number; text: string }> {
  const url = new URL('webhooks/openphone', relayBaseUrl.endsWith('/') ? relayBaseUrl : `${relayBaseUrl}/`);
  const bytes = Buffer.from(body, 'utf8');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(bytes.length),
    ...signatureHeaders(bytes, opts),
  };
  return postKeptAlive(url, headers, bytes);
}

function signatureHeaders(body: Buffer, opts: OpenPhoneSendOptions): Record<string, string> {
  const nowMs = (opts.now ?? new Date()).getTime();
  if ((opts.generation ?? 'legacy') === 'legacy') {
    return { 'openphone-signature': signLegacy(opts.secretBase64, nowMs, body) };
  }
  const deliveryId = opts.deliveryId ?? `msg_${randomBytes(12).toString('base64url')}`;
  const timestampSec = Math.floor(nowMs / 1000);
  return {
    'webhook-id': deliveryId,
    'webhook-timestamp': String(timestampSec),
    'webhook-signature': signStandard(opts.secretBase64, deliveryId, timestampSec, body),
  };
}

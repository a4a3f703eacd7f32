import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { signLegacy, signStandard } from './signature';

/**
 * OpenPhone webhook emulator: delivers a body to a relay's `/webhooks/openphone` the way
 * OpenPhone does (Content-Type and the signature headers only, spec §1.7). Uses node's
 * http with keep-alive agents because the benchmark sends thousands of deliveries; idle
 * keep-alive sockets are unreferenced, so they never hold a finished process open.
 */

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

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
  const protocol = url.protocol === 'https:' ? 'https:' : url.protocol === 'http:' ? 'http:' : null;
  if (protocol === null) return Promise.reject(new Error(`relay URL must be http or https, got ${url.protocol}`));
  const request = protocol === 'https:' ? https.request : http.request;

  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, agent: agents[protocol] }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(bytes);
  });
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

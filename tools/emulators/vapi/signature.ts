import { createHmac } from 'node:crypto';

/**
 * How Vapi authenticates a server message (spec telephony-providers §3.4), written from
 * the spec, never from the relay: the shared secret in `X-Vapi-Secret`, or an HMAC
 * credential (`HMACAuthenticationPlan`) with Vapi's defaults.
 */

export type VapiAuth =
  | { mode: 'secret'; secret: string }
  | {
      mode: 'hmac';
      secretKey: string;
      algorithm?: 'sha256' | 'sha512' | 'sha1';
      signatureHeader?: string;
      timestampHeader?: string;
      signaturePrefix?: string;
      /** Default true; false signs the body alone. */
      includeTimestamp?: boolean;
      /** Default `{timestamp}.{body}` (`{body}` without the timestamp). */
      payloadFormat?: string;
      signatureEncoding?: 'hex' | 'base64';
      secretIsBase64?: boolean;
    };

/** The headers Vapi adds to a message with `body`, signed at `nowMs` (the HMAC timestamp is in Unix seconds). */
export function vapiAuthHeaders(body: Buffer | string, auth: VapiAuth, nowMs = Date.now(), url = ''): Record<string, string> {
  if (auth.mode === 'secret') return { 'x-vapi-secret': auth.secret };
  const timestamp = String(Math.floor(nowMs / 1000));
  const includeTimestamp = auth.includeTimestamp ?? true;
  const format = auth.payloadFormat ?? (includeTimestamp ? '{timestamp}.{body}' : '{body}');
  const signed = format.replaceAll('{timestamp}', timestamp).replaceAll('{method}', 'POST').replaceAll('{url}', url).split('{body}');
  const key = auth.secretIsBase64 ? Buffer.from(auth.secretKey, 'base64') : Buffer.from(auth.secretKey, 'utf8');
  const hmac = createHmac(auth.algorithm ?? 'sha256', key);
  signed.forEach((piece, index) => {
    if (index > 0) hmac.update(body);
    hmac.update(piece, 'utf8');
  });
  const headers: Record<string, string> = { [auth.signatureHeader ?? 'x-signature']: `${auth.signaturePrefix ?? ''}${hmac.digest(auth.signatureEncoding ?? 'hex')}` };
  if (includeTimestamp || format.includes('{timestamp}')) headers[auth.timestampHeader ?? 'x-timestamp'] = timestamp;
  return headers;
}

import { performance } from 'node:perf_hooks';
import { parseJsonBody } from '../relay/src/http/parse-body';
import { parseOpenPhoneSecrets, verifyOpenPhoneSignature } from '../relay/src/providers/openphone/verify';
import { normalizeOpenPhone } from '../src/shared/providers/openphone/normalize';
import type { PreparedWebhook } from './signed-webhooks';

/**
 * CPU cost of the webhook pipeline's pure steps (signature, JSON parse with the
 * nesting limit, OpenPhone normalization), timed here in the bench process on the same
 * signed payloads the relay receives, after a warm-up, so the relay's own path carries
 * no timers. The relay's CPU per webhook minus these and its commit is what HTTP,
 * routing and the rest cost.
 */

export interface StageCosts {
  verifyMicros: number;
  parseMicros: number;
  normalizeMicros: number;
}

const MAX_JSON_DEPTH = 64;

export function measureStageCosts(webhooks: readonly PreparedWebhook[], secretBase64: string): StageCosts {
  const keys = parseOpenPhoneSecrets(secretBase64);
  const receivedAt = new Date().toISOString();
  const run = (count: number): StageCosts => {
    let verify = 0;
    let parse = 0;
    let normalize = 0;
    for (let i = 0; i < count; i++) {
      const webhook = webhooks[i % webhooks.length]!;
      const t0 = performance.now();
      const verified = verifyOpenPhoneSignature({ headers: webhook.headers, rawBody: webhook.body, keys, nowMs: Date.now(), toleranceMs: 300_000 });
      const t1 = performance.now();
      const parsed = parseJsonBody(webhook.body, MAX_JSON_DEPTH);
      const t2 = performance.now();
      if (!verified.ok || !parsed.ok) throw new Error('a prepared webhook did not verify or parse');
      const normalized = normalizeOpenPhone(parsed.value, { receivedAt, deliveryId: verified.deliveryId, phoneNumberIds: {} });
      const t3 = performance.now();
      if (!normalized.ok) throw new Error(`a prepared webhook did not normalize: ${normalized.error}`);
      verify += t1 - t0;
      parse += t2 - t1;
      normalize += t3 - t2;
    }
    return { verifyMicros: (verify * 1000) / count, parseMicros: (parse * 1000) / count, normalizeMicros: (normalize * 1000) / count };
  };
  run(Math.min(webhooks.length, 2_000));
  return run(Math.min(webhooks.length, 10_000));
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { normalizeOpenPhone } from '../../../src/shared/providers/openphone/normalize';
import { readBody } from '../http/body';
import { sendJson, sendTooLarge } from '../http/respond';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import type { RelayMetrics } from '../metrics';
import { verifyOpenPhoneSignature, type OpenPhoneKey } from '../providers/openphone/verify';
import { appendAndAnswer } from '../http/append-and-answer';

export interface OpenPhoneRouteDeps {
  /** null while OPENPHONE_WEBHOOK_SECRET is unset. */
  keys: OpenPhoneKey[] | null;
  phoneNumberIds: Readonly<Record<string, string>>;
  toleranceMs: number;
  maxBodyBytes: number;
  log: EventLog;
  metrics: RelayMetrics;
  logger: Logger;
  clock: () => number;
}

/**
 * POST /webhooks/openphone: raw body (bounded) → signature on those bytes → JSON →
 * normalized event → durable append → 200. Nothing is stored unless every step passes.
 */
export function openPhoneWebhookRoute(deps: OpenPhoneRouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const read = await readBody(req, deps.maxBodyBytes);
    if (!read.ok) {
      deps.metrics.webhookRejected('openphone', 'too_large');
      return sendTooLarge(res, deps.maxBodyBytes);
    }
    if (deps.keys === null) {
      return sendJson(res, 503, { error: 'OpenPhone webhooks are not configured: set OPENPHONE_WEBHOOK_SECRET on the relay' });
    }
    const now = deps.clock();
    const verification = verifyOpenPhoneSignature({ headers: req.headers, rawBody: read.body, keys: deps.keys, nowMs: now, toleranceMs: deps.toleranceMs });
    if (!verification.ok) {
      deps.metrics.webhookRejected('openphone', verification.reason);
      deps.logger.warn('webhook rejected', { provider: 'openphone', reason: verification.reason, remote: req.socket.remoteAddress });
      return sendJson(res, 401, { error: 'signature verification failed', reason: verification.reason });
    }
    let payload: unknown;
    try {
      payload = JSON.parse(read.body.toString('utf8'));
    } catch {
      deps.metrics.webhookRejected('openphone', 'malformed_json');
      return sendJson(res, 400, { error: 'body is not valid JSON' });
    }
    const normalized = normalizeOpenPhone(payload, {
      receivedAt: new Date(now).toISOString(),
      deliveryId: verification.deliveryId,
      phoneNumberIds: deps.phoneNumberIds,
    });
    if (!normalized.ok) {
      deps.metrics.webhookRejected('openphone', 'malformed_payload');
      deps.logger.warn('webhook rejected', { provider: 'openphone', reason: 'malformed_payload', error: normalized.error });
      return sendJson(res, 400, { error: normalized.error });
    }
    await appendAndAnswer(res, normalized.event, deps);
  };
}

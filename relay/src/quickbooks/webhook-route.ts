import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http/body';
import { sendJson, sendTooLarge } from '../http/respond';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import type { RelayMetrics } from '../metrics';
import { parseQuickBooksWebhook } from './webhook-payload';
import { verifyIntuitSignature } from './webhook-signature';

export interface QuickBooksWebhookRouteDeps {
  /** null while QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN is unset. */
  verifierToken: string | null;
  maxBodyBytes: number;
  log: EventLog;
  metrics: RelayMetrics;
  logger: Logger;
  clock: () => number;
}

/**
 * POST /webhooks/quickbooks: raw body (bounded) → intuit-signature on those bytes →
 * JSON → one quickbooks.entities_changed event per realm → durable append (all of a
 * delivery's events in one transaction) → 200 {events:[{seq, duplicate}]}. Intuit
 * wants 200 within 3 s; a redelivery maps to the same event ids and stores nothing new.
 */
export function quickBooksWebhookRoute(deps: QuickBooksWebhookRouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const read = await readBody(req, deps.maxBodyBytes);
    if (!read.ok) {
      deps.metrics.webhookRejected('quickbooks', 'too_large');
      return sendTooLarge(res, deps.maxBodyBytes);
    }
    if (deps.verifierToken === null) {
      return sendJson(res, 503, { error: 'QuickBooks webhooks are not configured: set QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN on the relay' });
    }
    const signature = req.headers['intuit-signature'];
    if (!verifyIntuitSignature(read.body, signature, deps.verifierToken)) {
      const reason = signature === undefined ? 'missing_signature' : 'bad_signature';
      deps.metrics.webhookRejected('quickbooks', reason);
      deps.logger.warn('webhook rejected', { provider: 'quickbooks', reason, remote: req.socket.remoteAddress });
      return sendJson(res, 401, { error: 'signature verification failed', reason });
    }
    let payload: unknown;
    try {
      payload = JSON.parse(read.body.toString('utf8'));
    } catch {
      deps.metrics.webhookRejected('quickbooks', 'malformed_json');
      return sendJson(res, 400, { error: 'body is not valid JSON' });
    }
    const parsed = parseQuickBooksWebhook(payload, new Date(deps.clock()).toISOString());
    if (!parsed.ok) {
      deps.metrics.webhookRejected('quickbooks', 'malformed_payload');
      deps.logger.warn('webhook rejected', { provider: 'quickbooks', reason: 'malformed_payload', error: parsed.error });
      return sendJson(res, 400, { error: parsed.error });
    }
    try {
      // Queued in one turn, so the event log group-commits them together.
      const results = await Promise.all(parsed.events.map((event) => deps.log.append(event)));
      sendJson(res, 200, { events: results.map((result) => ({ seq: result.seq, duplicate: result.duplicate })) });
    } catch (error) {
      deps.logger.error('append failed', { source: 'quickbooks', error: error instanceof Error ? error.message : String(error) });
      sendJson(res, 503, { error: 'the event could not be stored; retry' }, { 'retry-after': '1' });
    }
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../../src/shared/clock';
import type { RingsideEvent } from '../../../src/shared/events/model';
import { readBody } from '../http/body';
import { parseFormBody, parseJsonBody } from '../http/parse-body';
import type { KeyedRateLimiter } from '../http/rate-limit/keyed-rate-limiter';
import type { Handler, RequestContext } from '../http/request-context';
import { sendJson } from '../http/respond';
import { isUnstorable } from '../http/unstorable';
import type { AppendResult, EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import type { RelayMetrics } from '../metrics';
import { defaultWebhookAnswer, type WebhookAnswer, type WebhookProvider } from '../providers/webhook-provider';
import { repeatsFetchedFact } from './fetched-fact-repeat';

export interface WebhookPipelineDeps {
  maxBodyBytes: number;
  maxJsonDepth: number;
  /** RELAY_PUBLIC_URL without a trailing slash, or null. */
  publicUrl: string | null;
  /** Webhook requests per client address. */
  limiter: KeyedRateLimiter;
  log: EventLog;
  metrics: RelayMetrics;
  logger: Logger;
  clock: Clock;
  /** Called with a delivery's events once every one is durably stored (duplicates too), before the answer: media capture queues their media. Must not throw. */
  onStored?: (events: readonly RingsideEvent[]) => void;
  /** Each signature check's outcome: keeps failing, and the alert service raises an alert (alerts/webhook-signature-watch.ts). */
  onVerified?: (provider: string, title: string, ok: boolean) => void;
  /** Whether a verified delivery was stored, or answered 503 because the log could not take it (alerts/webhook-storage-watch.ts). Must not throw. */
  onStoreOutcome?: (provider: string, title: string, stored: boolean) => void;
}

/**
 * POST /webhooks/<provider>, the same steps for every provider:
 * rate limit → 429, bounded raw body → 413, unconfigured → 503 naming the setting,
 * signature on the raw bytes → 401, nesting limit → 400, parse → 400, normalize → 400,
 * durable append of every event of the delivery → the provider's answer (2xx), or 503
 * when the log could not store them (nothing answered 2xx is ever lost). A provider with `refused`
 * (QuickBooks) gets a signed oversized or unstorable delivery stored as its small marker and answered 2xx.
 * `provider` null: a planned provider, answered 501.
 */
export function webhookRoute(name: string, title: string, provider: WebhookProvider | null, deps: WebhookPipelineDeps): Handler {
  const { metrics, logger } = deps;
  return async (req: IncomingMessage, res: ServerResponse, context: RequestContext): Promise<void> => {
    const started = performance.now();
    const answer = (status: number, body: unknown, headers?: Record<string, string>): void => {
      sendJson(res, status, body, headers);
      metrics.webhookAnswered(name, status, (performance.now() - started) / 1000);
    };
    const reject = (status: number, reason: string, body: unknown, headers?: Record<string, string>): void => {
      metrics.webhookRejected(name, reason);
      answer(status, body, headers);
    };

    if (!context.exempt) {
      const limit = deps.limiter.take(context.limitKey);
      if (!limit.allowed) {
        metrics.rateLimited('webhook');
        const retry = String(limit.retryAfterSeconds);
        return reject(429, 'rate_limited', { error: `too many webhooks from this address; retry in ${retry} s` }, { 'retry-after': retry, connection: 'close' });
      }
    }
    if (provider === null) return answer(501, { error: `${title} webhooks are not implemented yet` });

    // A provider that keeps a marker of refused bodies reads further, to check an oversized body's signature.
    const read = await readBody(req, Math.max(deps.maxBodyBytes, provider.refused?.readUpToBytes ?? 0));
    if (!read.ok) {
      // Closing the connection means the rest of an oversized body is never read.
      return reject(413, 'too_large', { error: `request body is larger than ${deps.maxBodyBytes} bytes (RELAY_MAX_BODY_BYTES)` }, { connection: 'close' });
    }
    if (provider.unconfigured !== null) return answer(503, { error: provider.unconfigured });

    const now = deps.clock();
    const verification = provider.verify({
      headers: req.headers,
      rawBody: read.body,
      publicUrl: deps.publicUrl === null ? null : deps.publicUrl + req.url,
      nowMs: now,
    });
    deps.onVerified?.(name, title, verification.ok);
    if (!verification.ok) {
      logger.warn('webhook rejected', { provider: name, reason: verification.reason, remote: context.clientAddress });
      return reject(401, verification.reason, { error: 'signature verification failed', reason: verification.reason });
    }

    const normalizeContext = { receivedAt: new Date(now).toISOString(), deliveryId: verification.deliveryId, arrivedAt: started, target: req.url };
    const storeRefused = async (reason: 'too_large' | 'unstorable'): Promise<void> => {
      const marker = provider.refused!.event(read.body, reason, normalizeContext);
      let stored: AppendResult;
      try {
        stored = await deps.log.append(marker);
      } catch (error) {
        logger.error('append failed', { provider: name, error: error instanceof Error ? error.message : String(error) });
        deps.onStoreOutcome?.(name, title, false);
        return answer(503, { error: 'the event could not be stored; retry' }, { 'retry-after': '1' });
      }
      deps.onStoreOutcome?.(name, title, true);
      logger.warn('webhook kept as a marker', { provider: name, reason, bytes: read.body.length });
      metrics.webhookRejected(name, reason);
      deps.onStored?.([marker]);
      const reply = providerAnswer(provider, [stored], [marker], deps.log);
      res.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': Buffer.byteLength(reply.body) });
      res.end(reply.body);
      metrics.webhookAnswered(name, reply.status, (performance.now() - started) / 1000);
    };
    if (read.body.length > deps.maxBodyBytes) {
      if (provider.refused === undefined) return reject(413, 'too_large', { error: `request body is larger than ${deps.maxBodyBytes} bytes (RELAY_MAX_BODY_BYTES)` }, { connection: 'close' });
      return storeRefused('too_large');
    }

    const parsed = provider.bodyFormat === 'form' ? parseFormBody(read.body) : parseJsonBody(read.body, deps.maxJsonDepth);
    if (!parsed.ok && provider.unparsable === undefined) {
      logger.warn('webhook rejected', { provider: name, reason: parsed.reason, remote: context.clientAddress });
      return reject(400, parsed.reason, { error: parsed.error });
    }
    const normalized = parsed.ok ? provider.normalize(parsed.value, normalizeContext) : provider.unparsable!(read.body, normalizeContext);
    if (!normalized.ok) {
      logger.warn('webhook rejected', { provider: name, reason: 'malformed_payload', error: normalized.error });
      return reject(400, 'malformed_payload', { error: normalized.error });
    }

    const { events } = normalized;
    let stored: AppendResult[];
    try {
      // A late webhook of a fact the import or the reconciliation already fetched is answered
      // as a duplicate of it, not stored again (fetched-fact-repeat.ts). Appended in one turn,
      // so the event log group-commits a delivery's events together.
      stored = await Promise.all(events.map((event) => deps.log.append(event, { unlessRepeats: (fetched) => repeatsFetchedFact(event, fetched) })));
      if (stored.some((result) => result.repeated)) logger.info('webhook repeats facts already fetched from the API', { provider: name, types: events.filter((_, index) => stored[index]!.repeated).map((event) => event.type) });
    } catch (error) {
      if (isUnstorable(error) && provider.refused !== undefined) return storeRefused('unstorable');
      if (isUnstorable(error)) {
        logger.warn('webhook rejected', { provider: name, reason: 'unstorable', error: error.message });
        return reject(400, 'unstorable', { error: `the event can never be stored: ${error.message}` });
      }
      logger.error('append failed', { provider: name, error: error instanceof Error ? error.message : String(error) });
      deps.onStoreOutcome?.(name, title, false);
      return answer(503, { error: 'the event could not be stored; retry' }, { 'retry-after': '1' });
    }
    deps.onStoreOutcome?.(name, title, true);
    deps.onStored?.(events);
    const reply = providerAnswer(provider, stored, events, deps.log);
    res.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': Buffer.byteLength(reply.body) });
    res.end(reply.body);
    metrics.webhookAnswered(name, reply.status, (performance.now() - started) / 1000);
  };
}

/** The provider's answer, given each event as the log holds it (a duplicate's first copy, read back only when the provider answers itself). */
function providerAnswer(provider: WebhookProvider, stored: readonly AppendResult[], events: readonly RingsideEvent[], log: EventLog): WebhookAnswer {
  if (provider.answer === undefined) return defaultWebhookAnswer(stored);
  const held = events.map((event, index) => {
    const result = stored[index]!;
    if (!result.duplicate) return event;
    const entry = log.readAfter(result.seq - 1, 1)[0];
    return entry?.seq === result.seq ? (JSON.parse(entry.json) as RingsideEvent) : event;
  });
  return provider.answer(stored, held);
}

import type { Clock } from '../../shared/clock';
import { classifyFault, isFaultBody, QuickBooksFault, type QuickBooksFaultInfo } from './fault-classification';
import type { SlidingWindowRateLimiter } from './rate-limiter';
import type { AccessGrant, TokenSource } from './relay-token-source';
import { backoffDelay } from '../../shared/backoff/backoff';
import { createOutboundClient, OutboundUnreachable, type OutboundAnswer, type OutboundClient } from '../http/outbound-client';
import { DEFAULT_RETRY_POLICY, throttleDelay, type RetryPolicy } from './retry-policy';

/**
 * A thin client for the QuickBooks Online Accounting API (spec §3, §11): one place that adds
 * `minorversion`, `requestid`, `Accept: application/json`, the bearer token, the realm throttle
 * and the retries, over the console's one outbound HTTP client (timeouts, logging). Talks to whatever host the relay names (Intuit's, or the emulator in tests).
 *
 * Retries: a 401 gets a fresh token once; a 429 waits (Retry-After, else 60 s); 5xx, a fault
 * in a 200, timeouts and dropped connections back off with full jitter. A write keeps its
 * requestid across every try, so QuickBooks replays rather than repeats it.
 */

/** Every request behaves as 75 since 2025-08 (spec §3). */
export const MINOR_VERSION = '75';

export interface QuickBooksApiOptions {
  tokens: TokenSource;
  limiter: SlidingWindowRateLimiter;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
  retry?: RetryPolicy;
  /** Per request; Intuit gives up after 120 s itself. */
  timeoutMs?: number;
  /** Tells the sync page about waits and refreshes. */
  onRetry?: (event: { path: string; fault: QuickBooksFaultInfo; waitMs: number }) => void;
}

export interface ApiRequest {
  method: 'GET' | 'POST';
  /** Under /v3/company/{realmId}, e.g. "/invoice" or "/invoice/1042/send". */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Sent as the `requestid` query parameter on every try (≤50 chars, ≤36 for batch). */
  requestId?: string;
  /** 'octet' for /send, which fails with a JSON content type (spec §4). */
  contentType?: 'json' | 'octet';
  batch?: boolean;
}

export interface ApiAnswer<T> {
  json: T;
  intuitTid: string | null;
  /** Tries it took, the successful one included. */
  attempts: number;
}

const MAX_THROTTLE_WAITS = 10;

export class QuickBooksApi {
  private readonly http: OutboundClient;
  private readonly retry: RetryPolicy;
  private readonly random: () => number;

  constructor(private readonly options: QuickBooksApiOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.random = options.random ?? Math.random;
    // No retries there: QuickBooks' faults decide them here (401 refresh, 429 wait, backoff).
    this.http = createOutboundClient({ service: 'QuickBooks', timeoutMs: options.timeoutMs ?? 30_000 });
  }

  /** The company the current token is for. */
  async realm(): Promise<{ realmId: string; apiBaseUrl: string }> {
    const grant = await this.options.tokens.accessToken();
    return { realmId: grant.realmId, apiBaseUrl: grant.apiBaseUrl };
  }

  async request<T>(request: ApiRequest): Promise<ApiAnswer<T>> {
    let grant = await this.options.tokens.accessToken();
    let refreshed = false;
    let failures = 0;
    let throttles = 0;
    for (let attempt = 1; ; attempt++) {
      const slot = await this.options.limiter.acquire(request.batch === true);
      let response: OutboundAnswer | null = null;
      let networkError: string | null = null;
      try {
        response = await this.send(grant, request);
      } catch (error) {
        if (!(error instanceof OutboundUnreachable)) throw error;
        networkError = error.message;
      } finally {
        slot.answered();
      }
      const intuitTid = response ? headerOf(response, 'intuit_tid') : null;
      if (response && response.status >= 200 && response.status < 300) {
        const json = parseJson(response.text);
        if (json !== undefined && !isFaultBody(json)) return { json: json as T, intuitTid, attempts: attempt };
      }
      const fault = classifyFault({
        status: response?.status ?? null,
        body: response?.text ?? '',
        intuitTid,
        retryAfter: response ? headerOf(response, 'retry-after') : null,
        nowMs: this.options.clock(),
        ...(networkError !== null ? { networkError } : {}),
      });
      // A 200 carrying a Fault (spec §7.1-4) is transient only when it says so (10000).
      const info: QuickBooksFaultInfo = response?.status === 200 && fault.kind === 'validation' && fault.code === null ? { ...fault, kind: 'retryable', message: 'QuickBooks answered 200 without a readable body' } : fault;
      if (info.kind === 'auth' && !refreshed) {
        refreshed = true;
        grant = await this.options.tokens.accessToken(grant.accessToken);
        continue;
      }
      if (info.kind === 'throttled' && throttles < MAX_THROTTLE_WAITS) {
        throttles += 1;
        const waitMs = throttleDelay(info.retryAfterMs, this.retry);
        this.options.onRetry?.({ path: request.path, fault: info, waitMs });
        await this.options.sleep(waitMs);
        continue;
      }
      if (info.kind === 'retryable' && failures + 1 < this.retry.maxAttempts) {
        const waitMs = backoffDelay(failures, this.random, this.retry);
        failures += 1;
        this.options.onRetry?.({ path: request.path, fault: info, waitMs });
        await this.options.sleep(waitMs);
        continue;
      }
      throw new QuickBooksFault({ ...info, attempts: attempt });
    }
  }

  /** SELECT statement (spec §5.2); the entity's list, or [] for an empty QueryResponse. */
  async query<T>(statement: string): Promise<{ rows: T[]; intuitTid: string | null; totalCount: number | null }> {
    const answer = await this.request<{ QueryResponse?: Record<string, unknown> }>({ method: 'GET', path: '/query', query: { query: statement } });
    const response = answer.json.QueryResponse ?? {};
    const list = Object.values(response).find(Array.isArray) as T[] | undefined;
    const totalCount = typeof response.totalCount === 'number' ? response.totalCount : null;
    return { rows: list ?? [], intuitTid: answer.intuitTid, totalCount };
  }

  private send(grant: AccessGrant, request: ApiRequest): Promise<OutboundAnswer> {
    const url = `${grant.apiBaseUrl}/v3/company/${encodeURIComponent(grant.realmId)}${request.path}`;
    const params: Record<string, string> = { ...request.query, minorversion: MINOR_VERSION };
    if (request.requestId !== undefined) params.requestid = request.requestId;
    const headers: Record<string, string> = { authorization: `Bearer ${grant.accessToken}`, accept: 'application/json' };
    let body: unknown = undefined;
    if (request.contentType === 'octet') {
      headers['content-type'] = 'application/octet-stream';
      body = Buffer.alloc(0);
    } else if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.body);
    }
    return this.http.send({ method: request.method, url, params, headers, ...(body !== undefined ? { body } : {}) });
  }
}

/** Escapes a value for a query string literal: backslash before `'` and `\` (spec §5.2). */
export function queryLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function headerOf(response: OutboundAnswer, name: string): string | null {
  return response.headers[name] ?? null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

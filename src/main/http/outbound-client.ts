import axios, { type AxiosInstance } from 'axios';
import { backoffDelay, type BackoffPolicy } from '../../shared/backoff/backoff';
import { silentLogger, type Logger } from '../core/logger';

/**
 * Every HTTP call the console makes (the relay's REST endpoints, QuickBooks Online) goes
 * through one of these: one place for timeouts, retries and logging. A call answers with
 * whatever status came back (the caller decides what a 4xx means); only "no answer at all"
 * throws, as OutboundUnreachable. Logs name the service, method, host and path, never
 * headers, bodies or query strings (they carry tokens, names and phone numbers).
 */

export interface OutboundRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string | URL;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as it is; anything else as JSON (with its content type). */
  body?: unknown;
  /** Read the answer as bytes (media) into `bytes`, not as text. */
  binary?: boolean;
}

export interface OutboundAnswer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  text: string;
  /** The answer's bytes, for a `binary` request. */
  bytes?: Buffer;
  /** Tries it took, the answered one included. */
  attempts: number;
}

/** No answer: refused, reset, timed out, or the host unknown. */
export class OutboundUnreachable extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'OutboundUnreachable';
  }
}

export interface OutboundRetry extends BackoffPolicy {
  /** Tries in all, the first included; 1 means no retry. */
  attempts: number;
  /** Answers retried like no answer at all; default 502, 503, 504 (the far side's proxy or a restart). */
  statuses?: readonly number[];
}

export interface OutboundClientOptions {
  /** Names the far side in messages and logs ("relay", "QuickBooks"). */
  service: string;
  timeoutMs: number;
  /**
   * Retried: no answer, and the `statuses` answers. Only for calls that are safe to repeat;
   * a caller with its own rules (QuickBooks' faults) leaves this out.
   */
  retry?: OutboundRetry;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface OutboundClient {
  send(request: OutboundRequest): Promise<OutboundAnswer>;
}

let outboundLogger: Logger = silentLogger;

/** Where every outbound client without a logger of its own logs; the shell sets it once at start. */
export function logOutboundCallsTo(logger: Logger): void {
  outboundLogger = logger;
}

const RETRIED_STATUSES: readonly number[] = [502, 503, 504];

export function createOutboundClient(options: OutboundClientOptions): OutboundClient {
  const log = (): Logger => options.logger ?? outboundLogger;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const retry = options.retry ?? { attempts: 1, baseMs: 0, capMs: 0 };
  const retriedStatuses = new Set(retry.statuses ?? RETRIED_STATUSES);
  const http: AxiosInstance = axios.create({
    timeout: options.timeoutMs,
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    maxRedirects: 0,
  });

  async function once(request: OutboundRequest): Promise<Omit<OutboundAnswer, 'attempts'>> {
    const headers: Record<string, string> = { ...request.headers };
    let data: unknown = undefined;
    if (typeof request.body === 'string' || Buffer.isBuffer(request.body)) data = request.body;
    else if (request.body !== undefined) {
      data = JSON.stringify(request.body);
      headers['content-type'] ??= 'application/json';
    }
    try {
      const response = await http.request<string | ArrayBuffer>({
        method: request.method,
        url: request.url.toString(),
        params: request.params,
        headers,
        data,
        ...(request.binary ? { responseType: 'arraybuffer' as const } : {}),
      });
      const answerHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') answerHeaders[name.toLowerCase()] = value;
      if (request.binary) return { status: response.status, headers: answerHeaders, text: '', bytes: Buffer.from(response.data as ArrayBuffer) };
      return { status: response.status, headers: answerHeaders, text: typeof response.data === 'string' ? response.data : '' };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const why = error instanceof Error ? error.message : String(error);
      throw new OutboundUnreachable(`${options.service} unreachable at ${new URL(request.url).origin}: ${why}`, typeof code === 'string' ? code : null);
    }
  }

  return {
    async send(request) {
      const where = `${request.method} ${new URL(request.url).origin}${new URL(request.url).pathname}`;
      for (let attempt = 1; ; attempt++) {
        const startedAt = Date.now();
        let outcome: Omit<OutboundAnswer, 'attempts'> | OutboundUnreachable;
        try {
          outcome = await once(request);
        } catch (error) {
          if (!(error instanceof OutboundUnreachable)) throw error;
          outcome = error;
        }
        const failed = outcome instanceof OutboundUnreachable || retriedStatuses.has(outcome.status);
        const fields = { service: options.service, request: where, attempt, ms: Date.now() - startedAt, ...(outcome instanceof OutboundUnreachable ? { code: outcome.code } : { status: outcome.status }) };
        if (failed && attempt < retry.attempts) {
          const waitMs = backoffDelay(attempt - 1, random, retry);
          log().warn(`${options.service}: ${outcome instanceof OutboundUnreachable ? outcome.message : `HTTP ${outcome.status}`}; retrying in ${waitMs} ms`, fields);
          await sleep(waitMs);
          continue;
        }
        if (outcome instanceof OutboundUnreachable) {
          log().warn(`${options.service}: ${outcome.message}`, fields);
          throw outcome;
        }
        if (outcome.status >= 400) log().warn(`${options.service} answered ${outcome.status}`, fields);
        return { ...outcome, attempts: attempt };
      }
    },
  };
}

/** The body as JSON, or undefined when it is not JSON. */
export function jsonOf(answer: Pick<OutboundAnswer, 'text'>): unknown {
  if (answer.text === '') return undefined;
  try {
    return JSON.parse(answer.text) as unknown;
  } catch {
    return undefined;
  }
}

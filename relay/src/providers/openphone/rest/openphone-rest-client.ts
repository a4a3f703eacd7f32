import { z } from 'zod';
import { backoffDelay, type BackoffPolicy } from '../../../../../src/shared/backoff/backoff';
import { readOpenPhoneError, type OpenPhoneErrorBody } from './openphone-error';
import type { RequestPacer } from './request-pacer';

/**
 * The relay's calls to OpenPhone's REST API v1 (spec telephony-providers §1.9) with fetch,
 * as the relay's other outbound calls (quickbooks/intuit-oauth-client.ts). The key goes in
 * `Authorization` as it is, with no `Bearer`. Every request waits for the pacer (10 req/s
 * per key). 429 and 5xx are retried with the shared backoff, a bounded number of times,
 * and so are network errors that prove nothing reached OpenPhone; a POST that got no
 * answer is never repeated, since OpenPhone has no idempotency key and it may have sent.
 */

export interface OpenPhoneRestOptions {
  apiKey: string;
  baseUrl: string;
  pacer: RequestPacer;
  /** Per attempt. */
  timeoutMs: number;
  /** Tries in all, the first included. */
  attempts: number;
  backoff: BackoffPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/** A message as `POST /v1/messages` and `GET /v1/messages/{id}` answer it (API-created, v4 shape). */
export const openPhoneMessageSchema = z
  .object({
    id: z.string().min(1),
    from: z.string().optional(),
    to: z.union([z.array(z.string()), z.string()]).optional(),
    text: z.string().optional(),
    status: z.string(),
    createdAt: z.string().optional(),
    userId: z.string().nullable().optional(),
    phoneNumberId: z.string().nullable().optional(),
  })
  .loose();
export type OpenPhoneMessage = z.infer<typeof openPhoneMessageSchema>;

export const openPhoneNumberSchema = z.object({ id: z.string().min(1), number: z.string() }).loose();
export type OpenPhoneNumber = z.infer<typeof openPhoneNumberSchema>;

/** What became of a call, after any retries. */
export type RestFailure =
  /** OpenPhone answered 4xx (not 429): it will refuse the same request again. */
  | { kind: 'refused'; httpStatus: number; body: OpenPhoneErrorBody }
  /** 429 on every try; `retryAfterMs` when OpenPhone said how long to wait. */
  | { kind: 'rate_limited'; retryAfterMs: number | null }
  /** 5xx on every try. */
  | { kind: 'server_error'; httpStatus: number; body: OpenPhoneErrorBody }
  /** Nothing reached OpenPhone (refused connection, unknown host), on every try. */
  | { kind: 'unreachable'; message: string }
  /** Sent, but no answer came (timeout, cut connection), or an answer that cannot be read: it may have been done. */
  | { kind: 'no_answer'; message: string };

export type RestResult<T> = { ok: true; value: T } | ({ ok: false } & RestFailure);

export interface OpenPhoneRestClient {
  /** POST /v1/messages: `from` a PN… id or E.164, `to` exactly one E.164. 202 → the message (status queued or sent). */
  sendMessage(input: { from: string; to: string; content: string }): Promise<RestResult<OpenPhoneMessage>>;
  /** GET /v1/phone-numbers: the workspace's lines (not paginated). */
  listPhoneNumbers(): Promise<RestResult<OpenPhoneNumber[]>>;
}

/** Connection errors raised before a request was written: repeating one cannot send twice. */
const NOTHING_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);

type Attempt = { answered: true; status: number; text: string; retryAfterMs: number | null } | { answered: false; nothingSent: boolean; message: string };

export function createOpenPhoneRestClient(options: OpenPhoneRestOptions): OpenPhoneRestClient {
  const host = new URL(options.baseUrl).host;

  async function attempt(method: 'GET' | 'POST', path: string, body: unknown): Promise<Attempt> {
    await options.pacer.wait();
    try {
      const response = await fetch(`${options.baseUrl}${path}`, {
        method,
        headers: { authorization: options.apiKey, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
        redirect: 'error',
      });
      return { answered: true, status: response.status, text: await response.text(), retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
    } catch (error) {
      const code = causeCode(error);
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const message = timedOut ? `no answer from ${host} within ${options.timeoutMs} ms` : `cannot reach ${host}${code === null ? '' : ` (${code})`}`;
      return { answered: false, nothingSent: !timedOut && code !== null && NOTHING_SENT_CODES.has(code), message };
    }
  }

  async function call<T>(method: 'GET' | 'POST', path: string, body: unknown, read: (status: number, json: unknown) => T | null): Promise<RestResult<T>> {
    let last: RestFailure = { kind: 'unreachable', message: `cannot reach ${host}` };
    for (let tried = 0; tried < options.attempts; tried++) {
      if (tried > 0) await options.sleep(Math.max(backoffDelay(tried - 1, options.random, options.backoff), waitHint(last)));
      const answer = await attempt(method, path, body);
      if (!answer.answered) {
        last = answer.nothingSent ? { kind: 'unreachable', message: answer.message } : { kind: 'no_answer', message: answer.message };
        if (answer.nothingSent || method === 'GET') continue;
        return { ok: false, ...last };
      }
      if (answer.status >= 200 && answer.status < 300) {
        const value = read(answer.status, parseJson(answer.text));
        if (value === null) return { ok: false, kind: 'no_answer', message: `${host} answered ${answer.status} with a body the relay cannot read` };
        return { ok: true, value };
      }
      if (answer.status === 429) {
        last = { kind: 'rate_limited', retryAfterMs: answer.retryAfterMs };
        continue;
      }
      const errorBody = readOpenPhoneError(answer.text);
      if (answer.status >= 500) {
        last = { kind: 'server_error', httpStatus: answer.status, body: errorBody };
        continue;
      }
      return { ok: false, kind: 'refused', httpStatus: answer.status, body: errorBody };
    }
    return { ok: false, ...last };
  }

  return {
    sendMessage: ({ from, to, content }) =>
      call('POST', '/v1/messages', { content, from, to: [to] }, (_status, json) => {
        const parsed = z.object({ data: openPhoneMessageSchema }).safeParse(json);
        return parsed.success ? parsed.data.data : null;
      }),
    listPhoneNumbers: () =>
      call('GET', '/v1/phone-numbers', undefined, (_status, json) => {
        const parsed = z.object({ data: z.array(openPhoneNumberSchema) }).safeParse(json);
        return parsed.success ? parsed.data.data : null;
      }),
  };
}

/** A Retry-After OpenPhone might send (none is documented), honoured up to 10 s. */
function retryAfterMs(header: string | null): number | null {
  if (header === null || !/^\d+$/.test(header.trim())) return null;
  return Math.min(10_000, Number(header.trim()) * 1000);
}

function waitHint(failure: RestFailure): number {
  return failure.kind === 'rate_limited' ? (failure.retryAfterMs ?? 0) : 0;
}

function causeCode(error: unknown): string | null {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = cause?.code ?? (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

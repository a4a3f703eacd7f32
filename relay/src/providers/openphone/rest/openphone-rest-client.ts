import { z } from 'zod';
import { backoffDelay, type BackoffPolicy } from '../../../../../src/shared/backoff/backoff';
import { readOpenPhoneError, type OpenPhoneErrorBody } from './openphone-error';
import { OPENPHONE_PACE_SHARE, type PacerStats, type RequestPacer } from './request-pacer';

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

/** A REST object kept as OpenPhone sent it (the shared normalizers read it), with its id checked. */
const restObjectSchema = z.object({ id: z.string().min(1) }).loose();
export type OpenPhoneRestObject = z.infer<typeof restObjectSchema>;
const callArtifactSchema = z.object({ callId: z.string().min(1).optional() }).loose();
export type OpenPhoneCallArtifact = z.infer<typeof callArtifactSchema>;
const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), totalItems: z.number().optional(), nextPageToken: z.string().nullable().optional() }).loose();

/** One page of a list: `nextPageToken` null on the last (never loop on `totalItems`, which is wrong, §1.9). */
export interface RestPage<T> {
  data: T[];
  nextPageToken: string | null;
}

export interface PageRequest {
  /** Default 100 (contacts: 50, their maximum). */
  maxResults?: number;
  pageToken?: string | null;
}

export interface CreatedRange {
  /** ISO instants. */
  createdAfter?: string;
  createdBefore?: string;
}

export interface OpenPhoneRestClient {
  /** POST /v1/messages: `from` a PN… id or E.164, `to` exactly one E.164. 202 → the message (status queued or sent). */
  sendMessage(input: { from: string; to: string; content: string }): Promise<RestResult<OpenPhoneMessage>>;
  /** GET /v1/phone-numbers: the workspace's lines (not paginated). */
  listPhoneNumbers(): Promise<RestResult<OpenPhoneNumber[]>>;
  /** GET /v1/conversations, newest first; `phoneNumbers` PN… ids or E.164 (≤ 100). */
  listConversations(input: PageRequest & CreatedRange & { phoneNumbers?: readonly string[]; updatedAfter?: string; updatedBefore?: string }): Promise<RestResult<RestPage<OpenPhoneRestObject>>>;
  /** GET /v1/calls: one line and exactly one other participant (§1.11). */
  listCalls(input: PageRequest & CreatedRange & { phoneNumberId: string; participant: string }): Promise<RestResult<RestPage<OpenPhoneRestObject>>>;
  /** GET /v1/messages: one line and every other participant of the thread. */
  listMessages(input: PageRequest & CreatedRange & { phoneNumberId: string; participants: readonly string[] }): Promise<RestResult<RestPage<OpenPhoneRestObject>>>;
  /** GET /v1/call-recordings/{callId}, oldest first (empty when none). */
  getCallRecordings(callId: string): Promise<RestResult<Record<string, unknown>[]>>;
  /** GET /v1/call-summaries/{callId}; null: never summarized (404, common for short or missed calls). */
  getCallSummary(callId: string): Promise<RestResult<OpenPhoneCallArtifact | null>>;
  /** GET /v1/call-transcripts/{callId}; null: none (404). */
  getCallTranscript(callId: string): Promise<RestResult<OpenPhoneCallArtifact | null>>;
  /** GET /v1/call-voicemails/{callId}; null: no voicemail (404). */
  getCallVoicemail(callId: string): Promise<RestResult<Record<string, unknown> | null>>;
  /** GET /v1/contacts (at most 50 a page): contacts made through the API; the app's own are not listed (§1.11). */
  listContacts(input: PageRequest & { externalIds?: readonly string[] }): Promise<RestResult<RestPage<OpenPhoneRestObject>>>;
  /** GET /v1/contact-custom-fields: the workspace's custom field definitions. */
  listContactCustomFields(): Promise<RestResult<{ name?: string; key: string; type?: string }[]>>;
  /** How the key's budget is used: every call of this client shares one pacer. */
  pacing(): PacerStats & { limitPerSecond: number };
  /**
   * Any other endpoint through the same pacer, retries and failure kinds (contact-push's
   * contacts-client.ts): `read` answers the value from a 2xx body, or null when it cannot.
   */
  request<T>(method: RestMethod, path: string, body: unknown, read: (status: number, json: unknown) => T | null): Promise<RestResult<T>>;
}

/** Only GET is retried after a request that got no answer: the others may have been done. */
export type RestMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Connection errors raised before a request was written: repeating one cannot send twice. */
const NOTHING_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);

type Attempt = { answered: true; status: number; text: string; retryAfterMs: number | null } | { answered: false; nothingSent: boolean; message: string };

export function createOpenPhoneRestClient(options: OpenPhoneRestOptions): OpenPhoneRestClient {
  const host = new URL(options.baseUrl).host;

  async function attempt(method: RestMethod, path: string, body: unknown): Promise<Attempt> {
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

  async function call<T>(method: RestMethod, path: string, body: unknown, read: (status: number, json: unknown) => T | null): Promise<RestResult<T>> {
    let last: RestFailure = { kind: 'unreachable', message: `cannot reach ${host}` };
    for (let tried = 0; tried < options.attempts; tried++) {
      // After a 429 the pacer holds the request back (answered below); other failures sleep here.
      if (tried > 0 && last.kind !== 'rate_limited') await options.sleep(backoffDelay(tried - 1, options.random, options.backoff));
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
        // Everyone on the key waits, not only this request: the pacer is held back for the backoff.
        options.pacer.answered(429, Math.max(backoffDelay(tried, options.random, options.backoff), answer.retryAfterMs ?? 0));
        continue;
      }
      options.pacer.answered(answer.status);
      const errorBody = readOpenPhoneError(answer.text);
      if (answer.status >= 500) {
        last = { kind: 'server_error', httpStatus: answer.status, body: errorBody };
        continue;
      }
      return { ok: false, kind: 'refused', httpStatus: answer.status, body: errorBody };
    }
    return { ok: false, ...last };
  }

  const list = (path: string, params: Record<string, string | readonly string[] | number | null | undefined>) =>
    call('GET', `${path}?${queryString(params)}`, undefined, (_status, json) => {
      const parsed = pageSchema(restObjectSchema).safeParse(json);
      return parsed.success ? { data: parsed.data.data, nextPageToken: parsed.data.nextPageToken ?? null } : null;
    });
  const artifact = <T>(path: string, schema: z.ZodType<T>) =>
    call('GET', path, undefined, (_status, json) => {
      const parsed = z.object({ data: schema }).safeParse(json);
      return parsed.success ? parsed.data.data : null;
    }).then((result): RestResult<T | null> => (!result.ok && result.kind === 'refused' && result.httpStatus === 404 ? { ok: true, value: null } : result));
  const id = encodeURIComponent;

  return {
    request: call,
    pacing: () => ({ ...options.pacer.stats(), limitPerSecond: options.pacer.policy.perSecond / OPENPHONE_PACE_SHARE }),
    listConversations: (input) =>
      list('/v1/conversations', {
        maxResults: input.maxResults ?? 100,
        pageToken: input.pageToken,
        phoneNumbers: input.phoneNumbers,
        createdAfter: input.createdAfter,
        createdBefore: input.createdBefore,
        updatedAfter: input.updatedAfter,
        updatedBefore: input.updatedBefore,
      }),
    listCalls: (input) =>
      list('/v1/calls', { phoneNumberId: input.phoneNumberId, participants: [input.participant], maxResults: input.maxResults ?? 100, pageToken: input.pageToken, createdAfter: input.createdAfter, createdBefore: input.createdBefore }),
    listMessages: (input) =>
      list('/v1/messages', { phoneNumberId: input.phoneNumberId, participants: input.participants, maxResults: input.maxResults ?? 100, pageToken: input.pageToken, createdAfter: input.createdAfter, createdBefore: input.createdBefore }),
    listContacts: (input) => list('/v1/contacts', { maxResults: Math.min(input.maxResults ?? 50, 50), pageToken: input.pageToken, externalIds: input.externalIds }),
    getCallRecordings: async (callId) => {
      const result = await artifact(`/v1/call-recordings/${id(callId)}`, z.array(z.record(z.string(), z.unknown())));
      return result.ok ? { ok: true, value: result.value ?? [] } : result;
    },
    getCallSummary: (callId) => artifact(`/v1/call-summaries/${id(callId)}`, callArtifactSchema),
    getCallTranscript: (callId) => artifact(`/v1/call-transcripts/${id(callId)}`, callArtifactSchema),
    getCallVoicemail: (callId) => artifact(`/v1/call-voicemails/${id(callId)}`, z.record(z.string(), z.unknown())),
    listContactCustomFields: () =>
      call('GET', '/v1/contact-custom-fields', undefined, (_status, json) => {
        const parsed = z.object({ data: z.array(z.object({ name: z.string().optional(), key: z.string(), type: z.string().optional() }).loose()) }).safeParse(json);
        return parsed.success ? parsed.data.data : null;
      }),
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

/** Query parameters; arrays as repeated keys (`participants=…&participants=…`, §1.9). */
function queryString(params: Record<string, string | readonly string[] | number | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) query.append(name, item);
    else query.append(name, String(value));
  }
  return query.toString();
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

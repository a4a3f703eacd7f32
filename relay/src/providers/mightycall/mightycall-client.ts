import type { Clock } from '../../../../src/shared/clock';
import { isObject, text } from './mightycall-records';
import type { RequestBudget } from './request-budget';

/**
 * The relay's calls to MightyCall API v4 (spec telephony-providers §4.1), with fetch as
 * the relay's other outbound calls (openphone-rest-client.ts, intuit-oauth-client.ts).
 * A token comes from `POST <base>/auth/token` (x-api-key, client_credentials with the
 * User key) and is refreshed before its 24 hours are up (refresh_token, else a new
 * exchange); every call carries `Authorization: Bearer` and `x-api-key`. Every request,
 * token requests included, first takes one from the daily budget (request-budget.ts): a
 * request the budget cannot cover is not sent. Nothing is retried here except one new
 * token after a 401: the poller decides when to try again, so retries spend the budget
 * only at its pace. MightyCall's over-limit answer is unconfirmed: a 429, or any refusal
 * whose words speak of a limit or quota, counts as one.
 */

export interface MightyCallClientOptions {
  apiKey: string;
  userKey: string;
  baseUrl: string;
  budget: RequestBudget;
  clock: Clock;
  /** Per request. */
  timeoutMs: number;
  /** Largest answer read; a longer one is unreadable (a hostile or broken server cannot fill memory). */
  maxAnswerBytes?: number;
}

export type ClientFailure =
  /** The token endpoint refused the keys (invalid_client), or a fresh token is refused: only new keys help. */
  | { kind: 'credentials'; message: string }
  /** MightyCall said the account is over its limit; `retryAfterMs` when it said how long. */
  | { kind: 'over_limit'; message: string; retryAfterMs: number | null }
  /** The relay's own budget is spent until `freeAtMs`: nothing was sent. */
  | { kind: 'budget_spent'; freeAtMs: number }
  /** 4xx other than the above (a path or parameter this account does not know). */
  | { kind: 'refused'; status: number; message: string }
  | { kind: 'server_error'; status: number; message: string }
  /** Nothing came back (refused connection, timeout, cut connection). */
  | { kind: 'unreachable'; message: string }
  /** 2xx with a body the relay cannot read. */
  | { kind: 'unreadable'; message: string };

export type ClientResult = { ok: true; json: unknown } | ({ ok: false } & ClientFailure);

/** Refresh this long before a token's end; MightyCall's tokens last 24 h (§4.1). */
const REFRESH_MARGIN_MS = 60 * 60_000;
const DEFAULT_TOKEN_SECONDS = 24 * 60 * 60;
const DEFAULT_MAX_ANSWER_BYTES = 8 * 1024 * 1024;
const LIMIT_WORDS = /limit|quota|too many|exceed/i;

interface Token {
  access: string;
  refresh: string | null;
  expiresAtMs: number;
}

type Answer = { answered: true; status: number; text: string; retryAfterMs: number | null } | { answered: false; message: string };

export class MightyCallClient {
  private token: Token | null = null;
  private readonly host: string;
  /** Requests sent since start (each took one from the budget). */
  sent = 0;

  constructor(private readonly options: MightyCallClientOptions) {
    this.host = new URL(options.baseUrl).host;
  }

  /** GET `<base><path>?<params>`, with a valid token (exchanged or refreshed first when needed). */
  async get(path: string, params: Record<string, string | number | undefined>): Promise<ClientResult> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value !== undefined) query.append(name, String(value));
    const url = `${this.options.baseUrl}${path}${query.size > 0 ? `?${query.toString()}` : ''}`;
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await this.validToken();
      if (!token.ok) return token;
      const answer = await this.send(url, { method: 'GET', headers: { authorization: `Bearer ${token.access}`, 'x-api-key': this.options.apiKey, accept: 'application/json' } });
      if (!('answered' in answer)) return answer;
      if (!answer.answered) return { ok: false, kind: 'unreachable', message: answer.message };
      // A token MightyCall no longer takes (revoked, or its clock ahead of ours): one new exchange, then the keys are to blame.
      if (answer.status === 401 && attempt === 0) {
        this.token = null;
        continue;
      }
      if (answer.status === 401) return { ok: false, kind: 'credentials', message: `MightyCall refused a token it had just issued (HTTP 401 from ${this.host})` };
      return this.read(answer);
    }
    return { ok: false, kind: 'credentials', message: 'unreachable' };
  }

  /** Forgets the token (tests; new keys). */
  forgetToken(): void {
    this.token = null;
  }

  private async validToken(): Promise<({ ok: true } & Token) | ({ ok: false } & ClientFailure)> {
    const now = this.options.clock();
    if (this.token !== null && now < this.token.expiresAtMs - REFRESH_MARGIN_MS) return { ok: true, ...this.token };
    if (this.token?.refresh) {
      const refreshed = await this.tokenCall({ grant_type: 'refresh_token', refresh_token: this.token.refresh });
      if (refreshed.ok || refreshed.kind !== 'credentials') return refreshed;
      // A refresh token MightyCall refuses: the keys themselves may still be good.
    }
    return this.tokenCall({ grant_type: 'client_credentials', client_id: this.options.apiKey, client_secret: this.options.userKey });
  }

  private async tokenCall(form: Record<string, string>): Promise<({ ok: true } & Token) | ({ ok: false } & ClientFailure)> {
    const answer = await this.send(`${this.options.baseUrl}/auth/token`, {
      method: 'POST',
      headers: { 'x-api-key': this.options.apiKey, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
    if (!('answered' in answer)) return answer;
    if (!answer.answered) return { ok: false, kind: 'unreachable', message: answer.message };
    if (answer.status < 200 || answer.status >= 300) {
      const failure = this.failure(answer);
      // invalid_client, invalid_grant, 400/401/403 without limit words: the keys (or the refresh token) are refused.
      if (failure.kind === 'refused') return { ok: false, kind: 'credentials', message: `MightyCall refused the API key and User key (HTTP ${answer.status}${failure.message === '' ? '' : `: ${failure.message}`})` };
      return { ok: false, ...failure };
    }
    const json = parseJson(answer.text);
    const body = isObject(json) && isObject(json.data) && typeof json.access_token !== 'string' ? json.data : json;
    const access = isObject(body) ? text(body, 'access_token') : null;
    if (access === null || !isObject(body)) return { ok: false, kind: 'unreadable', message: `${this.host} answered the token request without a token` };
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : Number(text(body, 'expires_in') ?? DEFAULT_TOKEN_SECONDS) || DEFAULT_TOKEN_SECONDS;
    // Never trusted beyond 24 h (§4.1), whatever expires_in says.
    const seconds = Math.min(lifetime, DEFAULT_TOKEN_SECONDS);
    this.token = { access, refresh: text(body, 'refresh_token'), expiresAtMs: this.options.clock() + seconds * 1000 };
    return { ok: true, ...this.token };
  }

  private read(answer: Extract<Answer, { answered: true }>): ClientResult {
    if (answer.status >= 200 && answer.status < 300) {
      const json = parseJson(answer.text);
      if (json === undefined) return { ok: false, kind: 'unreadable', message: `${this.host} answered ${answer.status} with a body that is not JSON` };
      // Wrapped answers say isSuccess: false with the reason.
      if (isObject(json) && json.isSuccess === false) {
        const words = errorWords(json);
        return LIMIT_WORDS.test(words) ? { ok: false, kind: 'over_limit', message: words, retryAfterMs: answer.retryAfterMs } : { ok: false, kind: 'refused', status: answer.status, message: words };
      }
      return { ok: true, json };
    }
    return { ok: false, ...this.failure(answer) };
  }

  private failure(answer: Extract<Answer, { answered: true }>): ClientFailure {
    const json = parseJson(answer.text);
    const words = (isObject(json) ? errorWords(json) : answer.text.slice(0, 200)).trim();
    if (answer.status === 429 || (answer.status >= 400 && LIMIT_WORDS.test(words))) return { kind: 'over_limit', message: words === '' ? `HTTP ${answer.status}` : words, retryAfterMs: answer.retryAfterMs };
    if (answer.status >= 500) return { kind: 'server_error', status: answer.status, message: words };
    return { kind: 'refused', status: answer.status, message: words };
  }

  /** One request, once the budget allows it. */
  private async send(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Answer | ({ ok: false } & ClientFailure)> {
    const granted = this.options.budget.take(this.options.clock());
    if (!granted.ok) return { ok: false, kind: 'budget_spent', freeAtMs: granted.freeAtMs };
    this.sent++;
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.options.timeoutMs), redirect: 'error' });
      const max = this.options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > max) {
        await response.body?.cancel();
        return { answered: true, status: 200, text: '', retryAfterMs: null };
      }
      const body = await readLimited(response, max);
      return { answered: true, status: response.status, text: body ?? '', retryAfterMs: retryAfterMs(response.headers.get('retry-after'), this.options.clock()) };
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return { answered: false, message: timedOut ? `no answer from ${this.host} within ${this.options.timeoutMs / 1000} s` : `cannot reach ${this.host}` };
    }
  }
}

async function readLimited(response: Response, max: number): Promise<string | null> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** What a refusal says: OAuth's error / error_description, or the wrapped answer's error, message or errors. */
function errorWords(json: Record<string, unknown>): string {
  const parts = [text(json, 'error'), text(json, 'error_description'), text(json, 'message'), text(json, 'errorMessage'), text(json, 'error.message')];
  if (Array.isArray(json.errors)) for (const item of json.errors.slice(0, 3)) parts.push(typeof item === 'string' ? item : isObject(item) ? text(item, 'message', 'description') : null);
  return [...new Set(parts.filter((part): part is string => part !== null))].join('; ').slice(0, 300);
}

/** Retry-After in seconds or as an HTTP date, honoured up to a day. */
function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  const raw = header.trim();
  const ms = /^\d+$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 24 * 60 * 60_000) : null;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

import { z } from 'zod';

/**
 * The relay's calls to Intuit's OAuth endpoints (spec §2.2–2.5) and to CompanyInfo
 * (§4), with fetch. Nothing here retries: a retried refresh whose first attempt
 * reached Intuit can lose a rotated token (§2.4), so a caller decides what to do
 * with each outcome. Tokens are opaque strings and never logged.
 */

export interface IntuitEndpoints {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  tokenUrl: string;
  revokeUrl: string;
  apiBaseUrl: string;
  timeoutMs: number;
}

export interface TokenGrant {
  accessToken: string;
  /** Seconds, from the response (3600 at Intuit). */
  expiresIn: number;
  refreshToken: string;
  /** Seconds until the refresh token's rolling expiry, when Intuit says. */
  refreshTokenExpiresIn: number | null;
  /** Seconds until the refresh token's hard expiry (the 5-year cap), when Intuit says (relay/README.md "QuickBooks token lifetimes"). */
  refreshTokenHardExpiresIn: number | null;
}

export type TokenCallFailure =
  /** The code or refresh token is dead: only a new consent fixes it. */
  | { kind: 'invalid_grant'; description: string | null; intuitTid: string | null }
  /** Intuit refused the request as made (invalid_client, invalid_request...): a configuration problem. */
  | { kind: 'refused'; status: number; error: string; intuitTid: string | null }
  /** 5xx, 429, timeout, network error or an unreadable answer: worth trying again later. */
  | { kind: 'transient'; message: string; intuitTid: string | null };

export type TokenCallResult = { ok: true; grant: TokenGrant } | ({ ok: false } & TokenCallFailure);

const grantSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  refresh_token: z.string().min(1),
  x_refresh_token_expires_in: z.number().positive().optional(),
  // Asked for with x-include-refresh-token-hard-expires-in. Intuit's blog and most SDKs name it
  // x_refresh_token_hard_expires_in; intuit-oauth 4.2.4 reads x_refresh_token_lifetime_expires_in.
  // Which one Intuit sends is unconfirmed: either is read, and neither is required.
  x_refresh_token_hard_expires_in: z.number().nonnegative().optional().catch(undefined),
  x_refresh_token_lifetime_expires_in: z.number().nonnegative().optional().catch(undefined),
});
const errorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export function exchangeCode(endpoints: IntuitEndpoints, code: string): Promise<TokenCallResult> {
  return tokenCall(endpoints, new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: endpoints.redirectUri }));
}

export function refreshTokens(endpoints: IntuitEndpoints, refreshToken: string): Promise<TokenCallResult> {
  return tokenCall(endpoints, new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }));
}

/** Success is any 2xx (the body is unconfirmed, §2.5). A token Intuit already considers dead counts as revoked. */
export async function revokeToken(endpoints: IntuitEndpoints, token: string): Promise<{ ok: true; alreadyInvalid: boolean } | ({ ok: false } & TokenCallFailure)> {
  const answer = await send(endpoints.revokeUrl, {
    method: 'POST',
    headers: { authorization: basicAuth(endpoints), accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
    timeoutMs: endpoints.timeoutMs,
  });
  if (!answer.ok) return { ok: false, kind: 'transient', message: answer.message, intuitTid: null };
  if (answer.status >= 200 && answer.status < 300) return { ok: true, alreadyInvalid: false };
  const failure = classifyFailure(answer);
  return failure.kind === 'invalid_grant' ? { ok: true, alreadyInvalid: true } : { ok: false, ...failure };
}

/** The company's name for the connection event, or null if CompanyInfo cannot be read now. */
export async function fetchCompanyName(endpoints: IntuitEndpoints, accessToken: string, realmId: string): Promise<string | null> {
  const realm = encodeURIComponent(realmId);
  const answer = await send(`${endpoints.apiBaseUrl}/v3/company/${realm}/companyinfo/${realm}?minorversion=75`, {
    method: 'GET',
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    timeoutMs: endpoints.timeoutMs,
  });
  if (!answer.ok || answer.status !== 200) return null;
  const parsed = z.object({ CompanyInfo: z.object({ CompanyName: z.string() }) }).safeParse(parseJson(answer.text));
  return parsed.success ? parsed.data.CompanyInfo.CompanyName : null;
}

async function tokenCall(endpoints: IntuitEndpoints, form: URLSearchParams): Promise<TokenCallResult> {
  const answer = await send(endpoints.tokenUrl, {
    method: 'POST',
    headers: {
      authorization: basicAuth(endpoints),
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      'x-include-refresh-token-hard-expires-in': 'true',
    },
    body: form.toString(),
    timeoutMs: endpoints.timeoutMs,
  });
  if (!answer.ok) return { ok: false, kind: 'transient', message: answer.message, intuitTid: null };
  if (answer.status !== 200) return { ok: false, ...classifyFailure(answer) };
  const grant = grantSchema.safeParse(parseJson(answer.text));
  if (!grant.success) return { ok: false, kind: 'transient', message: 'the token endpoint answered 200 without a usable token', intuitTid: answer.intuitTid };
  return {
    ok: true,
    grant: {
      accessToken: grant.data.access_token,
      expiresIn: grant.data.expires_in,
      refreshToken: grant.data.refresh_token,
      refreshTokenExpiresIn: grant.data.x_refresh_token_expires_in ?? null,
      refreshTokenHardExpiresIn: grant.data.x_refresh_token_hard_expires_in ?? grant.data.x_refresh_token_lifetime_expires_in ?? null,
    },
  };
}

function classifyFailure(answer: { status: number; text: string; intuitTid: string | null }): TokenCallFailure {
  const { status, intuitTid } = answer;
  if (status >= 500 || status === 429 || status === 408) return { kind: 'transient', message: `the token endpoint answered HTTP ${status}`, intuitTid };
  const body = errorSchema.safeParse(parseJson(answer.text));
  if (body.success && body.data.error === 'invalid_grant') return { kind: 'invalid_grant', description: body.data.error_description ?? null, intuitTid };
  return { kind: 'refused', status, error: body.success ? body.data.error : `HTTP ${status}`, intuitTid };
}

type Answer = { ok: true; status: number; text: string; intuitTid: string | null } | { ok: false; message: string };

async function send(url: string, init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number }): Promise<Answer> {
  try {
    const response = await fetch(url, { method: init.method, headers: init.headers, body: init.body, signal: AbortSignal.timeout(init.timeoutMs) });
    return { ok: true, status: response.status, text: await response.text(), intuitTid: response.headers.get('intuit_tid') };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { ok: false, message: timedOut ? `no answer from ${new URL(url).host} within ${init.timeoutMs} ms` : `cannot reach ${new URL(url).host}` };
  }
}

function basicAuth(endpoints: IntuitEndpoints): string {
  return `Basic ${Buffer.from(`${endpoints.clientId}:${endpoints.clientSecret}`, 'utf8').toString('base64')}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

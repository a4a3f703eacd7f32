import type { QuickBooksEmulator } from './emulator';
import { accountingScope } from './oauth-authority';

/**
 * QuickBooks Online emulator: what a test needs to act as a connected app — the consent redirect,
 * the code exchange, and JSON calls with the bearer token — using plain fetch, as a real client would.
 */

export interface TokenSet {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  x_refresh_token_expires_in: number;
  x_refresh_token_hard_expires_in?: number;
}

export function basicAuth(emulator: QuickBooksEmulator, secret = emulator.clientSecret): string {
  return `Basic ${Buffer.from(`${emulator.clientId}:${secret}`).toString('base64')}`;
}

/** Follows the auto-consent redirect and returns its query parameters. */
export async function consentRedirect(emulator: QuickBooksEmulator, state = 'state-123', scope = accountingScope): Promise<URLSearchParams> {
  const url = new URL(emulator.urls.authorize);
  url.search = new URLSearchParams({ client_id: emulator.clientId, response_type: 'code', scope, redirect_uri: emulator.redirectUris[0] ?? '', state }).toString();
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`authorize answered ${res.status}`);
  return new URL(location).searchParams;
}

export async function tokenRequest(emulator: QuickBooksEmulator, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(emulator.urls.token, {
    method: 'POST',
    headers: { authorization: basicAuth(emulator), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function connect(emulator: QuickBooksEmulator): Promise<TokenSet> {
  const params = await consentRedirect(emulator);
  const { status, body } = await tokenRequest(emulator, { grant_type: 'authorization_code', code: params.get('code') ?? '', redirect_uri: emulator.redirectUris[0] ?? '' });
  if (status !== 200) throw new Error(`token exchange answered ${status}`);
  return body as unknown as TokenSet;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary QBO JSON
  json: any;
}

export async function api(emulator: QuickBooksEmulator, accessToken: string, method: 'GET' | 'POST', path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<ApiAnswer> {
  const url = `${emulator.urls.company}${path}${path.includes('?') ? '&' : '?'}minorversion=75`;
  const headers: Record<string, string> = { authorization: `Bearer ${accessToken}`, accept: 'application/json', ...extraHeaders };
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function query(emulator: QuickBooksEmulator, accessToken: string, statement: string): Promise<ApiAnswer> {
  return api(emulator, accessToken, 'GET', `/query?query=${encodeURIComponent(statement)}`);
}

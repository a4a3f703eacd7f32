import type { EmulatorRequest, EmulatorResponse } from './exchange';
import { basicCredentials, header, jsonResponse, redirectResponse, textResponse } from './exchange';
import type { IssuedTokens, OAuthAuthority, OAuthRefusal } from './oauth-authority';
import { accountingScope, paymentScope } from './oauth-authority';

/**
 * QuickBooks Online emulator: the OAuth 2.0 endpoints of spec §2 — authorize (consent stub),
 * token (code exchange and refresh, RFC 6749 error bodies), revoke, OIDC userinfo and discovery.
 */

export type ConsentMode = 'auto' | 'page' | 'deny';

export const oauthPaths = {
  authorize: '/connect/oauth2',
  consent: '/connect/oauth2/consent',
  token: '/oauth2/v1/tokens/bearer',
  revoke: '/v2/oauth2/tokens/revoke',
  userinfo: '/v1/openid_connect/userinfo',
  discovery: '/.well-known/openid_configuration',
  sandboxDiscovery: '/.well-known/openid_sandbox_configuration',
} as const;

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  redirectUris: readonly string[];
  realmId: string;
  companyName: string;
  consent: () => ConsentMode;
}

const knownScopes = new Set([accountingScope, paymentScope, 'openid', 'profile', 'email', 'phone', 'address']);

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function errorPage(status: number, message: string): EmulatorResponse {
  return textResponse(status, 'text/html;charset=UTF-8', `<!doctype html><title>QuickBooks emulator: error</title><h1>Something went wrong</h1><p>${escapeHtml(message)}</p>`);
}

function withParams(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** GET /connect/oauth2: validates the app and redirect URI exactly, then consents (auto), asks (page) or denies. */
export function authorize(req: EmulatorRequest, app: OAuthApp, authority: OAuthAuthority): EmulatorResponse {
  const q = req.url.searchParams;
  const clientId = q.get('client_id');
  const redirectUri = q.get('redirect_uri');
  if (clientId !== app.clientId) return errorPage(400, 'invalid_client: the client_id is not a registered app.');
  if (!redirectUri || !app.redirectUris.includes(redirectUri)) return errorPage(400, 'The redirect_uri query parameter value is invalid. Make sure it is listed in the Redirect URIs section on your app\'s keys tab and matches it exactly.');
  const state = q.get('state') ?? undefined;
  if (q.get('response_type') !== 'code') return redirectResponse(withParams(redirectUri, { error: 'unsupported_response_type', state }));
  const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.length === 0 || scopes.some((s) => !knownScopes.has(s))) return redirectResponse(withParams(redirectUri, { error: 'invalid_scope', state }));
  const mode = app.consent();
  if (mode === 'deny') return redirectResponse(withParams(redirectUri, { error: 'access_denied', state }));
  if (mode === 'auto') return consented(app, authority, redirectUri, scopes, state);
  const hidden = (name: string, value: string | undefined) => (value === undefined ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`);
  return textResponse(
    200,
    'text/html;charset=UTF-8',
    `<!doctype html><meta charset="utf-8"><title>QuickBooks emulator: connect</title>
<h1>QuickBooks Online emulator</h1><p>Connect this app to <b>${escapeHtml(app.companyName)}</b> (realm ${escapeHtml(app.realmId)})?</p>
<p>Scopes: ${escapeHtml(scopes.join(' '))}</p>
<form method="post" action="${oauthPaths.consent}">${hidden('redirect_uri', redirectUri)}${hidden('scope', scopes.join(' '))}${hidden('state', state)}
<button name="decision" value="connect">Connect</button> <button name="decision" value="cancel">Cancel</button></form>`,
  );
}

/** POST /connect/oauth2/consent: the button on the consent page. */
export function consent(req: EmulatorRequest, app: OAuthApp, authority: OAuthAuthority): EmulatorResponse {
  const form = new URLSearchParams(req.body.toString('utf8'));
  const redirectUri = form.get('redirect_uri') ?? '';
  if (!app.redirectUris.includes(redirectUri)) return errorPage(400, 'The redirect_uri value is invalid.');
  const state = form.get('state') ?? undefined;
  if (form.get('decision') !== 'connect') return redirectResponse(withParams(redirectUri, { error: 'access_denied', state }));
  return consented(app, authority, redirectUri, (form.get('scope') ?? '').split(' ').filter(Boolean), state);
}

function consented(app: OAuthApp, authority: OAuthAuthority, redirectUri: string, scopes: string[], state: string | undefined): EmulatorResponse {
  const code = authority.issueCode(redirectUri, scopes);
  // realmId only for the accounting and payment scopes (§2.1).
  const realmId = scopes.includes(accountingScope) || scopes.includes(paymentScope) ? app.realmId : undefined;
  return redirectResponse(withParams(redirectUri, { code, state, realmId }));
}

const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

function oauthError(status: number, error: string, description?: string): EmulatorResponse {
  return jsonResponse(status, description ? { error, error_description: description } : { error }, noStore);
}

function issued(result: IssuedTokens | OAuthRefusal): EmulatorResponse {
  if ('error' in result) return oauthError(400, result.error, result.error_description);
  return jsonResponse(200, { ...result }, noStore);
}

function authenticClient(req: EmulatorRequest, app: OAuthApp): boolean {
  const creds = basicCredentials(req);
  return creds !== undefined && creds.id === app.clientId && creds.secret === app.clientSecret;
}

/** POST /oauth2/v1/tokens/bearer */
export function token(req: EmulatorRequest, app: OAuthApp, authority: OAuthAuthority): EmulatorResponse {
  if (!authenticClient(req, app)) return oauthError(401, 'invalid_client');
  if (!(header(req, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) return oauthError(400, 'invalid_request');
  const form = new URLSearchParams(req.body.toString('utf8'));
  const includeHard = (header(req, 'x-include-refresh-token-hard-expires-in') ?? '').toLowerCase() === 'true';
  switch (form.get('grant_type')) {
    case 'authorization_code': {
      const code = form.get('code');
      const redirectUri = form.get('redirect_uri');
      if (!code || !redirectUri) return oauthError(400, 'invalid_request');
      return issued(authority.redeemCode(code, redirectUri, includeHard));
    }
    case 'refresh_token': {
      const refreshToken = form.get('refresh_token');
      if (!refreshToken) return oauthError(400, 'invalid_request');
      return issued(authority.refresh(refreshToken, includeHard));
    }
    case null:
      return oauthError(400, 'invalid_request');
    default:
      return oauthError(400, 'unsupported_grant_type');
  }
}

/** POST /v2/oauth2/tokens/revoke: JSON (intuit-oauth) or form (node-quickbooks) body; 200 with an empty body. */
export function revoke(req: EmulatorRequest, app: OAuthApp, authority: OAuthAuthority): EmulatorResponse {
  if (!authenticClient(req, app)) return oauthError(401, 'invalid_client');
  const raw = req.body.toString('utf8');
  let tokenValue: string | null = null;
  if ((header(req, 'content-type') ?? '').toLowerCase().startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { token?: unknown }).token === 'string') tokenValue = (parsed as { token: string }).token;
    } catch {
      return oauthError(400, 'invalid_request');
    }
  } else {
    tokenValue = new URLSearchParams(raw).get('token');
  }
  if (!tokenValue) return oauthError(400, 'invalid_request');
  authority.revoke(tokenValue);
  return textResponse(200, 'application/json;charset=UTF-8', '');
}

/** GET /v1/openid_connect/userinfo: only with the openid scope. */
export function userinfo(req: EmulatorRequest, app: OAuthApp, authority: OAuthAuthority): EmulatorResponse {
  const check = authority.checkBearer(header(req, 'authorization'));
  if (!check.ok || !check.scopes.includes('openid')) return jsonResponse(401, { error: 'invalid_token' });
  const info: Record<string, string | boolean> = { sub: `emulator-user-${check.connectionId}` };
  if (check.scopes.includes('email')) Object.assign(info, { email: 'owner@sandbox-company.example', emailVerified: true });
  if (check.scopes.includes('profile')) Object.assign(info, { givenName: 'Sandbox', familyName: 'Owner' });
  if (check.scopes.includes('phone')) Object.assign(info, { phoneNumber: '+1 5035550100', phoneNumberVerified: false });
  return jsonResponse(200, info);
}

export function discovery(baseUrl: string): EmulatorResponse {
  return jsonResponse(200, {
    issuer: 'https://oauth.platform.intuit.com/op/v1',
    authorization_endpoint: `${baseUrl}${oauthPaths.authorize}`,
    token_endpoint: `${baseUrl}${oauthPaths.token}`,
    userinfo_endpoint: `${baseUrl}${oauthPaths.userinfo}`,
    revocation_endpoint: `${baseUrl}${oauthPaths.revoke}`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['none'],
    scopes_supported: [...knownScopes],
    token_endpoint_auth_methods_supported: ['client_secret_basic'],
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QuickBooksEmulator } from './emulator';
import { createQuickBooksEmulator } from './emulator';
import { accountingScope } from './oauth-authority';
import { api, basicAuth, connect, consentRedirect, tokenRequest } from './test-session';

describe('QuickBooks emulator OAuth (spec §2, §13-1/2)', () => {
  let emulator: QuickBooksEmulator;
  let t: number;
  beforeEach(async () => {
    t = Date.parse('2026-09-01T17:00:00Z');
    emulator = createQuickBooksEmulator({ clock: () => t, redirectUris: ['https://relay.example/quickbooks/callback'] });
    await emulator.listen();
  });
  afterEach(() => emulator.close());
  const day = 86_400_000;

  it('consents at once and redirects with code, state and realmId', async () => {
    const params = await consentRedirect(emulator, 'device-42');
    expect(params.get('state')).toBe('device-42');
    expect(params.get('realmId')).toBe(emulator.realmId);
    expect(params.get('code')).toMatch(/^AB11/);
  });

  it('refuses an unregistered redirect URI or client id without redirecting', async () => {
    for (const [clientId, redirect] of [
      [emulator.clientId, 'https://relay.example/quickbooks/callback/'],
      ['someone-else', 'https://relay.example/quickbooks/callback'],
    ]) {
      const url = new URL(emulator.urls.authorize);
      url.search = new URLSearchParams({ client_id: clientId ?? '', response_type: 'code', scope: accountingScope, redirect_uri: redirect ?? '', state: 's' }).toString();
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
  });

  it('redirects with access_denied when the owner cancels', async () => {
    emulator.setConsentMode('deny');
    const url = new URL(emulator.urls.authorize);
    url.search = new URLSearchParams({ client_id: emulator.clientId, response_type: 'code', scope: accountingScope, redirect_uri: emulator.redirectUris[0] ?? '', state: 's1' }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    const params = new URL(res.headers.get('location') ?? '').searchParams;
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('state')).toBe('s1');
  });

  it('exchanges a code once for tokens with the spec lifetimes; a second redemption is invalid_grant', async () => {
    const params = await consentRedirect(emulator);
    const form = { grant_type: 'authorization_code', code: params.get('code') ?? '', redirect_uri: emulator.redirectUris[0] ?? '' };
    const first = await tokenRequest(emulator, form);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'bearer', expires_in: 3600, x_refresh_token_expires_in: 100 * 86_400 });
    expect(first.body).not.toHaveProperty('x_refresh_token_hard_expires_in');
    const second = await tokenRequest(emulator, form);
    expect(second).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('reports the 5-year hard cap only when the request header asks for it', async () => {
    const params = await consentRedirect(emulator);
    const res = await tokenRequest(emulator, { grant_type: 'authorization_code', code: params.get('code') ?? '', redirect_uri: emulator.redirectUris[0] ?? '' }, { 'x-include-refresh-token-hard-expires-in': 'true' });
    expect(res.body.x_refresh_token_hard_expires_in).toBe(5 * 365 * 86_400);
  });

  it('answers invalid_client 401 for a wrong secret, a stray space, or no Basic header', async () => {
    for (const authorization of [basicAuth(emulator, 'wrong'), basicAuth(emulator, `${emulator.clientSecret} `), '']) {
      const res = await fetch(emulator.urls.token, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=refresh_token&refresh_token=x',
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'invalid_client' });
    }
  });

  it('rejects a redirect_uri on exchange that differs from the one consented with', async () => {
    const params = await consentRedirect(emulator);
    const res = await tokenRequest(emulator, { grant_type: 'authorization_code', code: params.get('code') ?? '', redirect_uri: 'https://relay.example/other' });
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('expires the access token after an hour by the emulator clock (401 gateway envelope, code 3200)', async () => {
    const tokens = await connect(emulator);
    expect((await api(emulator, tokens.access_token, 'GET', `/companyinfo/${emulator.realmId}`)).status).toBe(200);
    t += 3600_000;
    const res = await api(emulator, tokens.access_token, 'GET', `/companyinfo/${emulator.realmId}`);
    expect(res.status).toBe(401);
    expect(res.json.fault.error[0]).toMatchObject({ code: '3200', message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401' });
    expect(res.json.fault.type).toBe('AUTHENTICATION');
    expect(typeof res.json.time).toBe('number');
    expect(res.headers.get('intuit_tid')).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('answers 401 for a missing or garbage bearer, in XML when switched to the XML variant', async () => {
    expect((await api(emulator, 'garbage', 'GET', '/preferences')).json.fault.error[0].detail).toBe('Malformed bearer token: too short or too long');
    emulator.setAuthFaultFormat('xml');
    const res = await api(emulator, 'garbage', 'GET', '/preferences');
    expect(res.status).toBe(401);
    expect(res.text).toContain('<Fault type="AuthenticationFault"><Error code="100"><Message>General Authentication Error</Message>');
  });

  it('returns the same refresh token within 24 h and extends it; rotates after, and the old one is then invalid_grant', async () => {
    const tokens = await connect(emulator);
    t += 2 * 3600_000;
    const same = await tokenRequest(emulator, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(same.body.refresh_token).toBe(tokens.refresh_token);
    expect(same.body.access_token).not.toBe(tokens.access_token);
    t += day;
    const rotated = await tokenRequest(emulator, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).not.toBe(tokens.refresh_token);
    // Two refreshers racing with the old token: the loser gets invalid_grant (trap 1).
    const stale = await tokenRequest(emulator, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(stale).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const fresh = await tokenRequest(emulator, { grant_type: 'refresh_token', refresh_token: String(rotated.body.refresh_token) });
    expect(fresh.status).toBe(200);
  });

  it('lets the old refresh token work during a configured rotation grace', async () => {
    await emulator.close();
    emulator = createQuickBooksEmulator({ clock: () => t, limits: { rotatedRefreshTokenGraceSec: 60 } });
    await emulator.listen();
    const tokens = await connect(emulator);
    t += 2 * day;
    const rotated = await tokenRequest(emulator, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    const again = await tokenRequest(emulator, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(again.body.refresh_token).toBe(rotated.body.refresh_token);
    t += 61_000;
    expect((await tokenRequest(emulator, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).body.error).toBe('invalid_grant');
  });

  it('expires an unused refresh token after 100 days', async () => {
    const tokens = await connect(emulator);
    t += 100 * day;
    expect((await tokenRequest(emulator, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).body.error).toBe('invalid_grant');
  });

  it('revokes the connection: refresh is invalid_grant and the access token 401', async () => {
    const tokens = await connect(emulator);
    const res = await fetch(emulator.urls.revoke, {
      method: 'POST',
      headers: { authorization: basicAuth(emulator), 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token: tokens.refresh_token }),
    });
    expect(res.status).toBe(200);
    expect((await tokenRequest(emulator, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).body.error).toBe('invalid_grant');
    expect((await api(emulator, tokens.access_token, 'GET', '/preferences')).status).toBe(401);
  });

  it('simulates the owner disconnecting the app in QuickBooks', async () => {
    const tokens = await connect(emulator);
    emulator.disconnect();
    expect((await tokenRequest(emulator, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).body.error).toBe('invalid_grant');
  });

  it('names the company through CompanyInfo and refuses another realm with 403/3100', async () => {
    const tokens = await connect(emulator);
    const info = await api(emulator, tokens.access_token, 'GET', `/companyinfo/${emulator.realmId}`);
    expect(info.json.CompanyInfo.CompanyName).toBe(emulator.companyName);
    expect(typeof info.json.time).toBe('string');
    const other = await fetch(`${emulator.baseUrl}/v3/company/123/preferences`, { headers: { authorization: `Bearer ${tokens.access_token}`, accept: 'application/json' } });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { fault: { error: { code: string }[] } }).fault.error[0]?.code).toBe('3100');
  });
});

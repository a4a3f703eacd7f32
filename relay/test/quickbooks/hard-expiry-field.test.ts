import http, { type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTokens, type IntuitEndpoints } from '../../src/quickbooks/intuit-oauth-client';

/**
 * The refresh token's hard expiry (relay/README.md "QuickBooks token lifetimes"): asked for
 * on every token call, and read under either name it is reported with, since which one
 * Intuit sends is unconfirmed. A token endpoint on loopback answers as the test says.
 */

let server: Server;
let answer: Record<string, unknown> = {};
let lastHeaders: IncomingHttpHeaders = {};
let endpoints: IntuitEndpoints;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    lastHeaders = req.headers;
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  endpoints = { clientId: 'id', clientSecret: 'secret', redirectUri: 'https://relay.example.com/quickbooks/callback', tokenUrl: `${url}/token`, revokeUrl: `${url}/revoke`, apiBaseUrl: url, timeoutMs: 2_000 };
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const grant = { token_type: 'bearer', access_token: 'AT', expires_in: 3600, refresh_token: 'RT', x_refresh_token_expires_in: 8_726_400 };

describe("the refresh token's hard expiry", () => {
  it('is asked for with x-include-refresh-token-hard-expires-in and read as x_refresh_token_hard_expires_in', async () => {
    answer = { ...grant, x_refresh_token_hard_expires_in: 156_032_154 };
    const result = await refreshTokens(endpoints, 'RT');
    expect(lastHeaders['x-include-refresh-token-hard-expires-in']).toBe('true');
    expect(result).toMatchObject({ ok: true, grant: { refreshTokenExpiresIn: 8_726_400, refreshTokenHardExpiresIn: 156_032_154 } });
  });

  it("or as x_refresh_token_lifetime_expires_in, the name intuit-oauth 4.2.4 reads", async () => {
    answer = { ...grant, x_refresh_token_lifetime_expires_in: 100_000_000 };
    expect(await refreshTokens(endpoints, 'RT')).toMatchObject({ ok: true, grant: { refreshTokenHardExpiresIn: 100_000_000 } });
  });

  it('is unknown, never a failure, when Intuit sends neither or something unreadable', async () => {
    answer = grant;
    expect(await refreshTokens(endpoints, 'RT')).toMatchObject({ ok: true, grant: { refreshTokenHardExpiresIn: null } });
    answer = { ...grant, x_refresh_token_hard_expires_in: 'soon' };
    expect(await refreshTokens(endpoints, 'RT')).toMatchObject({ ok: true, grant: { refreshToken: 'RT', refreshTokenHardExpiresIn: null } });
  });
});

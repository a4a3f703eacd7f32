import { randomBytes } from 'node:crypto';
import type { QuickBooksLimits } from './limits';

/**
 * QuickBooks Online emulator: the authorization server's memory (spec §2) — single-use codes,
 * access tokens that die after `expires_in`, rolling refresh tokens with a hard cap, refresh-token
 * rotation (same token within 24 h of its issue, a new one after, the old one dead after a grace),
 * and revocation. Pure bookkeeping on a passed-in clock; the HTTP shapes live in oauth-routes.ts.
 */

export const accountingScope = 'com.intuit.quickbooks.accounting';
export const paymentScope = 'com.intuit.quickbooks.payment';

interface Connection {
  id: number;
  realmId: string;
  scopes: string[];
  connectedMs: number;
  revoked: boolean;
}

interface AuthorizationCode {
  redirectUri: string;
  scopes: string[];
  issuedMs: number;
  redeemed: boolean;
  connectionId?: number;
}

interface RefreshTokenRecord {
  connectionId: number;
  issuedMs: number;
  expiresMs: number;
  /** Set when rotated: the token stops working at this instant. */
  deadAfterMs?: number;
  successor?: string;
}

interface AccessTokenRecord {
  connectionId: number;
  expiresMs: number;
}

export interface IssuedTokens {
  token_type: 'bearer';
  access_token: string;
  expires_in: number;
  refresh_token: string;
  x_refresh_token_expires_in: number;
  x_refresh_token_hard_expires_in?: number;
  id_token?: string;
}

export type OAuthRefusal = { error: 'invalid_grant'; error_description: string };

export type BearerCheck =
  | { ok: true; realmId: string; scopes: string[]; connectionId: number }
  | { ok: false; detail: string };

export class OAuthAuthority {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly connections = new Map<number, Connection>();
  private nextConnectionId = 1;

  constructor(
    private readonly realmId: string,
    private readonly clientId: string,
    private readonly limits: QuickBooksLimits,
    private readonly now: () => number,
  ) {}

  issueCode(redirectUri: string, scopes: string[]): string {
    // Intuit codes look like `AB11…`; up to 512 chars (§2.1).
    const code = `AB11${Math.floor(this.now() / 1000)}${randomBytes(24).toString('base64url')}`;
    this.codes.set(code, { redirectUri, scopes, issuedMs: this.now(), redeemed: false });
    return code;
  }

  redeemCode(code: string, redirectUri: string, includeHardExpiry: boolean): IssuedTokens | OAuthRefusal {
    const record = this.codes.get(code);
    if (!record) return refusal('Token invalid');
    if (record.redeemed) {
      if (this.limits.codeReuseRevokesTokens && record.connectionId !== undefined) this.revokeConnection(record.connectionId);
      return refusal('Token invalid');
    }
    if (this.now() >= record.issuedMs + this.limits.authorizationCodeTtlSec * 1000) return refusal('Token has been expired or revoked.');
    if (redirectUri !== record.redirectUri) return refusal('Token invalid');
    record.redeemed = true;
    const connection: Connection = { id: this.nextConnectionId++, realmId: this.realmId, scopes: record.scopes, connectedMs: this.now(), revoked: false };
    this.connections.set(connection.id, connection);
    record.connectionId = connection.id;
    const refreshToken = this.newRefreshToken(connection.id);
    return this.tokensFor(connection, refreshToken, includeHardExpiry);
  }

  refresh(refreshToken: string, includeHardExpiry: boolean): IssuedTokens | OAuthRefusal {
    const record = this.refreshTokens.get(refreshToken);
    if (!record) return refusal('Incorrect or invalid refresh token');
    const connection = this.connections.get(record.connectionId);
    const now = this.now();
    if (!connection || connection.revoked) return refusal('Token has been expired or revoked.');
    if (now >= record.expiresMs || now >= this.hardExpiryMs(connection)) return refusal('Token has been expired or revoked.');
    if (record.deadAfterMs !== undefined) {
      if (now >= record.deadAfterMs || record.successor === undefined) return refusal('Incorrect or invalid refresh token');
      // Inside the rotation grace the old token still refreshes, and answers with the newest one.
      return this.refresh(record.successor, includeHardExpiry);
    }
    if (now - record.issuedMs < this.limits.refreshTokenRotationAfterSec * 1000) {
      record.expiresMs = now + this.limits.refreshTokenTtlSec * 1000;
      return this.tokensFor(connection, refreshToken, includeHardExpiry);
    }
    const rotated = this.newRefreshToken(connection.id);
    record.successor = rotated;
    record.deadAfterMs = now + this.limits.rotatedRefreshTokenGraceSec * 1000;
    return this.tokensFor(connection, rotated, includeHardExpiry);
  }

  /** §2.5: revoking either token of a connection disconnects it. Unknown tokens are ignored. */
  revoke(token: string): void {
    const connectionId = this.refreshTokens.get(token)?.connectionId ?? this.accessTokens.get(token)?.connectionId;
    if (connectionId !== undefined) this.revokeConnection(connectionId);
  }

  /** The owner disconnects the app in QuickBooks (Settings → Apps): every connection dies. */
  disconnectAll(): void {
    for (const id of this.connections.keys()) this.revokeConnection(id);
  }

  checkBearer(header: string | undefined): BearerCheck {
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m?.[1]) return { ok: false, detail: 'Malformed bearer token: too short or too long' };
    const token = m[1];
    const record = this.accessTokens.get(token);
    if (!record) return { ok: false, detail: token.length < 40 ? 'Malformed bearer token: too short or too long' : 'Token invalid' };
    const connection = this.connections.get(record.connectionId);
    if (!connection || connection.revoked) return { ok: false, detail: 'Token revoked' };
    if (this.now() >= record.expiresMs) return { ok: false, detail: `Token expired: ${token.slice(0, 6)}…` };
    return { ok: true, realmId: connection.realmId, scopes: connection.scopes, connectionId: connection.id };
  }

  private revokeConnection(id: number): void {
    const connection = this.connections.get(id);
    if (connection) connection.revoked = true;
  }

  private hardExpiryMs(connection: Connection): number {
    return connection.connectedMs + this.limits.refreshTokenHardCapSec * 1000;
  }

  private newRefreshToken(connectionId: number): string {
    const token = `RT1-${Math.floor(Math.random() * 900) + 100}-H0-${Math.floor(this.now() / 1000)}${randomBytes(12).toString('hex')}`;
    this.refreshTokens.set(token, { connectionId, issuedMs: this.now(), expiresMs: this.now() + this.limits.refreshTokenTtlSec * 1000 });
    return token;
  }

  private tokensFor(connection: Connection, refreshToken: string, includeHardExpiry: boolean): IssuedTokens {
    const now = this.now();
    // A long opaque JWE-looking string: clients must not parse it (§2.2).
    const accessToken = `eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..${randomBytes(16).toString('base64url')}.${randomBytes(96).toString('base64url')}.${randomBytes(16).toString('base64url')}`;
    this.accessTokens.set(accessToken, { connectionId: connection.id, expiresMs: now + this.limits.accessTokenTtlSec * 1000 });
    const hardRemaining = Math.max(0, Math.floor((this.hardExpiryMs(connection) - now) / 1000));
    const rt = this.refreshTokens.get(refreshToken);
    const rolling = rt ? Math.floor((rt.expiresMs - now) / 1000) : this.limits.refreshTokenTtlSec;
    const tokens: IssuedTokens = {
      token_type: 'bearer',
      access_token: accessToken,
      expires_in: this.limits.accessTokenTtlSec,
      refresh_token: refreshToken,
      x_refresh_token_expires_in: Math.min(rolling, hardRemaining),
    };
    if (includeHardExpiry) tokens.x_refresh_token_hard_expires_in = hardRemaining;
    if (connection.scopes.includes('openid')) tokens.id_token = this.idToken(connection, now);
    return tokens;
  }

  /** An unsigned OIDC id_token (alg none): enough for a client that reads `sub`/`realmid`, never for one that verifies. */
  private idToken(connection: Connection, now: number): string {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const iat = Math.floor(now / 1000);
    return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: `emulator-user-${connection.id}`, aud: [this.clientId], realmid: connection.realmId, iss: 'https://oauth.platform.intuit.com/op/v1', auth_time: iat, exp: iat + 3600, iat })}.`;
  }
}

function refusal(description: string): OAuthRefusal {
  return { error: 'invalid_grant', error_description: description };
}

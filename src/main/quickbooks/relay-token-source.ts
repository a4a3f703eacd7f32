import axios, { type AxiosInstance } from 'axios';
import { relayEndpoint } from '../relay-link/relay-url';

/**
 * Access tokens from the relay, QuickBooks' token broker (issue 4 §1): the relay holds the
 * client secret and the rotating refresh token; this console only ever sees short-lived
 * access tokens. Cached until shortly before they expire; a token QuickBooks rejected is
 * handed back (`rejectedAccessToken`) so the relay refreshes once for every console.
 */

export interface AccessGrant {
  accessToken: string;
  expiresAtMs: number;
  realmId: string;
  apiBaseUrl: string;
}

export interface TokenSource {
  /** A valid token; `rejected` is one QuickBooks just answered 401 to. */
  accessToken(rejected?: string): Promise<AccessGrant>;
}

export type TokenRefusalReason =
  /** 403: this device's role may not use QuickBooks (an agent console). */
  | 'not_allowed'
  /** 409: nobody connected QuickBooks yet, or the refresh token died (invalid_grant). */
  | 'not_connected'
  | 'needs_reconnect'
  /** 401: the device token was revoked. */
  | 'device_revoked'
  /** 5xx, 502 from Intuit, or the relay unreachable. */
  | 'unavailable';

export class TokenRefusedError extends Error {
  constructor(
    readonly reason: TokenRefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'TokenRefusedError';
  }
}

/** Refresh this long before the relay's expiry (the relay itself keeps a 5-minute margin). */
const EXPIRY_MARGIN_MS = 60_000;

export interface RelayTokenSourceOptions {
  relayUrl: string;
  deviceToken: string;
  now: () => number;
  timeoutMs?: number;
}

export class RelayTokenSource implements TokenSource {
  private cached: AccessGrant | null = null;
  private inFlight: Promise<AccessGrant> | null = null;
  private readonly http: AxiosInstance;
  private readonly url: string;

  constructor(private readonly options: RelayTokenSourceOptions) {
    this.url = relayEndpoint(options.relayUrl, '/v1/quickbooks/token', 'http').toString();
    this.http = axios.create({ timeout: options.timeoutMs ?? 20_000, validateStatus: () => true });
  }

  accessToken(rejected?: string): Promise<AccessGrant> {
    const cached = this.cached;
    if (cached !== null && cached.accessToken !== rejected && cached.expiresAtMs - this.options.now() > EXPIRY_MARGIN_MS) return Promise.resolve(cached);
    if (cached !== null && cached.accessToken === rejected) this.cached = null;
    this.inFlight ??= this.fetch(rejected).finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async fetch(rejected: string | undefined): Promise<AccessGrant> {
    let response;
    try {
      response = await this.http.post(this.url, rejected === undefined ? {} : { rejectedAccessToken: rejected }, {
        headers: { authorization: `Bearer ${this.options.deviceToken}`, 'content-type': 'application/json' },
      });
    } catch (error) {
      throw new TokenRefusedError('unavailable', `relay unreachable for a QuickBooks token: ${error instanceof Error ? error.message : String(error)}`);
    }
    const body = (response.data ?? {}) as Record<string, unknown>;
    const said = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    if (response.status === 200 && typeof body.accessToken === 'string' && typeof body.realmId === 'string' && typeof body.apiBaseUrl === 'string') {
      const grant: AccessGrant = {
        accessToken: body.accessToken,
        expiresAtMs: Date.parse(String(body.expiresAt)),
        realmId: body.realmId,
        apiBaseUrl: body.apiBaseUrl.replace(/\/+$/, ''),
      };
      this.cached = grant;
      return grant;
    }
    if (response.status === 403) throw new TokenRefusedError('not_allowed', `this device may not use QuickBooks: ${said}`);
    if (response.status === 401) throw new TokenRefusedError('device_revoked', `the relay refused this device token: ${said}`);
    if (response.status === 409) throw new TokenRefusedError(body.state === 'needs_reconnect' ? 'needs_reconnect' : 'not_connected', said);
    throw new TokenRefusedError('unavailable', `the relay could not hand out a QuickBooks token: ${said}`);
  }
}

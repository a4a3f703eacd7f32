import type { Clock } from '../../shared/clock';
import { quickBooksTokenHandoutSchema, quickBooksTokenRefusalSchema, type QuickBooksTokenRequest } from '../../shared/relay-rest/quickbooks';
import { callRelay, refusalOf, RelayRequestError } from '../http/relay-rest-client';
import { jsonOf } from '../http/outbound-client';

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
  clock: Clock;
}

export class RelayTokenSource implements TokenSource {
  private cached: AccessGrant | null = null;
  private inFlight: Promise<AccessGrant> | null = null;

  constructor(private readonly options: RelayTokenSourceOptions) {}

  accessToken(rejected?: string): Promise<AccessGrant> {
    const cached = this.cached;
    if (cached !== null && cached.accessToken !== rejected && cached.expiresAtMs - this.options.clock() > EXPIRY_MARGIN_MS) return Promise.resolve(cached);
    if (cached !== null && cached.accessToken === rejected) this.cached = null;
    this.inFlight ??= this.fetch(rejected).finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async fetch(rejected: string | undefined): Promise<AccessGrant> {
    const request: QuickBooksTokenRequest = rejected === undefined ? {} : { rejectedAccessToken: rejected };
    let answer;
    try {
      answer = await callRelay({ url: this.options.relayUrl, token: this.options.deviceToken }, 'POST', '/v1/quickbooks/token', request);
    } catch (error) {
      if (!(error instanceof RelayRequestError)) throw error;
      throw new TokenRefusedError('unavailable', `relay unreachable for a QuickBooks token: ${error.message}`);
    }
    const said = refusalOf(answer);
    if (answer.status === 200) {
      const handout = quickBooksTokenHandoutSchema.safeParse(jsonOf(answer));
      if (!handout.success) throw new TokenRefusedError('unavailable', 'the relay answered a QuickBooks token request with something this console does not read');
      const grant: AccessGrant = {
        accessToken: handout.data.accessToken,
        expiresAtMs: Date.parse(handout.data.expiresAt),
        realmId: handout.data.realmId,
        apiBaseUrl: handout.data.apiBaseUrl.replace(/\/+$/, ''),
      };
      this.cached = grant;
      return grant;
    }
    if (answer.status === 403) throw new TokenRefusedError('not_allowed', `this device may not use QuickBooks: ${said}`);
    if (answer.status === 401) throw new TokenRefusedError('device_revoked', `the relay refused this device token: ${said}`);
    if (answer.status === 409) {
      const refusal = quickBooksTokenRefusalSchema.safeParse(jsonOf(answer));
      throw new TokenRefusedError(refusal.success && refusal.data.state === 'needs_reconnect' ? 'needs_reconnect' : 'not_connected', said);
    }
    throw new TokenRefusedError('unavailable', `the relay could not hand out a QuickBooks token: ${said}`);
  }
}

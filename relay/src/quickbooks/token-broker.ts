import { randomUUID } from 'node:crypto';
import { EVENT_MODEL_VERSION, type EventOf } from '../../../src/shared/events/model';
import type { Clock } from '../../../src/shared/clock';
import type { QuickBooksConnectAnswer, QuickBooksStatusAnswer, QuickBooksTokenHandout, QuickBooksTokenRefusal } from '../../../src/shared/relay-rest/quickbooks';
import type { RelayDatabase } from '../database';
import type { CheckHealth } from '../health/check-health';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import { buildAuthorizeUrl } from './authorize-url';
import { consumeConnectState, createConnectState } from './connect-states';
import {
  deleteConnection,
  isActiveAdminDevice,
  markNeedsReconnect,
  readConnection,
  saveConnection,
  saveRefreshToken,
  type StoredConnection,
} from './connection-store';
import { exchangeCode, fetchCompanyName, refreshTokens, revokeToken, type IntuitEndpoints, type TokenCallFailure } from './intuit-oauth-client';
import type { QuickBooksClient, QuickBooksSettings } from './quickbooks-settings';
import { EXPIRY_ALERT_ID, expiryWarning, idleRefreshDue, RECONNECT_ALERT_ID, reconnectAlertMessage, type QuickBooksAlerts } from './token-care';
import { decryptToken, encryptToken, TokenDecryptionError } from './token-cipher';

/**
 * The relay as QuickBooks' OAuth token broker (issue 4 §1, spec §0 trap 1 and §2).
 * It holds the client secret and the only refresh token; consoles get short-lived
 * access tokens. Every change to the stored connection (refresh, connect, disconnect)
 * runs one at a time on `serial`, and concurrent token requests share one in-flight
 * refresh, so two refreshes never race and a rotated refresh token is saved before
 * the new access token is used or handed out. One relay process owns relay.db.
 */

/** Hand out a cached access token only while it has at least this long to live. */
export const ACCESS_TOKEN_MARGIN_MS = 5 * 60_000;
const INTUIT_TIMEOUT_MS = 15_000;

export type HandoutResult =
  | { ok: true; handout: QuickBooksTokenHandout }
  | { ok: false; status: 409; body: QuickBooksTokenRefusal }
  | { ok: false; status: 502; body: { error: string } };

export type CallbackOutcome =
  | { ok: true; companyName: string | null; realmId: string }
  | { ok: false; status: number; title: string; message: string };

export type DisconnectResult = { ok: true; revoked: boolean } | { ok: false; status: 502; error: string };

interface CachedAccessToken {
  connectionId: string;
  accessToken: string;
  expiresAtMs: number;
}

export interface TokenBrokerDeps {
  db: RelayDatabase;
  settings: QuickBooksSettings;
  client: QuickBooksClient;
  log: EventLog;
  logger: Logger;
  clock: Clock;
  /** Where "QuickBooks needs reconnecting" and "the token expires soon" go (banner and email). */
  alerts: QuickBooksAlerts;
  /** Where each real refresh's outcome is kept for /healthz and /metrics (check token_refresh). */
  checks?: Pick<CheckHealth, 'recordSuccess' | 'recordFailure'>;
}

export class QuickBooksTokenBroker {
  private cached: CachedAccessToken | null = null;
  private refreshing: Promise<HandoutResult> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly endpoints: IntuitEndpoints;

  constructor(private readonly deps: TokenBrokerDeps) {
    const { settings, client } = deps;
    this.endpoints = {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      redirectUri: client.redirectUri,
      tokenUrl: settings.tokenUrl,
      revokeUrl: settings.revokeUrl,
      apiBaseUrl: settings.apiBaseUrl,
      timeoutMs: INTUIT_TIMEOUT_MS,
    };
  }

  status(): QuickBooksStatusAnswer {
    const connection = readConnection(this.deps.db);
    if (connection === null) {
      return { state: 'disconnected', realmId: null, companyName: null, environment: this.deps.settings.environment, connectedAt: null, reason: null };
    }
    return {
      state: connection.state,
      realmId: connection.realmId,
      companyName: connection.companyName,
      environment: connection.environment,
      connectedAt: connection.connectedAt,
      reason: connection.reason,
    };
  }

  /** Step 1 of "Connect QuickBooks": the consent URL, with a single-use state bound to the admin device. */
  startConnect(deviceId: string): QuickBooksConnectAnswer {
    const { state, expiresAtMs } = createConnectState(this.deps.db, deviceId, this.deps.clock());
    const authorizeUrl = buildAuthorizeUrl({ authUrl: this.deps.settings.authUrl, clientId: this.deps.client.clientId, redirectUri: this.deps.client.redirectUri, state });
    return { authorizeUrl, expiresAt: new Date(expiresAtMs).toISOString() };
  }

  /** Step 2: Intuit redirected the user's browser to the callback. Nothing is stored unless every check passes. */
  async completeConnect(query: URLSearchParams): Promise<CallbackOutcome> {
    const state = query.get('state');
    const consumed = state === null || state === '' ? null : consumeConnectState(this.deps.db, state, this.deps.clock());
    const denied = query.get('error');
    if (denied !== null) {
      const detail = query.get('error_description');
      return failure(400, 'QuickBooks was not connected', `QuickBooks answered "${denied}"${detail ? ` (${detail})` : ''}. Nothing was changed; start again from Ringside if you meant to connect.`);
    }
    if (consumed === null) return failure(400, 'QuickBooks was not connected', 'This page was opened without the state Ringside sent. Start again from Ringside: Settings → QuickBooks → Connect.');
    if (!consumed.ok) {
      const why = consumed.reason === 'expired' ? 'This connect link expired' : 'This connect link was already used or is unknown';
      return failure(400, 'QuickBooks was not connected', `${why}. Start again from Ringside: Settings → QuickBooks → Connect.`);
    }
    if (!isActiveAdminDevice(this.deps.db, consumed.deviceId)) {
      return failure(403, 'QuickBooks was not connected', 'The Ringside device that started this connection is no longer an admin device.');
    }
    const code = query.get('code');
    const realmId = query.get('realmId');
    if (!code || !realmId || realmId.length > 100) return failure(400, 'QuickBooks was not connected', 'QuickBooks did not send an authorization code and company id. Start again from Ringside.');

    const exchanged = await exchangeCode(this.endpoints, code);
    if (!exchanged.ok) {
      this.deps.logger.warn('quickbooks code exchange failed', describeFailure(exchanged));
      const status = exchanged.kind === 'invalid_grant' ? 400 : 502;
      return failure(status, 'QuickBooks was not connected', `${explainFailure(exchanged, 'the authorization code')} Start again from Ringside.`);
    }
    const { grant } = exchanged;
    const companyName = await fetchCompanyName(this.endpoints, grant.accessToken, realmId);
    if (companyName === null) this.deps.logger.warn('quickbooks CompanyInfo could not be read; connecting without the company name', { realmId });

    const now = this.deps.clock();
    const connection: StoredConnection = {
      connectionId: randomUUID(),
      state: 'connected',
      realmId,
      companyName,
      environment: this.deps.settings.environment,
      refreshTokenCipher: encryptToken(grant.refreshToken, this.deps.client.tokenEncryptionKey),
      refreshTokenExpiresAt: expiryOf(now, grant.refreshTokenExpiresIn),
      refreshTokenHardExpiresAt: expiryOf(now, grant.refreshTokenHardExpiresIn),
      refreshedAt: new Date(now).toISOString(),
      connectedAt: new Date(now).toISOString(),
      reason: null,
    };
    await this.serial(async () => {
      saveConnection(this.deps.db, connection);
      this.cached = { connectionId: connection.connectionId, accessToken: grant.accessToken, expiresAtMs: now + grant.expiresIn * 1000 };
    });
    this.deps.logger.info('quickbooks connected', { realmId, environment: connection.environment, deviceId: consumed.deviceId });
    await this.announce({ state: 'connected', realmId, companyName, environment: connection.environment, reason: null });
    await this.care();
    await this.alert(() => this.deps.alerts.clear(RECONNECT_ALERT_ID, `QuickBooks is connected again${companyName === null ? '' : ` (${companyName})`}.`));
    return { ok: true, companyName, realmId };
  }

  /**
   * A short-lived access token. `rejectedAccessToken` is one the API just answered 401
   * to: if it is still the cached one, it is dropped and a refresh follows; if another
   * caller already replaced it, the newer token is returned without a second refresh.
   */
  accessToken(rejectedAccessToken: string | null): Promise<HandoutResult> {
    const connection = readConnection(this.deps.db);
    if (connection === null || connection.state !== 'connected') return Promise.resolve(notConnected(connection));
    const cached = this.cached;
    if (cached !== null && rejectedAccessToken !== null && cached.accessToken === rejectedAccessToken) this.cached = null;
    else if (cached !== null && cached.connectionId === connection.connectionId && cached.expiresAtMs - this.deps.clock() > ACCESS_TOKEN_MARGIN_MS) {
      return Promise.resolve(this.handout(connection, cached));
    }
    this.refreshing ??= this.serial(() => this.refresh()).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Revokes at Intuit, then forgets the tokens. A transient revoke failure keeps everything, so the admin can retry. */
  disconnect(): Promise<DisconnectResult> {
    return this.serial(async () => {
      const connection = readConnection(this.deps.db);
      if (connection === null) return { ok: true, revoked: false };
      let revoked = false;
      const refreshToken = this.decryptStored(connection);
      if (refreshToken !== null) {
        const answer = await revokeToken(this.endpoints, refreshToken);
        if (!answer.ok && answer.kind === 'transient') return { ok: false, status: 502, error: `${explainFailure(answer, 'the revoke request')} Try again.` };
        if (!answer.ok) this.deps.logger.warn('quickbooks revoke refused; forgetting the connection anyway', describeFailure(answer));
        revoked = answer.ok && !answer.alreadyInvalid;
      }
      deleteConnection(this.deps.db, connection.connectionId);
      this.cached = null;
      this.deps.logger.info('quickbooks disconnected', { realmId: connection.realmId, revoked });
      await this.announce({ state: 'disconnected', realmId: connection.realmId, companyName: connection.companyName, environment: connection.environment, reason: null });
      await this.alert(() => this.deps.alerts.clear(RECONNECT_ALERT_ID, 'QuickBooks was disconnected on purpose.'));
      await this.alert(() => this.deps.alerts.clear(EXPIRY_ALERT_ID, 'QuickBooks was disconnected on purpose.'));
      return { ok: true, revoked };
    });
  }

  /**
   * The relay's own care of the token (issue 11 §3), run hourly by TokenCare and after a
   * connect: a token nobody refreshed for QUICKBOOKS_IDLE_REFRESH_DAYS is refreshed now, so
   * the 100-day rolling expiry never passes while every console is idle; then the admins
   * are warned (or the warning cleared) about the rolling and the hard expiry, and a
   * connection that needs reconnecting keeps its alert raised.
   */
  async care(): Promise<void> {
    const before = readConnection(this.deps.db);
    if (before === null) return;
    if (before.state === 'connected' && idleRefreshDue(before, this.deps.clock(), this.deps.settings)) {
      this.deps.logger.info('quickbooks token refreshed by the relay on its own (idle)', { realmId: before.realmId, lastRefreshedAt: before.refreshedAt });
      this.refreshing ??= this.serial(() => this.refresh(true)).finally(() => (this.refreshing = null));
      await this.refreshing;
    }
    const connection = readConnection(this.deps.db);
    if (connection === null) return;
    if (connection.state === 'needs_reconnect') {
      await this.alert(() => this.deps.alerts.raise({ alertId: RECONNECT_ALERT_ID, message: reconnectAlertMessage(connection.reason), severity: 'critical' }));
      return;
    }
    const warning = expiryWarning(connection, this.deps.clock(), this.deps.settings.expiryWarningMs);
    if (warning !== null) await this.alert(() => this.deps.alerts.raise({ alertId: EXPIRY_ALERT_ID, message: warning, severity: 'warning' }));
    else await this.alert(() => this.deps.alerts.clear(EXPIRY_ALERT_ID, 'The QuickBooks connection is good for a long while again.'));
  }

  /** Runs on `serial`: reads the connection afresh, since a disconnect or reconnect may have run first. `force`: refresh even with a good access token cached. */
  private async refresh(force = false): Promise<HandoutResult> {
    const connection = readConnection(this.deps.db);
    if (connection === null || connection.state !== 'connected') return notConnected(connection);
    const cached = this.cached;
    if (!force && cached !== null && cached.connectionId === connection.connectionId && cached.expiresAtMs - this.deps.clock() > ACCESS_TOKEN_MARGIN_MS) {
      return this.handout(connection, cached);
    }
    const refreshToken = this.decryptStored(connection);
    if (refreshToken === null) {
      return this.needsReconnect(connection, 'the stored refresh token does not decrypt with QUICKBOOKS_TOKEN_ENCRYPTION_KEY (was the key changed?)');
    }
    const answer = await refreshTokens(this.endpoints, refreshToken);
    if (!answer.ok) {
      this.deps.logger.warn('quickbooks token refresh failed', describeFailure(answer));
      this.deps.checks?.recordFailure('token_refresh', this.deps.clock(), explainFailure(answer, 'the token refresh'));
      if (answer.kind === 'invalid_grant') {
        return this.needsReconnect(connection, `QuickBooks refused the refresh token (invalid_grant${answer.description ? `: ${answer.description}` : ''}); an admin must reconnect`);
      }
      return { ok: false, status: 502, body: { error: `${explainFailure(answer, 'the token refresh')} Retry shortly.` } };
    }
    const { grant } = answer;
    const now = this.deps.clock();
    // Durable before anything uses the new access token: Intuit may have retired the old refresh token.
    const saved = saveRefreshToken(this.deps.db, connection.connectionId, encryptToken(grant.refreshToken, this.deps.client.tokenEncryptionKey), {
      expiresAt: expiryOf(now, grant.refreshTokenExpiresIn),
      hardExpiresAt: expiryOf(now, grant.refreshTokenHardExpiresIn),
      refreshedAt: new Date(now).toISOString(),
    });
    if (!saved) return notConnected(readConnection(this.deps.db));
    if (grant.refreshToken !== refreshToken) this.deps.logger.info('quickbooks refresh token rotated', { realmId: connection.realmId });
    this.deps.checks?.recordSuccess('token_refresh', now);
    this.cached = { connectionId: connection.connectionId, accessToken: grant.accessToken, expiresAtMs: now + grant.expiresIn * 1000 };
    return this.handout(connection, this.cached);
  }

  private async needsReconnect(connection: StoredConnection, reason: string): Promise<HandoutResult> {
    markNeedsReconnect(this.deps.db, connection.connectionId, reason);
    this.deps.checks?.recordFailure('token_refresh', this.deps.clock(), reason);
    this.cached = null;
    await this.announce({ state: 'needs_reconnect', realmId: connection.realmId, companyName: connection.companyName, environment: connection.environment, reason });
    await this.alert(() => this.deps.alerts.raise({ alertId: RECONNECT_ALERT_ID, message: reconnectAlertMessage(reason), severity: 'critical' }));
    return { ok: false, status: 409, body: { error: 'reconnect QuickBooks', state: 'needs_reconnect', reason } };
  }

  private decryptStored(connection: StoredConnection): string | null {
    if (connection.refreshTokenCipher === null) return null;
    try {
      return decryptToken(connection.refreshTokenCipher, this.deps.client.tokenEncryptionKey);
    } catch (error) {
      if (!(error instanceof TokenDecryptionError)) throw error;
      this.deps.logger.error('quickbooks refresh token unreadable', { error: error.message });
      return null;
    }
  }

  private handout(connection: StoredConnection, token: CachedAccessToken): HandoutResult {
    return {
      ok: true,
      handout: { accessToken: token.accessToken, expiresAt: new Date(token.expiresAtMs).toISOString(), realmId: connection.realmId, apiBaseUrl: this.deps.settings.apiBaseUrl },
    };
  }

  /**
   * Tells every console through the log. Appended with source 'console' (a fact about
   * the console's QuickBooks link, like the ones an admin console posts), so agent
   * devices see it too; the id is fresh because each change is a new fact. A failed
   * append is logged, not thrown: the stored state is already right and
   * /v1/quickbooks/status reports it.
   */
  private async announce(data: EventOf<'quickbooks.connection_changed'>['data']): Promise<void> {
    const at = new Date(this.deps.clock()).toISOString();
    try {
      await this.deps.log.append({
        v: EVENT_MODEL_VERSION,
        id: `quickbooks-connection:${randomUUID()}`,
        type: 'quickbooks.connection_changed',
        source: 'console',
        occurredAt: at,
        receivedAt: at,
        lines: [],
        data: { ...data, companyName: data.companyName?.slice(0, 300) ?? null, reason: data.reason?.slice(0, 500) ?? null },
      });
    } catch (error) {
      this.deps.logger.error('quickbooks connection event not stored', { state: data.state, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** An alert the log could not take now is logged; the next hourly care raises it again. */
  private async alert(send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (error) {
      this.deps.logger.error('quickbooks alert not stored', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function notConnected(connection: StoredConnection | null): HandoutResult {
  if (connection?.state === 'needs_reconnect') {
    return { ok: false, status: 409, body: { error: 'reconnect QuickBooks', state: 'needs_reconnect', reason: connection.reason } };
  }
  return { ok: false, status: 409, body: { error: 'QuickBooks is not connected: an admin connects it first', state: 'disconnected', reason: null } };
}

function failure(status: number, title: string, message: string): CallbackOutcome {
  return { ok: false, status, title, message };
}

function expiryOf(nowMs: number, seconds: number | null): string | null {
  return seconds === null ? null : new Date(nowMs + seconds * 1000).toISOString();
}

function explainFailure(failed: TokenCallFailure, what: string): string {
  switch (failed.kind) {
    case 'invalid_grant':
      return `QuickBooks refused ${what} (invalid_grant).`;
    case 'refused':
      return `QuickBooks refused ${what} (${failed.error}): check the relay's QUICKBOOKS_CLIENT_ID, QUICKBOOKS_CLIENT_SECRET and QUICKBOOKS_REDIRECT_URI.`;
    case 'transient':
      return `QuickBooks did not complete ${what}: ${failed.message}.`;
  }
}

/** Log fields for a failed call: never a token, always intuit_tid (Intuit support asks for it). */
function describeFailure(failed: TokenCallFailure): Record<string, unknown> {
  return { kind: failed.kind, intuitTid: failed.intuitTid, ...(failed.kind === 'refused' ? { status: failed.status, error: failed.error } : {}), ...(failed.kind === 'transient' ? { message: failed.message } : {}) };
}

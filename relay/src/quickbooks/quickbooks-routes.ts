import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { DeviceRole } from '../../../src/shared/events/model';
import type { Clock } from '../../../src/shared/clock';
import { quickBooksTokenRequestSchema, type QuickBooksDisconnectAnswer } from '../../../src/shared/relay-rest/quickbooks';
import type { RelayDatabase } from '../database';
import type { Device } from '../devices/device-store';
import { roleConsole } from '../devices/role-words';
import type { DeviceRegistry } from '../devices/device-registry';
import type { CheckHealth } from '../health/check-health';
import { bearerToken } from '../devices/device-token';
import { readBody } from '../http/body';
import { parseJsonBody } from '../http/parse-body';
import { parseRequestTarget } from '../http/request-target';
import { sendJson, sendTooLarge } from '../http/respond';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import { sendCallbackPage } from './callback-page';
import { QUICKBOOKS_CLIENT_SETTINGS, type QuickBooksSettings } from './quickbooks-settings';
import { releaseSyncLease, takeSyncLease, type SyncLeaseDeps } from './sync-lease-routes';
import { QuickBooksTokenBroker } from './token-broker';
import { LoggedQuickBooksAlerts, TokenCare, type QuickBooksAlerts } from './token-care';

/**
 * The relay's QuickBooks endpoints (relay/README.md "QuickBooks"); the /v1 request and
 * answer shapes are src/shared/relay-rest/quickbooks.ts, which the console parses with:
 *   POST /v1/quickbooks/connect     admin       → QuickBooksConnectAnswer
 *   GET  /quickbooks/callback       the browser → HTML page
 *   POST /v1/quickbooks/token       bookkeeper, admin → QuickBooksTokenHandout, or 409 QuickBooksTokenRefusal
 *   POST /v1/quickbooks/disconnect  admin       → QuickBooksDisconnectAnswer
 *   GET  /v1/quickbooks/status      any device  → QuickBooksStatusAnswer
 *   POST /v1/quickbooks/sync-lease          bookkeeper, admin → QuickBooksSyncLeaseGrant, or 409 QuickBooksSyncLeaseBusy
 *   POST /v1/quickbooks/sync-lease/release  bookkeeper, admin → QuickBooksSyncLeaseReleased
 * While the OAuth client is not configured every endpoint answers 503. The webhook,
 * POST /webhooks/quickbooks, is a provider on the webhook pipeline (relay/src/providers/quickbooks).
 */

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export const QUICKBOOKS_CALLBACK_PATH = '/quickbooks/callback';

export interface QuickBooksRoutesDeps {
  settings: QuickBooksSettings;
  db: RelayDatabase;
  devices: DeviceRegistry;
  log: EventLog;
  logger: Logger;
  clock: Clock;
  /** RELAY_MAX_JSON_DEPTH, for the token request body. */
  maxJsonDepth: number;
  /** The relay's alert service; without one, alerts are relay.alert events only. */
  alerts?: QuickBooksAlerts;
  /** Where the token refreshes' outcomes are kept (check token_refresh). */
  checks?: Pick<CheckHealth, 'recordSuccess' | 'recordFailure'>;
}

export interface QuickBooksRelay {
  routes: Record<string, Partial<Record<string, Handler>>>;
  /** The relay's own QuickBooks access (QuickBooks' send-invoice for notices); null while the OAuth client is not configured. */
  broker: QuickBooksTokenBroker | null;
  /** Starts the token's hourly care (a refresh while every console is idle, expiry warnings). */
  start(): void;
  close(): Promise<void>;
}

/** Token requests carry at most one access token (a JWE of a few KB). */
const MAX_TOKEN_REQUEST_BYTES = 16 * 1024;

export function createQuickBooksRelay(deps: QuickBooksRoutesDeps): QuickBooksRelay {
  const { settings } = deps;
  const client = settings.client;
  const alerts = deps.alerts ?? new LoggedQuickBooksAlerts({ db: deps.db, log: deps.log, clock: deps.clock });
  const broker = client === null ? null : new QuickBooksTokenBroker({ db: deps.db, settings, client, log: deps.log, logger: deps.logger, clock: deps.clock, alerts, checks: deps.checks });
  const care = broker === null ? null : new TokenCare(() => broker.care(), deps.logger);
  const lease: SyncLeaseDeps = { db: deps.db, clock: deps.clock, ttlMs: settings.syncLeaseMs, maxJsonDepth: deps.maxJsonDepth };
  const notConfigured = `QuickBooks is not configured on the relay: set ${QUICKBOOKS_CLIENT_SETTINGS.join(', ')}`;

  /** Authenticates a device with one of `roles`, then runs `handle` with the broker. */
  const forDevices = (roles: readonly DeviceRole[], handle: (broker: QuickBooksTokenBroker, device: Device, req: IncomingMessage, res: ServerResponse) => Promise<void> | void): Handler =>
    async (req, res) => {
      const device = deps.devices.authenticate(bearerToken(req.headers.authorization));
      if (device === null) return sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)' });
      if (!roles.includes(device.role)) return sendJson(res, 403, { error: `${roleConsole(device.role)} may not do this; only ${roles.join(' or ')} consoles may.` });
      if (broker === null) return sendJson(res, 503, { error: notConfigured });
      await handle(broker, device, req, res);
    };

  const routes: Record<string, Partial<Record<string, Handler>>> = {
    '/v1/quickbooks/connect': {
      POST: forDevices(['admin'], (broker, device, _req, res) => sendJson(res, 200, broker.startConnect(device.id))),
    },
    [QUICKBOOKS_CALLBACK_PATH]: {
      GET: async (req, res) => {
        if (broker === null) return sendCallbackPage(res, 503, 'QuickBooks is not set up on this relay', `${notConfigured}.`);
        // The server already answered 400 to a target that is not a path, so this one parses.
        const outcome = await broker.completeConnect(new URLSearchParams(parseRequestTarget(req.url)?.query ?? ''));
        if (!outcome.ok) return sendCallbackPage(res, outcome.status, outcome.title, outcome.message);
        const company = outcome.companyName === null ? `company ${outcome.realmId}` : outcome.companyName;
        sendCallbackPage(res, 200, 'QuickBooks connected', `Ringside is now connected to ${company}. You can close this tab.`);
      },
    },
    '/v1/quickbooks/token': {
      POST: forDevices(['bookkeeper', 'admin'], async (broker, _device, req, res) => {
        const read = await readBody(req, MAX_TOKEN_REQUEST_BYTES);
        if (!read.ok) return sendTooLarge(res, MAX_TOKEN_REQUEST_BYTES);
        // The same depth-checked parse as webhooks: a small body nested thousands deep must not reach zod.
        const body = read.body.length === 0 ? ({ ok: true, value: {} } as const) : parseJsonBody(read.body, deps.maxJsonDepth);
        if (!body.ok) return sendJson(res, 400, { error: body.error });
        const parsed = quickBooksTokenRequestSchema.safeParse(body.value);
        if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
        const result = await broker.accessToken(parsed.data.rejectedAccessToken ?? null);
        if (result.ok) return sendJson(res, 200, result.handout, { 'cache-control': 'no-store' });
        sendJson(res, result.status, result.body);
      }),
    },
    '/v1/quickbooks/disconnect': {
      POST: forDevices(['admin'], async (broker, _device, _req, res) => {
        const result = await broker.disconnect();
        if (!result.ok) return sendJson(res, result.status, { error: result.error });
        sendJson(res, 200, { state: 'disconnected', revoked: result.revoked } satisfies QuickBooksDisconnectAnswer);
      }),
    },
    '/v1/quickbooks/status': {
      GET: forDevices(['admin', 'bookkeeper', 'agent'], (broker, _device, _req, res) => sendJson(res, 200, broker.status())),
    },
    '/v1/quickbooks/sync-lease': {
      POST: forDevices(['bookkeeper', 'admin'], (_broker, device, req, res) => takeSyncLease(lease, device, req, res)),
    },
    '/v1/quickbooks/sync-lease/release': {
      POST: forDevices(['bookkeeper', 'admin'], (_broker, device, req, res) => releaseSyncLease(lease, device, req, res)),
    },
  };
  return {
    routes,
    broker,
    start: () => care?.start(),
    close: async () => care?.close(),
  };
}

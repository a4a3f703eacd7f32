import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Clock } from '../../src/shared/clock';
import type { RingsideEvent } from '../../src/shared/events/model';
import { LOG_EPOCH_HEADER, type HealthResponse } from '../../src/shared/relay-protocol';
import { relayAlerts } from './alerts/relay-alerts';
import { WebhookSignatureWatch } from './alerts/webhook-signature-watch';
import { WebhookStorageWatch } from './alerts/webhook-storage-watch';
import type { RelaySettings } from './config';
import { CallLines } from './calls/call-lines';
import { consoleEventsRoute } from './console-events/console-events-route';
import type { RelayDatabase } from './database';
import { deviceMeRoute } from './devices/device-me-route';
import { DeviceRegistry } from './devices/device-registry';
import { deviceRoutes } from './devices/device-routes';
import { PresenceBoard } from './stream/presence-board';
import { bearerToken } from './devices/device-token';
import { AddressSet } from './http/address-ranges';
import { clientAddress } from './http/client-address';
import { CheckHealth } from './health/check-health';
import { registerCheckMetrics } from './health/check-metrics';
import { guardConnections } from './http/connection-guard';
import { operatorAccess } from './http/operator-access';
import { asksForWebSocket, serveAsPlainRequest } from './http/plain-request-replay';
import { KeyedRateLimiter } from './http/rate-limit/keyed-rate-limiter';
import { rateLimitKey } from './http/rate-limit/rate-limit-key';
import type { Handler, RequestContext } from './http/request-context';
import { parseRequestTarget } from './http/request-target';
import { sendJson } from './http/respond';
import { EventLog } from './log/event-log';
import type { Logger } from './logger';
import { MediaCapturer } from './media/media-capturer';
import { MediaMetrics } from './media/media-metrics';
import { MEDIA_PATH_PREFIX, mediaRoute } from './media/media-route';
import { messageRoutes } from './messages/message-routes';
import { flutterwavePayments } from './payments/flutterwave-payments';
import type { FlutterwaveSettings } from './providers/flutterwave/settings';
import { accountsProgress } from './accounts/accounts-progress';
import { RelayAccounts } from './accounts/relay-accounts';
import { relayTranscription } from './transcription/relay-transcription';
import { relayJobs } from './jobs/relay-jobs';
import { relayPrivacy } from './privacy/relay-privacy';
import { relayBackups } from './backup/relay-backups';
import { MaintenanceTurns } from './db/maintenance-turns';
import type { BackupSchedule } from './backup/backup-schedule';
import { CALENDAR_PATH_PREFIX } from '../../src/shared/relay-rest/jobs';
import { OpenPhoneContactPush } from './providers/openphone/contact-push/contact-push';
import { OpenPhoneDirectorySync } from './providers/openphone/directory/directory-sync';
import { OpenPhoneHealthCheck } from './providers/openphone/health-check/health-check-job';
import { PORTAL_PATH_PREFIX } from '../../src/shared/relay-rest/portal';
import { createNoticeChannels } from './notices/channels/notice-channels';
import { relayNotices } from './notices/relay-notices';
import { invoiceBusiness } from './notices/invoice-business';
import { invoicePdfFor } from './invoices/invoice-pdf-for';
import { portalRoutes } from './portal/portal-relay';
import { sendPortalFault, sendPortalMethodNotAllowed, sendPortalTooManyFailures } from './portal/portal-route';
import { renderInvoicePdf } from './invoices/render-invoice-pdf';
import { UNSUBSCRIBE_PATH_PREFIX } from '../../src/shared/relay-rest/notices';
import { OpenPhoneReconciliation } from './providers/openphone/reconciliation/reconciliation-job';
import { reconciliationRoutes } from './providers/openphone/reconciliation/reconciliation-routes';
import { restActivitySource } from './providers/openphone/reconciliation/rest-activity-source';
import { OpenPhoneHistoryImport } from './providers/openphone/history-import/history-import';
import { openPhoneImportRoutes } from './providers/openphone/history-import/import-routes';
import { openPhoneContactsClient } from './providers/openphone/rest/contacts-client';
import { relayOpenPhoneClient } from './providers/openphone/rest/relay-openphone-client';
import type { OpenPhoneSettings } from './providers/openphone/settings';
import { RelayMetrics } from './metrics';
import { createMightyCallRelay } from './providers/mightycall/mightycall-relay';
import { WEBHOOK_PROVIDERS } from './providers/registry';
import { isPlanned, providerStatus, type WebhookProviderDefinition } from './providers/webhook-provider';
import { createQuickBooksRelay } from './quickbooks/quickbooks-routes';
import { RepeatedLog, repeatedWarnings } from './repeated-log';
import { StreamHub } from './stream/stream-hub';
import { decideStreamStart, parseAfter } from './stream/stream-start';
import { readLogEpochs } from './log/log-epochs';
import { webhookRoute } from './webhooks/webhook-pipeline';

export interface RelayDeps {
  settings: RelaySettings;
  /** Opened with openRelayDatabase; the caller closes it after `close()`. */
  db: RelayDatabase;
  logger: Logger;
  clock: Clock;
  /** How often to look for devices added or revoked by the CLI. */
  devicePollMs?: number;
  /** The webhook providers served at /webhooks/<name>; default: relay/src/providers/registry.ts. */
  providers?: readonly WebhookProviderDefinition[];
}

export interface Relay {
  server: Server;
  log: EventLog;
  /** Each webhook provider's state by name, for the start-up log line ("planned", "not configured", "2 key(s)"…). */
  webhooks: Readonly<Record<string, string>>;
  /** The reconciliation with OpenPhone's API and its webhook health check; null while OPENPHONE_API_KEY (or the check's lines) are unset. */
  reconciliation: OpenPhoneReconciliation | null;
  healthCheck: OpenPhoneHealthCheck | null;
  /** The relay's accounts (issue 13), read whole by the portal and the notices (issue 14's CustomerAccountsReader). */
  accounts: RelayAccounts;
  /** Scheduled backups of relay.db and the media (issue 16 §4); null while RELAY_BACKUP_DIR is unset. */
  backups: BackupSchedule | null;
  /** Graceful stop: no new connections, pending appends committed, streams closed with 4503. */
  close(): Promise<void>;
}

const STREAM_PATH = '/v1/stream';
/** Client frames are acks: a few dozen bytes. */
const MAX_CLIENT_FRAME_BYTES = 16 * 1024;
const SHUTDOWN_GRACE_MS = 3000;
/** How often node looks for requests past their header/request timeout (its default, 30 s, would let a slowloris linger). */
const TIMEOUT_CHECK_MS = 1000;
const REPEATED_WARNING_PERIOD_MS = 60_000;
const UNAUTHENTICATED_PATHS = new Set(['/healthz']);
/** Routes registered under a prefix serve every path below it (the rest of the path is theirs to read). */
const PATH_PREFIXES = [MEDIA_PATH_PREFIX, PORTAL_PATH_PREFIX, UNSUBSCRIBE_PATH_PREFIX, CALENDAR_PATH_PREFIX];

export function createRelay(deps: RelayDeps): Relay {
  const { settings, logger, clock } = deps;
  // The accounts catch up with the log before the first append, then move in each append's transaction.
  const accounts = RelayAccounts.open(deps.db, { onProgress: accountsProgress(logger) });
  const log = new EventLog(deps.db, { clock, onCommit: (timing) => metrics.commitTimed(timing), onWarning: (message) => logger.warn(message), projection: accounts });
  const hub: StreamHub = new StreamHub(log, logger, {
    heartbeatMs: settings.heartbeatMs,
    onChunk: (seconds) => metrics.replayChunkObserved(seconds),
    onFanOut: (seconds) => metrics.fanOutObserved(seconds),
    onAck: (lag) => metrics.streamLagObserved(lag),
    presenceFrame: (): string => presence.frame(),
    onOnlineChanged: (device, online) => {
      devices.seen(device.id);
      if (online) presence.changed();
      else presence.disconnected(device.id);
    },
  });
  const metrics = new RelayMetrics({ connectedDevices: () => hub.connectedDevices(), headSeq: () => log.headSeq, lagByDevice: () => hub.lagByDevice() });
  log.onCommitted((entries) => metrics.eventsStored(entries.length));
  // The last success of each recurring check, and the one alert service every part raises through.
  const checks = new CheckHealth(deps.db);
  registerCheckMetrics(metrics.registry, checks);
  const openPhoneClient = relayOpenPhoneClient(settings.openPhoneRest, clock);
  const configuredLines = Object.values((settings.providers.openphone as OpenPhoneSettings | undefined)?.phoneNumberIds ?? {});
  const alerts = relayAlerts({
    settings: settings.alerts,
    db: deps.db,
    log,
    logger,
    clock,
    registry: metrics.registry,
    health: checks,
    openPhoneClient,
    everyLine: () => [...configuredLines, ...devices.activeDevices().flatMap((device) => device.numbers)],
  });
  const devices = new DeviceRegistry(
    deps.db,
    { onRevoked: (revoked) => hub.revoke(revoked), onChanged: (changed) => hub.devicesChanged(changed), onTeamChanged: () => presence.changed() },
    clock,
  );
  const presence: PresenceBoard = new PresenceBoard({ devices: () => devices.activeDevices(), online: (): Set<string> => hub.onlineDeviceIds(), lastSeenAt: (id) => devices.lastSeenAt(id), publish: (frame) => hub.publishPresence(frame) });
  log.onCommitted((entries) => presence.noticeCommitted(entries));
  devices.watch(deps.devicePollMs ?? 300);
  hub.startHeartbeat();
  let closing = false;

  const trustedProxies = new AddressSet(settings.trustedProxies);
  const exempt = new AddressSet(settings.rateLimitExempt);
  const webhookLimiter = new KeyedRateLimiter(settings.webhookRateLimit, clock);
  // Each failed authentication takes a token; with none left, requests needing authentication are refused.
  const authFailures = new KeyedRateLimiter(settings.authFailureRateLimit, clock);
  const isOperator = operatorAccess(settings.metricsToken);
  const streamsByDevice = new Map<string, number>();

  // Warnings a stranger or a looping device can repeat at will: one line per kind, then a count per period.
  const warnings = new RepeatedLog(logger, {}, { periodMs: REPEATED_WARNING_PERIOD_MS, clock });
  const warningsReport = setInterval(() => warnings.flushDue(), REPEATED_WARNING_PERIOD_MS);
  warningsReport.unref();
  // Grouped by provider and reason, not address: rotating addresses does not make a line new.
  const webhookLogger = repeatedWarnings(logger, warnings, ['provider', 'reason']);
  const media = new MediaCapturer({
    db: deps.db,
    log,
    settings: settings.media,
    dataDir: settings.dataDir,
    logger,
    clock,
    metrics: (queue) => new MediaMetrics(metrics.registry, () => queue.pendingCount()),
    alerts: alerts.service,
    onOutcome: (ok, at, reason) => (ok ? checks.recordSuccess('media_capture', at) : checks.recordFailure('media_capture', at, reason ?? 'a download failed')),
    credentials: (deps.providers ?? WEBHOOK_PROVIDERS).flatMap((definition) => (isPlanned(definition) ? [] : (definition.mediaCredentials?.(settings.providers[definition.name]) ?? []))),
  });
  const signatureWatch = new WebhookSignatureWatch({ alerts: alerts.service, clock, onError: (error) => logger.error('webhook alert could not be recorded', { error: error instanceof Error ? error.message : String(error) }) });
  const storageWatch = new WebhookStorageWatch({ channels: alerts.channels, clock, logger });
  const pipeline = {
    maxBodyBytes: settings.maxBodyBytes,
    maxJsonDepth: settings.maxJsonDepth,
    publicUrl: settings.publicUrl,
    limiter: webhookLimiter,
    log,
    metrics,
    logger: webhookLogger,
    clock,
    onStored: (events: readonly RingsideEvent[]) => media.stored(events),
    onVerified: (provider: string, title: string, ok: boolean) => signatureWatch.verified(provider, title, ok),
    onStoreOutcome: (_provider: string, title: string, stored: boolean) => storageWatch.outcome(title, stored),
  };
  const directorySync =
    openPhoneClient === null || settings.openPhoneDirectory.syncMinutes === 0
      ? null
      : new OpenPhoneDirectorySync({
          client: openPhoneClient,
          db: deps.db,
          log,
          logger,
          clock,
          intervalMs: settings.openPhoneDirectory.syncMinutes * 60_000,
          configuredLines: Object.values((settings.providers.openphone as OpenPhoneSettings | undefined)?.phoneNumberIds ?? {}),
          alerts: alerts.service,
          health: checks,
        });
  const openPhoneLines = (settings.providers.openphone as OpenPhoneSettings | undefined)?.phoneNumberIds ?? {};
  const reconciliation =
    openPhoneClient === null
      ? null
      : new OpenPhoneReconciliation({ source: restActivitySource(openPhoneClient), db: deps.db, log, logger, clock, settings: settings.reconciliation, alerts: alerts.service, checks, configuredLines: openPhoneLines, onStored: (events) => media.stored(events) });
  const historyImport = openPhoneClient === null ? null : new OpenPhoneHistoryImport({ client: openPhoneClient, db: deps.db, log, logger, clock, checks, timeZone: settings.reconciliation.timeZone, onStored: (events) => media.stored(events) });
  const healthCheckLines = settings.healthCheck.lines;
  const healthCheck =
    openPhoneClient === null || healthCheckLines === null
      ? null
      : new OpenPhoneHealthCheck({ client: openPhoneClient, db: deps.db, log, logger, clock, settings: { ...settings.healthCheck, lines: healthCheckLines }, alerts: alerts.service, checks });
  // Customers to OpenPhone as contacts: on wherever the API key is set, unless OPENPHONE_CONTACT_PUSH is off.
  const contactPush =
    openPhoneClient === null || !settings.contactPush.enabled
      ? null
      : new OpenPhoneContactPush({ contacts: openPhoneContactsClient(openPhoneClient), db: deps.db, log, logger, clock, settings: settings.contactPush, alerts: alerts.service, checks, accounts });
  const mightyCall = createMightyCallRelay({ settings: settings.mightyCall, db: deps.db, log, logger, clock, alerts: alerts.service, devices, onStored: (events) => media.stored(events) });
  const providerContext = { publicUrl: settings.publicUrl, signatureToleranceMs: settings.signatureToleranceMs, db: deps.db, accounts, alerts: alerts.service, futureToleranceMs: settings.consoleEventFutureToleranceMs };
  const webhookRoutes: Record<string, Partial<Record<string, Handler>>> = {};
  const webhooks: Record<string, string> = {};
  for (const definition of deps.providers ?? WEBHOOK_PROVIDERS) {
    const provider = isPlanned(definition) ? null : definition.create(settings.providers[definition.name], providerContext);
    webhookRoutes[`/webhooks/${definition.name}`] = { POST: webhookRoute(definition.name, definition.title, provider, pipeline) };
    webhooks[definition.name] = providerStatus(definition, provider);
  }

  const payments = flutterwavePayments({
    settings: settings.providers.flutterwave as FlutterwaveSettings | undefined,
    publicUrl: settings.publicUrl,
    db: deps.db,
    log,
    logger,
    clock,
    alerts: alerts.service,
    devices,
    timeZone: settings.reconciliation.timeZone,
    everyLine: () => [...configuredLines, ...devices.activeDevices().flatMap((device) => device.numbers)],
    maxBodyBytes: settings.maxBodyBytes,
    maxJsonDepth: settings.maxJsonDepth,
    accounts,
    mail: settings.noticeChannels.email,
  });
  const quickBooks = createQuickBooksRelay({ settings: settings.quickBooks, db: deps.db, devices, log, logger, clock, maxJsonDepth: settings.maxJsonDepth, alerts: alerts.service, checks });
  // Notices to customers (issue 14 §2): the rules over the accounts, the outbox, and its three ways of sending.
  const notices = relayNotices({
    db: deps.db,
    log,
    accounts,
    devices,
    channels: createNoticeChannels({
      settings: settings.noticeChannels,
      openPhone: openPhoneClient,
      configuredLines: openPhoneLines,
      quickBooks: quickBooks.broker,
      accounts,
      // The PDF the relay makes itself (relay/src/invoices), with the business's name and logo (pdfkit reads PNG and JPEG).
      invoicePdf: (customerId, invoiceKey) => invoicePdfFor(accounts, customerId, invoiceKey, invoiceBusiness(settings.portal)),
      log,
      logger,
      clock,
    }),
    settings: settings.notices,
    timeZone: settings.reconciliation.timeZone,
    businessName: settings.portal.businessName,
    publicUrl: settings.publicUrl,
    maxBodyBytes: settings.maxBodyBytes,
    maxJsonDepth: settings.maxJsonDepth,
    clock,
    logger,
  });
  // Issue 15: transcripts for recordings without one, jobs extracted from calls and texts (and their calendar), privacy.
  const partDeps = { settings, db: deps.db, log, logger, clock, accounts, devices, media, alerts: alerts.service, checks };
  const jobs = relayJobs(partDeps);
  const turns = new MaintenanceTurns(settings.dataDir);
  const backups = relayBackups(partDeps, turns);
  const parts = [relayTranscription(partDeps), jobs, relayPrivacy(partDeps, { onRemoved: () => void backups.schedule?.runNow(), turns }), backups];
  const routes: Record<string, Partial<Record<string, Handler>>> = {
    ...Object.assign({}, ...parts.map((part) => part.routes)),
    ...quickBooks.routes,
    ...notices.routes,
    ...webhookRoutes,
    ...payments.routes,
    ...messageRoutes({ settings, db: deps.db, devices, log, logger, clock, openPhoneClient }),
    ...reconciliationRoutes({ devices, reconciliation, healthCheck, settings: settings.reconciliation, maxBodyBytes: settings.maxBodyBytes, maxJsonDepth: settings.maxJsonDepth, lastHealthSuccessAt: () => checks.snapshot().health_check.lastSuccessAt }),
    ...mightyCall.routes,
    ...portalRoutes({
      db: deps.db,
      accounts,
      devices,
      settings: settings.portal,
      publicUrl: settings.publicUrl,
      timeZone: settings.reconciliation.timeZone,
      clock,
      logger,
      media: media.store,
      topUps: payments.topUps,
      flutterwaveApiBase: (settings.providers.flutterwave as FlutterwaveSettings | undefined)?.apiBaseUrl ?? null,
      invoicePdf: (account, invoice) => renderInvoicePdf({ invoice, business: invoiceBusiness(settings.portal), customer: { name: account.name, company: account.company, address: account.address } }),
      notices: notices.requests,
      maxBodyBytes: settings.maxBodyBytes,
      maxJsonDepth: settings.maxJsonDepth,
    }),
    ...openPhoneImportRoutes({ devices, historyImport, maxBodyBytes: settings.maxBodyBytes, maxJsonDepth: settings.maxJsonDepth }),
    '/v1/devices/me': { GET: deviceMeRoute(devices) },
    ...deviceRoutes({ db: deps.db, devices, presence, online: () => hub.onlineDeviceIds(), maxBodyBytes: settings.maxBodyBytes, maxJsonDepth: settings.maxJsonDepth, logger, clock }),
    // Under MEDIA_PATH_PREFIX: GET /v1/media/<sha256> (see the lookup below).
    [MEDIA_PATH_PREFIX]: { GET: mediaRoute({ devices, queue: media.queue, store: media.store, logger, jobPhotos: jobs.photos }) },
    '/v1/events': {
      POST: consoleEventsRoute({
        devices,
        callLines: new CallLines(deps.db),
        jobs: jobs.posting,
        maxBodyBytes: settings.maxBodyBytes,
        maxJsonDepth: settings.maxJsonDepth,
        futureToleranceMs: settings.consoleEventFutureToleranceMs,
        log,
        logger,
        clock,
      }),
    },
    [STREAM_PATH]: { GET: (_req, res) => sendJson(res, 426, { error: 'this endpoint is a WebSocket: send Upgrade: websocket' }, { upgrade: 'websocket' }) },
    '/healthz': {
      GET: (req, res, context) => {
        // The log's size and the number of consoles are business volume: only for the operator and devices.
        if (!isOperator(req)) {
          // A health check sends no token; one that does is authenticating, and a wrong one is a failed
          // authentication like any other, so /healthz is no free oracle for guessing tokens.
          if (req.headers.authorization === undefined) return sendJson(res, 200, { ok: true });
          const retryAfter = refusedForAuthFailures(context);
          if (retryAfter !== null) return refuseForAuthFailures(res, retryAfter);
          if (devices.authenticate(bearerToken(req.headers.authorization)) === null) {
            authenticationFailed(context);
            return sendJson(res, 200, { ok: true });
          }
        }
        const health: HealthResponse = { ok: true, headSeq: log.headSeq, connectedDevices: hub.connectedDevices(), openAlerts: alerts.service.openCount(), checks: checks.snapshot() };
        sendJson(res, 200, health, { 'cache-control': 'no-store' });
      },
    },
    '/metrics': {
      GET: async (req, res) => {
        if (!isOperator(req)) return sendJson(res, 401, { error: 'metrics need Authorization: Bearer <RELAY_METRICS_TOKEN>, or a request from the relay machine itself' });
        const text = await metrics.render();
        res.writeHead(200, { 'content-type': metrics.contentType });
        res.end(text);
      },
    },
  };

  const contextOf = (req: IncomingMessage, pathname: string, query: string): RequestContext => {
    const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedProxies);
    const context: RequestContext = { pathname, query, clientAddress: address, limitKey: rateLimitKey(address), exempt: exempt.has(address), authenticationFailed: () => authenticationFailed(context) };
    return context;
  };
  /** 429 while this address has used up its failed authentications. */
  const refusedForAuthFailures = (context: RequestContext): number | null => {
    if (context.exempt) return null;
    const gate = authFailures.check(context.limitKey);
    return gate.allowed ? null : gate.retryAfterSeconds;
  };
  const authenticationFailed = (context: RequestContext): void => {
    if (!context.exempt) authFailures.take(context.limitKey);
  };
  const refuseForAuthFailures = (res: ServerResponse, retryAfter: number): void => {
    metrics.rateLimited('auth_failures');
    sendJson(res, 429, { error: `too many failed authentications from this address; retry in ${retryAfter} s` }, { 'retry-after': String(retryAfter), connection: 'close' });
  };

  const server = createServer(
    {
      headersTimeout: settings.headersTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      keepAliveTimeout: settings.keepAliveTimeoutMs,
      maxHeaderSize: settings.maxHeaderBytes,
      connectionsCheckingInterval: TIMEOUT_CHECK_MS,
    },
    (req, res) => {
      const target = parseRequestTarget(req.url);
      if (target === null) return sendJson(res, 400, { error: 'the request target must be a path such as /healthz' }, { connection: 'close' });
      const { pathname } = target;
      const methods = routes[PATH_PREFIXES.find((prefix) => pathname.startsWith(prefix)) ?? pathname];
      if (methods === undefined) return sendJson(res, 404, { error: `no such endpoint: ${pathname}` });
      // HEAD is GET without the body (node leaves the body out of a HEAD answer).
      const handler = methods[req.method ?? ''] ?? (req.method === 'HEAD' ? methods.GET : undefined);
      if (handler === undefined && pathname.startsWith(PORTAL_PATH_PREFIX)) return sendPortalMethodNotAllowed(res, settings.portal, allowedMethods(methods));
      if (handler === undefined) return sendJson(res, 405, { error: `${req.method} is not allowed on ${pathname}` }, { allow: allowedMethods(methods) });
      const context = contextOf(req, pathname, target.query);
      if (!UNAUTHENTICATED_PATHS.has(pathname)) {
        const retryAfter = refusedForAuthFailures(context);
        if (retryAfter !== null && pathname.startsWith(PORTAL_PATH_PREFIX)) {
          metrics.rateLimited('auth_failures');
          return sendPortalTooManyFailures(res, settings.portal, retryAfter);
        }
        if (retryAfter !== null) return refuseForAuthFailures(res, retryAfter);
      }
      const failed = (error: unknown): void => {
        const message = error instanceof Error ? error.message : String(error);
        // A client that hung up or was cut off (a slowloris past its timeout) is not a relay fault worth an error line.
        // Not req.destroyed: node sets that as soon as the body has been read, with the client still waiting.
        // A portal or calendar path carries its secret: never written to the log.
        const secretPrefix = [PORTAL_PATH_PREFIX, CALENDAR_PATH_PREFIX].find((prefix) => pathname.startsWith(prefix));
        const path = secretPrefix === undefined ? pathname : `${secretPrefix}…`;
        if (res.destroyed || req.socket.destroyed) return logger.debug('request abandoned', { path, remote: context.clientAddress, error: message });
        logger.error('request failed', { path, error: message });
        if (!res.headersSent && pathname.startsWith(PORTAL_PATH_PREFIX)) sendPortalFault(res, settings.portal);
        else if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
        else res.destroy();
      };
      const done = (): void => {
        if (res.statusCode === 401) authenticationFailed(context);
      };
      try {
        const result = handler(req, res, context);
        if (result === undefined) done();
        else result.then(done, failed);
      } catch (error) {
        failed(error);
      }
    },
  );
  server.keepAliveTimeout = settings.keepAliveTimeoutMs;
  server.maxConnections = settings.maxConnections;
  guardConnections(server, {
    maxPerAddress: settings.maxConnectionsPerAddress,
    firstByteTimeoutMs: settings.firstByteTimeoutMs,
    exempt: (peer) => trustedProxies.has(peer) || exempt.has(peer),
    onRefused: () => metrics.rateLimited('connections_per_address'),
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  // Epochs change only by a restore, with the relay stopped: read once.
  const epochs = readLogEpochs(deps.db);
  const currentEpoch = epochs.at(-1)?.epoch ?? null;
  // A console keeps the epoch its copy is of, and names it when it resumes.
  if (currentEpoch !== null) wss.on('headers', (headers) => headers.push(`${LOG_EPOCH_HEADER}: ${currentEpoch}`));
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const target = parseRequestTarget(req.url);
    // Only a WebSocket on the stream path is upgraded; anything else (Upgrade: h2c) is a plain request.
    if (target?.pathname !== STREAM_PATH || !asksForWebSocket(req)) return serveAsPlainRequest(server, req, socket, head);
    // A peer that resets mid-handshake must not become an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    if (closing) return refuseUpgrade(socket, 503, 'relay is shutting down');
    const context = contextOf(req, target.pathname, target.query);
    const retryAfter = refusedForAuthFailures(context);
    if (retryAfter !== null) {
      metrics.rateLimited('auth_failures');
      return refuseUpgrade(socket, 429, `too many failed authentications from this address; retry in ${retryAfter} s`, retryAfter);
    }
    const afterParam = new URLSearchParams(target.query).get('after');
    if (parseAfter(afterParam) === null) return refuseUpgrade(socket, 400, 'after must be a non-negative integer seq');
    // Authenticate before upgrading: a refused console gets a plain HTTP status.
    const device = devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) {
      authenticationFailed(context);
      return refuseUpgrade(socket, 401, 'a valid device token is required (Authorization: Bearer <token>)');
    }
    // Only after authenticating: the refusal names the head, which is business volume.
    const start = decideStreamStart(afterParam, log.headSeq, new URLSearchParams(target.query).get('epoch'), epochs);
    if (!start.ok) {
      warnings.warn('stream refused: the console holds events this log does not', { device: device.name, after: afterParam, headSeq: log.headSeq, reason: start.error }, `ahead:${device.id}`, { device: device.name });
      return refuseUpgrade(socket, start.status, start.error, undefined, start.validThrough === undefined ? {} : { validThrough: start.validThrough });
    }
    const after = start.after;
    const open = streamsByDevice.get(device.id) ?? 0;
    if (open >= settings.maxStreamsPerDevice) {
      metrics.rateLimited('streams_per_device');
      warnings.warn('stream refused: too many streams for one device', { device: device.name, open, remote: context.clientAddress }, `streams:${device.id}`, { device: device.name });
      return refuseUpgrade(socket, 429, `this device already has ${open} open streams (RELAY_MAX_STREAMS_PER_DEVICE); close one first`, 5);
    }
    streamsByDevice.set(device.id, open + 1);
    let counted = true;
    const release = (): void => {
      if (!counted) return;
      counted = false;
      const left = (streamsByDevice.get(device.id) ?? 1) - 1;
      if (left > 0) streamsByDevice.set(device.id, left);
      else streamsByDevice.delete(device.id);
    };
    // Released when the socket goes, whether or not the upgrade completed.
    socket.once('close', release);
    const wantsPresence = new URLSearchParams(target.query).get('presence') === '1';
    wss.handleUpgrade(req, socket, head, (ws) => hub.attach(ws, device, after, { presence: wantsPresence }));
  });
  // node would close a CONNECT silently; the relay is no proxy, and says so.
  server.on('connect', (_req: IncomingMessage, socket: Socket) => {
    socket.on('error', () => socket.destroy());
    refuseUpgrade(socket, 405, 'CONNECT is not served: the relay is not a proxy');
  });

  alerts.deliveries.start();
  media.start();
  directorySync?.start();
  contactPush?.start();
  reconciliation?.start();
  healthCheck?.start();
  historyImport?.resumeAfterRestart();
  mightyCall.poller?.start();
  quickBooks.start();
  notices.start();
  payments.start();
  for (const part of parts) part.start();

  return {
    server,
    log,
    webhooks,
    reconciliation,
    healthCheck,
    accounts,
    backups: backups.schedule,
    async close() {
      closing = true;
      devices.stop();
      presence.close();
      // Downloads under way stop and stay pending; a media fact they were appending lands before the log closes.
      const mediaStopped = media.close();
      const directoryStopped = directorySync?.close();
      const contactPushStopped = contactPush?.close();
      const operationsStopped = Promise.all([reconciliation?.close(), healthCheck?.close(), historyImport?.close(), mightyCall.poller?.close()]);
      const quickBooksStopped = quickBooks.close();
      // A notice being sent finishes (its outcome stored) before the log and database close.
      const noticesStopped = notices.close();
      const paymentsStopped = payments.close();
      const partsStopped = Promise.all(parts.map((part) => part.close()));
      clearInterval(warningsReport);
      warnings.flush();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await hub.closeAll(SHUTDOWN_GRACE_MS);
      const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await stopped;
      clearTimeout(cut);
      await mediaStopped;
      await directoryStopped;
      await contactPushStopped;
      await operationsStopped;
      await quickBooksStopped;
      await noticesStopped;
      await paymentsStopped;
      await partsStopped;
      await alerts.deliveries.close();
      await log.close();
      wss.close();
    },
  };
}

function allowedMethods(methods: Partial<Record<string, Handler>>): string {
  const names = Object.keys(methods);
  return (names.includes('GET') ? [...names, 'HEAD'] : names).join(', ');
}

/** An HTTP answer written straight to an upgrade's (or CONNECT's) socket. */
function refuseUpgrade(socket: Socket, status: number, message: string, retryAfterSeconds?: number, extra: Record<string, unknown> = {}): void {
  const body = JSON.stringify({ error: message, ...extra });
  const retry = retryAfterSeconds === undefined ? '' : `Retry-After: ${retryAfterSeconds}\r\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n${retry}Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { HealthResponse } from '../../src/shared/relay-protocol';
import type { RelaySettings } from './config';
import { consoleEventsRoute } from './console-events/console-events-route';
import type { RelayDatabase } from './database';
import { deviceMeRoute } from './devices/device-me-route';
import { DeviceRegistry } from './devices/device-registry';
import { bearerToken } from './devices/device-token';
import { sendJson } from './http/respond';
import { EventLog } from './log/event-log';
import type { Logger } from './logger';
import { RelayMetrics } from './metrics';
import { StreamHub } from './stream/stream-hub';
import { openPhoneWebhookRoute } from './webhooks/openphone-route';
import { quickBooksRoutes } from './quickbooks/quickbooks-routes';

export interface RelayDeps {
  settings: RelaySettings;
  /** Opened with openRelayDatabase; the caller closes it after `close()`. */
  db: RelayDatabase;
  logger: Logger;
  clock: () => number;
  /** How often to look for devices added or revoked by the CLI. */
  devicePollMs?: number;
}

export interface Relay {
  server: Server;
  log: EventLog;
  /** Graceful stop: no new connections, pending appends committed, streams closed with 4503. */
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

const STREAM_PATH = '/v1/stream';
/** Client frames are acks: a few dozen bytes. */
const MAX_CLIENT_FRAME_BYTES = 16 * 1024;
const SHUTDOWN_GRACE_MS = 3000;

export function createRelay(deps: RelayDeps): Relay {
  const { settings, logger, clock } = deps;
  const log = new EventLog(deps.db, { clock });
  const hub = new StreamHub(log, logger, { heartbeatMs: settings.heartbeatMs });
  const metrics = new RelayMetrics({ connectedDevices: () => hub.connectedDevices(), headSeq: () => log.headSeq, lagByDevice: () => hub.lagByDevice() });
  log.onCommitted((entries) => metrics.eventsStored(entries.length));
  const devices = new DeviceRegistry(deps.db, (revoked) => hub.revoke(revoked));
  devices.watch(deps.devicePollMs ?? 300);
  hub.startHeartbeat();
  let closing = false;

  const notImplemented = (provider: string): Handler => (_req, res) =>
    sendJson(res, 501, { error: `${provider} webhooks are not implemented yet` });

  const routes: Record<string, Partial<Record<string, Handler>>> = {
    '/webhooks/openphone': {
      POST: openPhoneWebhookRoute({
        keys: settings.openPhoneKeys,
        phoneNumberIds: settings.openPhoneNumberIds,
        toleranceMs: settings.signatureToleranceMs,
        maxBodyBytes: settings.maxBodyBytes,
        log,
        metrics,
        logger,
        clock,
      }),
    },
    '/webhooks/twilio': { POST: notImplemented('Twilio') },
    '/webhooks/vapi': { POST: notImplemented('Vapi') },
    '/webhooks/mightycall': { POST: notImplemented('MightyCall') },
    ...quickBooksRoutes({ settings: settings.quickBooks, db: deps.db, devices, log, metrics, logger, clock, maxBodyBytes: settings.maxBodyBytes }),
    '/v1/devices/me': { GET: deviceMeRoute(devices) },
    '/v1/events': { POST: consoleEventsRoute({ devices, maxBodyBytes: settings.maxBodyBytes, log, logger, clock }) },
    [STREAM_PATH]: { GET: (_req, res) => sendJson(res, 426, { error: 'this endpoint is a WebSocket: send Upgrade: websocket' }, { upgrade: 'websocket' }) },
    '/healthz': {
      GET: (_req, res) => {
        const health: HealthResponse = { ok: true, headSeq: log.headSeq, connectedDevices: hub.connectedDevices() };
        sendJson(res, 200, health);
      },
    },
    '/metrics': {
      GET: async (_req, res) => {
        const text = await metrics.render();
        res.writeHead(200, { 'content-type': metrics.contentType });
        res.end(text);
      },
    },
  };

  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://relay').pathname;
    const methods = routes[pathname];
    if (methods === undefined) return sendJson(res, 404, { error: `no such endpoint: ${pathname}` });
    const handler = methods[req.method ?? ''];
    if (handler === undefined) return sendJson(res, 405, { error: `${req.method} is not allowed on ${pathname}` }, { allow: Object.keys(methods).join(', ') });
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      logger.error('request failed', { path: pathname, error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://relay');
    if (url.pathname !== STREAM_PATH) return refuseUpgrade(socket, 404, `no such endpoint: ${url.pathname}`);
    if (closing) return refuseUpgrade(socket, 503, 'relay is shutting down');
    const after = parseAfter(url.searchParams.get('after'));
    if (after === null) return refuseUpgrade(socket, 400, 'after must be a non-negative integer seq');
    // Authenticate before upgrading: a refused console gets a plain HTTP status.
    const device = devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) return refuseUpgrade(socket, 401, 'a valid device token is required (Authorization: Bearer <token>)');
    wss.handleUpgrade(req, socket, head, (ws) => hub.attach(ws, device, after));
  });

  return {
    server,
    log,
    async close() {
      closing = true;
      devices.stop();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await hub.closeAll(SHUTDOWN_GRACE_MS);
      const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await stopped;
      clearTimeout(cut);
      log.close();
      wss.close();
    },
  };
}

function parseAfter(raw: string | null): number | null {
  if (raw === null || raw === '') return 0;
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

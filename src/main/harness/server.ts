import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { apiPushes, type ApiHandlers, type ApiPush, type ApiPushes } from '../../shared/api/contract';
import { dispatchApiCall } from '../api/dispatch';
import { RENDERER_CSP } from './content-security-policy';
import { readStaticFile } from './static-files';

/** What the harness needs of the console core (ConsoleCore satisfies it). */
export interface HarnessCore {
  handlers: ApiHandlers;
  onPush<P extends ApiPush>(push: P, listener: (payload: ApiPushes[P]) => void): () => void;
}

export interface HarnessOptions {
  core: HarnessCore;
  /** The built renderer (out/renderer): index.html, card.html, assets/. */
  rendererDir: string;
  host?: string;
  port?: number;
}

export interface Harness {
  /** The console page, e.g. "http://127.0.0.1:54321/". */
  url: string;
  close(): Promise<void>;
}

export const API_PATH = '/api';
// A CSV import travels in one frame; the contract caps it at 20 MB of text.
const MAX_FRAME_BYTES = 25 * 1024 * 1024;

/**
 * Serves the built renderer and the renderer API over a WebSocket at /api, so the
 * real UI runs in a browser against the real core. Wire: client sends
 * {id, method, input}; server answers {id, result} and sends {push, payload}.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const { core, rendererDir } = options;
  const host = options.host ?? '127.0.0.1';
  let allowedOrigins = new Set<string>();

  const server = createServer((req, res) => {
    void serveStatic(rendererDir, req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://harness').pathname;
    // Only pages served by this harness may drive the console: a page elsewhere
    // (or a DNS-rebound name) carries a different Origin.
    if (path !== API_PATH || !allowedOrigins.has(req.headers.origin ?? '')) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveApi(core.handlers, ws));
  });

  const unsubscribes = apiPushes.map((push) =>
    core.onPush(push, (payload) => {
      const frame = JSON.stringify({ push, payload });
      for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}/`;
  allowedOrigins = new Set([`http://${host}:${port}`]);
  // A browser may be pointed at "localhost" for a loopback-bound harness.
  if (host === '127.0.0.1') allowedOrigins.add(`http://localhost:${port}`);

  return {
    url,
    async close() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveApi(handlers: ApiHandlers, ws: WebSocket): void {
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    let request: { id?: unknown; method?: unknown; input?: unknown };
    try {
      request = JSON.parse(data.toString()) as typeof request;
    } catch {
      return;
    }
    const { id } = request;
    if (typeof id !== 'number' && typeof id !== 'string') return;
    void dispatchApiCall(handlers, request.method, request.input).then((result) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
    });
  });
}

async function serveStatic(rendererDir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const path = new URL(req.url ?? '/', 'http://harness').pathname;
  const file = await readStaticFile(rendererDir, path);
  if (file === null) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    return;
  }
  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': file.body.length,
    'Content-Security-Policy': RENDERER_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

import { createServer, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { connect } from 'node:net';

/**
 * Stands in for the TLS proxy in front of a relay, on loopback: forwards requests and
 * WebSocket upgrades to `target` with X-Forwarded-For added, so the relay treats each
 * one as coming from the internet (a stranger unless it bears a device token).
 */

export interface ForwardedRequest {
  method: string;
  path: string;
  /** The Authorization header as the client sent it. */
  authorization: string | null;
}

export interface ForwardingProxy {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Every request passed on, in order: a plain one once its answer is sent, an upgrade once forwarded. */
  readonly answered: ForwardedRequest[];
  close(): Promise<void>;
}

export interface ForwardingProxyOptions {
  /** Paths whose Authorization header the proxy drops on the way (a proxy that strips it). */
  dropAuthorizationOn?: string[];
}

export async function startForwardingProxy(target: string, options: ForwardingProxyOptions = {}): Promise<ForwardingProxy> {
  const { hostname, port } = new URL(target);
  const answered: ForwardedRequest[] = [];
  const sockets = new Set<Socket>();

  const forwardedHeaders = (req: IncomingMessage): IncomingHttpHeaders => {
    const headers: IncomingHttpHeaders = { ...req.headers, 'x-forwarded-for': '203.0.113.7' };
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    if (options.dropAuthorizationOn?.includes(path)) delete headers.authorization;
    return headers;
  };
  const record = (req: IncomingMessage): void => {
    answered.push({ method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://proxy').pathname, authorization: req.headers.authorization ?? null });
  };

  const server = createServer((req, res) => {
    const upstream = request({ host: hostname, port, method: req.method, path: req.url, headers: forwardedHeaders(req) }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('finish', () => record(req));
    req.pipe(upstream);
  });
  server.on('upgrade', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    const upstream = connect(Number(port), hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (const [name, value] of Object.entries(forwardedHeaders(req))) {
        for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) lines.push(`${name}: ${one}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      client.pipe(upstream).pipe(client);
      record(req);
    });
    sockets.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answered,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

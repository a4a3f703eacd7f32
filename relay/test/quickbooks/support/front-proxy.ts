import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the TLS reverse proxy in front of the relay (relay/deploy/Caddyfile):
 * QUICKBOOKS_REDIRECT_URI must be known before the relay starts, while a test relay
 * takes an ephemeral port. The proxy listens first (its URL goes into the setting)
 * and forwards every request to the relay once `target` is set.
 */
export class FrontProxy {
  target: string | null = null;
  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<FrontProxy> {
    let proxy: FrontProxy | null = null;
    const server = http.createServer((req, res) => {
      const target = proxy?.target;
      if (!target) {
        res.writeHead(502).end('no upstream yet');
        return;
      }
      const upstream = http.request(`${target}${req.url ?? '/'}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end('upstream failed'));
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new FrontProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return proxy;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

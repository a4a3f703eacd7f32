import type { Server, Socket } from 'node:net';
import { unmapIPv4 } from './address-ranges';
import { rateLimitKey } from './rate-limit/rate-limit-key';

/**
 * Open connections per client key (a socket peer address, an IPv6 /64): a pure count,
 * so one stranger cannot hold every slot of RELAY_MAX_CONNECTIONS.
 */
export class ConnectionCounts {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerKey: number) {}

  /** Counts one more connection for `key`, or refuses it (false) at the cap. */
  admit(key: string): boolean {
    const count = this.open.get(key) ?? 0;
    if (count >= this.maxPerKey) return false;
    this.open.set(key, count + 1);
    return true;
  }

  release(key: string): void {
    const left = (this.open.get(key) ?? 1) - 1;
    if (left > 0) this.open.set(key, left);
    else this.open.delete(key);
  }
}

export interface ConnectionGuardOptions {
  maxPerAddress: number;
  /** A connection that has sent no byte at all by then is cut (well before the headers timeout). */
  firstByteTimeoutMs: number;
  /** Peers not counted: the TLS proxy, which carries every client (its own limit_conn applies), and tools on the machine. */
  exempt(peer: string): boolean;
  onRefused(peer: string): void;
}

/**
 * Counted on the socket peer, not on X-Forwarded-For: a connection is refused before
 * any header is read. Behind the proxy every connection comes from the proxy, which is
 * exempt; the proxy's own per-client limit (nginx limit_conn) is the one that applies.
 */
export function guardConnections(server: Server, options: ConnectionGuardOptions): void {
  const counts = new ConnectionCounts(options.maxPerAddress);
  // A socket handed back to the server (a plain request that asked to upgrade) is already counted.
  const seen = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    if (seen.has(socket)) return;
    seen.add(socket);
    const peer = unmapIPv4(socket.remoteAddress ?? 'unknown');
    if (!options.exempt(peer)) {
      const key = rateLimitKey(peer);
      if (!counts.admit(key)) {
        options.onRefused(peer);
        socket.destroy();
        return;
      }
      socket.once('close', () => counts.release(key));
    }
    const idle = setTimeout(() => {
      if (socket.bytesRead === 0) socket.destroy();
    }, options.firstByteTimeoutMs);
    idle.unref();
    socket.once('close', () => clearTimeout(idle));
  });
}

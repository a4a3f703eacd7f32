import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * node:http hands every request carrying `Connection: upgrade` to the 'upgrade' event
 * once a listener exists, whatever protocol it asks for: `curl --http2` sends
 * `Upgrade: h2c` on a plain GET, which would otherwise be refused. The relay upgrades
 * only WebSockets on the stream path (node 20 has no per-request upgrade choice), so
 * any other such request is served as the plain HTTP/1.1 request it also is: its head
 * is written again without the upgrade tokens, put back in front of the bytes already
 * read, and the socket handed to the server as a new connection, which parses it and
 * its body like any other, and closes it after answering.
 */
const REPLACED_HEADERS = new Set(['upgrade', 'connection', 'http2-settings']);

export function serveAsPlainRequest(server: Server, req: IncomingMessage, socket: Socket, head: Buffer): void {
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
    const name = req.rawHeaders[index]!;
    if (!REPLACED_HEADERS.has(name.toLowerCase())) lines.push(`${name}: ${req.rawHeaders[index + 1]!}`);
  }
  // Served once, then closed: what the connection becomes after an unanswered upgrade is nobody's guess.
  lines.push('Connection: close');
  if (head.length > 0) socket.unshift(head);
  socket.unshift(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'));
  server.emit('connection', socket);
}

/** A WebSocket handshake: `Upgrade: websocket` (any case). */
export function asksForWebSocket(req: IncomingMessage): boolean {
  return req.headers.upgrade?.trim().toLowerCase() === 'websocket';
}

import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postKeptAlive } from './kept-alive-post';

/**
 * A server that answers the first request on each connection and resets the connection on
 * a second one: what a relay closing an idle keep-alive socket looks like to a sender that
 * took that socket at the same moment.
 */
async function resetOnReuse(): Promise<{ url: URL; connections: number; server: Server }> {
  const state = { connections: 0 };
  const server = createServer((socket: Socket) => {
    state.connections++;
    let requests = 0;
    socket.on('data', (chunk) => {
      if (!chunk.toString('latin1').startsWith('POST')) return;
      requests++;
      if (requests > 1) {
        socket.resetAndDestroy();
        return;
      }
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\nKeep-Alive: timeout=60\r\n\r\nok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/webhooks/test`),
    server,
    get connections() {
      return state.connections;
    },
  };
}

let open: Server | null = null;
afterEach(() => {
  open?.close();
  open = null;
});

describe('a webhook POST on a kept-alive socket', () => {
  it('goes again on a new connection when the server had closed the reused socket, so the delivery is not lost', async () => {
    const target = await resetOnReuse();
    open = target.server;
    const body = Buffer.from('{}');
    const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };
    expect(await postKeptAlive(target.url, headers, body)).toEqual({ status: 200, text: 'ok' });
    expect(await postKeptAlive(target.url, headers, body)).toEqual({ status: 200, text: 'ok' });
    expect(target.connections).toBe(2);
  });

  it('rejects a connection refused on a fresh socket, with no second try', async () => {
    const target = await resetOnReuse();
    const { url } = target;
    await new Promise<void>((resolve) => target.server.close(() => resolve()));
    await expect(postKeptAlive(url, {}, Buffer.from('{}'))).rejects.toThrow(/ECONNREFUSED/);
  });
});

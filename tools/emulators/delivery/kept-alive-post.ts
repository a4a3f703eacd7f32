import http from 'node:http';
import https from 'node:https';

/**
 * A provider's webhook POST, as the emulators send them: node's http with keep-alive agents
 * (the benchmarks send thousands), whose idle sockets are unreferenced so they never hold
 * a finished process open.
 */

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

export interface PostAnswer {
  status: number;
  text: string;
}

/**
 * POSTs `body` to `url`. A kept-alive socket the server closed (its keep-alive timeout) just
 * as this request took it resets before the request reached the server, so it goes again
 * on a new connection, as a provider's own sender would (node's documented pattern for
 * `reusedSocket`). Rejects on any other failure, or when `timeoutMs` passes first.
 */
export function postKeptAlive(url: URL, headers: Record<string, string>, body: Buffer, opts: { timeoutMs?: number } = {}): Promise<PostAnswer> {
  const protocol = url.protocol === 'https:' ? 'https:' : url.protocol === 'http:' ? 'http:' : null;
  if (protocol === null) return Promise.reject(new Error(`the URL must be http or https, got ${url.protocol}`));
  const request = protocol === 'https:' ? https.request : http.request;
  const post = (): Promise<PostAnswer> =>
    new Promise((resolve, reject) => {
      const req = request(url, { method: 'POST', headers, agent: agents[protocol] }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      if (opts.timeoutMs !== undefined) req.setTimeout(opts.timeoutMs, () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
      req.on('error', (error: NodeJS.ErrnoException) => reject(req.reusedSocket && error.code === 'ECONNRESET' ? new StaleSocket(error) : error));
      req.end(body);
    });
  return post().catch((error: unknown) => (error instanceof StaleSocket ? post() : Promise.reject(error)));
}

class StaleSocket extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
  }
}

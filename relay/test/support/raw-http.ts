import net from 'node:net';

/**
 * Talks HTTP/1.1 over a bare TCP socket, for requests an HTTP client refuses to send
 * (`GET //`, absolute-form targets, garbage request lines, a body dribbled a byte at a
 * time). Resolves when the relay closes the connection or after `waitMs`.
 */

export interface RawAnswer {
  /** The status of the first response, or null when the relay answered nothing. */
  status: number | null;
  text: string;
  /** The relay closed the connection (rather than us giving up waiting). */
  closed: boolean;
  elapsedMs: number;
}

export function rawRequest(url: string, chunks: (string | Buffer)[], options: { gapMs?: number; waitMs?: number; localAddress?: string } = {}): Promise<RawAnswer> {
  const { port, hostname } = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port: Number(port), host: hostname, localAddress: options.localAddress });
    let text = '';
    let settled = false;
    const finish = (closed: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : null, text, closed, elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), options.waitMs ?? 5000);
    socket.on('data', (data: Buffer) => (text += data.toString('latin1')));
    socket.on('close', () => finish(true));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? finish(true) : reject(error)));
    socket.once('connect', async () => {
      for (const chunk of chunks) {
        if (settled || socket.destroyed) return;
        socket.write(chunk);
        if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
      }
    });
  });
}

/** One request, `Connection: close`, with a body of exactly the given bytes. */
export function rawPost(url: string, path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const bytes = Buffer.from(body);
  const head = [`POST ${path} HTTP/1.1`, 'Host: relay', 'Connection: close', `Content-Length: ${bytes.length}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  return rawRequest(url, [Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), bytes])]);
}

/** Splits a string into one-byte chunks, for slowloris senders. */
export function bytewise(text: string): string[] {
  return [...text];
}

import WebSocket from 'ws';
import type { RingsideEvent } from '../../../src/shared/events/model';
import { serverFrameSchema } from '../../../src/shared/relay-protocol';

/** A console's side of GET /v1/stream, for tests: records every frame the relay sends. */

export type ReceivedFrame = { type: 'event'; seq: number; event: RingsideEvent } | { type: 'caught_up'; seq: number };

const WAIT_MS = 15_000;

export class StreamClient {
  readonly frames: ReceivedFrame[] = [];
  private closeInfo: { code: number; reason: string } | null = null;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = serverFrameSchema.parse(JSON.parse(String(data))) as ReceivedFrame;
      this.frames.push(frame);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closeInfo = { code, reason: reason.toString() };
      this.wake();
    });
  }

  /** Connects; rejects with the HTTP status when the relay refuses the upgrade. */
  static open(wsUrl: string, token: string | null, after = 0): Promise<StreamClient> {
    const ws = new WebSocket(`${wsUrl}/v1/stream?after=${after}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
    const client = new StreamClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => {
        reject(new RefusedStream(res.statusCode ?? 0));
        res.resume();
        ws.terminate();
      });
      ws.once('error', reject);
    });
  }

  events(): { seq: number; event: RingsideEvent }[] {
    return this.frames.filter((frame) => frame.type === 'event');
  }

  caughtUp(): boolean {
    return this.frames.some((frame) => frame.type === 'caught_up');
  }

  lastSeq(): number {
    return this.frames.reduce((max, frame) => (frame.type === 'event' ? Math.max(max, frame.seq) : max), 0);
  }

  ack(seq: number): void {
    this.ws.send(JSON.stringify({ type: 'ack', seq }));
  }

  /** Stops reading from the socket, like a console too busy to keep up; resume() reads again. */
  pause(): void {
    this.socket().pause();
  }

  resume(): void {
    this.socket().resume();
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  /** Resolves once `condition` holds; fails the test with what arrived if it never does. */
  waitFor(condition: (client: StreamClient) => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!condition(this)) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`stream: gave up waiting for ${what}; got ${this.frames.length} frames, last ${JSON.stringify(this.frames.at(-1))?.slice(0, 200)}, close ${JSON.stringify(this.closeInfo)}`));
      }, WAIT_MS);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  async closed(): Promise<{ code: number; reason: string }> {
    await this.waitFor((client) => client.closeInfo !== null, 'the stream to close');
    return this.closeInfo!;
  }

  async close(): Promise<void> {
    if (this.closeInfo !== null) return;
    this.ws.close();
    await this.closed();
  }

  private socket(): { pause(): void; resume(): void } {
    // ws keeps its net.Socket private; pausing it is the only way to be a slow reader.
    return (this.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

export class RefusedStream extends Error {
  constructor(readonly status: number) {
    super(`stream refused with HTTP ${status}`);
  }
}

/** The HTTP status the relay answers a stream upgrade with, when it refuses it. */
export async function refusedStatus(wsUrl: string, token: string | null): Promise<number> {
  try {
    const client = await StreamClient.open(wsUrl, token);
    await client.close();
    return 101;
  } catch (error) {
    if (error instanceof RefusedStream) return error.status;
    throw error;
  }
}

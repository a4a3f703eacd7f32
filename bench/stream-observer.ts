import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/**
 * A bare consumer of the relay's stream that only notes when each call's event frame
 * arrives: with it, a ring's time splits into "relay" (webhook → frame out) and
 * "console" (frame → card). Used in the breakdown pass only, as it shares the process.
 */
export class StreamObserver {
  /** callId → performance.now() when its latest frame arrived. */
  readonly frameAt = new Map<string, number>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const at = performance.now();
      const frame = JSON.parse(data.toString()) as { type: string; event?: { data?: { callId?: string } } };
      const callId = frame.type === 'event' ? frame.event?.data?.callId : undefined;
      if (callId !== undefined) this.frameAt.set(callId, at);
    });
  }

  static connect(relayWsUrl: string, token: string, after: number): Promise<StreamObserver> {
    const ws = new WebSocket(`${relayWsUrl}/v1/stream?after=${after}`, { headers: { authorization: `Bearer ${token}` } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new StreamObserver(ws)));
      ws.once('error', reject);
    });
  }

  close(): void {
    this.ws.terminate();
  }
}

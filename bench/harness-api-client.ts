import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { ApiInput, ApiMethod, ApiOutputs, ApiPush, ApiPushes, ApiResult } from '../src/shared/api/contract';

/**
 * "The renderer API client": a WebSocket to the harness's /api, as the console page in a
 * browser holds it (same wire: pushes arrive as {push, payload}). Each push is stamped
 * with performance.now() the moment its frame is handed over, before it is parsed; calls
 * go as {id, method, input} and their answers come back as {id, result}, as the page's do.
 */
export class HarnessApiClient {
  private readonly listeners = new Set<(push: ApiPush, payload: unknown, at: number) => void>();
  private readonly calls = new Map<number, (result: ApiResult<unknown>) => void>();
  private nextId = 1;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const at = performance.now();
      const frame = JSON.parse(data.toString()) as { push?: ApiPush; payload?: unknown; id?: number; result?: ApiResult<unknown> };
      if (frame.id !== undefined && frame.result !== undefined) {
        this.calls.get(frame.id)?.(frame.result);
        this.calls.delete(frame.id);
        return;
      }
      if (frame.push === undefined) return;
      for (const listener of this.listeners) listener(frame.push, frame.payload, at);
    });
  }

  /** Calls the console API over the harness socket; rejects with the API's own error. */
  invoke<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, (result) => (result.ok ? resolve(result.value as ApiOutputs[M]) : reject(new Error(`${method}: ${result.error}`))));
      this.ws.send(JSON.stringify({ id, method, input }));
    });
  }

  /** Connects with the Origin of the harness's own pages, which is all it accepts. */
  static connect(harnessUrl: string): Promise<HarnessApiClient> {
    const origin = harnessUrl.replace(/\/$/, '');
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api`, { origin });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new HarnessApiClient(ws)));
      ws.once('error', reject);
    });
  }

  onPush<P extends ApiPush>(push: P, listener: (payload: ApiPushes[P], at: number) => void): () => void {
    const wrapped = (name: ApiPush, payload: unknown, at: number): void => {
      if (name === push) listener(payload as ApiPushes[P], at);
    };
    this.listeners.add(wrapped);
    return () => this.listeners.delete(wrapped);
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.ws.close();
    return closed;
  }
}

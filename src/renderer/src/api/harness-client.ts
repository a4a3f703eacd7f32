import type { ApiInput, ApiMethod, ApiOutputs, ApiPush, ApiPushes, ApiResult, RingsideClient } from '../../../shared/api/contract';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 5_000;

/**
 * The renderer API over the browser harness's WebSocket: the same interface the
 * Electron preload exposes. Calls made while (re)connecting wait for the socket;
 * calls in flight when it drops fail with a readable error.
 */
export function createHarnessClient(url: string): RingsideClient {
  const pending = new Map<number, Pending>();
  const listeners = new Map<ApiPush, Set<(payload: unknown) => void>>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let reconnectDelay = RECONNECT_MIN_MS;

  function connect(): void {
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener('open', () => {
      reconnectDelay = RECONNECT_MIN_MS;
      for (const frame of queue.splice(0)) ws.send(frame);
    });
    ws.addEventListener('message', (event) => receive(String(event.data)));
    ws.addEventListener('close', () => {
      socket = null;
      for (const request of pending.values()) request.reject(new Error('lost the connection to the console'));
      pending.clear();
      setTimeout(connect, reconnectDelay);
      reconnectDelay = Math.min(reconnectDelay * 2, RECONNECT_MAX_MS);
    });
  }

  function receive(text: string): void {
    let frame: { id?: unknown; result?: ApiResult<unknown>; push?: unknown; payload?: unknown };
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      return;
    }
    if (typeof frame.id === 'number' && frame.result) {
      const request = pending.get(frame.id);
      pending.delete(frame.id);
      if (!request) return;
      if (frame.result.ok) request.resolve(frame.result.value);
      else request.reject(new Error(frame.result.error));
    } else if (typeof frame.push === 'string') {
      for (const listener of listeners.get(frame.push as ApiPush) ?? []) listener(frame.payload);
    }
  }

  function send(frame: string): void {
    if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
    else queue.push(frame);
  }

  connect();

  return {
    invoke<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
      const id = nextId++;
      return new Promise<ApiOutputs[M]>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        send(JSON.stringify({ id, method, input }));
      });
    },
    on<P extends ApiPush>(push: P, listener: (payload: ApiPushes[P]) => void): () => void {
      const set = listeners.get(push) ?? new Set();
      listeners.set(push, set);
      const untyped = listener as (payload: unknown) => void;
      set.add(untyped);
      return () => set.delete(untyped);
    },
  };
}

/** The harness serves the API next to the pages: ws://<same host>/api. */
export function harnessApiUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api`;
}

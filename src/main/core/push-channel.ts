import type { ApiPush, ApiPushes } from '../../shared/api/contract';
import type { Logger } from './logger';

/** Main → renderer pushes, fanned out to whoever listens (IPC, the harness, tests). */
export class PushChannel {
  private readonly listeners = new Map<ApiPush, Set<(payload: never) => void>>();

  constructor(private readonly logger: Logger) {}

  on<P extends ApiPush>(push: P, listener: (payload: ApiPushes[P]) => void): () => void {
    const set = this.listeners.get(push) ?? new Set();
    this.listeners.set(push, set);
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<P extends ApiPush>(push: P, payload: ApiPushes[P]): void {
    for (const listener of this.listeners.get(push) ?? []) {
      try {
        (listener as (payload: ApiPushes[P]) => void)(payload);
      } catch (error) {
        // One broken window must not stop the others from hearing about a call.
        this.logger.error(`listener of ${push} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

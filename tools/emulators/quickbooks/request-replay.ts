import type { EmulatorResponse } from './exchange';

/**
 * QuickBooks Online emulator: `requestid` idempotency (spec §6). A successful write remembered
 * under its requestid is answered again byte for byte, without a second write. Retention is
 * configurable (Intuit's is UNCONFIRMED); the body of the repeat is not compared (also UNCONFIRMED).
 * Faulted requests are not remembered, so a fixed request can be retried under the same id.
 */

interface Remembered {
  response: EmulatorResponse;
  atMs: number;
}

export class RequestReplay {
  private readonly seen = new Map<string, Remembered>();

  constructor(private readonly retentionMs: () => number) {}

  recall(requestId: string, nowMs: number): EmulatorResponse | undefined {
    const r = this.seen.get(requestId);
    if (!r) return undefined;
    if (nowMs - r.atMs >= this.retentionMs()) {
      this.seen.delete(requestId);
      return undefined;
    }
    return r.response;
  }

  remember(requestId: string, response: EmulatorResponse, nowMs: number): void {
    this.seen.set(requestId, { response, atMs: nowMs });
  }
}

import type { EmulatorResponse } from './exchange';
import { jsonResponse } from './exchange';
import { fault } from './faults';
import { isJsonObject } from './json';

/**
 * QuickBooks Online emulator: `requestid` idempotency (spec §6). A successful write remembered
 * under its requestid is answered again byte for byte, without a second write. Retention is
 * configurable (Intuit's is UNCONFIRMED); the body of the repeat is not compared (also UNCONFIRMED).
 * Faulted requests are not remembered, so a fixed request can be retried under the same id.
 *
 * `batchReplay: 'error-6000'` plays what a public thread reports of the real service
 * (ruckus/quickbooks-ruby#344, 2016): a batch repeated under its requestid answers every item with
 * a 6000 "business validation error" instead of the original result, and writes nothing.
 */

export type BatchReplayMode = 'original' | 'error-6000';

interface Remembered {
  response: EmulatorResponse;
  atMs: number;
}

const replayedBatchDetail =
  'An unexpected error occurred while accessing or saving your data. Please wait a few minutes and try again.  If the problem persists, contact customer support.';

export class RequestReplay {
  private readonly seen = new Map<string, Remembered>();

  constructor(
    private readonly retentionMs: () => number,
    /** The company's `time` stamp for an answer made now. */
    private readonly stamp: (ms: number) => string = (ms) => new Date(ms).toISOString(),
    public batchReplay: BatchReplayMode = 'original',
  ) {}

  recall(requestId: string, nowMs: number): EmulatorResponse | undefined {
    const r = this.seen.get(requestId);
    if (!r) return undefined;
    if (nowMs - r.atMs >= this.retentionMs()) {
      this.seen.delete(requestId);
      return undefined;
    }
    if (this.batchReplay === 'error-6000') {
      const items = batchItemIds(r.response);
      if (items !== null) {
        const f = fault.business(replayedBatchDetail);
        const error = { Error: [{ Message: f.message, Detail: f.detail, code: f.code, element: f.element }], type: f.type };
        return jsonResponse(200, { BatchItemResponse: items.map((bId) => ({ bId, Fault: error })), time: this.stamp(nowMs) });
      }
    }
    return r.response;
  }

  remember(requestId: string, response: EmulatorResponse, nowMs: number): void {
    this.seen.set(requestId, { response, atMs: nowMs });
  }
}

/** The bIds of a remembered JSON batch answer; null when the answer is not one. */
function batchItemIds(response: EmulatorResponse): string[] | null {
  if (!String(response.headers['content-type'] ?? '').includes('json')) return null;
  try {
    const parsed: unknown = JSON.parse(response.body.toString('utf8'));
    if (!isJsonObject(parsed) || !Array.isArray(parsed.BatchItemResponse)) return null;
    return parsed.BatchItemResponse.map((item) => (isJsonObject(item) && typeof item.bId === 'string' ? item.bId : ''));
  } catch {
    return null;
  }
}

import type { QuickBooksSyncState } from '../../shared/api/quickbooks';

/**
 * Pure: how long the sync loop sleeps after a pass. While running it polls the outbox
 * (`pollMs`), but wakes sooner for a job coming due or the next CDC pass; after a failure it
 * waits `errorRetryMs`. Anything that wants work sooner (a webhook, "sync now") wakes it.
 */
export function waitAfterPass(input: { state: QuickBooksSyncState; now: number; pollMs: number; errorRetryMs: number; outboxDueAt: number | null; nextCdcAt: number }): number {
  if (input.state !== 'running') return input.errorRetryMs;
  const untilDue = input.outboxDueAt === null ? Infinity : Math.max(0, input.outboxDueAt - input.now);
  return Math.min(input.pollMs, untilDue, Math.max(0, input.nextCdcAt - input.now));
}

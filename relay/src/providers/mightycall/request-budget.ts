import type { PollStore } from './poll-store';

/**
 * MightyCall's 2,500 requests per 24 hours per account (spec §4.4, unconfirmed: whether
 * the day is a calendar day or rolling is not known). The relay counts every request it
 * sent in the last 24 hours, durably (a restart forgets none), and sends one only while
 * fewer than the budget went in that rolling day, which keeps within either kind of day.
 */
export class RequestBudget {
  constructor(
    private readonly store: PollStore,
    readonly limit: number,
  ) {}

  /** Takes one request at `nowMs`, or says when one will be free. */
  take(nowMs: number): { ok: true } | { ok: false; freeAtMs: number } {
    if (this.store.usedInDay(nowMs) >= this.limit) return { ok: false, freeAtMs: this.store.nextFreeAtMs(nowMs) ?? nowMs };
    this.store.requestSent(nowMs);
    return { ok: true };
  }

  used(nowMs: number): number {
    return this.store.usedInDay(nowMs);
  }
}

/**
 * How long a period stays open after its end (docs/billing.md "The log's clock"):
 * renewal, rollover, expiry and the usage invoice closing wait until the relay's
 * clock is this far past the end, so a call that started before the end and is
 * received after it (the relay hears of a call when it completes) is still billed in
 * the period it started in, whatever else arrived in between. 12 h: longer than any
 * phone call the providers keep up, short enough that a renewal is never a day late.
 * A constant, not a setting: every console must fold the log the same way.
 */
export const SETTLE_WINDOW_MS = 12 * 3_600_000;

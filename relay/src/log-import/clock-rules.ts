/**
 * The rules that keep the log's clock trustworthy when history is imported (docs/billing.md,
 * "The log's clock"): receivedAt never goes back, not behind the file's previous line nor
 * behind the log's newest event, and never ahead of the relay's clock by more than the
 * console event tolerance. Pure; the message says what is wrong, without the line number.
 */
export interface ClockFloor {
  /** receivedAt of the file's previous line, ms, or null on the first line. */
  previousMs: number | null;
  /** receivedAt of the newest event already in the log, ms, or null for an empty log. */
  logLastMs: number | null;
  nowMs: number;
  /** RELAY_CONSOLE_EVENT_FUTURE_TOLERANCE_SECONDS, in ms. */
  futureToleranceMs: number;
}

export function receivedAtRefusal(receivedAt: string, floor: ClockFloor): string | null {
  const at = Date.parse(receivedAt);
  if (floor.previousMs !== null && at < floor.previousMs) {
    return `receivedAt ${receivedAt} is before the previous line's (${new Date(floor.previousMs).toISOString()}): the file must be in receivedAt order`;
  }
  if (floor.logLastMs !== null && at < floor.logLastMs) {
    return `receivedAt ${receivedAt} is before the newest event already in the log (${new Date(floor.logLastMs).toISOString()}): history can only be added after what the relay has stored`;
  }
  if (at > floor.nowMs + floor.futureToleranceMs) {
    return `receivedAt ${receivedAt} is in the future (the relay's clock is ${new Date(floor.nowMs).toISOString()}, at most ${floor.futureToleranceMs / 1000} s ahead allowed, RELAY_CONSOLE_EVENT_FUTURE_TOLERANCE_SECONDS)`;
  }
  return null;
}

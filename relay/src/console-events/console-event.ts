import { EVENT_MODEL_VERSION, type ConsoleEventInput, type RingsideEvent } from '../../../src/shared/events/model';

/** A console's fact as the log stores it: the relay's version, source and receivedAt, and the lines it concerns (event-lines.ts). Pure. */
export function consoleEvent(input: ConsoleEventInput, lines: string[], receivedAt: string): RingsideEvent {
  return { ...input, v: EVENT_MODEL_VERSION, source: 'console', receivedAt, lines } as RingsideEvent;
}

/** Why an occurredAt further ahead of the relay's clock than the tolerance is refused, or null when it is not. Pure. */
export function futureOccurredAt(occurredAt: string, nowMs: number, toleranceMs: number): string | null {
  const ahead = Date.parse(occurredAt) - nowMs;
  if (ahead <= toleranceMs) return null;
  return `occurredAt ${occurredAt} is ${Math.round(ahead / 1000)} s ahead of the relay's clock (at most ${toleranceMs / 1000} s allowed, RELAY_CONSOLE_EVENT_FUTURE_TOLERANCE_SECONDS): check this computer's date and time`;
}

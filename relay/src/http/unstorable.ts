/**
 * The log refuses this event for good (UnstorableEventError of relay/src/log/event-log.ts,
 * matched by name so this seam does not depend on the log's internals): a retry cannot
 * help, so the sender gets 4xx, not 503.
 */
export function isUnstorable(error: unknown): error is Error {
  return error instanceof Error && error.name === 'UnstorableEventError';
}

import type { RingsideEvent } from '../../../../../src/shared/events/model';

/**
 * The marker the relay's health check puts in each test text (`[ringside-health:<16 hex>]`),
 * and how the relay recognizes the texts carrying it once they are normalized (from a
 * webhook or recovered by the reconciliation): they are stored with `healthCheck: true`,
 * which keeps them out of every console's feed, unread counts and billing. Pure.
 */

const MARKER = /\[ringside-health:([0-9a-f]{16})\]/;

export function healthCheckText(markerId: string): string {
  return `Ringside health check, please ignore [ringside-health:${markerId}]`;
}

/** The marker id a text carries, or null. */
export function healthCheckMarkerOf(body: string): string | null {
  return MARKER.exec(body)?.[1] ?? null;
}

/** The event as stored: a text carrying the marker is flagged as a health check. */
export function flagHealthCheckText<E extends RingsideEvent>(event: E): E {
  if (event.type !== 'message.recorded' || event.data.healthCheck || healthCheckMarkerOf(event.data.body) === null) return event;
  return { ...event, data: { ...event.data, healthCheck: true } };
}

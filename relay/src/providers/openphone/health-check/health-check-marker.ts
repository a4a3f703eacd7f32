import type { RingsideEvent } from '../../../../../src/shared/events/model';

/**
 * The marker the relay's health check puts in each test text (`[ringside-health:<16 hex>]`),
 * and how the relay recognizes its own test texts once they are normalized (from a webhook,
 * recovered by the reconciliation or fetched by the history import): they are stored with
 * `healthCheck: true`, which keeps them out of every console's feed, unread counts and
 * billing. The marker alone proves nothing (anyone can type it, and README prints it): a
 * text is the relay's only when the relay issued its marker and the text went between the
 * two lines that marker was sent between, in either direction. Pure.
 */

const MARKER = /\[ringside-health:([0-9a-f]{16})\]/;

/** The markers the relay issued, each with the pair of lines its test text was sent between (HealthCheckStore). */
export interface IssuedHealthChecks {
  pairOf(marker: string): { from: string; to: string } | null;
}

export function healthCheckText(markerId: string): string {
  return `Ringside health check, please ignore [ringside-health:${markerId}]`;
}

/** The marker id a text carries, or null. */
export function healthCheckMarkerOf(body: string): string | null {
  return MARKER.exec(body)?.[1] ?? null;
}

/** True when the event is one of the relay's own test texts: an issued marker, between that marker's two lines. */
export function isRelayHealthCheckText(event: RingsideEvent, issued: IssuedHealthChecks): boolean {
  if (event.type !== 'message.recorded') return false;
  const marker = healthCheckMarkerOf(event.data.body);
  const pair = marker === null ? null : issued.pairOf(marker);
  if (pair === null) return false;
  const { businessNumber, participants } = event.data;
  if (participants.length !== 1) return false;
  const other = participants[0];
  return (businessNumber === pair.from && other === pair.to) || (businessNumber === pair.to && other === pair.from);
}

/** The event as stored: the relay's own test text is flagged as a health check; any other text is left as it is. */
export function flagHealthCheckText<E extends RingsideEvent>(event: E, issued: IssuedHealthChecks): E {
  if (event.type !== 'message.recorded' || event.data.healthCheck || !isRelayHealthCheckText(event, issued)) return event;
  return { ...event, data: { ...event.data, healthCheck: true } };
}

import { createHash } from 'node:crypto';
import { EVENT_MODEL_VERSION, type EventOf } from '../../../src/shared/events/model';

export type AlertSeverity = 'warning' | 'critical';
export type AlertChannelName = 'email' | 'sms';

/**
 * A `relay.alert` fact (source `relay`), raised or cleared under one alertId, as the alert
 * service (alert-service.ts) appends it for every part of the relay that must tell the
 * operators something. `eventId` tells the raisings and clearings apart: the log treats
 * an id it already holds as a duplicate. `lines` decides which agent devices see it (none:
 * every device). `channels`: where it is also sent. Pure.
 */
export function relayAlertEvent(
  alert: { alertId: string; eventId: string; state: 'raised' | 'cleared'; message: string; lines: readonly string[]; severity?: AlertSeverity; channels?: readonly AlertChannelName[] },
  now: number,
): EventOf<'relay.alert'> {
  const at = new Date(now).toISOString();
  return {
    v: EVENT_MODEL_VERSION,
    id: boundedId(alert.eventId),
    source: 'relay',
    type: 'relay.alert',
    occurredAt: at,
    receivedAt: at,
    lines: [...alert.lines],
    data: { alertId: boundedId(alert.alertId), state: alert.state, message: alert.message, severity: alert.severity ?? 'warning', channels: [...(alert.channels ?? [])] },
  };
}

const MAX_ID = 200;

/** Ids are at most 200 characters in the event model; a longer one is shortened to a hash of itself. */
export function boundedId(id: string): string {
  if (id.length <= MAX_ID) return id;
  return `${id.slice(0, MAX_ID - 34)}~${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
}

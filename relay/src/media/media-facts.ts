import { EVENT_MODEL_VERSION, type EventOf } from '../../../src/shared/events/model';
import { boundedId } from '../alerts/relay-alert-event';

/**
 * The facts media capture appends to the log (source `relay`), with ids derived from the
 * mediaId so that appending one again (a restart between storing a file and recording it)
 * is recognized as a duplicate. They carry the lines of the event that carried the media,
 * so a device sees them exactly when it sees that event. Pure.
 */

export function mediaCapturedEvent(mediaId: string, lines: readonly string[], file: { sha256: string; contentType: string; bytes: number }, now: number): EventOf<'media.captured'> {
  const at = new Date(now).toISOString();
  return {
    v: EVENT_MODEL_VERSION,
    id: boundedId(`media.captured:${mediaId}`),
    source: 'relay',
    type: 'media.captured',
    occurredAt: at,
    receivedAt: at,
    lines: [...lines],
    data: { mediaId, sha256: file.sha256, contentType: file.contentType, bytes: file.bytes },
  };
}

/**
 * The alert about one piece of media, under one alertId (the console finds it by it): raised
 * (again with new words when retrying turns into a refusal), cleared, and perhaps raised and
 * cleared again (a new link refused too), through the alert service.
 */
export function mediaAlertId(mediaId: string): string {
  return boundedId(`media:${mediaId}`);
}

import type { EventOf, RingsideEvent } from '../../../src/shared/events/model';
import { toE164 } from '../../../src/shared/phone';
import type { RelayDatabase } from '../database';
import { messageSentEvent } from '../messages/message-sent-event';
import type { OpenPhoneMessage } from '../providers/openphone/rest/openphone-rest-client';

/**
 * The alert texts the relay sent to its owner through OpenPhone, kept in the log as
 * `message.recorded` under the messageId OpenPhone's webhooks will carry, flagged
 * `healthCheck: true` ("the relay's own text, not conversation"): no console shows or
 * bills them. Their event ids start with ALERT_TEXT_ID_PREFIX, which only the alert SMS
 * channel writes, so OpenPhone's echo of one (message.delivered) is recognized by its
 * messageId and flagged the same way, across restarts; the history import and the
 * reconciliation find the fact in the log already and skip it.
 */
export const ALERT_TEXT_ID_PREFIX = 'alert-sms:';

/** The event recording an alert text OpenPhone accepted, or null when its line's number is not known (a PN… id answered without `from`). */
export function alertTextEvent(input: { from: string; to: string; content: string; message: OpenPhoneMessage; receivedAt: string }): EventOf<'message.recorded'> | null {
  const from = toE164(input.message.from ?? '') ?? toE164(input.from);
  if (from === null) return null;
  const sent = messageSentEvent({ ...input, from });
  return { ...sent, id: `${ALERT_TEXT_ID_PREFIX}${sent.data.messageId}`, data: { ...sent.data, healthCheck: true } };
}

/** Which messageIds are alert texts the relay recorded (read from the log's facts). */
export class AlertTexts {
  private readonly eventIdOfFact;

  constructor(db: RelayDatabase) {
    this.eventIdOfFact = db.prepare("SELECT e.event_id FROM facts f JOIN events e ON e.seq = f.seq WHERE f.key = ? AND e.source = 'relay'").pluck();
  }

  sent(messageId: string): boolean {
    const eventId = this.eventIdOfFact.get(`message.recorded|${messageId}`) as string | undefined;
    return eventId?.startsWith(ALERT_TEXT_ID_PREFIX) === true;
  }
}

/** The event as stored: OpenPhone's echo of an alert text is flagged as the relay's own text; anything else is left as it is. */
export function flagAlertTextEcho<E extends RingsideEvent>(event: E, texts: Pick<AlertTexts, 'sent'>): E {
  if (event.type !== 'message.recorded' || event.data.healthCheck || event.data.direction !== 'outgoing' || !texts.sent(event.data.messageId)) return event;
  return { ...event, data: { ...event.data, healthCheck: true } };
}

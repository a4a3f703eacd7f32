import type { RingsideEvent } from './model';

/** Call facts a provider reports once per call (a webhook, the history import or the daily reconciliation). */
const CALL_FACT_TYPES: ReadonlySet<string> = new Set([
  'call.ringing',
  'call.answered',
  'call.completed',
  'call.missed',
  'call.forwarded',
  'call.recording_ready',
  'call.voicemail_ready',
  'call.transcript_ready',
  'call.summary_ready',
]);

/**
 * What provider fact an event records, independent of how it reached the relay:
 * `call.completed|openphone:AC123`, `message.recorded|openphone:AC9`. A webhook's event
 * id is the delivery's (EV…, msg_…), which the provider's REST API never shows, so the
 * history import and the reconciliation recognize what the log already holds by this key
 * (relay table `facts`) rather than by event id. A message is one fact whatever its
 * status: a delivered after a sent adds nothing to learn by listing. Null: not a
 * provider fact (console events, alerts, contacts, which are states rather than facts).
 * Pure.
 */
export function factKey(event: Pick<RingsideEvent, 'type' | 'data'>): string | null {
  if (CALL_FACT_TYPES.has(event.type)) {
    const callId = (event.data as { callId?: unknown }).callId;
    return typeof callId === 'string' ? `${event.type}|${callId}` : null;
  }
  if (event.type === 'message.recorded') return `message.recorded|${(event.data as { messageId: string }).messageId}`;
  return null;
}

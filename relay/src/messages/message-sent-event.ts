import { EVENT_MODEL_VERSION, ringsideEventSchema, type EventOf, type MessageRecordedData } from '../../../src/shared/events/model';
import type { OpenPhoneMessage } from '../providers/openphone/rest/openphone-rest-client';

/**
 * The fact the relay appends once OpenPhone accepted a text a console asked for: a
 * `message.recorded` with the status OpenPhone answered (queued or sent), under the same
 * messageId (`openphone:<id>`) its delivery webhooks will carry, so they merge onto it.
 * Pure; the event id is derived from the message, so appending it again is a duplicate.
 */
export function messageSentEvent(input: { from: string; to: string; content: string; message: OpenPhoneMessage; receivedAt: string }): EventOf<'message.recorded'> {
  const { message } = input;
  const sentAt = instant(message.createdAt) ?? input.receivedAt;
  const messageId = `openphone:${message.id}`;
  const data: MessageRecordedData = {
    messageId,
    direction: 'outgoing',
    businessNumber: input.from,
    from: input.from,
    participants: [input.to],
    body: input.content,
    media: [],
    status: sentStatus(message.status),
    errorCode: null,
    sentAt,
    // API-created messages carry no conversation id (spec §1.5).
    providerConversationId: null,
    userId: typeof message.userId === 'string' && message.userId !== '' ? message.userId : null,
    campaignId: null,
    healthCheck: false,
  };
  const event = {
    v: EVENT_MODEL_VERSION,
    id: `sent:${messageId}`,
    source: 'relay',
    occurredAt: sentAt,
    receivedAt: input.receivedAt,
    lines: [input.from],
    type: 'message.recorded',
    data,
    raw: message,
  } as const;
  // Checked like any stored event: a provider answer the model cannot hold fails here, not at every console.
  return ringsideEventSchema.parse(event) as EventOf<'message.recorded'>;
}

const OUTGOING_STATUSES: readonly string[] = ['queued', 'sent', 'delivered', 'undelivered', 'failed'];

/** OpenPhone answers 202 with queued or sent; an unknown word is read as queued. */
function sentStatus(status: string): MessageRecordedData['status'] {
  return OUTGOING_STATUSES.includes(status) ? (status as MessageRecordedData['status']) : 'queued';
}

function instant(value: string | undefined): string | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

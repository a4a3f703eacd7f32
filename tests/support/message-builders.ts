import { EVENT_MODEL_VERSION, type EventOf, type MessageRecordedData } from '../../src/shared/events/model';

/** Test-only: `message.recorded` events for the billing tests, each stating only what it is about. */

export const BUSINESS_LINE = '+16175550199';

/**
 * One record of a text between our line and `others` (the sender of an incoming
 * text, the recipients of an outgoing one), sent at `sentAt`; the relay received
 * the record at `receivedAt` (the sending time unless said).
 */
export function texted(
  messageId: string,
  direction: 'incoming' | 'outgoing',
  others: string | string[],
  sentAt: string,
  status: MessageRecordedData['status'],
  options: { receivedAt?: string; body?: string } = {},
): EventOf<'message.recorded'> {
  const participants = [...(typeof others === 'string' ? [others] : others)].sort();
  const receivedAt = options.receivedAt ?? sentAt;
  return {
    v: EVENT_MODEL_VERSION,
    id: `${messageId}:${status}:${receivedAt}`,
    source: 'openphone',
    occurredAt: receivedAt,
    receivedAt,
    lines: [BUSINESS_LINE],
    type: 'message.recorded',
    data: {
      messageId: `openphone:${messageId}`,
      direction,
      businessNumber: BUSINESS_LINE,
      from: direction === 'incoming' ? participants[0]! : BUSINESS_LINE,
      participants,
      body: options.body ?? 'Hello',
      media: [],
      status,
      errorCode: status === 'failed' || status === 'undelivered' ? '0200400' : null,
      sentAt,
      providerConversationId: null,
      userId: null,
      campaignId: null,
      healthCheck: false,
    },
  };
}

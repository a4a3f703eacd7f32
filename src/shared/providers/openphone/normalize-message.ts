import type { MessageRecordedData } from '../../events/model';
import type { E164 } from '../../phone';
import type { Delivery, Derived } from './delivery';
import { isObject, lineOfPhoneNumberId, namespacedId, phoneNumberOf, phoneNumbersIn, readDirection, readMediaList, text, toInstant } from './payload-fields';

/** The status each message event reports: the event says what happened, whatever the resource's own field. */
const STATUS_OF_TYPE: Readonly<Record<string, MessageRecordedData['status']>> = {
  'message.received': 'received',
  'message.delivered': 'delivered',
  'message.failed': 'failed',
  'message.undelivered': 'undelivered',
};

/**
 * `message.received` / `.delivered` (both generations) and `.failed` / `.undelivered`
 * (new generation) → `message.recorded` (§1.5, §1.10). Reads app-created messages
 * (`body`, `to` a number or a comma-joined group list, `conversationId`) and API-created
 * ones (`text`, `to` an array), and the new generation's context identifiers where the
 * resource lacks numbers. Null when the message id, our line or any other participant
 * cannot be determined.
 */
export function normalizeMessage(delivery: Delivery): Derived | null {
  const { resource, context, ctx, type } = delivery;
  const messageId = namespacedId(resource.id);
  const status = STATUS_OF_TYPE[type];
  if (messageId === null || status === undefined) return null;
  const direction = readDirection(resource.direction) ?? (status === 'received' ? 'incoming' : 'outgoing');

  const from = phoneNumberOf(resource.from) ?? phoneNumberOf(context.senderIdentifier);
  const to = phoneNumbersIn(resource.to ?? context.recipientIdentifiers);
  const business = businessLine(direction, from, to, resource.phoneNumberId, ctx.phoneNumberIds);
  if (business === null || from === null) return null;
  const participants = [...new Set([from, ...to])].filter((number) => number !== business).sort();
  if (participants.length === 0) return null;

  const body = typeof resource.body === 'string' ? resource.body : typeof resource.text === 'string' ? resource.text : '';
  return {
    type: 'message.recorded',
    lines: [business],
    data: {
      messageId,
      direction,
      businessNumber: business,
      from,
      participants,
      body,
      media: readMediaList(resource.media, messageId, 'media', 20),
      status,
      errorCode: errorCodeOf(resource),
      sentAt: toInstant(resource.createdAt) ?? delivery.occurredAt,
      providerConversationId: text(resource.conversationId),
      userId: direction === 'outgoing' ? (text(resource.userId) ?? text(resource.createdBy)) : null,
      // OpenPhone has no campaign marker in its documented payloads; one named like this
      // is used, otherwise the console's campaign rule decides.
      campaignId: text(resource.campaignId),
      healthCheck: false,
    },
  };
}

/**
 * Our line: the mapped phoneNumberId, else a recipient that is a mapped line, else the
 * sender of an outgoing message, else the one recipient of an incoming one. An incoming
 * group text names several recipients, ours among them, and only the mapping tells which.
 */
function businessLine(direction: 'incoming' | 'outgoing', from: E164 | null, to: E164[], phoneNumberId: unknown, phoneNumberIds: Readonly<Record<string, string>>): E164 | null {
  const mapped = lineOfPhoneNumberId(phoneNumberId, phoneNumberIds);
  if (mapped !== null) return mapped;
  if (direction === 'outgoing') return from;
  const known = to.filter((number) => Object.values(phoneNumberIds).includes(number));
  if (known.length === 1) return known[0]!;
  return to.length === 1 ? to[0]! : null;
}

/** A 7-digit OpenPhone error code (§1.9) under `errorCode` or `error.code`; the field name is unconfirmed. */
function errorCodeOf(resource: Record<string, unknown>): string | null {
  const error = isObject(resource.error) ? resource.error.code : undefined;
  for (const value of [resource.errorCode, error]) {
    if (typeof value === 'string' && value !== '') return value.slice(0, 50);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return null;
}

import { createHash, randomBytes } from 'node:crypto';
import { envelope, mediaUrl, type EmulatedDelivery, type MediaBase } from './envelopes';
import { phoneNumberIdFor } from './payloads';
import type { OpenPhoneGeneration } from './sender';

/**
 * OpenPhone webhook emulator: message deliveries (§1.5, §1.10). Legacy (app-created v3):
 * `body`, `to` one number or, for a group text, one comma-joined string, `conversationId`.
 * New generation: `text`, `to` an array, the sender and recipients also in
 * `context.senderIdentifier` / `recipientIdentifiers` (names known, the rest of the
 * resource unconfirmed). Attachments are URLs of the caller's media host (`mediaBaseUrl`,
 * envelopes.ts `MediaBase`) (OpenPhone sends MMS media as URLs only).
 */

export type MessageEventType = 'message.received' | 'message.delivered' | 'message.failed' | 'message.undelivered';

const STATUS: Record<MessageEventType, string> = {
  'message.received': 'received',
  'message.delivered': 'delivered',
  'message.failed': 'failed',
  'message.undelivered': 'undelivered',
};

export interface EmulatedAttachment {
  /** Path under the media host, e.g. `/mms/AC1-0.jpg`. */
  path: string;
  contentType: string;
}

export interface MessageInput {
  type: MessageEventType;
  generation?: OpenPhoneGeneration;
  /** Default: a fresh `AC…` id (OpenPhone message ids look like call ids, §1.5). */
  messageId?: string;
  /** Our workspace number. */
  line: string;
  /** The other participants: one for a 1:1 thread, two or more for a group text. */
  participants: string[];
  /** Who sent an incoming message (default the first participant). */
  sender?: string;
  body: string;
  attachments?: EmulatedAttachment[];
  mediaBaseUrl?: MediaBase;
  at: Date;
  /** When the message was sent (default `at`); a delivery report fires after it. */
  createdAt?: Date;
  /** A 7-digit OpenPhone error code on failed/undelivered (its field name is unconfirmed). */
  errorCode?: string;
  userId?: string;
  eventId?: string;
}

export function newMessageId(): string {
  return `AC${randomBytes(16).toString('hex')}`;
}

export function messageEvent(input: MessageInput): EmulatedDelivery {
  const generation = input.generation ?? 'legacy';
  const incoming = input.type === 'message.received';
  const from = incoming ? (input.sender ?? input.participants[0]!) : input.line;
  // Everyone in the thread but the sender: our line among them for an incoming text.
  const to = [input.line, ...input.participants].filter((number) => number !== from);
  const attachments = input.attachments ?? [];
  if (attachments.length > 0 && input.mediaBaseUrl === undefined) throw new Error('attachments need a mediaBaseUrl to be served from');
  const media = attachments.map((item) => ({ url: mediaUrl(input.mediaBaseUrl!, item.path), type: item.contentType }));
  const createdAt = (input.createdAt ?? input.at).toISOString();
  const id = input.messageId ?? newMessageId();
  const userId = input.userId ?? `US${digest(`user:${input.line}`).slice(0, 8)}`;
  const error = input.errorCode === undefined ? {} : { errorCode: input.errorCode };
  const options = input.eventId === undefined ? {} : { eventId: input.eventId };
  const direction = incoming ? 'incoming' : 'outgoing';

  if (generation === 'legacy') {
    const conversationId = `CN${digest(`${input.line}|${[...input.participants].sort().join(',')}`).slice(0, 32)}`;
    const message = { id, object: 'message', from, to: to.join(','), direction, body: input.body, media, status: STATUS[input.type], createdAt, userId, phoneNumberId: phoneNumberIdFor(input.line), conversationId, createdBy: null, ...error };
    return envelope('legacy', input.type, input.at, message, options);
  }
  const message = { id, object: 'message', from, to, direction, text: input.body, media, status: STATUS[input.type], phoneNumberId: phoneNumberIdFor(input.line), userId, createdAt, ...error };
  return envelope('standard', input.type, input.at, message, { ...options, context: { senderIdentifier: from, recipientIdentifiers: to } });
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

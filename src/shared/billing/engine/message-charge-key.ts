/**
 * A text message's charges are filed under a key in place of a call id: one per
 * message and billed party (the sender of an incoming text, each recipient of an
 * outgoing one), so a message recorded again with another status finds its charge.
 * The `message:` prefix keeps it apart from every provider's call ids.
 */

export type MessageDirection = 'incoming' | 'outgoing';

export interface MessageChargeKey {
  direction: MessageDirection;
  /** The billed party's number. */
  number: string;
  messageId: string;
}

export function messageChargeKey(key: MessageChargeKey): string {
  // The message id may hold colons (`openphone:AC…`): it goes last.
  return `message:${key.direction === 'incoming' ? 'in' : 'out'}:${key.number}:${key.messageId}`;
}

/** The message a charge is for, or null for a call's charge. */
export function messageOfChargeKey(callId: string): MessageChargeKey | null {
  const match = /^message:(in|out):([^:]+):(.+)$/.exec(callId);
  if (!match) return null;
  return { direction: match[1] === 'in' ? 'incoming' : 'outgoing', number: match[2]!, messageId: match[3]! };
}

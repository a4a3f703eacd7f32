import type { CommunicationsApiPushes } from '../../shared/api/communications';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { ArrivedMessage } from '../projection/project-communications';
import { unreadConversations } from './message-reads';

type Notice = CommunicationsApiPushes['messages.arrived'];

/** Older messages (a catch-up after a night offline) update the lists but raise no notification. */
export const NOTIFY_WITHIN_MS = 15 * 60_000;

/**
 * What the shell notifies about after a batch: the newest new incoming message of each
 * conversation, if it is recent, with the console's unread count for the badge.
 */
export function arrivedMessageNotices(db: ConsoleDatabase, arrived: readonly ArrivedMessage[], nowMs: number): Notice[] {
  if (arrived.length === 0) return [];
  const read = db.sqlite.prepare(
    `SELECT m.from_e164, m.body, m.sent_at_ms,
       (SELECT c.name FROM customer_phones p JOIN customers c ON c.customer_id = p.customer_id WHERE p.phone_e164 = m.from_e164 ORDER BY c.updated_seq DESC LIMIT 1) AS customer_name,
       (SELECT k.name FROM contact_phones kp JOIN contacts k ON k.contact_id = kp.contact_id WHERE kp.phone_e164 = m.from_e164 AND k.name IS NOT NULL LIMIT 1) AS contact_name,
       EXISTS (SELECT 1 FROM media_items i WHERE i.owner_id = m.message_id) AS has_media
     FROM messages m WHERE m.message_id = ?`,
  );
  const newest = new Map<string, { from: string; fromName: string | null; preview: string; at: number }>();
  for (const { messageId, conversationKey } of arrived) {
    const row = read.get(messageId) as { from_e164: string; body: string; sent_at_ms: number; customer_name: string | null; contact_name: string | null; has_media: number } | undefined;
    if (!row || nowMs - row.sent_at_ms > NOTIFY_WITHIN_MS) continue;
    const held = newest.get(conversationKey);
    if (held && held.at >= row.sent_at_ms) continue;
    const preview = row.body !== '' ? row.body.slice(0, 140) : row.has_media === 1 ? 'Sent a photo or attachment' : '';
    newest.set(conversationKey, { from: row.from_e164, fromName: row.customer_name ?? row.contact_name, preview, at: row.sent_at_ms });
  }
  if (newest.size === 0) return [];
  const unread = unreadConversations(db);
  return [...newest.entries()].map(([conversationKey, m]) => ({ conversationKey, fromName: m.fromName, from: m.from, preview: m.preview, unread }));
}

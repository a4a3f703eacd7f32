import { createHash, randomUUID } from 'node:crypto';
import type { ApiHandlers } from '../../shared/api/contract';
import type { communicationsApiInputSchemas } from '../../shared/api/communications';
import type { DataKind } from '../../shared/api/data-changes';
import type { Clock } from '../../shared/clock';
import type { ConsoleEventInput } from '../../shared/events/model';
import { parseConversationKey } from '../../shared/messages/conversation-key';
import { loadOpenInvoices } from '../card/open-invoices';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { MediaCache } from '../media/media-cache';
import { fetchMedia } from '../media/fetch-media';
import { messageTemplates } from '../messages/message-templates';
import { sendMessage } from '../messages/outbound/send-message';
import { postConsoleEvent } from '../relay-link/post-console-event';
import { callDetail, callPage } from './call-reads';
import { activeAlertGroups, alertsToAcknowledge, recentAlerts } from './relay-alert-groups';
import { messagingPolicy } from './messaging-policy';
import { assignees } from './team-names';
import { campaignList, conversationDetail, conversationPage, markConversationRead, messageFeed, rememberSentHere, searchMessages, unreadConversations } from './message-reads';

export type CommunicationsHandlers = Pick<ApiHandlers, keyof typeof communicationsApiInputSchemas>;

export interface CommunicationsHandlerDeps {
  database: () => ConsoleDatabase;
  clock: Clock;
  /** Where to post console events and send texts; throws when the console has no device token. */
  relay: () => { url: string; token: string };
  /** Who this console is, as the team knows it (the relay's device name). */
  whoAmI: () => Promise<string>;
  mediaCache: MediaCache;
  /** A local change (a read mark) other windows of this console should read again. */
  changed: (kinds: DataKind[]) => void;
  newId?: () => string;
}

/**
 * The Communications page's API. Reads come from the call and message tables; inbox
 * changes become console events posted to the relay, so every console sees them; read
 * marks are this console's own; texts are sent by the relay (POST /v1/messages).
 */
export function createCommunicationsHandlers(deps: CommunicationsHandlerDeps): CommunicationsHandlers {
  const newId = deps.newId ?? randomUUID;
  const now = () => new Date(deps.clock());
  const post = async (input: Omit<ConsoleEventInput, 'id' | 'occurredAt'>): Promise<null> => {
    const { url, token } = deps.relay();
    const event = { ...input, id: `${input.type}:${newId()}`, occurredAt: now().toISOString() } as ConsoleEventInput;
    await postConsoleEvent(url, token, event);
    return null;
  };
  return {
    'communications.callPage': async (input) => callPage(deps.database(), input, deps.clock()),
    'communications.callDetail': async ({ callId }) => callDetail(deps.database(), callId, deps.clock()),
    'messages.conversations': async (input) => conversationPage(deps.database(), input, now()),
    'messages.conversation': async (input) => conversationDetail(deps.database(), input, now()),
    'messages.feed': async (input) => messageFeed(deps.database(), input),
    'messages.search': async ({ query, limit }) => searchMessages(deps.database(), query, limit),
    'messages.campaigns': async ({ limit }) => campaignList(deps.database(), limit),
    'messages.unreadCount': async () => ({ unread: unreadConversations(deps.database()) }),
    'messages.markRead': async ({ conversationKey }) => {
      markConversationRead(deps.database(), conversationKey);
      deps.changed(['messages']);
      return null;
    },
    'messages.setStatus': async (input) => post({ type: 'conversation.status_changed', data: { ...input, snoozedUntil: input.status === 'open' ? input.snoozedUntil : null, by: await deps.whoAmI() } }),
    'messages.assign': async (input) => post({ type: 'conversation.assigned', data: { ...input, by: await deps.whoAmI() } }),
    'messages.addNote': async (input) => post({ type: 'conversation.note_added', data: { noteId: newId(), ...input, by: await deps.whoAmI() } }),
    'messages.templates': async ({ conversationKey }) => {
      const db = deps.database();
      const detail = conversationDetail(db, { conversationKey, limit: 1, campaigns: 'show' }, now());
      const customers = detail?.conversation.customers ?? [];
      return messageTemplates({ names: customers.map((c) => c.name), openInvoices: customers.length === 1 ? loadOpenInvoices(db, customers[0]!.id, now()) : [] });
    },
    'messages.send': async ({ conversationKey, body }) => {
      const parsed = parseConversationKey(conversationKey);
      if (!parsed) throw new Error('This conversation cannot be replied to: its line or recipients are unknown.');
      const sent = await sendMessage(deps.relay(), { requestId: newId(), from: parsed.businessNumber, to: parsed.participants, content: body });
      rememberSentHere(deps.database(), sent.messageId, deps.clock());
      return sent;
    },
    'messages.policy': async () => messagingPolicy(deps.database()),
    'messages.definePolicy': async (input) => post({ type: 'messaging_policy.defined', data: input }),
    'messages.assignees': async () => assignees(deps.database(), deps.relay, await deps.whoAmI().catch(() => null)),
    'media.fetch': async ({ mediaId }) => fetchMedia(deps.database(), deps.mediaCache, deps.relay, mediaId),
    'alerts.active': async ({ limit }) => activeAlertGroups(deps.database(), limit),
    'alerts.acknowledge': async ({ throughSeq }) => {
      const shown = alertsToAcknowledge(deps.database(), throughSeq);
      const by = await deps.whoAmI();
      const { url, token } = deps.relay();
      const occurredAt = now().toISOString();
      // Keyed by the raising acknowledged, so a retried press is not posted twice.
      for (let i = 0; i < shown.length; i += ACKNOWLEDGE_AT_ONCE) {
        await Promise.all(
          shown.slice(i, i + ACKNOWLEDGE_AT_ONCE).map(({ alertId, seq }) => postConsoleEvent(url, token, { type: 'alert.acknowledged', id: acknowledgementId(alertId, seq), occurredAt, data: { alertId, by } })),
        );
      }
      return { acknowledged: shown.length };
    },
    'alerts.recent': async ({ limit }) => recentAlerts(deps.database(), limit),
  };
}

/** Posts at once when acknowledging a burst of alerts (a thousand photos that could not be saved). */
const ACKNOWLEDGE_AT_ONCE = 8;

/** Event ids are at most 200 characters; alert ids may be that long themselves. */
function acknowledgementId(alertId: string, seq: number): string {
  const id = `alert.acknowledged:${seq}:${alertId}`;
  return id.length <= 200 ? id : `alert.acknowledged:${seq}:${createHash('sha256').update(alertId).digest('hex')}`;
}

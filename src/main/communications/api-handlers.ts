import { randomUUID } from 'node:crypto';
import type { ApiHandlers } from '../../shared/api/contract';
import type { communicationsApiInputSchemas } from '../../shared/api/communications';
import type { Clock } from '../../shared/clock';
import type { ConsoleEventInput } from '../../shared/events/model';
import type { ConsoleDatabase } from '../db/open-console-database';
import { postConsoleEvent } from '../relay-link/post-console-event';

export type CommunicationsHandlers = Pick<ApiHandlers, keyof typeof communicationsApiInputSchemas>;

export interface CommunicationsHandlerDeps {
  database: () => ConsoleDatabase;
  clock: Clock;
  /** Where to post console events; throws when the console has no device token. */
  relay: () => { url: string; token: string };
  /** Who this console is, as the team knows it (the relay's device name). */
  whoAmI: () => Promise<string>;
  newId?: () => string;
}

/**
 * The Communications page's API. Reads come from the message and call tables; inbox
 * changes become console events posted to the relay, so every console sees them.
 */
export function createCommunicationsHandlers(deps: CommunicationsHandlerDeps): CommunicationsHandlers {
  const newId = deps.newId ?? randomUUID;
  const post = async (input: Omit<ConsoleEventInput, 'id' | 'occurredAt'>): Promise<null> => {
    const { url, token } = deps.relay();
    const event = { ...input, id: `${input.type}:${newId()}`, occurredAt: new Date(deps.clock()).toISOString() } as ConsoleEventInput;
    await postConsoleEvent(url, token, event);
    return null;
  };
  return {
    'communications.callPage': async () => ({ rows: [], total: 0 }),
    'communications.callDetail': async () => null,
    'messages.conversations': async () => ({ rows: [], total: 0 }),
    'messages.conversation': async () => null,
    'messages.feed': async () => ({ rows: [], total: 0 }),
    'messages.search': async () => [],
    'messages.campaigns': async () => [],
    'messages.unreadCount': async () => ({ unread: 0 }),
    'messages.markRead': async () => null,
    'messages.setStatus': async (input) => post({ type: 'conversation.status_changed', data: { ...input, by: await deps.whoAmI() } }),
    'messages.assign': async (input) => post({ type: 'conversation.assigned', data: { ...input, by: await deps.whoAmI() } }),
    'messages.addNote': async (input) => post({ type: 'conversation.note_added', data: { noteId: newId(), ...input, by: await deps.whoAmI() } }),
    'messages.templates': async () => [],
    'messages.send': async () => {
      throw new Error('Sending messages is not available yet.');
    },
    'media.fetch': async () => ({ available: false, reason: 'Media is not available yet.' }),
    'alerts.active': async () => [],
  };
}

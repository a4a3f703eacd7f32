import type { ApiHandlers } from '../../shared/api/contract';
import type { CallerCard } from '../../shared/card';
import type { Clock } from '../../shared/clock';
import { loadCallerCard } from '../card/load-caller-card';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { ChangedCall } from '../projection/apply-event';
import { isLiveCall, liveCallIds } from './call-queries';
import type { Logger } from './logger';
import type { PushChannel } from './push-channel';

export interface LiveCards {
  handlers: Pick<ApiHandlers, 'calls.live' | 'card.pin' | 'card.dismiss'>;
  /** Pushes the card of every changed call the live view shows (a catch-up replays old calls too). */
  callsChanged(calls: readonly ChangedCall[]): Set<string>;
  /** A payment or a synced invoice changes the open invoices on that customer's live cards. */
  customersChanged(customerIds: ReadonlySet<string>, except: ReadonlySet<string>): void;
}

/** The caller cards: which calls are live, pinned or dismissed, and their pushes. */
export function createLiveCards(options: { database: () => ConsoleDatabase; clock: Clock; pushes: PushChannel; logger: Logger }): LiveCards {
  const { database, clock, pushes, logger } = options;
  const pinned = new Set<string>();
  const dismissed = new Set<string>();
  /** Calls whose cards the windows may hold: a change that takes one out of the live view must tell them. */
  const shown = new Set<string>();

  const card = (callId: string): Promise<CallerCard | null> => loadCallerCard(database(), callId, new Date(clock()), pinned.has(callId));

  const pushCard = async (callId: string): Promise<void> => {
    try {
      const built = await card(callId);
      if (built) {
        shown.add(callId);
        pushes.emit('card.updated', built);
      }
    } catch (error) {
      logger.error(`caller card for ${callId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const shownCallIds = async (): Promise<string[]> => [...new Set([...(await liveCallIds(database(), new Date(clock()))), ...pinned])].filter((id) => !dismissed.has(id));

  const pushCardsOfCustomers = async (customerIds: ReadonlySet<string>, except: ReadonlySet<string>): Promise<void> => {
    const owner = database().sqlite.prepare('SELECT 1 FROM customer_phones p JOIN calls c ON c.external_e164 = p.phone_e164 WHERE c.call_id = ? AND p.customer_id = ?');
    for (const callId of await shownCallIds()) {
      if (except.has(callId)) continue;
      if ([...customerIds].some((customerId) => owner.get(callId, customerId) !== undefined)) void pushCard(callId);
    }
  };

  return {
    callsChanged(calls) {
      const nowMs = clock();
      const callIds = new Set(calls.filter((c) => isLiveCall(c, nowMs)).map((c) => c.callId));
      for (const callId of callIds) void pushCard(callId);
      // A card left ringing when the link dropped whose end arrives with the catch-up, long after: no longer live, so it leaves the windows.
      for (const call of calls) {
        if (callIds.has(call.callId) || !shown.has(call.callId) || pinned.has(call.callId)) continue;
        shown.delete(call.callId);
        pushes.emit('card.dismissed', { callId: call.callId });
      }
      return callIds;
    },
    customersChanged(customerIds, except) {
      pushCardsOfCustomers(customerIds, except).catch((error: unknown) => logger.error(`caller cards after a payment failed: ${String(error)}`));
    },
    handlers: {
      'calls.live': async () => {
        const cards: CallerCard[] = [];
        for (const id of await shownCallIds()) {
          const built = await card(id);
          if (built) {
            shown.add(id);
            cards.push(built);
          }
        }
        return cards.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
      },
      'card.pin': async ({ callId, pinned: pin }) => {
        if (pin) {
          pinned.add(callId);
          dismissed.delete(callId);
        } else pinned.delete(callId);
        const built = await card(callId);
        if (built) pushes.emit('card.updated', built);
        return built;
      },
      'card.dismiss': async ({ callId }) => {
        dismissed.add(callId);
        pinned.delete(callId);
        pushes.emit('card.dismissed', { callId });
        return null;
      },
    },
  };
}

import type { ApiHandlers } from '../../shared/api/contract';
import type { PortalLinksView, portalApiInputSchemas } from '../../shared/api/portal';
import type { Clock } from '../../shared/clock';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { RelayAccess } from '../http/relay-rest-client';
import { customerContacts } from './customer-contacts';
import { createPortalLink, listPortalLinks, PortalUnavailable, revokePortalLink, sendPortalLink } from './portal-links-relay';

export type PortalHandlers = Pick<ApiHandlers, keyof typeof portalApiInputSchemas>;

export interface PortalHandlerDeps {
  database: () => ConsoleDatabase;
  clock: Clock;
  /** Where to ask; throws when the console has no device token. */
  relay: () => RelayAccess;
}

/** How long "the relay cannot make links" (its 503) is believed before Create link is offered again. */
export const CANNOT_MAKE_REMEMBERED_MS = 5 * 60_000;

/**
 * The customer page's "Client portal" (issue 14 §1): the relay makes, lists, sends and
 * revokes the links (the portal is the relay's, so it answers customers with every console
 * off); the console adds where a link can be sent, from its own projection of the customer.
 */
export function createPortalHandlers(deps: PortalHandlerDeps): PortalHandlers {
  // A relay lists links without a public URL but refuses to make one (503): remembered, so the
  // section says why and "Create link" is off instead of failing on every press.
  let cannotMake: { reason: string; atMs: number } | null = null;
  const currentlyCannotMake = (): string | null => (cannotMake !== null && deps.clock() - cannotMake.atMs < CANNOT_MAKE_REMEMBERED_MS ? cannotMake.reason : null);

  return {
    'portal.links': async ({ customerId }): Promise<PortalLinksView> => {
      const contacts = customerContacts(deps.database(), customerId);
      try {
        return { customerId, links: await listPortalLinks(relayOrUnavailable(deps), customerId), ...contacts, unavailable: currentlyCannotMake() };
      } catch (error) {
        // The section still says who the customer can be reached at, and why nothing else shows.
        if (error instanceof PortalUnavailable) return { customerId, links: [], ...contacts, unavailable: error.message };
        throw error;
      }
    },
    'portal.createLink': async ({ requestId, customerId, expiresInDays }) => {
      customerContacts(deps.database(), customerId);
      try {
        const made = await createPortalLink(relayOrUnavailable(deps), { requestId, customerId, expiresInDays });
        cannotMake = null;
        return made;
      } catch (error) {
        if (error instanceof PortalUnavailable && error.status === 503) cannotMake = { reason: error.message, atMs: deps.clock() };
        throw error;
      }
    },
    'portal.revokeLink': async ({ linkId }) => revokePortalLink(relayOrUnavailable(deps), linkId),
    'portal.sendLink': async ({ requestId, linkId, url, channel, to }) => sendPortalLink(relayOrUnavailable(deps), { requestId, linkId, url, channel, to }),
  };
}

/** A console without a device token cannot ask the relay at all: said like any other reason links are unavailable. */
function relayOrUnavailable(deps: PortalHandlerDeps): RelayAccess {
  try {
    return deps.relay();
  } catch (error) {
    const words = error instanceof Error ? error.message : String(error);
    throw new PortalUnavailable(`${words.charAt(0).toUpperCase()}${words.slice(1)}.`, null);
  }
}

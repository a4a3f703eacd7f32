import type { ApiHandlers } from '../../shared/api/contract';
import type { portalApiInputSchemas } from '../../shared/api/portal';
import type { RelayAccess } from '../http/relay-rest-client';

export type PortalHandlers = Pick<ApiHandlers, keyof typeof portalApiInputSchemas>;

export interface PortalHandlerDeps {
  /** Where to ask; throws when the console has no device token. */
  relay: () => RelayAccess;
}

// CONTRACT PLACEHOLDER (issue 14): replaced by the portal console work in this session.
export function createPortalHandlers(_deps: PortalHandlerDeps): PortalHandlers {
  const notYet = (): never => {
    throw new Error('portal links are not built yet');
  };
  return { 'portal.links': notYet, 'portal.createLink': notYet, 'portal.revokeLink': notYet, 'portal.sendLink': notYet };
}

import { z } from 'zod';
import { portalLinkChannels, type CreatePortalLinkAnswer, type PortalLink } from '../relay-rest/portal';
import type { NoticeEntry } from '../relay-rest/notices';

/**
 * The client portal part of the renderer API (issue 14 §1, merged into apiInputSchemas in
 * contract.ts): the customer page makes, copies, sends and revokes a customer's portal links.
 * Everything goes to the relay (POST/GET /v1/portal/links…): the portal is the relay's, so it
 * answers customers when every console is off. The link's token is in the create answer only;
 * the renderer keeps it while the dialog is open, to copy or send it.
 */

const id = z.string().min(1).max(200);
const requestId = z.string().min(8).max(200);

export const portalApiInputSchemas = {
  'portal.links': z.object({ customerId: id }).strict(),
  'portal.createLink': z.object({ requestId, customerId: id, expiresInDays: z.number().int().min(1, 'at least one day').max(3650, 'at most ten years').nullable() }).strict(),
  'portal.revokeLink': z.object({ linkId: id }).strict(),
  'portal.sendLink': z
    .object({ requestId, linkId: id, url: z.string().min(1).max(2000), channel: z.enum(portalLinkChannels), to: z.string().min(3).max(300).nullable() })
    .strict(),
} as const;

export interface PortalLinksView {
  customerId: string;
  links: PortalLink[];
  /** Where a link can be sent: the customer's addresses and numbers on file. */
  emails: string[];
  phones: string[];
  /** Plain words while the relay cannot make links (not reachable, too old, no public URL); null otherwise. */
  unavailable: string | null;
}

export interface PortalApiOutputs {
  'portal.links': PortalLinksView;
  'portal.createLink': CreatePortalLinkAnswer;
  'portal.revokeLink': PortalLink;
  'portal.sendLink': NoticeEntry;
}

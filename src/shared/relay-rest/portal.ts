import { z } from 'zod';
import type { DeviceRole } from '../events/model';

/**
 * The client portal's links (issue 14 §1). Each customer may have portal links: long random
 * tokens the relay stores only hashed (SHA-256), with an optional expiry. The token is shown
 * once, in the answer that creates it; after that a console can list, revoke and (with the
 * token it still holds from creation) send a link, never read it back.
 *   POST /v1/portal/links          admin, bookkeeper, agent → 201 {link, url}
 *   GET  /v1/portal/links?customerId=…                      → 200 {links}
 *   POST /v1/portal/links/revoke   {linkId}                 → 200 {link}
 *   POST /v1/portal/links/send     {linkId, url, channel}   → 202 {notice}
 * The portal itself: GET /portal/<token> (server-rendered HTML, no device token), its invoice
 * PDFs under /portal/<token>/invoices/<invoiceKey>.pdf and its pay / top-up actions.
 * Every refusal is `{error}` in plain words for the receptionist.
 */

export const portalLinkRoles = ['admin', 'bookkeeper', 'agent'] as const satisfies readonly DeviceRole[];

/** Where a portal's pages live under the relay's public URL. */
export const PORTAL_PATH_PREFIX = '/portal/';

const id = z.string().min(1).max(200);

export const portalLinkStates = ['active', 'expired', 'revoked'] as const;
export type PortalLinkState = (typeof portalLinkStates)[number];

export const portalLinkSchema = z.object({
  linkId: z.string().min(1),
  customerId: z.string().min(1),
  createdAt: z.string(),
  /** The console (device name) that made it. */
  createdBy: z.string(),
  /** Null: never expires. */
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** When the customer last opened it; null: never. */
  lastOpenedAt: z.string().nullable(),
  state: z.enum(portalLinkStates),
});
export type PortalLink = z.infer<typeof portalLinkSchema>;

export const createPortalLinkRequestSchema = z
  .object({
    /** Chosen once per press of "Create link": a retry answers the same link (with its url again). */
    requestId: z.string().min(8).max(200),
    customerId: id,
    /** Days until it stops working; null: until revoked. */
    expiresInDays: z.number().int().min(1).max(3650).nullable(),
  })
  .strict();
export type CreatePortalLinkRequest = z.infer<typeof createPortalLinkRequestSchema>;

export const createPortalLinkAnswerSchema = z.object({
  link: portalLinkSchema,
  /** The whole link with its token: the only time the relay says it. */
  url: z.string().min(1),
});
export type CreatePortalLinkAnswer = z.infer<typeof createPortalLinkAnswerSchema>;

export const portalLinksAnswerSchema = z.object({ links: z.array(portalLinkSchema) });
export type PortalLinksAnswer = z.infer<typeof portalLinksAnswerSchema>;

export const revokePortalLinkRequestSchema = z.object({ linkId: id }).strict();
export const revokePortalLinkAnswerSchema = z.object({ link: portalLinkSchema });

export const portalLinkChannels = ['email', 'sms'] as const;
export type PortalLinkChannel = (typeof portalLinkChannels)[number];

export const sendPortalLinkRequestSchema = z
  .object({
    requestId: z.string().min(8).max(200),
    linkId: id,
    /** The url the create answer gave: the relay checks it is this link's (it keeps only the hash). */
    url: z.string().min(1).max(2000),
    channel: z.enum(portalLinkChannels),
    /** One of the customer's own addresses or numbers; null: the first on file. */
    to: z.string().min(3).max(300).nullable().default(null),
  })
  .strict();
export type SendPortalLinkRequest = z.infer<typeof sendPortalLinkRequestSchema>;

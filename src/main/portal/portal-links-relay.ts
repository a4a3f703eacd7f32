import { z } from 'zod';
import { noticeEntrySchema, type NoticeEntry } from '../../shared/relay-rest/notices';
import {
  createPortalLinkAnswerSchema,
  portalLinksAnswerSchema,
  revokePortalLinkAnswerSchema,
  type CreatePortalLinkAnswer,
  type CreatePortalLinkRequest,
  type PortalLink,
  type SendPortalLinkRequest,
} from '../../shared/relay-rest/portal';
import { relayRefusalSchema } from '../../shared/relay-rest/refusal';
import { jsonOf, type OutboundAnswer } from '../http/outbound-client';
import { callRelay, RelayRequestError, type RelayAccess } from '../http/relay-rest-client';
import { portalUnavailableWords } from './portal-unavailable';

/**
 * The relay's portal-link REST (src/shared/relay-rest/portal.ts), each answer parsed at the
 * edge. A relay that cannot make links at all throws PortalUnavailable with the words the
 * page shows; any other refusal throws RelayRequestError with the relay's own words.
 */

export class PortalUnavailable extends Error {
  constructor(
    message: string,
    /** The relay's status; null: no answer (or no device token to ask with). */
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'PortalUnavailable';
  }
}

const sendPortalLinkAnswerSchema = z.object({ notice: noticeEntrySchema });
const UNREADABLE = 'The relay answered in a way this console does not read: update Ringside and the relay to the same version.';

async function ask(relay: RelayAccess, method: 'GET' | 'POST', path: string, body?: unknown, query?: Record<string, string>): Promise<OutboundAnswer> {
  try {
    return await callRelay(relay, method, path, body, query ? { query } : {});
  } catch (error) {
    // No answer at all (refused, timed out, an address the token may not go to).
    if (error instanceof RelayRequestError && error.status === null) throw new PortalUnavailable(portalUnavailableWords(null, null)!, null);
    throw error;
  }
}

function answerOf<S extends z.ZodType>(answer: OutboundAnswer, schema: S, doing: string): z.output<S> {
  const body = jsonOf(answer);
  if (answer.status >= 200 && answer.status < 300) {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new RelayRequestError(UNREADABLE, answer.status);
    return parsed.data;
  }
  const refusal = relayRefusalSchema.safeParse(body);
  const words = refusal.success ? refusal.data.error : null;
  const unavailable = portalUnavailableWords(answer.status, words);
  if (unavailable !== null) throw new PortalUnavailable(unavailable, answer.status);
  throw new RelayRequestError(words ?? `The relay could not ${doing} (HTTP ${answer.status}).`, answer.status);
}

/** GET /v1/portal/links?customerId=…: the customer's links, newest first as the relay lists them. */
export async function listPortalLinks(relay: RelayAccess, customerId: string): Promise<PortalLink[]> {
  const answer = await ask(relay, 'GET', '/v1/portal/links', undefined, { customerId });
  return answerOf(answer, portalLinksAnswerSchema, 'list the portal links').links;
}

/** POST /v1/portal/links: a new link, with its url (the only time the relay says it). The same requestId answers the same link. */
export async function createPortalLink(relay: RelayAccess, request: CreatePortalLinkRequest): Promise<CreatePortalLinkAnswer> {
  return answerOf(await ask(relay, 'POST', '/v1/portal/links', request), createPortalLinkAnswerSchema, 'make the portal link');
}

/** POST /v1/portal/links/revoke: the link stops working at once; revoking it again answers it as it is. */
export async function revokePortalLink(relay: RelayAccess, linkId: string): Promise<PortalLink> {
  return answerOf(await ask(relay, 'POST', '/v1/portal/links/revoke', { linkId }), revokePortalLinkAnswerSchema, 'revoke the portal link').link;
}

/** POST /v1/portal/links/send: queued in the relay's notice outbox, once per requestId. */
export async function sendPortalLink(relay: RelayAccess, request: SendPortalLinkRequest): Promise<NoticeEntry> {
  return answerOf(await ask(relay, 'POST', '/v1/portal/links/send', request), sendPortalLinkAnswerSchema, 'send the portal link').notice;
}

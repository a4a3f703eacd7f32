import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../../src/shared/clock';
import {
  createPortalLinkRequestSchema,
  portalLinkRoles,
  revokePortalLinkRequestSchema,
  sendPortalLinkRequestSchema,
  type CreatePortalLinkAnswer,
} from '../../../src/shared/relay-rest/portal';
import type { CustomerAccountsReader } from '../accounts/customer-accounts';
import type { Device } from '../devices/device-store';
import type { DeviceRegistry } from '../devices/device-registry';
import { bearerToken } from '../devices/device-token';
import { readBody } from '../http/body';
import type { Handler } from '../http/request-context';
import { parseJsonBody } from '../http/parse-body';
import { sendJson, sendTooLarge } from '../http/respond';
import type { NoticeRequests } from '../notices/notice-requests';
import { portalLinkOf, type PortalLinkStore } from './portal-link-store';
import { hashPortalToken, newPortalToken, portalUrl, tokenOfPortalUrl } from './portal-token';

/**
 * The portal links' REST (src/shared/relay-rest/portal.ts): a console makes, lists, revokes and
 * sends a customer's links. The token is said once, in the create answer; a retry of the same
 * request (its answer lost) answers the same link with a fresh token, so the lost one never
 * works, unless the link was opened or revoked meanwhile. Refusals are `{error}` in plain words.
 */

const DAY_MS = 86_400_000;

export interface PortalLinkRouteDeps {
  links: PortalLinkStore;
  accounts: CustomerAccountsReader;
  devices: DeviceRegistry;
  /** RELAY_PUBLIC_URL: a link is this + /portal/<token>; null: no links can be made. */
  publicUrl: string | null;
  businessName: string | null;
  /** The notices outbox; null until it exists on this relay. */
  notices: NoticeRequests | null;
  clock: Clock;
  maxBodyBytes: number;
  maxJsonDepth: number;
}

const NO_PUBLIC_URL = 'The relay does not know its public address, so it cannot make a portal link. Ask the owner to set RELAY_PUBLIC_URL (e.g. https://relay.example.com).';

export function portalLinkRoutes(deps: PortalLinkRouteDeps): Record<string, Partial<Record<string, Handler>>> {
  const { links, accounts, clock } = deps;
  const nowIso = (): string => new Date(clock()).toISOString();

  const authorized = (req: IncomingMessage, res: ServerResponse): Device | null => {
    const device = deps.devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) {
      sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)' });
      return null;
    }
    if (!(portalLinkRoles as readonly string[]).includes(device.role)) {
      sendJson(res, 403, { error: `A ${device.role} console may not manage portal links.` });
      return null;
    }
    return device;
  };

  const body = async <T extends z.ZodType>(req: IncomingMessage, res: ServerResponse, schema: T): Promise<z.infer<T> | null> => {
    const read = await readBody(req, deps.maxBodyBytes);
    if (!read.ok) {
      sendTooLarge(res, deps.maxBodyBytes);
      return null;
    }
    const parsed = parseJsonBody(read.body, deps.maxJsonDepth);
    if (!parsed.ok) {
      sendJson(res, 400, { error: parsed.error });
      return null;
    }
    const checked = schema.safeParse(parsed.value);
    if (!checked.success) {
      sendJson(res, 400, { error: z.prettifyError(checked.error) });
      return null;
    }
    return checked.data;
  };

  /** A customer a link can be for: known, not removed, not merged away (name the one it went to). */
  const customerRefusal = (customerId: string): string | null => {
    if (accounts.accountOf(customerId, clock()) !== null) return null;
    const survivor = accounts.survivorOf(customerId);
    if (survivor !== null && survivor !== customerId) return 'This customer was merged into another one: make the link on the customer they were merged into.';
    return 'This customer is not known to the relay yet (or was removed). Save the customer and try again in a moment.';
  };

  const create: Handler = async (req, res) => {
    const device = authorized(req, res);
    if (device === null) return;
    const request = await body(req, res, createPortalLinkRequestSchema);
    if (request === null) return;
    if (deps.publicUrl === null) return sendJson(res, 503, { error: NO_PUBLIC_URL });
    const requestKey = `${device.id}:${request.requestId}`;
    const token = newPortalToken();
    const earlier = links.ofRequest(requestKey);
    if (earlier !== null) {
      if (earlier.customerId !== request.customerId) return sendJson(res, 409, { error: 'This request was already used for another customer. Try again.' });
      if (!links.replaceToken(earlier.linkId, hashPortalToken(token))) {
        const why = earlier.revokedAt !== null ? 'This link was turned off meanwhile.' : 'This link has been opened already, so its address cannot be shown again.';
        return sendJson(res, 409, { error: `${why} Make a new link instead.` });
      }
      const answer: CreatePortalLinkAnswer = { link: portalLinkOf(links.ofId(earlier.linkId)!, nowIso()), url: portalUrl(deps.publicUrl, token) };
      return sendJson(res, 201, answer);
    }
    const refusal = customerRefusal(request.customerId);
    if (refusal !== null) return sendJson(res, 404, { error: refusal });
    const now = clock();
    const linkId = `pl-${randomUUID()}`;
    links.add({
      linkId,
      customerId: request.customerId,
      tokenHash: hashPortalToken(token),
      requestKey,
      createdAt: new Date(now).toISOString(),
      createdBy: device.name,
      expiresAt: request.expiresInDays === null ? null : new Date(now + request.expiresInDays * DAY_MS).toISOString(),
    });
    const answer: CreatePortalLinkAnswer = { link: portalLinkOf(links.ofId(linkId)!, nowIso()), url: portalUrl(deps.publicUrl, token) };
    sendJson(res, 201, answer);
  };

  const list: Handler = (req, res, context) => {
    const device = authorized(req, res);
    if (device === null) return;
    const customerId = new URLSearchParams(context.query).get('customerId');
    if (customerId === null || customerId === '' || customerId.length > 200) return sendJson(res, 400, { error: 'customerId is required, e.g. /v1/portal/links?customerId=cust-1' });
    const at = nowIso();
    // A merged customer's links open the customer they were merged into: they are listed (and revoked) there.
    const theirs = links.all().filter((row) => row.customerId === customerId || (row.customerId !== customerId && accounts.survivorOf(row.customerId) === customerId));
    sendJson(res, 200, { links: theirs.map((row) => portalLinkOf(row, at)) }, { 'cache-control': 'no-store' });
  };

  const revoke: Handler = async (req, res) => {
    const device = authorized(req, res);
    if (device === null) return;
    const request = await body(req, res, revokePortalLinkRequestSchema);
    if (request === null) return;
    if (links.ofId(request.linkId) === null) return sendJson(res, 404, { error: 'There is no such portal link.' });
    links.revoke(request.linkId, nowIso());
    sendJson(res, 200, { link: portalLinkOf(links.ofId(request.linkId)!, nowIso()) });
  };

  const send: Handler = async (req, res) => {
    const device = authorized(req, res);
    if (device === null) return;
    const request = await body(req, res, sendPortalLinkRequestSchema);
    if (request === null) return;
    const row = links.ofId(request.linkId);
    if (row === null) return sendJson(res, 404, { error: 'There is no such portal link.' });
    const link = portalLinkOf(row, nowIso());
    if (link.state !== 'active') return sendJson(res, 409, { error: link.state === 'revoked' ? 'This link was turned off, so it cannot be sent. Make a new one.' : 'This link has expired, so it cannot be sent. Make a new one.' });
    const token = deps.publicUrl === null ? null : tokenOfPortalUrl(deps.publicUrl, request.url);
    if (token === null || !hashPortalToken(token).equals(row.tokenHash)) return sendJson(res, 400, { error: "That address is not this link's. Copy the link again from where it was made, or make a new one." });
    if (deps.notices === null) return sendJson(res, 503, { error: 'This relay cannot send portal links yet. Copy the link and send it to the customer yourself.' });
    const customerId = accounts.survivorOf(row.customerId);
    const account = customerId === null ? null : accounts.accountOf(customerId, clock());
    if (account === null) return sendJson(res, 404, { error: 'This customer is no longer known to the relay, so the link cannot be sent.' });
    const onFile = request.channel === 'email' ? account.emails : account.phones;
    const what = request.channel === 'email' ? 'email address' : 'phone number';
    const whats = request.channel === 'email' ? 'email addresses' : 'phone numbers';
    if (onFile.length === 0) return sendJson(res, 422, { error: `${account.name} has no ${what} on file. Add one to the customer and try again.` });
    const recipient = request.to ?? onFile[0]!;
    const matches = request.channel === 'email' ? onFile.some((email) => email.toLowerCase() === recipient.toLowerCase()) : onFile.includes(recipient);
    if (!matches) return sendJson(res, 400, { error: `${recipient} is not one of ${account.name}'s ${whats} on file.` });
    const notice = deps.notices.request({
      noticeKey: `portal_link:${device.id}:${request.requestId}`,
      kind: 'portal_link',
      customerId: account.customerId,
      channel: request.channel,
      recipient,
      values: { name: account.name, business: deps.businessName ?? '', portalLink: request.url },
      redactAfterSend: { secret: request.url, replacement: `${deps.publicUrl}/portal/…` },
    });
    sendJson(res, 202, { notice });
  };

  return {
    '/v1/portal/links': { POST: create, GET: list },
    '/v1/portal/links/revoke': { POST: revoke },
    '/v1/portal/links/send': { POST: send },
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Clock } from '../../../src/shared/clock';
import { paymentLinkRoles, sendPaymentLinkRequestSchema, type SendPaymentLinkAnswer } from '../../../src/shared/relay-rest/payments';
import type { CustomerAccountsReader } from '../accounts/customer-accounts';
import type { DeviceRegistry } from '../devices/device-registry';
import { bearerToken } from '../devices/device-token';
import { readBody } from '../http/body';
import { parseJsonBody } from '../http/parse-body';
import { sendJson, sendTooLarge } from '../http/respond';
import type { Logger } from '../logger';
import type { LinkStore } from './link-store';
import type { PaymentLinkMailer } from './payment-link-mail';

/**
 * POST /v1/payments/links/send (src/shared/relay-rest/payments.ts): mails a payment link the
 * relay made to one of its customer's email addresses on file. The console writes the words
 * (the dialog shows them); the relay sends only a mail that carries the link itself, and only
 * to an address the customer's record holds, so a device token cannot mail anything else.
 */
export function paymentLinkSendRoute(deps: {
  devices: DeviceRegistry;
  links: LinkStore;
  accounts: CustomerAccountsReader;
  mailer: PaymentLinkMailer;
  clock: Clock;
  logger: Logger;
  maxBodyBytes: number;
  maxJsonDepth: number;
}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const device = deps.devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) return sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)' });
    if (!(paymentLinkRoles as readonly string[]).includes(device.role)) return sendJson(res, 403, { error: `A ${device.role} console may not send payment links.` });
    const read = await readBody(req, deps.maxBodyBytes);
    if (!read.ok) return sendTooLarge(res, deps.maxBodyBytes);
    const body = parseJsonBody(read.body, deps.maxJsonDepth);
    if (!body.ok) return sendJson(res, 400, { error: body.error });
    const parsed = sendPaymentLinkRequestSchema.safeParse(body.value);
    if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
    const request = parsed.data;

    const link = deps.links.byLinkId(request.linkId);
    if (link === null) return sendJson(res, 404, { error: 'There is no such payment link. Make a new one.' });
    if (link.url === null) return sendJson(res, 409, { error: 'This payment link is not made yet: try again in a moment, or make a new one.' });
    if (!request.body.includes(link.url)) return sendJson(res, 400, { error: 'The message does not carry the payment link: send the words the dialog shows.' });
    const unavailable = deps.mailer.unavailable();
    if (unavailable !== null) return sendJson(res, 503, { error: unavailable });
    // A customer merged since the link was made is mailed where they live now.
    const customerId = deps.accounts.survivorOf(link.customerId);
    const account = customerId === null ? null : deps.accounts.accountOf(customerId, deps.clock());
    if (account === null) return sendJson(res, 404, { error: 'This customer is no longer known to the relay, so the link cannot be mailed.' });
    if (account.emails.length === 0) return sendJson(res, 422, { error: `${account.name} has no email address on file. Add one to the customer and try again.` });
    const to = account.emails.find((email) => email.toLowerCase() === request.to.trim().toLowerCase());
    if (to === undefined) return sendJson(res, 400, { error: `${request.to} is not one of ${account.name}'s email addresses on file.` });

    const sent = await deps.mailer.send({ key: `payment_link:${device.id}:${request.requestId}`, to, subject: request.subject, body: request.body });
    if (!sent.ok) {
      deps.logger.warn('a payment link could not be mailed', { linkId: link.linkId, error: sent.error });
      return sendJson(res, 502, { error: sent.error });
    }
    deps.logger.info('payment link mailed', { linkId: link.linkId, by: device.name });
    const answer: SendPaymentLinkAnswer = { to, messageId: sent.messageId };
    sendJson(res, 200, answer);
  };
}

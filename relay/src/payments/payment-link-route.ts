import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { paymentLinkRequestSchema, paymentLinkRoles } from '../../../src/shared/relay-rest/payments';
import type { DeviceRegistry } from '../devices/device-registry';
import { bearerToken } from '../devices/device-token';
import { readBody } from '../http/body';
import { parseJsonBody } from '../http/parse-body';
import { sendJson, sendTooLarge } from '../http/respond';
import type { PaymentLinkCreator } from './payment-link-creator';

/**
 * POST /v1/payments/links (src/shared/relay-rest/payments.ts): a console asks for a Flutterwave
 * payment link for a customer. The device token and its role are checked here; every refusal
 * is `{error}` in plain words for the receptionist.
 */
export function paymentLinkRoute(deps: { devices: DeviceRegistry; creator: PaymentLinkCreator; maxBodyBytes: number; maxJsonDepth: number }) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const device = deps.devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) return sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)' });
    if (!(paymentLinkRoles as readonly string[]).includes(device.role)) return sendJson(res, 403, { error: `A ${device.role} console may not make payment links.` });
    const read = await readBody(req, deps.maxBodyBytes);
    if (!read.ok) return sendTooLarge(res, deps.maxBodyBytes);
    const body = parseJsonBody(read.body, deps.maxJsonDepth);
    if (!body.ok) return sendJson(res, 400, { error: body.error });
    const parsed = paymentLinkRequestSchema.safeParse(body.value);
    if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
    const outcome = await deps.creator.create(device, parsed.data);
    if (outcome.ok) return sendJson(res, outcome.status, outcome.answer);
    sendJson(res, outcome.status, { error: outcome.error });
  };
}

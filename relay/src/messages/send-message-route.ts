import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendMessageRequestSchema, sendMessageRoles } from '../../../src/shared/relay-rest/messages';
import type { DeviceRegistry } from '../devices/device-registry';
import { bearerToken } from '../devices/device-token';
import { readBody } from '../http/body';
import { parseJsonBody } from '../http/parse-body';
import { sendJson, sendTooLarge } from '../http/respond';
import type { MessageSender } from './message-sender';

export interface SendMessageRouteDeps {
  devices: DeviceRegistry;
  sender: MessageSender;
  maxBodyBytes: number;
  maxJsonDepth: number;
}

/**
 * POST /v1/messages (src/shared/relay-rest/messages.ts): a console's reply, sent through
 * OpenPhone with the relay's API key. Checked here: the device token, its role, an
 * agent's lines (the `--number` lines of `device add`), one recipient. Every refusal is
 * `{error, code}` with `error` in plain words for the receptionist.
 */
export function sendMessageRoute(deps: SendMessageRouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const device = deps.devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) return sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)', code: 'invalid_request' });
    if (!(sendMessageRoles as readonly string[]).includes(device.role)) {
      return sendJson(res, 403, { error: `A ${device.role} console may not send texts.`, code: 'role_not_allowed' });
    }
    const read = await readBody(req, deps.maxBodyBytes);
    if (!read.ok) return sendTooLarge(res, deps.maxBodyBytes);
    const body = parseJsonBody(read.body, deps.maxJsonDepth);
    if (!body.ok) return sendJson(res, 400, { error: body.error, code: 'invalid_request' });
    const parsed = sendMessageRequestSchema.safeParse(body.value);
    if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error), code: 'invalid_request' });
    const request = parsed.data;
    if (request.to.length > 1) {
      return sendJson(res, 422, {
        error: "This is a group conversation, and OpenPhone's API can only text one person at a time, so the reply cannot be sent from Ringside. Reply from the OpenPhone app instead.",
        code: 'group_thread',
      });
    }
    if (request.to[0] === request.from) return sendJson(res, 400, { error: 'The recipient is the line itself.', code: 'invalid_request' });
    if (device.role === 'agent' && !device.numbers.includes(request.from)) {
      return sendJson(res, 403, { error: `This console may not text from ${request.from}: it is not one of the lines assigned to it.`, code: 'line_not_assigned' });
    }
    const outcome = await deps.sender.send(device, request);
    if (outcome.ok) return sendJson(res, 200, outcome.answer);
    sendJson(res, outcome.status, outcome.body, outcome.retryAfterSeconds === undefined ? {} : { 'retry-after': String(outcome.retryAfterSeconds) });
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { consoleEventInputSchema, consoleEventRoles, EVENT_MODEL_VERSION, type RingsideEvent } from '../../../src/shared/events/model';
import { z } from 'zod';
import { bearerToken } from '../devices/device-token';
import type { DeviceRegistry } from '../devices/device-registry';
import { appendAndAnswer } from '../http/append-and-answer';
import { readBody } from '../http/body';
import { sendJson, sendTooLarge } from '../http/respond';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';

export interface ConsoleEventsRouteDeps {
  devices: DeviceRegistry;
  maxBodyBytes: number;
  log: EventLog;
  logger: Logger;
  clock: () => number;
}

/**
 * POST /v1/events: a console appends a fact (customer, plan, subscription...). The
 * device's role must be allowed to post that type; the console's id dedupes retries.
 */
export function consoleEventsRoute(deps: ConsoleEventsRouteDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const device = deps.devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) return sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)' });
    const read = await readBody(req, deps.maxBodyBytes);
    if (!read.ok) return sendTooLarge(res, deps.maxBodyBytes);
    let body: unknown;
    try {
      body = JSON.parse(read.body.toString('utf8'));
    } catch {
      return sendJson(res, 400, { error: 'body is not valid JSON' });
    }
    const parsed = consoleEventInputSchema.safeParse(body);
    if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
    const input = parsed.data;
    const allowed: readonly string[] = consoleEventRoles[input.type];
    if (!allowed.includes(device.role)) {
      return sendJson(res, 403, { error: `a ${device.role} device may not post ${input.type} (allowed: ${allowed.join(', ')})` });
    }
    const event: RingsideEvent = {
      ...input,
      v: EVENT_MODEL_VERSION,
      source: 'console',
      receivedAt: new Date(deps.clock()).toISOString(),
      lines: [],
    };
    await appendAndAnswer(res, event, deps);
  };
}

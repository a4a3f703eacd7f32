import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  addDeviceRequestSchema,
  changeDeviceRequestSchema,
  presenceRequestSchema,
  revokeDeviceRequestSchema,
  type AddDeviceAnswer,
  type DeviceAnswer,
  type DeviceListAnswer,
  type LinesAnswer,
  type TeamDevice,
} from '../../../src/shared/relay-rest/devices';
import type { Clock } from '../../../src/shared/clock';
import type { RelayDatabase } from '../database';
import { readBody } from '../http/body';
import { parseJsonBody } from '../http/parse-body';
import type { Handler } from '../http/request-context';
import { sendJson, sendTooLarge } from '../http/respond';
import type { Logger } from '../logger';
import type { PresenceBoard } from '../stream/presence-board';
import { businessLines, LineFactsReader } from './business-lines';
import type { DeviceRegistry } from './device-registry';
import { addDevice, changeDevice, DeviceConflictError, DeviceInputError, DeviceNotFoundError, listDevices, revokeDevice, type Device, type DeviceRules } from './device-store';
import { bearerToken } from './device-token';

export interface DeviceRoutesDeps {
  db: RelayDatabase;
  devices: DeviceRegistry;
  presence: PresenceBoard;
  /** Devices with an open stream. */
  online: () => ReadonlySet<string>;
  maxBodyBytes: number;
  maxJsonDepth: number;
  logger: Logger;
  clock: Clock;
}

/** An admin on a console may not lock every admin out (the CLI may: relay/src/devices/device-store.ts). */
const CONSOLE_RULES: DeviceRules = { keepLastAdmin: true };
const NO_STORE = { 'cache-control': 'no-store' };
const TOKEN_REQUIRED = 'a valid device token is required (Authorization: Bearer <token>)';

/**
 * The team, managed from an admin console (src/shared/relay-rest/devices.ts): the same
 * store and rules as `npm run relay -- device …`, plus the last-admin guard. Every
 * device reads the team and the lines (an agent only its own lines); only an admin
 * changes them. A change takes effect at once: the registry is reloaded, a revoked
 * device's streams are closed, a changed one's streams filter by its new lines.
 */
export function deviceRoutes(deps: DeviceRoutesDeps): Record<string, Partial<Record<string, Handler>>> {
  const lineFacts = new LineFactsReader(deps.db);
  const teamDevice = (device: Device, online: ReadonlySet<string>): TeamDevice => ({
    name: device.name,
    role: device.role,
    numbers: device.numbers,
    createdAt: device.createdAt,
    revokedAt: device.revokedAt,
    lastSeenAt: online.has(device.id) ? new Date(deps.clock()).toISOString() : deps.devices.lastSeenAt(device.id),
    online: online.has(device.id),
  });

  const authenticated = (req: IncomingMessage, res: ServerResponse): Device | null => {
    const device = deps.devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) sendJson(res, 401, { error: TOKEN_REQUIRED });
    return device;
  };

  /** An admin's change: authenticated, role-checked, body validated; refusals in plain words. */
  const adminChange = <S extends z.ZodType>(schema: S, act: (input: z.output<S>, admin: Device) => { status: number; body: unknown }) => {
    return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      const device = authenticated(req, res);
      if (device === null) return;
      if (device.role !== 'admin') return sendJson(res, 403, { error: `Only an admin console may change the team; this one is ${article(device.role)} ${device.role} console.` });
      const read = await readBody(req, deps.maxBodyBytes);
      if (!read.ok) return sendTooLarge(res, deps.maxBodyBytes);
      const body = parseJsonBody(read.body, deps.maxJsonDepth);
      if (!body.ok) return sendJson(res, 400, { error: body.error });
      const parsed = schema.safeParse(body.value);
      if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
      try {
        const { status, body: answer } = act(parsed.data, device);
        deps.devices.reload();
        sendJson(res, status, answer, NO_STORE);
      } catch (error) {
        if (!(error instanceof DeviceInputError)) throw error;
        sendJson(res, error instanceof DeviceNotFoundError ? 404 : error instanceof DeviceConflictError ? 409 : 400, { error: error.message });
      }
    };
  };

  const findDevice = (name: string): Device | undefined => listDevices(deps.db).find((device) => device.name === name);

  return {
    '/v1/devices': {
      GET: (req, res) => {
        if (authenticated(req, res) === null) return;
        const online = deps.online();
        const answer: DeviceListAnswer = { devices: listDevices(deps.db).map((device) => teamDevice(device, online)) };
        sendJson(res, 200, answer, NO_STORE);
      },
      POST: adminChange(addDeviceRequestSchema, (input, admin) => {
        const { device, token } = addDevice(deps.db, input, new Date(deps.clock()));
        deps.logger.info('device added', { device: device.name, role: device.role, by: admin.name });
        return { status: 201, body: { device: teamDevice(device, deps.online()), token } satisfies AddDeviceAnswer };
      }),
    },
    '/v1/devices/change': {
      POST: adminChange(changeDeviceRequestSchema, (input, admin) => {
        const device = changeDevice(deps.db, input.name, input, CONSOLE_RULES);
        deps.logger.info('device changed', { device: device.name, role: device.role, by: admin.name });
        return { status: 200, body: { device: teamDevice(device, deps.online()) } satisfies DeviceAnswer };
      }),
    },
    '/v1/devices/revoke': {
      POST: adminChange(revokeDeviceRequestSchema, (input, admin) => {
        const outcome = revokeDevice(deps.db, input.name, new Date(deps.clock()), CONSOLE_RULES);
        if (outcome === 'not_found') throw new DeviceNotFoundError(`no device named '${input.name}'`);
        deps.logger.info('device revoked', { device: input.name, by: admin.name });
        return { status: 200, body: { device: teamDevice(findDevice(input.name)!, new Set()) } satisfies DeviceAnswer };
      }),
    },
    '/v1/lines': {
      GET: (req, res) => {
        const device = authenticated(req, res);
        if (device === null) return;
        const answer: LinesAnswer = { lines: businessLines(lineFacts.read(), deps.devices.activeDevices(), device) };
        sendJson(res, 200, answer, NO_STORE);
      },
    },
    '/v1/presence': {
      POST: async (req, res) => {
        const device = authenticated(req, res);
        if (device === null) return;
        const read = await readBody(req, deps.maxBodyBytes);
        if (!read.ok) return sendTooLarge(res, deps.maxBodyBytes);
        const body = parseJsonBody(read.body, deps.maxJsonDepth);
        if (!body.ok) return sendJson(res, 400, { error: body.error });
        const parsed = presenceRequestSchema.safeParse(body.value);
        if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
        deps.presence.setOnCall(device.id, parsed.data.onCall);
        sendJson(res, 200, { onCall: parsed.data.onCall }, NO_STORE);
      },
    },
  };
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

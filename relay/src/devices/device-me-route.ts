import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeviceInfo } from '../../../src/shared/relay-rest/devices';
import { sendJson } from '../http/respond';
import type { DeviceRegistry } from './device-registry';
import { bearerToken } from './device-token';

/** GET /v1/devices/me (its shape: src/shared/relay-rest/devices.ts). Never the token or its hash. */
export function deviceMeRoute(devices: DeviceRegistry) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const device = devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) return sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)' });
    sendJson(res, 200, { name: device.name, role: device.role, numbers: device.numbers } satisfies DeviceInfo, { 'cache-control': 'no-store' });
  };
}

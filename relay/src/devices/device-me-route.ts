import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/respond';
import type { DeviceRegistry } from './device-registry';
import { bearerToken } from './device-token';

/**
 * GET /v1/devices/me: the calling console's own device, so it knows its role (only the
 * bookkeeper runs the QuickBooks sync; only an admin may connect it) and its lines.
 * Never the token or its hash.
 */
export function deviceMeRoute(devices: DeviceRegistry) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const device = devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) return sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)' });
    sendJson(res, 200, { name: device.name, role: device.role, numbers: device.numbers }, { 'cache-control': 'no-store' });
  };
}

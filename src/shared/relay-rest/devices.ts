import { z } from 'zod';
import { deviceRoles } from '../events/model';

/**
 * GET /v1/devices/me: the calling console's own device, so it knows its role (only the
 * bookkeeper runs the QuickBooks sync; only an admin may connect it) and its lines.
 * Never the token or its hash.
 */
export const deviceInfoSchema = z.object({ name: z.string(), role: z.enum(deviceRoles), numbers: z.array(z.string()) });
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;

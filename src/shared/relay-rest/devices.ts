import { z } from 'zod';
import { deviceRoles } from '../events/model';

/**
 * The relay's device endpoints (relay/README.md "Devices"), one schema per request and
 * answer: the relay validates with them and types its answers, the console parses them.
 *   GET  /v1/devices/me      any device  → the calling device
 *   GET  /v1/devices         any device  → the team (an agent reads it; only an admin changes it)
 *   POST /v1/devices         admin       → the added device and its token, shown once
 *   POST /v1/devices/change  admin       → the changed device (rename, role, lines)
 *   POST /v1/devices/revoke  admin       → the revoked device
 *   GET  /v1/lines           any device  → the business's lines (an agent: its own)
 *   POST /v1/presence        any device  → the call this device is on, for every console
 * Never a token's hash; a token only once, in the answer that made it.
 */

/**
 * GET /v1/devices/me: the calling console's own device, so it knows its role (only the
 * bookkeeper runs the QuickBooks sync; only an admin may connect it) and its lines.
 */
export const deviceInfoSchema = z.object({ name: z.string(), role: z.enum(deviceRoles), numbers: z.array(z.string()) });
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number like +16175550100');
const deviceName = z
  .string()
  .trim()
  .min(1, 'a console needs a name')
  .max(100, 'a console name can be at most 100 characters')
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'a console name cannot contain control characters');
const lines = z.array(e164).max(200);

/** One console on the team, as an admin's Team page lists it. */
export const teamDeviceSchema = z.object({
  name: z.string(),
  role: z.enum(deviceRoles),
  /** The lines an agent sees and calls or texts from (E.164); admin and bookkeeper see every line. */
  numbers: z.array(z.string()),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  /** Last time the relay heard from it (a request or an open stream); null when not since the relay started. */
  lastSeenAt: z.string().nullable(),
  online: z.boolean(),
});
export type TeamDevice = z.infer<typeof teamDeviceSchema>;

export const deviceListAnswerSchema = z.object({ devices: z.array(teamDeviceSchema) });
export type DeviceListAnswer = z.infer<typeof deviceListAnswerSchema>;

export const addDeviceRequestSchema = z.object({ name: deviceName, role: z.enum(deviceRoles), numbers: lines.default([]) }).strict();
export type AddDeviceRequest = z.input<typeof addDeviceRequestSchema>;

/** The token is in this answer only: the relay keeps its hash. */
export const addDeviceAnswerSchema = z.object({ device: teamDeviceSchema, token: z.string().min(1) });
export type AddDeviceAnswer = z.infer<typeof addDeviceAnswerSchema>;

/** Any of a new name, a new role, the whole new set of lines. */
export const changeDeviceRequestSchema = z
  .object({ name: z.string().min(1).max(100), rename: deviceName.optional(), role: z.enum(deviceRoles).optional(), numbers: lines.optional() })
  .strict()
  .refine((change) => change.rename !== undefined || change.role !== undefined || change.numbers !== undefined, 'nothing to change: give rename, role or numbers');
export type ChangeDeviceRequest = z.input<typeof changeDeviceRequestSchema>;

export const revokeDeviceRequestSchema = z.object({ name: z.string().min(1).max(100) }).strict();
export type RevokeDeviceRequest = z.infer<typeof revokeDeviceRequestSchema>;

export const deviceAnswerSchema = z.object({ device: teamDeviceSchema });
export type DeviceAnswer = z.infer<typeof deviceAnswerSchema>;

/**
 * A business line: from the provider's latest directory sync, named by an admin
 * (`line.defined`), or only assigned to a console. A synced name wins where the
 * provider gives one.
 */
export const businessLineSchema = z.object({
  number: z.string(),
  name: z.string().nullable(),
  /** Listed by the provider's latest directory sync. */
  synced: z.boolean(),
  /** The consoles this line is assigned to (agents); empty for an agent's own read. */
  assignedTo: z.array(z.string()),
});
export type BusinessLine = z.infer<typeof businessLineSchema>;
export const linesAnswerSchema = z.object({ lines: z.array(businessLineSchema) });
export type LinesAnswer = z.infer<typeof linesAnswerSchema>;

/** "I am on this call" (a callId), or null: on no call. Not in the event log: presence is of the moment. */
export const presenceRequestSchema = z.object({ onCall: z.string().min(1).max(200).nullable() }).strict();
export type PresenceRequest = z.infer<typeof presenceRequestSchema>;
export const presenceAnswerSchema = z.object({ onCall: z.string().nullable() });

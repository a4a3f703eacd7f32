import { z } from 'zod';
import type { ConsoleEventType, DeviceRole } from '../events/model';
import type { BusinessLine, TeamDevice } from '../relay-rest/devices';
import type { PresenceDevice } from '../relay-protocol';

export type { BusinessLine, TeamDevice } from '../relay-rest/devices';
export type { PresenceDevice } from '../relay-protocol';

/**
 * The team part of the renderer API (merged into apiInputSchemas in contract.ts): the
 * consoles of the business and their lines, managed from an admin console through the
 * relay (which enforces the roles: an agent's changes get 403 there too); who is online
 * and on which call; and what this console's role lets it do, so a page shows a form
 * only to a console that may submit it.
 */

const name = z.string().trim().min(1, 'a console needs a name').max(100, 'a console name can be at most 100 characters');
const role = z.enum(['admin', 'bookkeeper', 'agent']);
const lines = z.array(z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number like +16175550100')).max(200);

export const teamApiInputSchemas = {
  'team.me': z.object({}).strict(),
  'team.devices': z.object({}).strict(),
  'team.lines': z.object({}).strict(),
  'team.addDevice': z.object({ name, role, numbers: lines.default([]) }).strict(),
  'team.changeDevice': z.object({ name: z.string().min(1).max(100), rename: name.optional(), role: role.optional(), numbers: lines.optional() }).strict(),
  'team.revokeDevice': z.object({ name: z.string().min(1).max(100) }).strict(),
  'team.nameLine': z.object({ number: lines.element, name: z.string().trim().min(1, 'a line needs a name').max(200) }).strict(),
  'team.presence': z.object({}).strict(),
  /** "I'm on this call" from a card (a callId), or null when done. */
  'team.setOnCall': z.object({ callId: z.string().min(1).max(200).nullable() }).strict(),
} as const;

/**
 * What a console may do, by role: each is the console event (or relay endpoint) it
 * takes, so these follow `consoleEventRoles` in the event model and cannot drift from
 * what the relay enforces.
 */
export const capabilityEvents = {
  defineCatalog: 'plan.defined',
  manageSubscriptions: 'subscription.started',
  creditWallets: 'wallet.credited',
  recordAdjustments: 'adjustment.recorded',
  correctCalls: 'call.corrected',
  setInvoiceStatus: 'invoice.status_changed',
  editCustomers: 'customer.upserted',
  mergeCustomers: 'customer.merged',
  nameLines: 'line.defined',
  connectQuickBooks: 'quickbooks.connection_changed',
  syncQuickBooks: 'invoice.synced',
} as const satisfies Record<string, ConsoleEventType>;
export type Capability = keyof typeof capabilityEvents | 'manageTeam';
export type Capabilities = Record<Capability, boolean>;

export interface ConsoleIdentity {
  name: string;
  role: DeviceRole;
  numbers: string[];
  may: Capabilities;
}

export interface TeamPresence {
  /** Every active console; empty until the relay has said (an older relay never does). */
  devices: PresenceDevice[];
  /** When the relay last said, or null. */
  receivedAt: string | null;
}

export interface TeamApiOutputs {
  'team.me': ConsoleIdentity;
  'team.devices': TeamDevice[];
  'team.lines': BusinessLine[];
  /** The token is here only: nothing shows it again. */
  'team.addDevice': { device: TeamDevice; token: string };
  'team.changeDevice': TeamDevice;
  'team.revokeDevice': TeamDevice;
  'team.nameLine': null;
  'team.presence': TeamPresence;
  'team.setOnCall': null;
}

export interface TeamApiPushes {
  'team.presenceChanged': TeamPresence;
}

import { randomUUID } from 'node:crypto';
import { deviceRoles, type DeviceRole } from '../../../src/shared/events/model';
import { toE164 } from '../../../src/shared/phone';
import type { RelayDatabase } from '../database';
import { hashDeviceToken, newDeviceToken } from './device-token';

/** A console's identity on the relay. The token itself is never stored, only its hash. */
export interface Device {
  id: string;
  name: string;
  role: DeviceRole;
  /** Business lines (E.164) an agent device sees; ignored for admin and bookkeeper. */
  numbers: string[];
  tokenHash: string;
  createdAt: string;
  revokedAt: string | null;
}

/** A refusal the device CLI prints as is (and the device endpoints answer with 400). */
export class DeviceInputError extends Error {}
/** No device of that name (404). */
export class DeviceNotFoundError extends DeviceInputError {}
/** The name is taken, or the change would leave the team without an admin (409). */
export class DeviceConflictError extends DeviceInputError {}

/**
 * Whether a change may take away the last active admin. The device endpoints say no: an
 * admin locking every admin out could not undo it from a console. The CLI, run by the
 * operator on the relay's machine, may (it can always add an admin back).
 */
export interface DeviceRules {
  keepLastAdmin: boolean;
}
const CLI_RULES: DeviceRules = { keepLastAdmin: false };

export function isDeviceRole(value: string): value is DeviceRole {
  return (deviceRoles as readonly string[]).includes(value);
}

export function normalizeDeviceNumbers(raw: readonly string[]): string[] {
  const invalid = raw.filter((number) => toE164(number) === null);
  if (invalid.length > 0) {
    throw new DeviceInputError(`not a phone number: ${invalid.map((n) => `'${n}'`).join(', ')} (use E.164, e.g. +16175550100)`);
  }
  return [...new Set(raw.map((number) => toE164(number)!))];
}

export function addDevice(db: RelayDatabase, input: { name: string; role: string; numbers: readonly string[] }, now: Date): { device: Device; token: string } {
  const name = input.name.trim();
  if (name === '') throw new DeviceInputError('--name must not be empty');
  if (!isDeviceRole(input.role)) throw new DeviceInputError(`--role must be one of ${deviceRoles.join(', ')}, got '${input.role}'`);
  const numbers = normalizeDeviceNumbers(input.numbers);
  const token = newDeviceToken();
  const device: Device = { id: randomUUID(), name, role: input.role, numbers, tokenHash: hashDeviceToken(token), createdAt: now.toISOString(), revokedAt: null };
  const taken = db.prepare('SELECT revoked_at FROM devices WHERE name = ?').get(name) as { revoked_at: string | null } | undefined;
  if (taken) throw new DeviceConflictError(`a device named '${name}' already exists${taken.revoked_at ? ' (revoked; names are not reused)' : ''}`);
  db.prepare('INSERT INTO devices (id, name, role, numbers, token_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, NULL)').run(
    device.id, device.name, device.role, JSON.stringify(device.numbers), device.tokenHash, device.createdAt,
  );
  return { device, token };
}

export function listDevices(db: RelayDatabase): Device[] {
  const rows = db.prepare('SELECT * FROM devices ORDER BY created_at, name').all() as DeviceRow[];
  return rows.map(fromRow);
}

/** Devices whose token still works, by token hash. */
export function activeDevicesByTokenHash(db: RelayDatabase): Map<string, Device> {
  const rows = db.prepare('SELECT * FROM devices WHERE revoked_at IS NULL').all() as DeviceRow[];
  return new Map(rows.map((row) => [row.token_hash, fromRow(row)]));
}

export function revokeDevice(db: RelayDatabase, name: string, now: Date, rules: DeviceRules = CLI_RULES): 'revoked' | 'already_revoked' | 'not_found' {
  return db.transaction(() => {
    const row = db.prepare('SELECT role, revoked_at FROM devices WHERE name = ?').get(name) as { role: DeviceRole; revoked_at: string | null } | undefined;
    if (!row) return 'not_found' as const;
    if (row.revoked_at !== null) return 'already_revoked' as const;
    if (rules.keepLastAdmin && row.role === 'admin' && activeAdminCount(db) <= 1) {
      throw new DeviceConflictError(`'${name}' is the last admin console: make another console an admin first, or nobody could manage the team.`);
    }
    db.prepare('UPDATE devices SET revoked_at = ? WHERE name = ?').run(now.toISOString(), name);
    return 'revoked' as const;
  }).immediate();
}

/** A new name, role or set of lines for an active device; the same checks as `addDevice`. */
export function changeDevice(
  db: RelayDatabase,
  name: string,
  change: { rename?: string; role?: string; numbers?: readonly string[] },
  rules: DeviceRules = CLI_RULES,
): Device {
  return db.transaction(() => {
    const row = db.prepare('SELECT * FROM devices WHERE name = ?').get(name) as DeviceRow | undefined;
    if (!row) throw new DeviceNotFoundError(`no device named '${name}'`);
    if (row.revoked_at !== null) throw new DeviceConflictError(`'${name}' was revoked; add a new console instead`);
    const device = fromRow(row);
    if (change.role !== undefined) {
      if (!isDeviceRole(change.role)) throw new DeviceInputError(`the role must be one of ${deviceRoles.join(', ')}, got '${change.role}'`);
      if (rules.keepLastAdmin && device.role === 'admin' && change.role !== 'admin' && activeAdminCount(db) <= 1) {
        throw new DeviceConflictError(`'${name}' is the last admin console: make another console an admin first, or nobody could manage the team.`);
      }
      device.role = change.role;
    }
    if (change.numbers !== undefined) device.numbers = normalizeDeviceNumbers(change.numbers);
    if (change.rename !== undefined && change.rename.trim() !== device.name) {
      const rename = change.rename.trim();
      if (rename === '') throw new DeviceInputError('the name must not be empty');
      if (db.prepare('SELECT 1 FROM devices WHERE name = ?').get(rename)) throw new DeviceConflictError(`a device named '${rename}' already exists`);
      device.name = rename;
    }
    db.prepare('UPDATE devices SET name = ?, role = ?, numbers = ? WHERE id = ?').run(device.name, device.role, JSON.stringify(device.numbers), device.id);
    return device;
  }).immediate();
}

function activeAdminCount(db: RelayDatabase): number {
  return (db.prepare("SELECT count(*) AS n FROM devices WHERE role = 'admin' AND revoked_at IS NULL").get() as { n: number }).n;
}

interface DeviceRow {
  id: string;
  name: string;
  role: DeviceRole;
  numbers: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

function fromRow(row: DeviceRow): Device {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    numbers: JSON.parse(row.numbers) as string[],
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

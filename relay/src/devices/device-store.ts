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

/** A refusal the device CLI prints as is. */
export class DeviceInputError extends Error {}

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
  if (taken) throw new DeviceInputError(`a device named '${name}' already exists${taken.revoked_at ? ' (revoked; names are not reused)' : ''}`);
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

export function revokeDevice(db: RelayDatabase, name: string, now: Date): 'revoked' | 'already_revoked' | 'not_found' {
  const row = db.prepare('SELECT revoked_at FROM devices WHERE name = ?').get(name) as { revoked_at: string | null } | undefined;
  if (!row) return 'not_found';
  if (row.revoked_at !== null) return 'already_revoked';
  db.prepare('UPDATE devices SET revoked_at = ? WHERE name = ?').run(now.toISOString(), name);
  return 'revoked';
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

import { createHash, randomBytes } from 'node:crypto';
import type { RelayDatabase } from '../database';

/**
 * The OAuth `state` of a "Connect QuickBooks" started by an admin device: 256 random
 * bits, stored only as a SHA-256 hash beside the device id and an expiry, and deleted
 * when the callback presents it, so it works once.
 */

export const CONNECT_STATE_TTL_MS = 10 * 60_000;

export type ConsumedState = { ok: true; deviceId: string } | { ok: false; reason: 'unknown' | 'expired' };

export function createConnectState(db: RelayDatabase, deviceId: string, nowMs: number): { state: string; expiresAtMs: number } {
  const state = randomBytes(32).toString('base64url');
  const expiresAtMs = nowMs + CONNECT_STATE_TTL_MS;
  db.transaction(() => {
    db.prepare('DELETE FROM quickbooks_connect_states WHERE expires_at <= ?').run(nowMs);
    db.prepare('INSERT INTO quickbooks_connect_states (state_hash, device_id, expires_at) VALUES (?, ?, ?)').run(hashState(state), deviceId, expiresAtMs);
  })();
  return { state, expiresAtMs };
}

/** Deletes the state whether or not it has expired: a presented state is spent. */
export function consumeConnectState(db: RelayDatabase, state: string, nowMs: number): ConsumedState {
  const row = db.prepare('DELETE FROM quickbooks_connect_states WHERE state_hash = ? RETURNING device_id, expires_at').get(hashState(state)) as
    | { device_id: string; expires_at: number }
    | undefined;
  if (row === undefined) return { ok: false, reason: 'unknown' };
  if (row.expires_at <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, deviceId: row.device_id };
}

function hashState(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

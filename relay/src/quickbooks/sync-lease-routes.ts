import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Clock } from '../../../src/shared/clock';
import {
  quickBooksSyncLeaseRequestSchema,
  type QuickBooksSyncLeaseBusy,
  type QuickBooksSyncLeaseGrant,
  type QuickBooksSyncLeaseReleased,
} from '../../../src/shared/relay-rest/quickbooks';
import type { RelayDatabase } from '../database';
import type { Device } from '../devices/device-store';
import { readBody } from '../http/body';
import { parseJsonBody } from '../http/parse-body';
import { sendJson, sendTooLarge } from '../http/respond';
import { readConnection } from './connection-store';
import { decideLease, isSameHolder } from './sync-lease';
import { readLease, writeLease } from './sync-lease-store';

/**
 * POST /v1/quickbooks/sync-lease and /v1/quickbooks/sync-lease/release (contract in
 * src/shared/relay-rest/quickbooks.ts). Decisions are sync-lease.ts's; each runs in one
 * transaction so two consoles asking at once cannot both be granted.
 */

/** A report of a minute's requests: up to 1,000 small entries. */
const MAX_LEASE_REQUEST_BYTES = 64 * 1024;

export interface SyncLeaseDeps {
  db: RelayDatabase;
  clock: Clock;
  /** QUICKBOOKS_SYNC_LEASE_SECONDS, in ms. */
  ttlMs: number;
  maxJsonDepth: number;
}

export async function takeSyncLease(deps: SyncLeaseDeps, device: Device, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ask = await readLeaseRequest(deps, req, res);
  if (ask === null) return;
  const realmId = connectedRealm(deps.db);
  if (realmId === null) return sendJson(res, 409, { error: 'QuickBooks is not connected: an admin connects it first' });
  const decision = deps.db.transaction(() => {
    const now = deps.clock();
    const decided = decideLease(readLease(deps.db, realmId), { realmId, deviceId: device.id, name: device.name, holderId: ask.holderId ?? null, sent: ask.sent, renewal: ask.renewal }, now, deps.ttlMs);
    if (decided.kind === 'granted') writeLease(deps.db, decided.row);
    return decided;
  }).immediate();
  if (decision.kind === 'busy') {
    return sendJson(res, 409, { state: 'held_elsewhere', holder: decision.holder, retryInMs: decision.retryInMs } satisfies QuickBooksSyncLeaseBusy);
  }
  sendJson(res, 200, {
    state: 'held',
    expiresInMs: deps.ttlMs,
    renewEveryMs: Math.max(1, Math.floor(deps.ttlMs / 3)),
    inherited: decision.inherited,
    settleFirst: decision.settleFirst,
  } satisfies QuickBooksSyncLeaseGrant);
}

/** The holder stops: the next console takes over at once, counting what this one reported. Releasing a lease one does not hold changes nothing. */
export async function releaseSyncLease(deps: SyncLeaseDeps, device: Device, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ask = await readLeaseRequest(deps, req, res);
  if (ask === null) return;
  const realmId = connectedRealm(deps.db);
  if (realmId !== null) {
    deps.db.transaction(() => {
      const lease = readLease(deps.db, realmId);
      if (lease === null || !isSameHolder(lease, { deviceId: device.id, holderId: ask.holderId ?? null }) || lease.releasedAtMs !== null) return;
      const now = deps.clock();
      writeLease(deps.db, { ...lease, releasedAtMs: now, reportedAtMs: now, sent: ask.sent.map((s) => ({ atMs: now - s.ageMs, batch: s.batch })) });
    }).immediate();
  }
  sendJson(res, 200, { state: 'released' } satisfies QuickBooksSyncLeaseReleased);
}

function connectedRealm(db: RelayDatabase): string | null {
  const connection = readConnection(db);
  return connection === null || connection.state !== 'connected' ? null : connection.realmId;
}

async function readLeaseRequest(deps: SyncLeaseDeps, req: IncomingMessage, res: ServerResponse): Promise<z.infer<typeof quickBooksSyncLeaseRequestSchema> | null> {
  const read = await readBody(req, MAX_LEASE_REQUEST_BYTES);
  if (!read.ok) {
    sendTooLarge(res, MAX_LEASE_REQUEST_BYTES);
    return null;
  }
  const body = read.body.length === 0 ? ({ ok: true, value: {} } as const) : parseJsonBody(read.body, deps.maxJsonDepth);
  if (!body.ok) {
    sendJson(res, 400, { error: body.error });
    return null;
  }
  const parsed = quickBooksSyncLeaseRequestSchema.safeParse(body.value);
  if (!parsed.success) {
    sendJson(res, 400, { error: z.prettifyError(parsed.error) });
    return null;
  }
  return parsed.data;
}

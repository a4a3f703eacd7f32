import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { DeviceRole } from '../../../src/shared/events/model';
import { ERASURES_PATH, EVENTS_READ_PATH, erasureRequestSchema, eventsReadRequestSchema, type Erasure } from '../../../src/shared/relay-rest/privacy';
import type { CustomerAccountsReader } from '../accounts/customer-accounts';
import type { RelayDatabase } from '../database';
import type { DeviceRegistry } from '../devices/device-registry';
import type { Device } from '../devices/device-store';
import { bearerToken } from '../devices/device-token';
import { isVisibleTo } from '../devices/event-visibility';
import { readBody } from '../http/body';
import { parseJsonBody } from '../http/parse-body';
import type { Handler } from '../http/request-context';
import { sendJson, sendTooLarge } from '../http/respond';
import type { RedactionRunner } from './redaction-runner';
import { erasureOf } from './redaction-store';

export interface PrivacyRoutesDeps {
  db: RelayDatabase;
  devices: DeviceRegistry;
  accounts: CustomerAccountsReader;
  runner: RedactionRunner;
  maxBodyBytes: number;
  maxJsonDepth: number;
}

const ERASURE_ROLES: readonly DeviceRole[] = ['admin'];
const EVERY_ROLE: readonly DeviceRole[] = ['admin', 'bookkeeper', 'agent'];
const LIST_LIMIT = 200;

/** The privacy REST of src/shared/relay-rest/privacy.ts; every refusal is `{error}` in plain words. */
export function privacyRoutes(deps: PrivacyRoutesDeps): Record<string, Partial<Record<string, Handler>>> {
  const allowed = (req: IncomingMessage, res: ServerResponse, roles: readonly DeviceRole[], what: string): Device | null => {
    const device = deps.devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) {
      sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)' });
      return null;
    }
    if (!roles.includes(device.role)) {
      sendJson(res, 403, { error: `A ${device.role} console may not ${what}; ask the owner.` });
      return null;
    }
    return device;
  };
  const body = async (req: IncomingMessage, res: ServerResponse): Promise<{ ok: true; value: unknown } | { ok: false }> => {
    const read = await readBody(req, deps.maxBodyBytes);
    if (!read.ok) {
      sendTooLarge(res, deps.maxBodyBytes);
      return { ok: false };
    }
    const parsed = parseJsonBody(read.body, deps.maxJsonDepth);
    if (!parsed.ok) {
      sendJson(res, 400, { error: parsed.error });
      return { ok: false };
    }
    return parsed;
  };
  const rowsBySeq = deps.db.prepare('SELECT seq, source, lines, event FROM events WHERE seq IN (SELECT value FROM json_each(?))');

  return {
    [ERASURES_PATH]: {
      POST: async (req, res) => {
        const device = allowed(req, res, ERASURE_ROLES, "erase a customer's data");
        if (device === null) return;
        const read = await body(req, res);
        if (!read.ok) return;
        const parsed = erasureRequestSchema.safeParse(read.value);
        if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
        const existing = deps.runner.store.byRequest(parsed.data.requestId);
        if (existing !== null && existing.customerId !== parsed.data.customerId) return sendJson(res, 409, { error: 'This request was already used to erase another customer.' });
        if (existing === null && deps.accounts.survivorOf(parsed.data.customerId) === null) return sendJson(res, 404, { error: 'There is no such customer on the relay.' });
        const { redaction } = deps.runner.requestErasure({ ...parsed.data, by: device.name });
        sendJson(res, 202, { erasure: erasureOf(redaction) });
      },
      GET: (req, res) => {
        if (allowed(req, res, ERASURE_ROLES, 'see the erasures') === null) return;
        const erasures: Erasure[] = deps.runner.store.erasures(LIST_LIMIT).map(erasureOf);
        sendJson(res, 200, { erasures }, { 'cache-control': 'no-store' });
      },
    },
    [EVENTS_READ_PATH]: {
      POST: async (req, res) => {
        const device = allowed(req, res, EVERY_ROLE, 'read events');
        if (device === null) return;
        const read = await body(req, res);
        if (!read.ok) return;
        const parsed = eventsReadRequestSchema.safeParse(read.value);
        if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
        const rows = new Map((rowsBySeq.all(JSON.stringify(parsed.data.seqs)) as { seq: number; source: Device['role']; lines: string; event: string }[]).map((row) => [row.seq, row]));
        // As the stream filters: an agent sees its lines' events and the console events about no line.
        const events = parsed.data.seqs.map((seq) => {
          const row = rows.get(seq);
          const visible = row !== undefined && isVisibleTo(device, { source: row.source as never, lines: JSON.parse(row.lines) as string[] });
          return { seq, event: visible ? (JSON.parse(row.event) as unknown) : null };
        });
        sendJson(res, 200, { events }, { 'cache-control': 'no-store' });
      },
    },
  };
}

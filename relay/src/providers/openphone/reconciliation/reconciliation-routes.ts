import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { MAX_RECONCILE_DAYS, reconcileRangeRequestSchema, type ReconciliationOverview } from '../../../../../src/shared/relay-rest/reconciliation';
import type { DeviceRegistry } from '../../../devices/device-registry';
import { bearerToken } from '../../../devices/device-token';
import { readBody } from '../../../http/body';
import type { Handler } from '../../../http/request-context';
import { parseJsonBody } from '../../../http/parse-body';
import { sendJson, sendTooLarge } from '../../../http/respond';
import type { OpenPhoneHealthCheck } from '../health-check/health-check-job';
import { daysBetween, isLocalDate } from './business-time';
import type { OpenPhoneReconciliation } from './reconciliation-job';
import type { ReconciliationSettings } from './reconciliation-settings';

/** How many runs the console is shown. */
const RECENT_RUNS = 30;

export interface ReconciliationRoutesDeps {
  devices: DeviceRegistry;
  /** null while OPENPHONE_API_KEY is unset. */
  reconciliation: OpenPhoneReconciliation | null;
  /** null while the health check's lines are unset (or the key is). */
  healthCheck: OpenPhoneHealthCheck | null;
  settings: ReconciliationSettings;
  maxBodyBytes: number;
  maxJsonDepth: number;
  /** The health check's last success as the relay's check record keeps it, when there is one. */
  lastHealthSuccessAt: () => string | null;
}

/**
 * GET /v1/reconciliation and POST /v1/reconciliation/runs
 * (src/shared/relay-rest/reconciliation.ts), for admin consoles only: the runs are about
 * every line, and a run spends the API key's requests.
 */
export function reconciliationRoutes(deps: ReconciliationRoutesDeps): Record<string, Partial<Record<string, Handler>>> {
  const admin = (req: IncomingMessage, res: ServerResponse): boolean => {
    const device = deps.devices.authenticate(bearerToken(req.headers.authorization));
    if (device === null) {
      sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)' });
      return false;
    }
    if (device.role !== 'admin') {
      sendJson(res, 403, { error: 'Only an admin console can see and start reconciliations.' });
      return false;
    }
    return true;
  };
  return {
    '/v1/reconciliation': {
      GET: (req, res) => {
        if (!admin(req, res)) return;
        const latest = deps.healthCheck?.store.latest() ?? null;
        const at = deps.settings.atMinutes;
        const overview: ReconciliationOverview = {
          runs: deps.reconciliation?.store.recent(RECENT_RUNS) ?? [],
          timeZone: deps.settings.timeZone,
          dailyAt: at === null ? null : `${String(Math.floor(at / 60)).padStart(2, '0')}:${String(at % 60).padStart(2, '0')}`,
          healthCheck: {
            configured: deps.healthCheck !== null,
            last:
              latest === null
                ? null
                : { sentAt: new Date(latest.sentAtMs).toISOString(), state: latest.state, finishedAt: latest.finishedAtMs === null ? null : new Date(latest.finishedAtMs).toISOString(), error: latest.error },
            lastSuccessAt: deps.lastHealthSuccessAt() ?? iso(deps.healthCheck?.store.lastPassedAtMs() ?? null),
          },
        };
        sendJson(res, 200, overview, { 'cache-control': 'no-store' });
      },
    },
    '/v1/reconciliation/runs': {
      POST: async (req, res) => {
        if (!admin(req, res)) return;
        const read = await readBody(req, deps.maxBodyBytes);
        if (!read.ok) return sendTooLarge(res, deps.maxBodyBytes);
        const body = parseJsonBody(read.body, deps.maxJsonDepth);
        if (!body.ok) return sendJson(res, 400, { error: body.error });
        const parsed = reconcileRangeRequestSchema.safeParse(body.value);
        if (!parsed.success) return sendJson(res, 400, { error: z.prettifyError(parsed.error) });
        const { from, to } = parsed.data;
        if (!isLocalDate(from) || !isLocalDate(to)) return sendJson(res, 400, { error: 'Those are not calendar dates.' });
        if (daysBetween(from, to) + 1 > MAX_RECONCILE_DAYS) return sendJson(res, 400, { error: `Check at most ${MAX_RECONCILE_DAYS} days at a time.` });
        if (deps.reconciliation === null) return sendJson(res, 503, { error: 'The relay has no OpenPhone API key (OPENPHONE_API_KEY), so it cannot check OpenPhone.' });
        const runId = await deps.reconciliation.requestRange(from, to);
        sendJson(res, 202, { runId });
      },
    },
  };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

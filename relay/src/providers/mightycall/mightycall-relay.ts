import type { Clock } from '../../../../src/shared/clock';
import type { RingsideEvent } from '../../../../src/shared/events/model';
import type { MightyCallStatus } from '../../../../src/shared/relay-rest/mightycall';
import type { AlertRaiser } from '../../alerts/alert-service';
import { CallLines } from '../../calls/call-lines';
import type { RelayDatabase } from '../../database';
import type { DeviceRegistry } from '../../devices/device-registry';
import { bearerToken } from '../../devices/device-token';
import type { Handler } from '../../http/request-context';
import { sendJson } from '../../http/respond';
import type { EventLog } from '../../log/event-log';
import type { Logger } from '../../logger';
import { MightyCallClient } from './mightycall-client';
import { MightyCallPoller } from './mightycall-poller';
import type { MightyCallSettings } from './mightycall-settings';
import { PollStore } from './poll-store';
import { RequestBudget } from './request-budget';

export const MIGHTYCALL_STATUS_PATH = '/v1/mightycall/status';
/** Per request: MightyCall's lists of a hundred records come well within it. */
const MIGHTYCALL_TIMEOUT_MS = 20_000;

export interface MightyCallRelayDeps {
  settings: MightyCallSettings;
  db: RelayDatabase;
  log: EventLog;
  logger: Logger;
  clock: Clock;
  alerts: AlertRaiser;
  devices: DeviceRegistry;
  onStored: (events: readonly RingsideEvent[]) => void;
}

/**
 * The relay's MightyCall part: the poller (null while MIGHTYCALL_API_KEY is unset) and
 * GET /v1/mightycall/status for admin consoles (src/shared/relay-rest/mightycall.ts).
 */
export function createMightyCallRelay(deps: MightyCallRelayDeps): { poller: MightyCallPoller | null; routes: Record<string, Partial<Record<string, Handler>>> } {
  const { settings } = deps;
  let poller: MightyCallPoller | null = null;
  if (settings.apiKey !== null && settings.userKey !== null) {
    const budget = new RequestBudget(new PollStore(deps.db), settings.dailyBudget);
    const client = new MightyCallClient({ apiKey: settings.apiKey, userKey: settings.userKey, baseUrl: settings.apiBaseUrl, budget, clock: deps.clock, timeoutMs: MIGHTYCALL_TIMEOUT_MS });
    const callLines = new CallLines(deps.db);
    poller = new MightyCallPoller({ client, budget, db: deps.db, log: deps.log, logger: deps.logger, clock: deps.clock, settings, alerts: deps.alerts, onStored: deps.onStored, linesOfCall: (callId) => callLines.linesOf(callId) });
  }
  const unconfigured = (): MightyCallStatus => ({
    configured: false,
    edition: settings.edition,
    apiHost: new URL(settings.apiBaseUrl).host,
    resources: [...settings.resources],
    lastPollAt: null,
    nextPollAt: null,
    intervalSeconds: 0,
    budget: settings.dailyBudget,
    usedLast24h: 0,
    imported: { calls: 0, recordings: 0, voicemails: 0, messages: 0, contacts: 0, lines: 0 },
    lastError: null,
    lastErrorAt: null,
    heldUntil: null,
  });
  const routes = {
    [MIGHTYCALL_STATUS_PATH]: {
      GET: ((req, res) => {
        const device = deps.devices.authenticate(bearerToken(req.headers.authorization));
        if (device === null) return sendJson(res, 401, { error: 'a valid device token is required (Authorization: Bearer <token>)' });
        if (device.role !== 'admin') return sendJson(res, 403, { error: 'Only an admin console may see how the relay reads MightyCall.' });
        sendJson(res, 200, poller === null ? unconfigured() : poller.status(), { 'cache-control': 'no-store' });
      }) satisfies Handler,
    },
  };
  return { poller, routes };
}

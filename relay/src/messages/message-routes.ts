import type { Clock } from '../../../src/shared/clock';
import type { RelaySettings } from '../config';
import type { RelayDatabase } from '../database';
import type { DeviceRegistry } from '../devices/device-registry';
import type { Handler } from '../http/request-context';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import { createOpenPhoneRestClient } from '../providers/openphone/rest/openphone-rest-client';
import { PhoneNumberDirectory } from '../providers/openphone/rest/phone-number-directory';
import { OPENPHONE_REQUEST_PACE, RequestPacer } from '../providers/openphone/rest/request-pacer';
import type { OpenPhoneSettings } from '../providers/openphone/settings';
import { MessageSender } from './message-sender';
import { OutboundMessages } from './outbound-messages';
import { sendMessageRoute } from './send-message-route';

/** Per attempt: well inside the 15 s a console waits for the relay. */
const OPENPHONE_TIMEOUT_MS = 8_000;
/** 1 + 3 retries of a 429 or 5xx; the waits add up to under 2 s, plus the pacer's. */
const OPENPHONE_ATTEMPTS = 4;
const OPENPHONE_BACKOFF = { baseMs: 250, capMs: 1_000 };
const LINES_TTL_MS = 10 * 60_000;
const LINES_REFETCH_MS = 30_000;

export interface MessageRoutesDeps {
  settings: RelaySettings;
  db: RelayDatabase;
  devices: DeviceRegistry;
  log: EventLog;
  logger: Logger;
  clock: Clock;
}

/** POST /v1/messages, with the relay's one OpenPhone REST client (paced to the key's rate limit). */
export function messageRoutes(deps: MessageRoutesDeps): Record<string, Partial<Record<string, Handler>>> {
  const { settings, clock } = deps;
  const now = (): string => new Date(clock()).toISOString();
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  const { apiKey, apiBaseUrl } = settings.openPhoneRest;
  let openPhone = null;
  if (apiKey !== null) {
    const pacer = new RequestPacer(OPENPHONE_REQUEST_PACE, clock, sleep);
    const client = createOpenPhoneRestClient({ apiKey, baseUrl: apiBaseUrl, pacer, timeoutMs: OPENPHONE_TIMEOUT_MS, attempts: OPENPHONE_ATTEMPTS, backoff: OPENPHONE_BACKOFF, sleep, random: Math.random });
    const configured = (settings.providers.openphone as OpenPhoneSettings | undefined)?.phoneNumberIds ?? {};
    const directory = new PhoneNumberDirectory(client, { configured, clock, ttlMs: LINES_TTL_MS, refetchMs: LINES_REFETCH_MS });
    openPhone = { client, directory };
  }
  const sender = new MessageSender({ outbound: new OutboundMessages(deps.db, now), openPhone, log: deps.log, logger: deps.logger, now });
  return {
    '/v1/messages': { POST: sendMessageRoute({ devices: deps.devices, sender, maxBodyBytes: settings.maxBodyBytes, maxJsonDepth: settings.maxJsonDepth }) },
  };
}

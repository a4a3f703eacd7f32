import type { Clock } from '../../../src/shared/clock';
import type { RelaySettings } from '../config';
import type { RelayDatabase } from '../database';
import type { DeviceRegistry } from '../devices/device-registry';
import type { Handler } from '../http/request-context';
import type { EventLog } from '../log/event-log';
import type { Logger } from '../logger';
import type { OpenPhoneRestClient } from '../providers/openphone/rest/openphone-rest-client';
import { PhoneNumberDirectory } from '../providers/openphone/rest/phone-number-directory';
import type { OpenPhoneSettings } from '../providers/openphone/settings';
import { MessageSender } from './message-sender';
import { OutboundMessages } from './outbound-messages';
import { sendMessageRoute } from './send-message-route';

const LINES_TTL_MS = 10 * 60_000;
const LINES_REFETCH_MS = 30_000;

export interface MessageRoutesDeps {
  settings: RelaySettings;
  db: RelayDatabase;
  devices: DeviceRegistry;
  log: EventLog;
  logger: Logger;
  clock: Clock;
  /** The relay's OpenPhone REST client (relay-openphone-client.ts); null while OPENPHONE_API_KEY is unset. */
  openPhoneClient: OpenPhoneRestClient | null;
}

/** POST /v1/messages, with the relay's one OpenPhone REST client (paced to the key's rate limit). */
export function messageRoutes(deps: MessageRoutesDeps): Record<string, Partial<Record<string, Handler>>> {
  const { settings, clock } = deps;
  const now = (): string => new Date(clock()).toISOString();
  const client = deps.openPhoneClient;
  let openPhone = null;
  if (client !== null) {
    const configured = (settings.providers.openphone as OpenPhoneSettings | undefined)?.phoneNumberIds ?? {};
    const directory = new PhoneNumberDirectory(client, { configured, clock, ttlMs: LINES_TTL_MS, refetchMs: LINES_REFETCH_MS });
    openPhone = { client, directory };
  }
  const sender = new MessageSender({ outbound: new OutboundMessages(deps.db, now), openPhone, log: deps.log, logger: deps.logger, now });
  return {
    '/v1/messages': { POST: sendMessageRoute({ devices: deps.devices, sender, maxBodyBytes: settings.maxBodyBytes, maxJsonDepth: settings.maxJsonDepth }) },
  };
}

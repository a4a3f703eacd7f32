import type { DeviceInfo } from '../../shared/relay-rest/devices';
import { deviceInfoSchema } from '../../shared/relay-rest/devices';
import {
  quickBooksConnectAnswerSchema,
  quickBooksDisconnectAnswerSchema,
  quickBooksStatusAnswerSchema,
  type QuickBooksConnectAnswer,
  type QuickBooksConnection,
  type QuickBooksDisconnectAnswer,
} from '../../shared/relay-rest/quickbooks';
import { relayJson, type RelayAccess } from '../http/relay-rest-client';

/**
 * The relay endpoints a console uses around QuickBooks (relay/README.md "QuickBooks"):
 * who this device is, the connection state, and an admin's connect / disconnect.
 * Refusals come back as RelayRequestError with the relay's own words.
 */

export type { RelayAccess };

export function fetchDeviceInfo(relay: RelayAccess): Promise<DeviceInfo> {
  return relayJson(relay, 'GET', '/v1/devices/me', deviceInfoSchema);
}

export async function fetchConnection(relay: RelayAccess): Promise<QuickBooksConnection> {
  const { connectedAt: _connectedAt, ...connection } = await relayJson(relay, 'GET', '/v1/quickbooks/status', quickBooksStatusAnswerSchema);
  return connection;
}

/** Step 1 of "Connect QuickBooks" (admin devices only): the consent URL with a single-use state. */
export function startConnect(relay: RelayAccess): Promise<QuickBooksConnectAnswer> {
  return relayJson(relay, 'POST', '/v1/quickbooks/connect', quickBooksConnectAnswerSchema);
}

export function disconnect(relay: RelayAccess): Promise<QuickBooksDisconnectAnswer> {
  return relayJson(relay, 'POST', '/v1/quickbooks/disconnect', quickBooksDisconnectAnswerSchema);
}

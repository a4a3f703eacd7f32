import { deviceInfoSchema, type DeviceInfo, type QuickBooksConnection } from '../../shared/api/quickbooks';
import { RelayRequestError } from '../relay-link/post-console-event';
import { relayEndpoint } from '../relay-link/relay-url';

/**
 * The relay endpoints a console uses around QuickBooks (relay/README.md "QuickBooks"):
 * who this device is, the connection state, and an admin's connect / disconnect.
 * Refusals come back as RelayRequestError with the relay's own words.
 */

export interface RelayAccess {
  url: string;
  token: string;
}

const TIMEOUT_MS = 15_000;

async function relayJson(relay: RelayAccess, method: 'GET' | 'POST', path: string): Promise<unknown> {
  const url = relayEndpoint(relay.url, path, 'http');
  let response: Response;
  try {
    response = await fetch(url, { method, headers: { authorization: `Bearer ${relay.token}` }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new RelayRequestError(`relay unreachable at ${url.origin}: ${cause?.code ?? cause?.message ?? String(error)}`, null);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // Not JSON: the text itself is the message below.
  }
  if (!response.ok) {
    const said = typeof (body as { error?: unknown } | null)?.error === 'string' ? (body as { error: string }).error : text.trim().slice(0, 500);
    throw new RelayRequestError(`relay refused ${method} ${path} (${response.status}): ${said || response.statusText}`, response.status);
  }
  return body;
}

export async function fetchDeviceInfo(relay: RelayAccess): Promise<DeviceInfo> {
  const parsed = deviceInfoSchema.safeParse(await relayJson(relay, 'GET', '/v1/devices/me'));
  if (!parsed.success) throw new RelayRequestError('the relay answered /v1/devices/me with something else than {name, role, numbers}', 200);
  return parsed.data;
}

export async function fetchConnection(relay: RelayAccess): Promise<QuickBooksConnection> {
  const body = (await relayJson(relay, 'GET', '/v1/quickbooks/status')) as Partial<QuickBooksConnection> | null;
  return {
    state: body?.state === 'connected' || body?.state === 'needs_reconnect' ? body.state : 'disconnected',
    realmId: body?.realmId ?? null,
    companyName: body?.companyName ?? null,
    environment: body?.environment === 'production' ? 'production' : 'sandbox',
    reason: body?.reason ?? null,
  };
}

/** Step 1 of "Connect QuickBooks" (admin devices only): the consent URL with a single-use state. */
export async function startConnect(relay: RelayAccess): Promise<{ authorizeUrl: string; expiresAt: string }> {
  const body = (await relayJson(relay, 'POST', '/v1/quickbooks/connect')) as { authorizeUrl?: unknown; expiresAt?: unknown } | null;
  if (typeof body?.authorizeUrl !== 'string') throw new RelayRequestError('the relay answered connect without an authorizeUrl', 200);
  return { authorizeUrl: body.authorizeUrl, expiresAt: typeof body.expiresAt === 'string' ? body.expiresAt : '' };
}

export async function disconnect(relay: RelayAccess): Promise<{ state: 'disconnected'; revoked: boolean }> {
  const body = (await relayJson(relay, 'POST', '/v1/quickbooks/disconnect')) as { revoked?: unknown } | null;
  return { state: 'disconnected', revoked: body?.revoked === true };
}

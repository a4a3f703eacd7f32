import type { z } from 'zod';
import type { ConsoleEventInput } from '../../shared/events/model';
import type { AppendResponse } from '../../shared/relay-protocol';
import { relayHealthSchema, type RelayHealth } from '../../shared/relay-rest/health';
import { relayRefusalSchema } from '../../shared/relay-rest/refusal';
import { relayEndpoint, RelayUrlRefused } from '../relay-link/relay-url';
import { createOutboundClient, jsonOf, OutboundUnreachable, type OutboundAnswer, type OutboundClient } from './outbound-client';

/**
 * The console's calls to the relay's REST endpoints (POST /v1/events, /v1/devices/me,
 * /v1/quickbooks/*), over the one outbound client. Refusals come back as RelayRequestError
 * with the relay's own words; answers are parsed with the shared schemas
 * (src/shared/relay-rest), so a relay that answers something else is named, not trusted.
 */

/** The relay refused or failed a request; `message` carries the relay's own words. */
export class RelayRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'RelayRequestError';
  }
}

export interface RelayAccess {
  url: string;
  token: string;
}

const TIMEOUT_MS = 15_000;
/** Only a missing answer is retried: every relay answer, 5xx included, is meant. */
const RETRY = { attempts: 3, baseMs: 250, capMs: 2_000, statuses: [] };

const relayHttp: OutboundClient = createOutboundClient({ service: 'relay', timeoutMs: TIMEOUT_MS, retry: RETRY });

/**
 * One call to the relay, answered as it came (the caller reads refusals with `refusalOf`).
 * An address the token may not be sent to (plain http to another computer) is refused
 * before anything is sent, as RelayRequestError naming it.
 */
export async function callRelay(
  relay: RelayAccess,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
  options: { binary?: boolean; query?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<OutboundAnswer> {
  try {
    return await relayHttp.send({
      method,
      url: relayEndpoint(relay.url, path, 'http'),
      // Extra headers (an upload's Content-Type and file name) never replace the device's token.
      headers: { ...options.headers, authorization: `Bearer ${relay.token}` },
      ...(options.query !== undefined ? { params: options.query } : {}),
      ...(body !== undefined ? { body } : {}),
      ...(options.binary ? { binary: true } : {}),
    });
  } catch (error) {
    if (error instanceof OutboundUnreachable || error instanceof RelayUrlRefused) throw new RelayRequestError(error.message, null);
    throw error;
  }
}

/** What the relay said in refusing: its `error`, else the start of its text, else the status. */
export function refusalOf(answer: OutboundAnswer): string {
  const refusal = relayRefusalSchema.safeParse(jsonOf(answer));
  if (refusal.success) return refusal.data.error;
  return answer.text.trim().slice(0, 500) || `HTTP ${answer.status}`;
}

/** A 2xx answer parsed with `schema`; a refusal or another shape throws RelayRequestError. */
export async function relayJson<S extends z.ZodType>(relay: RelayAccess, method: 'GET' | 'POST' | 'PUT', path: string, schema: S, body?: unknown): Promise<z.output<S>> {
  const answer = await callRelay(relay, method, path, body);
  if (answer.status < 200 || answer.status >= 300) throw new RelayRequestError(`relay refused ${method} ${path} (${answer.status}): ${refusalOf(answer)}`, answer.status);
  const parsed = schema.safeParse(jsonOf(answer));
  if (!parsed.success) throw new RelayRequestError(`the relay answered ${method} ${path} with something this console does not read`, answer.status);
  return parsed.data;
}

/** Appends a console event to the relay's log (POST /v1/events); a repeated id comes back `duplicate`. */
export async function postConsoleEvent(relayUrl: string, token: string, input: ConsoleEventInput): Promise<AppendResponse> {
  const answer = await callRelay({ url: relayUrl, token }, 'POST', '/v1/events', input);
  // Shown beside the form that made the change: the relay's reason, never the event's type or id.
  if (answer.status < 200 || answer.status >= 300) throw new RelayRequestError(`The relay refused this change (${answer.status}): ${refusalOf(answer)}`, answer.status);
  const body = jsonOf(answer) as Partial<AppendResponse> | undefined;
  if (typeof body?.seq !== 'number') throw new RelayRequestError('The relay took this change but did not say where it stored it: update Ringside and the relay to the same version.', answer.status);
  return { seq: body.seq, duplicate: body.duplicate === true };
}

/** GET /healthz, as this device. */
export function fetchRelayHealth(relay: RelayAccess): Promise<RelayHealth> {
  return relayJson(relay, 'GET', '/healthz', relayHealthSchema);
}

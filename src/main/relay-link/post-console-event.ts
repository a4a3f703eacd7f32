import type { ConsoleEventInput } from '../../shared/events/model';
import type { AppendResponse } from '../../shared/relay-protocol';
import { relayEndpoint } from './relay-url';

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

/** Appends a console event to the relay's log (POST /v1/events); a repeated id comes back `duplicate`. */
export async function postConsoleEvent(relayUrl: string, token: string, input: ConsoleEventInput): Promise<AppendResponse> {
  const url = relayEndpoint(relayUrl, '/v1/events', 'http');
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new RelayRequestError(`relay unreachable at ${url.origin}: ${cause?.code ?? cause?.message ?? String(error)}`, null);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new RelayRequestError(`relay refused ${input.type} ${input.id} (${response.status}): ${relayMessage(text) || response.statusText}`, response.status);
  }
  const body = JSON.parse(text) as Partial<AppendResponse>;
  if (typeof body.seq !== 'number') throw new RelayRequestError(`relay answered ${input.type} ${input.id} without a seq`, response.status);
  return { seq: body.seq, duplicate: body.duplicate === true };
}

function relayMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const message = body.error ?? body.message;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: the text itself is the message.
  }
  return text.trim().slice(0, 500);
}

import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the server works out once per request, before any route runs. */
export interface RequestContext {
  pathname: string;
  /** Raw query string without `?`. */
  query: string;
  /** The client's address (X-Forwarded-For only from a trusted proxy), for rate limits and logs. */
  clientAddress: string;
  /** The rate-limit bucket of that address (its /64 for IPv6). */
  limitKey: string;
  /** RELAY_RATE_LIMIT_EXEMPT holds the client address. */
  exempt: boolean;
  /** Counts a failed authentication against this address (as a 401 does), for a route that
   * answers a wrong secret in its own way: a portal token that matches no link is a 404 page. */
  authenticationFailed(): void;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, context: RequestContext) => Promise<void> | void;

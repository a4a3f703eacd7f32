import { isPlainTextToAnotherComputer, PLAIN_TEXT_RELAY_REFUSED } from '../../shared/relay-address';

/**
 * Why the console may not send its device token to `relayUrl`, in one line naming it;
 * null when it may. Every request to the relay is built by relayEndpoint, which applies
 * this, so no caller (the core, the CLIs) can send a token in plain text off this computer.
 */
export function relayUrlProblem(relayUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(relayUrl);
  } catch {
    return `relay URL ${relayUrl} is not a URL; it should look like https://relay.example.com`;
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return `relay URL ${relayUrl} must start with http(s):// or ws(s)://`;
  if (isPlainTextToAnotherComputer(relayUrl)) return `relay URL ${relayUrl} ${PLAIN_TEXT_RELAY_REFUSED}`;
  return null;
}

/** The relay URL refused by relayUrlProblem. */
export class RelayUrlRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RelayUrlRefused';
  }
}

/**
 * The relay's address as the user typed it (http(s) or ws(s), possibly behind a
 * path prefix on a reverse proxy) joined with an endpoint path. Throws RelayUrlRefused
 * for an address the token may not be sent to.
 */
export function relayEndpoint(relayUrl: string, path: string, scheme: 'http' | 'ws'): URL {
  const problem = relayUrlProblem(relayUrl);
  if (problem !== null) throw new RelayUrlRefused(problem);
  const base = new URL(relayUrl);
  const secure = base.protocol === 'https:' || base.protocol === 'wss:';
  base.protocol = scheme === 'ws' ? (secure ? 'wss:' : 'ws:') : secure ? 'https:' : 'http:';
  base.pathname = `${base.pathname.replace(/\/+$/, '')}${path}`;
  base.search = '';
  base.hash = '';
  return base;
}

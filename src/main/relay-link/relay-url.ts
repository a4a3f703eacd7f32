/**
 * The relay's address as the user typed it (http(s) or ws(s), possibly behind a
 * path prefix on a reverse proxy) joined with an endpoint path.
 */
export function relayEndpoint(relayUrl: string, path: string, scheme: 'http' | 'ws'): URL {
  const base = new URL(relayUrl);
  const secure = base.protocol === 'https:' || base.protocol === 'wss:';
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(base.protocol)) throw new Error(`relay URL ${relayUrl} must start with http(s):// or ws(s)://`);
  base.protocol = scheme === 'ws' ? (secure ? 'wss:' : 'ws:') : secure ? 'https:' : 'http:';
  base.pathname = `${base.pathname.replace(/\/+$/, '')}${path}`;
  base.search = '';
  base.hash = '';
  return base;
}

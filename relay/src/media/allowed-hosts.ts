import { isIP } from 'node:net';

/**
 * RELAY_MEDIA_ALLOWED_HOSTS: the hosts media is downloaded from. An entry is `host`,
 * `host:port`, `*.domain` or `*.domain:port` (`[v6]:port` for an IPv6 literal). Without a
 * port only the scheme's default port (443, 80) matches. Only an exact `host:port` entry
 * lets that host resolve to a private or loopback address (a media host on the relay's own
 * network, or a test's emulator on 127.0.0.1): a wildcard or a portless name never does.
 * Pure.
 */

export interface AllowedHost {
  /** Lowercase host name or IP literal (no brackets); for a wildcard, the domain after `*.`. */
  host: string;
  wildcard: boolean;
  /** null: the scheme's default port. */
  port: number | null;
}

export type HostMatch = 'exact' | 'listed' | null;

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

export function parseAllowedHosts(raw: string): { ok: true; hosts: AllowedHost[] } | { ok: false; error: string } {
  const hosts: AllowedHost[] = [];
  for (const entry of raw.split(',').map((part) => part.trim().toLowerCase()).filter((part) => part !== '')) {
    const parsed = parseEntry(entry);
    if (parsed === null) return { ok: false, error: `must be host names or host:port, comma-separated (e.g. storage.googleapis.com,*.s3.amazonaws.com,127.0.0.1:9000); got '${entry}'` };
    hosts.push(parsed);
  }
  return { ok: true, hosts };
}

function parseEntry(entry: string): AllowedHost | null {
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed !== null) {
    if (isIP(bracketed[1]!) !== 6) return null;
    // Written the way URL writes a hostname (`[0:0::1]` → `::1`), so it compares equal.
    host = new URL(`http://[${bracketed[1]!}]/`).hostname.slice(1, -1);
    portText = bracketed[2];
  } else {
    const parts = entry.split(':');
    if (parts.length > 2) return null;
    host = parts[0]!;
    portText = parts[1];
  }
  let port: number | null = null;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) return null;
    port = Number(portText);
  }
  const wildcard = host.startsWith('*.');
  if (wildcard) host = host.slice(2);
  if (isIP(host) !== 0) return wildcard ? null : { host, wildcard, port };
  if (host.length === 0 || host.length > 253 || /^[\d.]+$/.test(host)) return null;
  if (!host.split('.').every((label) => LABEL.test(label))) return null;
  // `*.com` would allow a whole top-level domain.
  if (wildcard && !host.includes('.')) return null;
  return { host, wildcard, port };
}

/** How a URL's host and port are listed: `exact` (host:port, private addresses allowed), `listed`, or null (refused). */
export function matchAllowedHost(hosts: readonly AllowedHost[], url: URL): HostMatch {
  const hostname = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const port = url.port === '' ? defaultPort(url.protocol) : Number(url.port);
  let found: HostMatch = null;
  for (const entry of hosts) {
    const hostMatches = entry.wildcard ? hostname.endsWith(`.${entry.host}`) : hostname === entry.host;
    if (!hostMatches || port !== (entry.port ?? defaultPort(url.protocol))) continue;
    if (!entry.wildcard && entry.port !== null) return 'exact';
    found = 'listed';
  }
  return found;
}

export function defaultPort(protocol: string): number {
  return protocol === 'https:' ? 443 : 80;
}

import { isIP } from 'node:net';
import { unmapIPv4, type AddressSet } from './address-ranges';

/** Longest part of a malformed hop kept in its key (and so in logs). */
const MALFORMED_HOP_CHARS = 64;

/**
 * The address a request came from, for rate limits and logs. X-Forwarded-For is
 * believed only when the socket peer is a trusted proxy (RELAY_TRUSTED_PROXIES), and
 * then read from the right: each hop a trusted proxy appended is skipped, and the
 * first address a trusted proxy did not add is the client. Anything a client wrote
 * at the left of the header is never believed.
 *
 * Fails closed: when that first untrusted hop is not a bare IP (`ip:port`, `[v6]`,
 * `unknown`, junk, empty), it becomes its own client key `invalid:<text>`, so it is
 * rate-limited like any client. Falling back to the peer instead would make such a
 * request come from the (exempt) proxy itself.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: AddressSet): string {
  const socketPeer = unmapIPv4(peer ?? 'unknown');
  if (forwardedFor === undefined || !trusted.has(socketPeer)) return socketPeer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  let client = socketPeer;
  for (let index = hops.length - 1; index >= 0; index--) {
    const written = hops[index]!.trim();
    const hop = unmapIPv4(written);
    if (isIP(hop) === 0) return `invalid:${written.slice(0, MALFORMED_HOP_CHARS)}`;
    client = hop;
    if (!trusted.has(hop)) return hop;
  }
  return client;
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { bearerToken } from '../devices/device-token';
import { isLoopback } from './address-ranges';

/**
 * Who may read /metrics and the figures in /healthz: a request made on the relay's
 * machine (loopback peer and no X-Forwarded-For, so not one the TLS proxy passed on
 * from the internet), or one bearing RELAY_METRICS_TOKEN.
 */
export function operatorAccess(metricsToken: string | null): (req: IncomingMessage) => boolean {
  const expected = metricsToken === null ? null : digest(metricsToken);
  return (req) => {
    if (isLoopback(req.socket.remoteAddress) && req.headers['x-forwarded-for'] === undefined) return true;
    if (expected === null) return false;
    const offered = bearerToken(req.headers.authorization);
    // Comparing fixed-length digests keeps the time independent of the token and of its length.
    return offered !== null && timingSafeEqual(digest(offered), expected);
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

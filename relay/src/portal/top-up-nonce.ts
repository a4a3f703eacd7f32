import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RelayDatabase } from '../database';

/**
 * The top-up form's nonce: made by the relay for one portal link, signed with a key the relay
 * makes on first use and keeps in its database (portal_secret, as notice_secret), and good for
 * NONCE_LIFETIME_MS. A form made up by the holder of a link, or copied to another link, fails.
 */

export const NONCE_LIFETIME_MS = 12 * 3_600_000;
const MAC_BYTES = 18;

export type NonceCheck = 'ok' | 'forged' | 'expired';

export class TopUpNonces {
  private secret: Buffer | null = null;

  constructor(private readonly db: RelayDatabase) {}

  issue(linkId: string, nowMs: number): string {
    const payload = `${Math.floor((nowMs + NONCE_LIFETIME_MS) / 1000)}.${randomBytes(12).toString('base64url')}`;
    return `${payload}.${this.mac(linkId, payload).toString('base64url')}`;
  }

  check(linkId: string, nonce: string, nowMs: number): NonceCheck {
    const match = /^(\d{1,12}\.[A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{24})$/.exec(nonce);
    if (match === null) return 'forged';
    const given = Buffer.from(match[2]!, 'base64url');
    const expected = this.mac(linkId, match[1]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
    return Number(match[1]!.split('.')[0]) * 1000 < nowMs ? 'expired' : 'ok';
  }

  private mac(linkId: string, payload: string): Buffer {
    return createHmac('sha256', this.key()).update(`ringside/portal/top-up/v1\n${linkId}\n${payload}`).digest().subarray(0, MAC_BYTES);
  }

  private key(): Buffer {
    if (this.secret !== null) return this.secret;
    this.db.prepare('INSERT OR IGNORE INTO portal_secret (id, secret) VALUES (1, ?)').run(randomBytes(32));
    this.secret = this.db.prepare('SELECT secret FROM portal_secret WHERE id = 1').pluck().get() as Buffer;
    return this.secret;
  }
}

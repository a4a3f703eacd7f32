import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { unsubscribableKinds, type NoticeKind } from '../../../src/shared/notices/notice-kinds';
import { UNSUBSCRIBE_PATH_PREFIX } from '../../../src/shared/relay-rest/notices';
import type { RelayDatabase } from '../database';

/**
 * Who stopped which kind of notice (notice_unsubscribes), and the links that stop them: a
 * token per customer and kind, `<base64url(customerId \n kind)>.<HMAC-SHA256 of it>`, signed
 * with a key the relay makes on first use and keeps in its database (notice_secret), as it
 * keeps its other secrets at rest. A token cannot be made for another customer without it.
 */

export type UnsubscribableKind = (typeof unsubscribableKinds)[number];

export function isUnsubscribable(kind: NoticeKind): kind is UnsubscribableKind {
  return (unsubscribableKinds as readonly string[]).includes(kind);
}

const MAC_BYTES = 18;

export class Unsubscribes {
  private secret: Buffer | null = null;

  constructor(private readonly db: RelayDatabase) {}

  tokenOf(customerId: string, kind: UnsubscribableKind): string {
    const payload = Buffer.from(`${customerId}\n${kind}`, 'utf8').toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  /** The link in a notice; null without RELAY_PUBLIC_URL (nowhere a customer could open it). */
  urlOf(publicUrl: string | null, customerId: string, kind: NoticeKind): string | null {
    if (publicUrl === null || !isUnsubscribable(kind)) return null;
    return `${publicUrl}${UNSUBSCRIBE_PATH_PREFIX}${this.tokenOf(customerId, kind)}`;
  }

  /** The customer and kind a token names; null: not one of the relay's tokens. */
  verify(token: string): { customerId: string; kind: UnsubscribableKind } | null {
    const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{24})$/.exec(token);
    if (match === null) return null;
    const given = Buffer.from(match[2]!, 'base64url');
    const expected = this.mac(match[1]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const [customerId, kind, extra] = Buffer.from(match[1]!, 'base64url').toString('utf8').split('\n');
    if (customerId === undefined || customerId === '' || kind === undefined || extra !== undefined || !isUnsubscribable(kind as NoticeKind)) return null;
    return { customerId, kind: kind as UnsubscribableKind };
  }

  unsubscribe(customerId: string, kind: UnsubscribableKind, at: string): void {
    this.db.prepare('INSERT OR IGNORE INTO notice_unsubscribes (customer_id, kind, at) VALUES (?, ?, ?)').run(customerId, kind, at);
  }

  /** Lifts the unsubscribe of these customers (one and those merged into it) from the kind. */
  resubscribe(customerIds: readonly string[], kind: NoticeKind): void {
    const remove = this.db.prepare('DELETE FROM notice_unsubscribes WHERE customer_id = ? AND kind = ?');
    for (const customerId of customerIds) remove.run(customerId, kind);
  }

  isUnsubscribed(customerId: string, kind: NoticeKind): boolean {
    return this.db.prepare('SELECT 1 FROM notice_unsubscribes WHERE customer_id = ? AND kind = ?').get(customerId, kind) !== undefined;
  }

  kindsOf(customerId: string): NoticeKind[] {
    return this.db.prepare('SELECT kind FROM notice_unsubscribes WHERE customer_id = ? ORDER BY kind').pluck().all(customerId) as NoticeKind[];
  }

  /** Every unsubscribe, as `customerId \n kind`, for one decision run. */
  all(): Set<string> {
    return new Set((this.db.prepare('SELECT customer_id, kind FROM notice_unsubscribes').all() as { customer_id: string; kind: string }[]).map((row) => `${row.customer_id}\n${row.kind}`));
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key()).update(`ringside/notices/unsubscribe/v1\n${payload}`).digest().subarray(0, MAC_BYTES);
  }

  private key(): Buffer {
    if (this.secret !== null) return this.secret;
    this.db.prepare('INSERT OR IGNORE INTO notice_secret (id, secret) VALUES (1, ?)').run(randomBytes(32));
    this.secret = this.db.prepare('SELECT secret FROM notice_secret WHERE id = 1').pluck().get() as Buffer;
    return this.secret;
  }
}

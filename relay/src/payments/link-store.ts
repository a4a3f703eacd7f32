import type { Statement } from 'better-sqlite3';
import type { RelayDatabase } from '../database';

/**
 * The payment links the relay made, one per console request (flutterwave_links, migration
 * 0020). A row is written with its fresh linkId before Flutterwave is asked, and completed
 * with the link and the seq of its `payment_link.created` once that is in the log; a retry of
 * the same request finds it and answers the same link.
 */
export interface LinkRow {
  requestKey: string;
  linkId: string;
  customerId: string;
  email: string;
  purpose: string;
  planId: string | null;
  amountMinor: number;
  currency: string;
  url: string | null;
  seq: number | null;
}

export class LinkStore {
  private readonly find: Statement;
  private readonly findLink: Statement;
  private readonly insert: Statement;
  private readonly renew: Statement;
  private readonly complete: Statement;

  constructor(db: RelayDatabase) {
    this.find = db.prepare('SELECT * FROM flutterwave_links WHERE request_key = ?');
    this.findLink = db.prepare('SELECT * FROM flutterwave_links WHERE link_id = ?');
    this.insert = db.prepare(
      `INSERT INTO flutterwave_links (request_key, link_id, customer_id, email, purpose, plan_id, amount_minor, currency, created_at_ms)
       VALUES (@requestKey, @linkId, @customerId, @email, @purpose, @planId, @amountMinor, @currency, @now)`,
    );
    this.renew = db.prepare('UPDATE flutterwave_links SET link_id = @linkId, created_at_ms = @now WHERE request_key = @requestKey AND seq IS NULL');
    this.complete = db.prepare('UPDATE flutterwave_links SET url = @url, seq = @seq WHERE link_id = @linkId');
  }

  byRequest(requestKey: string): LinkRow | null {
    return rowOf(this.find.get(requestKey) as Record<string, unknown> | undefined);
  }

  /** The link a payment will carry back (its tx_ref), e.g. to send it again. */
  byLinkId(linkId: string): LinkRow | null {
    return rowOf(this.findLink.get(linkId) as Record<string, unknown> | undefined);
  }

  /** A new request, or one whose earlier try never got a link: it gets `linkId` (a fresh tx_ref; Flutterwave refuses a reused one). */
  begin(row: Omit<LinkRow, 'url' | 'seq'>, now: number): void {
    if (this.renew.run({ requestKey: row.requestKey, linkId: row.linkId, now }).changes === 0) this.insert.run({ ...row, now });
  }

  completed(linkId: string, url: string, seq: number): void {
    this.complete.run({ linkId, url, seq });
  }
}

function rowOf(row: Record<string, unknown> | undefined): LinkRow | null {
  if (row === undefined) return null;
  return {
    requestKey: row.request_key as string,
    linkId: row.link_id as string,
    customerId: row.customer_id as string,
    email: row.email as string,
    purpose: row.purpose as string,
    planId: row.plan_id as string | null,
    amountMinor: row.amount_minor as number,
    currency: row.currency as string,
    url: row.url as string | null,
    seq: row.seq as number | null,
  };
}

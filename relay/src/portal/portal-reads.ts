import type { Statement } from 'better-sqlite3';
import { defaultCatalog, type Catalog } from '../../../src/shared/billing/engine/book';
import type { TranscriptLine } from '../../../src/shared/events/model';
import type { RelayDatabase } from '../database';
import { isQuickBooksPaymentLink } from './payment-hosts';

/**
 * What a portal page reads beside the accounts: the catalog's rates (for "what happens when
 * the hours run out"), a call's captured recordings and its transcript, and an invoice's
 * QuickBooks payment page. Each by an index (migration 0021), never a scan of the log.
 */

export interface CapturedRecording {
  sha256: string;
  contentType: string;
  bytes: number;
}

export class PortalReads {
  private readonly catalogJson: Statement;
  private readonly recordings: Statement;
  private readonly transcript: Statement;
  private readonly synced: Statement;

  constructor(db: RelayDatabase) {
    this.catalogJson = db.prepare('SELECT catalog_json FROM accounts_state WHERE id = 1').pluck();
    this.recordings = db.prepare(
      "SELECT sha256, content_type AS contentType, bytes FROM media INDEXED BY media_by_call WHERE call_id = ? AND state = 'captured' AND kind IN ('recording', 'voicemail') ORDER BY queued_at, media_id",
    );
    this.transcript = db
      .prepare("SELECT event FROM events INDEXED BY events_transcripts_by_call WHERE type = 'call.transcript_ready' AND json_extract(event, '$.data.callId') = ? ORDER BY seq DESC LIMIT 1")
      .pluck();
    this.synced = db
      .prepare("SELECT json_extract(event, '$.data.link') FROM events INDEXED BY events_invoice_synced_by_key WHERE type = 'invoice.synced' AND json_extract(event, '$.data.invoiceKey') = ? ORDER BY seq DESC LIMIT 1")
      .pluck();
  }

  catalog(): Catalog {
    const json = this.catalogJson.get() as string | undefined;
    return json === undefined ? defaultCatalog() : (JSON.parse(json) as Catalog);
  }

  recordingsOf(callId: string): CapturedRecording[] {
    return this.recordings.all(callId) as CapturedRecording[];
  }

  transcriptOf(callId: string): TranscriptLine[] | null {
    const json = this.transcript.get(callId) as string | undefined;
    if (json === undefined) return null;
    const dialogue = (JSON.parse(json) as { data: { dialogue: TranscriptLine[] } }).data.dialogue;
    return dialogue.length === 0 ? null : dialogue;
  }

  /** QuickBooks' customer payment page for the invoice, when its last sync carried one on a known host (payment-hosts.ts). */
  payUrlOf(invoiceKey: string): string | null {
    const link = this.synced.get(invoiceKey) as string | null | undefined;
    return typeof link === 'string' && isQuickBooksPaymentLink(link) ? link : null;
  }
}

/**
 * Ringside's mark on an invoice in QuickBooks: `[ringside:<invoice key>]` in its PrivateNote.
 * With CustomTxnNumbers off QuickBooks numbers invoices itself, so the DocNumber cannot find
 * ours; PrivateNote is not queryable (spec §5.3), so the lookup reads candidates and matches
 * this marker. Brackets end it, so one key is never taken for a longer one that starts alike.
 */

const MARKER = /\[ringside:([^\]\n]{1,200})\]/;

export function invoiceMarker(invoiceKey: string): string {
  return `[ringside:${invoiceKey}]`;
}

/** The invoice key a PrivateNote carries, or null. */
export function invoiceKeyInNote(note: string | undefined): string | null {
  return MARKER.exec(note ?? '')?.[1] ?? null;
}

/** The note Ringside writes: words for the bookkeeper, then the marker. */
export function ringsidePrivateNote(invoiceKey: string): string {
  return `Ringside invoice ${invoiceKey} ${invoiceMarker(invoiceKey)}`;
}

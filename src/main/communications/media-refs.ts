import type { MediaRef } from '../../shared/api/communications';
import type { ConsoleDatabase } from '../db/open-console-database';
import type { MediaKind } from '../db/schema';

interface MediaRefRow {
  media_id: string;
  owner_id: string;
  kind: MediaKind;
  content_type: string | null;
  duration_seconds: number | null;
  captured_type: string | null;
  bytes: number | null;
  alerted: number;
}

/**
 * The media of some calls or messages, by owner, in their order. Captured: the relay holds
 * a copy; provider_only: the relay raised an alert about it (the download keeps failing,
 * relay/src/media/media-facts.ts names it `media:<mediaId>`); pending otherwise.
 */
export function mediaRefsOf(db: ConsoleDatabase, ownerIds: readonly string[], kind?: MediaKind): Map<string, (MediaRef & { kind: MediaKind })[]> {
  const byOwner = new Map<string, (MediaRef & { kind: MediaKind })[]>();
  if (ownerIds.length === 0) return byOwner;
  const rows = db.sqlite
    .prepare(
      `SELECT i.media_id, i.owner_id, i.kind, i.content_type, i.duration_seconds, c.content_type AS captured_type, c.bytes,
         EXISTS (SELECT 1 FROM relay_alerts a WHERE a.alert_id = 'media:' || i.media_id) AS alerted
       FROM media_items i LEFT JOIN media_captures c ON c.media_id = i.media_id
       WHERE i.owner_id IN (SELECT value FROM json_each(?)) ${kind ? 'AND i.kind = ?' : ''}
       ORDER BY i.owner_id, i.kind, i.position`,
    )
    .all(...(kind ? [JSON.stringify(ownerIds), kind] : [JSON.stringify(ownerIds)])) as MediaRefRow[];
  for (const row of rows) {
    const list = byOwner.get(row.owner_id) ?? [];
    list.push({
      mediaId: row.media_id,
      kind: row.kind,
      contentType: row.captured_type ?? row.content_type,
      durationSeconds: row.duration_seconds,
      state: row.bytes !== null ? 'captured' : row.alerted === 1 ? 'provider_only' : 'pending',
      bytes: row.bytes,
    });
    byOwner.set(row.owner_id, list);
  }
  return byOwner;
}

export function withoutKind<T extends { kind: MediaKind }>(ref: T): Omit<T, 'kind'> {
  const { kind: _kind, ...rest } = ref;
  void _kind;
  return rest;
}

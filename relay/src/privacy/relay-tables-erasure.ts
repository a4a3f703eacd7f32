import type { RingsideEvent } from '../../../src/shared/events/model';
import type { RelayDatabase } from '../database';
import { ERASED_NAME, type ErasureSubject } from './erasure-subject';
import { eraseEvent, type TextScrubber, type TextScrubbers } from './erase-event';

/** Tables whose rows are rewritten elsewhere (the log itself) or hold nothing of a customer's. */
const NOT_SCANNED = new Set(['events', 'event_lines', 'privacy_redactions', 'devices', 'sqlite_sequence', 'relay_heartbeat']);

const inList = (values: Iterable<string>): string => JSON.stringify([...values]);

/**
 * The relay's own copies of what the log says about the subject, erased in the rewrite's
 * transaction: their media rows (the files go in the next step), the contact-push and notice
 * rows about them, their portal links revoked, the copies of events kept with an outbound text,
 * and in every other table any spelling of their numbers, names, emails and addresses. Answers
 * the hashes of the media files whose rows went. The accounts tables are rebuilt from the
 * rewritten log afterwards.
 */
export function eraseFromRelayTables(db: RelayDatabase, subject: ErasureSubject, scrubbers: TextScrubbers, nowIso: string): Set<string> {
  const scrub = scrubbers.elsewhere;
  const ids = inList(subject.customerIds);
  const phones = inList(subject.pseudonyms.keys());
  const mediaSha256 = new Set(subject.mediaSha256);
  const mediaRows = db
    .prepare(
      `SELECT media_id, sha256 FROM media WHERE media_id IN (SELECT value FROM json_each(?)) OR call_id IN (SELECT value FROM json_each(?))
        OR call_id IN (SELECT value FROM json_each(?)) OR party IN (SELECT value FROM json_each(?)) OR sha256 IN (SELECT value FROM json_each(?))`,
    )
    .all(inList(subject.mediaIds), inList(subject.callIds), inList(subject.messageIds), phones, inList(mediaSha256)) as { media_id: string; sha256: string | null }[];
  for (const row of mediaRows) if (row.sha256 !== null) mediaSha256.add(row.sha256);
  db.prepare('DELETE FROM media WHERE media_id IN (SELECT value FROM json_each(?))').run(inList(mediaRows.map((row) => row.media_id)));
  forgetErasedJobPhotos(db, mediaSha256, subject.jobIds);

  db.prepare('DELETE FROM contact_push_customers WHERE customer_id IN (SELECT value FROM json_each(?))').run(ids);
  db.prepare('UPDATE portal_links SET revoked_at = ? WHERE revoked_at IS NULL AND customer_id IN (SELECT value FROM json_each(?))').run(nowIso, ids);
  // A notice not yet sent to them never goes; what went keeps only that it went.
  db.prepare(
    `UPDATE notice_outbox SET state = CASE WHEN state IN ('pending', 'sending') THEN 'failed' ELSE state END,
       last_error = CASE WHEN state IN ('pending', 'sending') THEN 'The customer was erased.' ELSE NULL END,
       customer_name = ?, recipient = '', subject = '', body = '', redact_json = NULL, next_attempt_at = NULL
     WHERE customer_id IN (SELECT value FROM json_each(?))`,
  ).run(ERASED_NAME, ids);

  const outbound = db.prepare('SELECT request_id, event FROM outbound_messages WHERE event IS NOT NULL').all() as { request_id: string; event: string }[];
  const updateOutbound = db.prepare('UPDATE outbound_messages SET event = ? WHERE request_id = ?');
  for (const row of outbound) {
    let json: string;
    try {
      json = JSON.stringify(eraseEvent(JSON.parse(row.event) as RingsideEvent, subject, scrubbers));
    } catch {
      json = scrub(row.event);
    }
    if (json !== row.event) updateOutbound.run(json, row.request_id);
  }

  for (const table of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]) {
    if (NOT_SCANNED.has(table)) continue;
    scrubTable(db, table, scrub, subject);
  }
  return mediaSha256;
}

/** Every text in the table with the subject's words replaced, row by row (by primary key, else rowid). */
function scrubTable(db: RelayDatabase, table: string, scrub: TextScrubber, subject: ErasureSubject): void {
  const columns = db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; pk: number }[];
  const keys = columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk).map((column) => column.name);
  const key = keys.length > 0 ? keys : ['rowid'];
  const quoted = (name: string): string => (name === 'rowid' ? 'rowid' : `"${name}"`);
  const select = db.prepare(`SELECT ${[...new Set([...key, ...columns.map((column) => column.name)])].map(quoted).join(', ')} FROM "${table}"`);
  const rewrites: { set: Record<string, string>; where: unknown[] }[] = [];
  for (const row of select.iterate() as Iterable<Record<string, unknown>>) {
    const set: Record<string, string> = {};
    for (const column of columns) {
      const value = row[column.name];
      if (typeof value !== 'string') continue;
      const scrubbed = subject.pseudonyms.get(value) ?? scrub(value);
      if (scrubbed !== value) set[column.name] = scrubbed;
    }
    if (Object.keys(set).length > 0) rewrites.push({ set, where: key.map((name) => row[name]) });
  }
  for (const rewrite of rewrites) {
    const names = Object.keys(rewrite.set);
    // OR IGNORE: a replacement that would make two keys equal leaves that row as it was rather than failing the erasure.
    db.prepare(`UPDATE OR IGNORE "${table}" SET ${names.map((name) => `"${name}" = ?`).join(', ')} WHERE ${key.map((name) => `${quoted(name)} = ?`).join(' AND ')}`).run(...names.map((name) => rewrite.set[name]), ...rewrite.where);
  }
}

/**
 * The erased customer's jobs' photo rows (jobs projection, relay/src/jobs), by job: a photo also
 * on another customer's job keeps that row and its upload, so media-removal.ts keeps the file.
 * An upload no job names any more goes, so nothing names a file about to be deleted.
 */
export function forgetErasedJobPhotos(db: RelayDatabase, sha256s: ReadonlySet<string>, jobIds: ReadonlySet<string>): void {
  const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  if (tables.has('job_photos')) db.prepare('DELETE FROM job_photos WHERE job_id IN (SELECT value FROM json_each(?))').run(inList(jobIds));
  if (tables.has('job_photo_uploads')) {
    const stillNamed = tables.has('job_photos') ? 'AND NOT EXISTS (SELECT 1 FROM job_photos p WHERE p.sha256 = job_photo_uploads.sha256)' : '';
    db.prepare(`DELETE FROM job_photo_uploads WHERE sha256 IN (SELECT value FROM json_each(?)) ${stillNamed}`).run(inList(sha256s));
  }
}

/** The photos' rows (jobs projection, relay/src/jobs) by hash, for retention: a photo past its time goes from every job. */
export function forgetJobPhotos(db: RelayDatabase, sha256s: ReadonlySet<string>, jobIds: ReadonlySet<string> = new Set()): void {
  const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  if (tables.has('job_photos')) db.prepare('DELETE FROM job_photos WHERE sha256 IN (SELECT value FROM json_each(?)) OR job_id IN (SELECT value FROM json_each(?))').run(inList(sha256s), inList(jobIds));
  if (tables.has('job_photo_uploads')) db.prepare('DELETE FROM job_photo_uploads WHERE sha256 IN (SELECT value FROM json_each(?))').run(inList(sha256s));
}

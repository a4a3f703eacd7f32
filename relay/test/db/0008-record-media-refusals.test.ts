import { describe, expect, it } from 'vitest';
import { migrateTo, relayDbAt } from './migration-support';

describe('0008-record-media-refusals', () => {
  it('reads back why media was refused from the words recorded before, leaving other rows without a refusal', () => {
    const db = relayDbAt('0007-create-provider-directory');
    const insert = db.prepare("INSERT INTO media (media_id, url, kind, lines, state, next_attempt_at, queued_at, last_error) VALUES (?, ?, 'recording', '[]', ?, 0, 'now', ?)");
    insert.run('host', 'http://127.0.0.1:43993/rec.mp3?sig=s', 'refused', '127.0.0.1:43993 is not in RELAY_MEDIA_ALLOWED_HOSTS');
    insert.run('private', 'https://media.example.net/a', 'refused', 'media.example.net resolves to a private, loopback, link-local, multicast or unspecified address');
    insert.run('declared', 'https://storage.googleapis.com/a', 'refused', '30000000 bytes is over RELAY_MEDIA_MAX_BYTES (26214400)');
    insert.run('streamed', 'https://storage.googleapis.com/b', 'refused', 'more than RELAY_MEDIA_MAX_BYTES (2097152) bytes');
    insert.run('svg', 'https://storage.googleapis.com/c', 'refused', 'content type image/svg+xml is not media');
    insert.run('waiting', 'https://storage.googleapis.com/d', 'pending', 'HTTP 403');
    migrateTo(db, '0008-record-media-refusals');
    const refusals = Object.fromEntries(
      (db.prepare('SELECT media_id, refusal FROM media').all() as { media_id: string; refusal: string | null }[]).map((row) => [row.media_id, row.refusal === null ? null : JSON.parse(row.refusal)]),
    );
    expect(refusals).toEqual({
      host: { reason: 'host_not_allowed', host: '127.0.0.1:43993', origin: 'http://127.0.0.1:43993' },
      private: { reason: 'private_address', host: 'media.example.net', origin: 'https://media.example.net' },
      declared: { reason: 'too_large', maxBytes: 26_214_400, bytes: 30_000_000 },
      streamed: { reason: 'too_large', maxBytes: 2_097_152, bytes: null },
      svg: null,
      waiting: null,
    });
    db.close();
  });
});

import type { RelayMigration } from '../relay-migration';

// Frozen in time: never edit after release; add a new migration instead.
// Why a piece of media was refused (relay/src/media/alert-wording.ts PermanentRefusal, as
// JSON), so a relay started with other settings (a host now allowed, a larger size cap)
// re-queues what they would now let through, and a refusal repeated for the same reason
// does not raise its alert again. Rows refused before this are read back from the words
// the relay recorded in last_error (the refused host, the cap). Start-up reads those
// rows through the partial index, not the whole table of captured media.
export const migration: RelayMigration = {
  name: '0008-record-media-refusals',
  sql: `
  ALTER TABLE media ADD COLUMN refusal TEXT;
  UPDATE media SET refusal = json_object(
      'reason', 'host_not_allowed',
      'host', substr(last_error, 1, length(last_error) - length(' is not in RELAY_MEDIA_ALLOWED_HOSTS')),
      'origin', substr(url, 1, instr(url, '://') + 2) || substr(last_error, 1, length(last_error) - length(' is not in RELAY_MEDIA_ALLOWED_HOSTS')))
    WHERE state = 'refused' AND last_error LIKE '% is not in RELAY_MEDIA_ALLOWED_HOSTS';
  UPDATE media SET refusal = json_object(
      'reason', 'private_address',
      'host', substr(last_error, 1, instr(last_error, ' resolves to a private') - 1),
      'origin', substr(url, 1, instr(url, '://') + 2) || substr(last_error, 1, instr(last_error, ' resolves to a private') - 1))
    WHERE state = 'refused' AND last_error LIKE '% resolves to a private, loopback,%';
  UPDATE media SET refusal = json_object(
      'reason', 'too_large',
      'maxBytes', CAST(substr(last_error, instr(last_error, 'RELAY_MEDIA_MAX_BYTES (') + 23) AS INTEGER),
      'bytes', CASE WHEN last_error LIKE '% bytes is over %' THEN CAST(last_error AS INTEGER) ELSE NULL END)
    WHERE state = 'refused' AND last_error LIKE '%RELAY_MEDIA_MAX_BYTES (%';
  CREATE INDEX media_refused_by_settings ON media (media_id) WHERE state = 'refused' AND refusal IS NOT NULL;
  `,
};

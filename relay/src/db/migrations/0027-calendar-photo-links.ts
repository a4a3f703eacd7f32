import type { RelayMigration } from '../relay-migration';

// Frozen in time once released: never edit after release; add a new migration instead.
// Issue 15 §3: a photo link in the calendar feed carries its own token (an HMAC of the photo's
// hash under this key), not the feed's secret, so one forwarded event does not open the whole
// feed. The key is kept beside the secret's hash and replaced whenever the feed is rotated; a
// feed made before this gets its key now.
export const migration: RelayMigration = {
  name: '0027-calendar-photo-links',
  sql: `
  ALTER TABLE calendar_feed ADD COLUMN photo_key BLOB;
  UPDATE calendar_feed SET photo_key = randomblob(32) WHERE photo_key IS NULL;
  `,
};

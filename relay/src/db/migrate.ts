import type Database from 'better-sqlite3';
import { RELAY_MIGRATIONS } from './migrations';
import type { RelayMigration } from './relay-migration';

/**
 * Brings a relay database to the newest schema (or to the first of `migrations`, for tests):
 * the missing migrations run in order inside one transaction and user_version records
 * how many have run. A database past the migrations known here (from a newer relay) is
 * refused rather than guessed at.
 */
export function migrateRelayDatabase(db: Database.Database, migrations: readonly RelayMigration[] = RELAY_MIGRATIONS): void {
  const target = migrations.length;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > target) {
    throw new Error(`relay.db has schema version ${version}, newer than this relay (${target}); upgrade the relay`);
  }
  if (version >= target) return;
  db.transaction(() => {
    for (const migration of migrations.slice(version)) db.exec(migration.sql);
    db.pragma(`user_version = ${target}`);
  }).immediate();
}

import Database from 'better-sqlite3';
import { migrateRelayDatabase } from '../../src/db/migrate';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';

/** A fresh in-memory relay database migrated up to and including `name`. */
export function relayDbAt(name: string): Database.Database {
  const db = new Database(':memory:');
  migrateTo(db, name);
  return db;
}

export function migrateTo(db: Database.Database, name: string): void {
  const index = RELAY_MIGRATIONS.findIndex((migration) => migration.name === name);
  if (index < 0) throw new Error(`no relay migration named ${name}`);
  migrateRelayDatabase(db, RELAY_MIGRATIONS.slice(0, index + 1));
}

export function tableNames(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]);
}

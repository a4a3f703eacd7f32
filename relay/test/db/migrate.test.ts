import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrateRelayDatabase } from '../../src/db/migrate';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';

describe('relay migrations', () => {
  it('are numbered in order, one file name each', () => {
    expect(RELAY_MIGRATIONS.map((migration) => migration.name.slice(0, 4))).toEqual(RELAY_MIGRATIONS.map((_, index) => String(index + 1).padStart(4, '0')));
    // Every file in db/migrations is listed, in order, under its own file name.
    const files = readdirSync(new URL('../../src/db/migrations/', import.meta.url)).filter((file) => file.endsWith('.ts')).sort();
    expect(files.map((file) => file.replace(/\.ts$/, ''))).toEqual(RELAY_MIGRATIONS.map((migration) => migration.name));
    for (const file of files) expect(file).toMatch(/^\d{4}-[a-z0-9]+(-[a-z0-9]+)*\.ts$/);
  });

  it('run once: opening a current database again changes nothing', () => {
    const db = new Database(':memory:');
    migrateRelayDatabase(db);
    const schema = db.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all();
    migrateRelayDatabase(db);
    expect(db.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all()).toEqual(schema);
    expect(db.pragma('user_version', { simple: true })).toBe(RELAY_MIGRATIONS.length);
    db.close();
  });

  it('refuse a database written by a newer relay', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${RELAY_MIGRATIONS.length + 1}`);
    expect(() => migrateRelayDatabase(db)).toThrow(/newer than this relay.*upgrade the relay/);
    db.close();
  });
});

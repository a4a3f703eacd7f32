import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointInBackground } from './background-checkpoint';
import { connectConsoleDatabase, type ConsoleDatabase } from './open-console-database';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshDatabase(): { db: ConsoleDatabase; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-checkpoint-'));
  dirs.push(dir);
  const file = path.join(dir, 'console.db');
  const db = connectConsoleDatabase(file);
  db.sqlite.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  return { db, file };
}

function writeNotes(db: ConsoleDatabase, from: number, count: number): void {
  const insert = db.sqlite.prepare('INSERT INTO notes (id, body) VALUES (?, ?)');
  db.sqlite.transaction(() => {
    for (let id = from; id < from + count; id++) insert.run(id, `note ${id} `.repeat(40));
  })();
}

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; tries < 500 && !condition(); tries++) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('checkpoints in the background', () => {
  it('copies what was committed into the database file while the connection goes on writing', async () => {
    const { db, file } = freshDatabase();
    writeNotes(db, 0, 5_000);
    const before = statSync(file).size;
    checkpointInBackground(db.sqlite);
    // The core is not held up: it writes again at once.
    writeNotes(db, 5_000, 1_000);
    await until(() => statSync(file).size > before + 1_000_000);
    expect(statSync(file).size).toBeGreaterThan(before + 1_000_000);
    await db.close();

    const reopened = connectConsoleDatabase(file);
    expect(reopened.sqlite.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(6_000);
    await reopened.close();
  });

  it('takes requests made while one runs as one more checkpoint, and closing waits for it', async () => {
    const { db, file } = freshDatabase();
    for (let round = 0; round < 5; round++) {
      writeNotes(db, round * 1_000, 1_000);
      checkpointInBackground(db.sqlite);
    }
    await db.close();
    const reopened = connectConsoleDatabase(file);
    expect(reopened.sqlite.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(5_000);
    expect(reopened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    await reopened.close();
  });

  it('checkpoints an in-memory database on its own connection (no file for a second one)', async () => {
    const db = connectConsoleDatabase(':memory:');
    db.sqlite.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY)');
    expect(() => checkpointInBackground(db.sqlite)).not.toThrow();
    await db.close();
  });
});

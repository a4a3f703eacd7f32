import { describe, expect, it } from 'vitest';
import { relayDbAt, tableNames } from './migration-support';

describe('0001-create-events-and-devices', () => {
  it('creates the log and the device table at schema version 1', () => {
    const db = relayDbAt('0001-create-events-and-devices');
    expect(tableNames(db)).toEqual(['devices', 'events']);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
  });

  it('numbers events from 1 and refuses a second copy of the same source and id', () => {
    const db = relayDbAt('0001-create-events-and-devices');
    const insert = db.prepare("INSERT INTO events (source, event_id, type, lines, event, stored_at) VALUES ('openphone', ?, 'call.ringing', '[]', '{}', 'now')");
    expect(Number(insert.run('a').lastInsertRowid)).toBe(1);
    expect(Number(insert.run('b').lastInsertRowid)).toBe(2);
    expect(() => insert.run('a')).toThrow(/UNIQUE/);
    db.close();
  });

  it('accepts only the three device roles', () => {
    const db = relayDbAt('0001-create-events-and-devices');
    const insert = db.prepare("INSERT INTO devices (id, name, role, numbers, token_hash, created_at) VALUES (?, ?, ?, '[]', ?, 'now')");
    insert.run('1', 'Front desk', 'agent', 'h1');
    expect(() => insert.run('2', 'Other', 'owner', 'h2')).toThrow(/CHECK/);
    db.close();
  });
});

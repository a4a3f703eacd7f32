import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { migrateTo, relayDbAt } from './migration-support';

function insertEvent(db: Database.Database, id: string, type: string, lines: string[], data: Record<string, unknown>): void {
  db.prepare("INSERT INTO events (source, event_id, type, lines, event, stored_at) VALUES ('openphone', ?, ?, ?, ?, 'now')").run(id, type, JSON.stringify(lines), JSON.stringify({ id, type, lines, data }));
}

function callLines(db: Database.Database): { call_id: string; lines: string }[] {
  return db.prepare('SELECT call_id, lines FROM call_lines ORDER BY call_id').all() as { call_id: string; lines: string }[];
}

describe('0004-create-call-lines', () => {
  it('remembers the lines of the calls already stored, from their first call event with lines', () => {
    const db = relayDbAt('0003-index-events-by-line');
    insertEvent(db, 'a', 'call.ringing', ['+16175550100'], { callId: 'openphone:AC1' });
    insertEvent(db, 'b', 'call.completed', ['+16175550199'], { callId: 'openphone:AC1' });
    insertEvent(db, 'c', 'call.summary_ready', [], { callId: 'openphone:AC2' });
    insertEvent(db, 'd', 'message.recorded', ['+16175550100'], { messageId: 'openphone:AC3' });
    migrateTo(db, '0004-create-call-lines');
    expect(callLines(db)).toEqual([{ call_id: 'openphone:AC1', lines: '["+16175550100"]' }]);
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    db.close();
  });

  it('a call event appended later is remembered in the same insert; artifacts without lines and other events are not', () => {
    const db = relayDbAt('0004-create-call-lines');
    insertEvent(db, 'early-summary', 'call.summary_ready', [], { callId: 'openphone:AC9' });
    insertEvent(db, 'ring', 'call.ringing', ['+16175550100'], { callId: 'openphone:AC9' });
    insertEvent(db, 'vm', 'call.voicemail_ready', ['+16175550101'], { callId: 'openphone:AC8' });
    insertEvent(db, 'again', 'call.completed', ['+16175550102'], { callId: 'openphone:AC9' });
    insertEvent(db, 'sms', 'message.recorded', ['+16175550100'], { messageId: 'openphone:MS1' });
    insertEvent(db, 'odd', 'call.ringing', ['+16175550100'], {});
    expect(callLines(db)).toEqual([
      { call_id: 'openphone:AC8', lines: '["+16175550101"]' },
      { call_id: 'openphone:AC9', lines: '["+16175550100"]' },
    ]);
    db.close();
  });

  it('upgrades a relay.db written by the previous relay (schema version 3) in place', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, '0003-index-events-by-line');
      insertEvent(old, 'kept', 'call.completed', ['+16175550100'], { callId: 'openphone:ACold' });
      old.close();
      const db = openRelayDatabase(dir);
      expect(callLines(db)).toEqual([{ call_id: 'openphone:ACold', lines: '["+16175550100"]' }]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

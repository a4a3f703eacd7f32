import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../../src/shared/events/model';
import { openRelayDatabase, RELAY_DB_FILE } from '../../src/database';
import { RELAY_MIGRATIONS } from '../../src/db/migrations';
import { EventLog } from '../../src/log/event-log';
import { migrateTo } from './migration-support';

const NAME = '0010-create-facts';
const previous = RELAY_MIGRATIONS[RELAY_MIGRATIONS.findIndex((migration) => migration.name === NAME) - 1]!.name;

const call = { callId: 'openphone:AC1', direction: 'incoming', businessNumber: '+16175550100', externalNumber: '+16175550111', startedAt: '2026-01-05T15:00:00.000Z' };
const completed = { ...call, answeredAt: null, completedAt: '2026-01-05T15:01:00.000Z', durationSeconds: 0, voicemailUrl: null, answeredBy: null, voicemail: null };
function text(id: string, status: 'sent' | 'delivered'): RingsideEvent {
  return {
    v: EVENT_MODEL_VERSION,
    id,
    source: 'openphone',
    type: 'message.recorded',
    occurredAt: '2026-01-05T15:00:00.000Z',
    receivedAt: '2026-01-05T15:00:00.050Z',
    lines: ['+16175550100'],
    data: { messageId: 'openphone:AC9', direction: 'outgoing', businessNumber: '+16175550100', from: '+16175550100', participants: ['+16175550111'], body: 'On my way', media: [], status, errorCode: null, sentAt: '2026-01-05T15:00:00.000Z', providerConversationId: null, userId: null, campaignId: null, healthCheck: false },
  };
}
function completion(id: string): RingsideEvent {
  return { v: EVENT_MODEL_VERSION, id, source: 'openphone', type: 'call.completed', occurredAt: '2026-01-05T15:01:00.000Z', receivedAt: '2026-01-05T15:01:00.050Z', lines: ['+16175550100'], data: completed } as RingsideEvent;
}

describe(NAME, () => {
  it('the log remembers each provider fact at the seq of its first event: a call completed by two deliveries and a text sent then delivered are one fact each', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-facts-'));
    const db = openRelayDatabase(dataDir);
    const log = new EventLog(db);
    try {
      const first = await log.append(completion('EV1'));
      await log.append(completion('EV2'));
      const sent = await log.append(text('EV3', 'sent'));
      await log.append(text('EV4', 'delivered'));
      expect(log.seqOfFact('call.completed|openphone:AC1')).toBe(first.seq);
      expect(log.seqOfFact('message.recorded|openphone:AC9')).toBe(sent.seq);
      expect(log.seqOfFact('call.missed|openphone:AC1')).toBeNull();
      expect(db.prepare('SELECT count(*) FROM facts').pluck().get()).toBe(2);
    } finally {
      log.close();
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('upgrades a relay.db written by the previous relay, learning the facts of the events it already holds', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ringside-migrate-'));
    try {
      const old = new Database(path.join(dir, RELAY_DB_FILE));
      migrateTo(old, previous);
      const insert = old.prepare("INSERT INTO events (source, event_id, type, lines, event, stored_at) VALUES ('openphone', ?, ?, '[]', ?, 'now')");
      insert.run('EV1', 'call.completed', JSON.stringify(completion('EV1')));
      insert.run('EV2', 'message.recorded', JSON.stringify(text('EV2', 'sent')));
      insert.run('EV3', 'message.recorded', JSON.stringify(text('EV3', 'delivered')));
      insert.run('EV4', 'customer.upserted', '{"data":{"customerId":"c1"}}');
      old.close();
      const db = openRelayDatabase(dir);
      expect(db.prepare('SELECT key, seq FROM facts ORDER BY seq').all()).toEqual([
        { key: 'call.completed|openphone:AC1', seq: 1 },
        { key: 'message.recorded|openphone:AC9', seq: 2 },
      ]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_MODEL_VERSION, type RingsideEvent } from '../../../src/shared/events/model';
import { openRelayDatabase } from '../../src/database';
import { EventLog } from '../../src/log/event-log';

function callEvent(id: string, type: 'call.ringing' | 'call.completed' | 'call.summary_ready', callId: string, lines: string[]): RingsideEvent {
  const call = { callId, direction: 'incoming', businessNumber: lines[0] ?? '+16175550100', externalNumber: '+16175550111', startedAt: '2026-01-05T15:00:00.000Z' };
  const data =
    type === 'call.ringing'
      ? call
      : type === 'call.completed'
        ? { ...call, answeredAt: null, completedAt: '2026-01-05T15:01:00.000Z', durationSeconds: 0, voicemailUrl: null, answeredBy: null, voicemail: null }
        : { callId, summary: ['They asked about opening hours.'], nextSteps: [] };
  return { v: EVENT_MODEL_VERSION, id, source: 'openphone', type, occurredAt: '2026-01-05T15:00:00.000Z', receivedAt: '2026-01-05T15:00:00.050Z', lines, data } as RingsideEvent;
}

describe('0009-call-lines-from-the-log', () => {
  it('a call’s first lines are remembered in the commit that stores its first call event with lines; later ones, artifacts without lines and duplicates change nothing', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-call-lines-'));
    const db = openRelayDatabase(dataDir);
    const log = new EventLog(db);
    try {
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'call_lines_on_append'").pluck().get()).toBe(0);
      await Promise.all([
        log.append(callEvent('early-summary', 'call.summary_ready', 'openphone:AC9', [])),
        log.append(callEvent('ring', 'call.ringing', 'openphone:AC9', ['+16175550100'])),
        log.append(callEvent('done', 'call.completed', 'openphone:AC9', ['+16175550102'])),
      ]);
      await log.append(callEvent('ring-again', 'call.ringing', 'openphone:AC8', ['+16175550101']));
      expect(await log.append(callEvent('ring', 'call.ringing', 'openphone:AC9', ['+16175550100']))).toMatchObject({ duplicate: true });
      expect(db.prepare('SELECT call_id, lines FROM call_lines ORDER BY call_id').all()).toEqual([
        { call_id: 'openphone:AC8', lines: '["+16175550101"]' },
        { call_id: 'openphone:AC9', lines: '["+16175550100"]' },
      ]);
    } finally {
      log.close();
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

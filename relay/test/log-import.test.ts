import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRelayCli, startRelayProcess } from '../../tests/support/relay-process';
import { EVENT_MODEL_VERSION } from '../../src/shared/events/model';
import { callCompletedEvent, callRingingEvent, newCallId } from '../../tools/emulators/openphone/payloads';

const LINE = '+16175550199';
const ADA = '+16175550100';
const DAY = 86_400_000;
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-log-import-'));
  dirs.push(dir);
  return dir;
}

/** A history file in `dir`, one JSON line per entry. */
function historyFile(dir: string, name: string, lines: unknown[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  return file;
}

const env = (dataDir: string) => ({ RELAY_DATA_DIR: dataDir, OPENPHONE_WEBHOOK_SECRET: Buffer.alloc(32, 7).toString('base64'), RELAY_LOG_LEVEL: 'warn' });
const importFile = (dataDir: string, file: string) => runRelayCli(['log', 'import', file], env(dataDir));

function storedEvents(dataDir: string): { type: string; receivedAt: string }[] {
  const db = new Database(path.join(dataDir, 'relay.db'), { readonly: true });
  try {
    return db.prepare("SELECT type, json_extract(event, '$.receivedAt') AS receivedAt FROM events ORDER BY seq").all() as { type: string; receivedAt: string }[];
  } finally {
    db.close();
  }
}

const at = (ms: number) => new Date(ms).toISOString();
const consoleLine = (ms: number, event: Record<string, unknown>) => ({ receivedAt: at(ms), event: { occurredAt: at(ms), ...event } });
const customer = (ms: number, id = 'customer-ada') => consoleLine(ms, { id, type: 'customer.upserted', data: { customerId: 'c-ada', name: 'Ada Lovelace', company: null, email: null, phones: [ADA] } });

describe('npm run relay -- log import', () => {
  it('history is stored in order at the receivedAt of each line: customers, plan, subscription and a call from 90 days ago', async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'relay');
    const today = Math.floor(Date.now() / DAY) * DAY;
    const recorded = today - 120 * DAY;
    const startDate = at(today - 100 * DAY).slice(0, 10);
    const callStart = today - 90 * DAY + 10 * 3_600_000;
    const openPhoneCallId = newCallId();
    // Billed in its own period by a console catching up: src/main/sample-data/log-import-billing.test.ts.
    const ringing = callRingingEvent({ callId: openPhoneCallId, from: ADA, to: LINE, at: new Date(callStart) });
    const completed = callCompletedEvent({ callId: openPhoneCallId, from: ADA, to: LINE, createdAt: new Date(callStart), answeredAt: new Date(callStart + 5_000), completedAt: new Date(callStart + 5_000 + 600_000) });
    const file = historyFile(dir, 'history.jsonl', [
      customer(recorded),
      consoleLine(recorded, { id: 'plan-hour', type: 'plan.defined', data: { planId: 'hour', name: 'One hour', period: 'monthly', priceMinor: 9900, currency: 'USD', includedSeconds: 3600, incrementSeconds: 60 } }),
      consoleLine(Date.parse(`${startDate}T00:00:00Z`), { id: 'sub-ada', type: 'subscription.started', data: { subscriptionId: 's-ada', customerId: 'c-ada', planId: 'hour', startDate } }),
      { receivedAt: at(callStart + 1_000), provider: 'openphone', payload: JSON.parse(ringing.body) },
      { receivedAt: at(callStart + 606_000), provider: 'openphone', payload: JSON.parse(completed.body) },
    ]);

    const run = await importFile(dataDir, file);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('5 lines, 5 events imported, 0 already in the log (skipped)');
    expect(storedEvents(dataDir).map((e) => [e.type, e.receivedAt])).toEqual([
      ['customer.upserted', at(recorded)],
      ['plan.defined', at(recorded)],
      ['subscription.started', `${startDate}T00:00:00.000Z`],
      ['call.ringing', at(callStart + 1_000)],
      ['call.completed', at(callStart + 606_000)],
    ]);

  }, 60_000);

  it('a line out of order, back in time or in the future is refused naming its line, and nothing of the file is stored', async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'relay');
    const t = Date.now() - 10 * DAY;
    const outOfOrder = historyFile(dir, 'out-of-order.jsonl', [customer(t, 'a'), customer(t + 2_000, 'b'), customer(t + 1_000, 'c')]);
    let run = await importFile(dataDir, outOfOrder);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/was not imported \(nothing was stored\): line 3: receivedAt .* is before the previous line's/);
    expect(storedEvents(dataDir)).toEqual([]);

    const future = historyFile(dir, 'future.jsonl', [customer(t, 'a'), customer(Date.now() + 3_600_000, 'b')]);
    run = await importFile(dataDir, future);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/line 2: receivedAt .* is in the future .*RELAY_CONSOLE_EVENT_FUTURE_TOLERANCE_SECONDS/);
    expect(storedEvents(dataDir)).toEqual([]);

    run = await importFile(dataDir, historyFile(dir, 'first.jsonl', [customer(t, 'a')]));
    expect(run.code, run.stderr).toBe(0);
    run = await importFile(dataDir, historyFile(dir, 'earlier.jsonl', [customer(t - DAY, 'older')]));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/line 1: receivedAt .* is before the newest event already in the log/);

    run = await importFile(dataDir, historyFile(dir, 'bad.jsonl', [customer(t + 1_000, 'x'), { receivedAt: at(t + 2_000), provider: 'nobody', payload: {} }]));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/line 2: no provider named 'nobody'/);
    expect(storedEvents(dataDir)).toHaveLength(1);
  }, 60_000);

  it('events already in the log are skipped as duplicates and counted, so an import can be run again', async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'relay');
    const t = Date.now() - 5 * DAY;
    const file = historyFile(dir, 'history.jsonl', [customer(t, 'a'), customer(t + 1_000, 'b'), customer(t + 1_000, 'b')]);
    let run = await importFile(dataDir, file);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('3 lines, 2 events imported, 1 already in the log (skipped)');
    const longer = historyFile(dir, 'longer.jsonl', [customer(t, 'a'), customer(t + 1_000, 'b'), customer(t + 2_000, 'c')]);
    run = await importFile(dataDir, longer);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('3 lines, 1 events imported, 2 already in the log (skipped)');
    expect(storedEvents(dataDir)).toHaveLength(3);
  }, 60_000);

  it('is refused while the relay serves that data directory, saying to stop it first', async () => {
    const dir = tempDir();
    const relay = await startRelayProcess({ dataDir: path.join(dir, 'relay') });
    try {
      const run = await importFile(relay.dataDir, historyFile(dir, 'history.jsonl', [customer(Date.now() - DAY)]));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/the relay is running on this data directory \(pid \d+\): stop it, import, then start it again/);
    } finally {
      await relay.stop();
    }
    const run = await importFile(relay.dataDir, historyFile(dir, 'history.jsonl', [customer(Date.now() - DAY)]));
    expect(run.code, run.stderr).toBe(0);
  }, 60_000);

  it("events a console set aside after a restore are stored again as they were, received now; the relay's own facts and what the log has are left out", async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'relay');
    const t = Date.now() - 3 * DAY;
    expect((await importFile(dataDir, historyFile(dir, 'first.jsonl', [customer(t, 'customer-grace')]))).code).toBe(0);
    const [stored] = new Database(path.join(dataDir, 'relay.db'), { readonly: true }).prepare('SELECT event FROM events').pluck().all() as string[];
    const envelope = { v: EVENT_MODEL_VERSION, occurredAt: at(t + 60_000), receivedAt: at(t + 60_000), lines: [LINE] };
    const kept = [
      { seq: 1, event: JSON.parse(stored!) },
      { seq: 2, event: { ...envelope, id: 'EV-ring-kept', source: 'openphone', type: 'call.ringing', data: { callId: 'openphone:ACkept', direction: 'incoming', businessNumber: LINE, externalNumber: ADA, startedAt: at(t + 60_000) } } },
      { seq: 3, event: { ...envelope, id: 'alert:media:x:raised:1', source: 'relay', type: 'relay.alert', data: { alertId: 'media:x', state: 'raised', message: 'A recording could not be saved.' } } },
    ];
    // A customer erased since the relay was restored: the kept events never went through that erasure.
    const writable = new Database(path.join(dataDir, 'relay.db'));
    writable.prepare("INSERT INTO privacy_redactions (redaction_id, reason, request_id, customer_id, requested_at, requested_by, step, seqs_json, finished_at) VALUES ('erasure-1', 'erasure', 'r1', 'c-ada', ?, 'Back office', 'done', '[1]', ?)").run(new Date().toISOString(), new Date(Date.now() + 1000).toISOString());
    writable.close();
    const run = await importFile(dataDir, historyFile(dir, 'diverged-log-20261203T160000000Z.jsonl', kept));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('3 lines, 1 events imported, 1 already in the log (skipped)');
    expect(run.stdout).toContain('1 customers erased since the relay was restored (c-ada) are erased again when it starts');
    const queued = new Database(path.join(dataDir, 'relay.db'), { readonly: true }).prepare("SELECT customer_id, step, requested_by FROM privacy_redactions WHERE redaction_id <> 'erasure-1'").all();
    expect(queued).toEqual([{ customer_id: 'c-ada', step: 'rewrite', requested_by: 'History import' }]);
    const events = storedEvents(dataDir);
    expect(events.map((e) => e.type)).toEqual(['customer.upserted', 'call.ringing']);
    // Received at the import (the log's clock never goes back), placed in time by when it occurred.
    expect(Date.parse(events[1]!.receivedAt)).toBeGreaterThan(Date.now() - 60_000);

    const newer = historyFile(dir, 'newer.jsonl', [{ seq: 4, event: { ...envelope, id: 'EV-new', source: 'openphone', type: 'call.teleported', data: {} } }]);
    const refused = await importFile(dataDir, newer);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/line 1: the kept event \(seq 4\) is not one this relay reads \(update the relay, or leave the line out\)/);
  }, 60_000);
});


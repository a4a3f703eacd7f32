import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRelayCli } from '../../../tests/support/relay-process';
import { demoHistory } from './demo-history';
import { demoHistoryLines } from './demo-history-file';

const now = new Date();
const history = demoHistory({ line: '+16175550199', now, voicemailUrl: (callId) => `http://127.0.0.1:9/voicemails/${callId}.mp3` });
const lines = demoHistoryLines(history, { now });
const parsed = lines.map((line) => JSON.parse(line) as { receivedAt: string; provider?: string; event?: { type: string; occurredAt: string } });
const dir = mkdtempSync(path.join(tmpdir(), 'ringside-demo-history-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the demo history as a file for log import', () => {
  it('is in receivedAt order, nothing after now, with the customers and plans recorded before the first subscription', () => {
    const times = parsed.map((line) => Date.parse(line.receivedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime());
    expect(Math.min(...times)).toBeLessThan(now.getTime() - 120 * 86_400_000);
    const types = parsed.map((line) => line.event?.type ?? line.provider);
    expect(types.lastIndexOf('customer.upserted')).toBeLessThan(types.indexOf('subscription.started'));
    expect(parsed.filter((line) => line.provider === 'openphone')).toHaveLength(history.webhooks.length);
  });

  it('is imported whole by the relay’s `log import`, and a second time adds nothing', async () => {
    const file = path.join(dir, 'history.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const env = { RELAY_DATA_DIR: path.join(dir, 'relay'), OPENPHONE_WEBHOOK_SECRET: Buffer.alloc(32, 1).toString('base64') };
    const first = await runRelayCli(['log', 'import', file], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`${lines.length.toLocaleString('en-US')} lines, ${lines.length.toLocaleString('en-US')} events imported, 0 already in the log`);
    const again = await runRelayCli(['log', 'import', file], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`0 events imported, ${lines.length.toLocaleString('en-US')} already in the log`);
  }, 60_000);
});

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { runRelayCli, startRelayProcess } from '../../../tests/support/relay-process';
import { missedCallDelivery, postSigned } from '../../../relay/test/support/webhooks';
import type { ApiInput, ApiMethod, ApiOutputs } from '../../shared/api/contract';
import { dispatchApiCall } from '../api/dispatch';
import { createConsoleCore } from '../core/console-core';
import { MemorySettingsStore } from '../settings';

const root = mkdtempSync(path.join(tmpdir(), 'ringside-restored-relay-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const callers = (n: number, from: number) => Array.from({ length: n }, (_, i) => `+1617555${String(from + i).padStart(4, '0')}`);

it('a console that saw calls the restored relay no longer has sets them aside in a file, rebuilds from its copy up to the backup and downloads only what follows; the file imported into the relay brings them back to every console', async () => {
  const dataDir = path.join(root, 'relay-data');
  const backupDir = path.join(root, 'backups');
  const consoleDir = path.join(root, 'console');
  mkdirSync(consoleDir);
  // At info, the relay logs where each stream opened (checked below).
  const relay = await startRelayProcess({ dataDir, env: { RELAY_BACKUP_DIR: backupDir, RELAY_LOG_LEVEL: 'info' } });
  const token = await relay.addDevice('Front desk', 'admin');
  const core = createConsoleCore({ dbPath: path.join(consoleDir, 'ringside.db'), settings: new MemorySettingsStore({ relayUrl: relay.url, deviceToken: token }), backoff: { baseMs: 50, capMs: 300 } });
  const call = async <M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> => {
    const result = await dispatchApiCall(core.handlers, method, input);
    if (!result.ok) throw new Error(result.error);
    return result.value as ApiOutputs[M];
  };
  const shownNumbers = async () => (await call('calls.history', { limit: 50 })).map((row) => row.number).sort();
  try {
    await core.start();
    const kept = callers(3, 100);
    for (const caller of kept) await postSigned(relay, missedCallDelivery('+16175550199', caller).body);
    await vi.waitFor(async () => expect((await call('link.status', {})).appliedSeq).toBe(3), { timeout: 15_000 });
    const made = await runRelayCli(['backup', 'now'], { RELAY_DATA_DIR: dataDir, RELAY_BACKUP_DIR: backupDir, RELAY_LOG_LEVEL: 'warn' });
    expect(made.code, made.stderr).toBe(0);
    const lost = callers(2, 200);
    for (const caller of lost) await postSigned(relay, missedCallDelivery('+16175550199', caller).body);
    await vi.waitFor(async () => expect(await shownNumbers()).toEqual([...kept, ...lost].sort()), { timeout: 15_000 });

    // The VPS is lost; the relay comes back from the copy, and takes new calls under seqs 4 and 5.
    const firstUrl = relay.url;
    await relay.kill();
    const [copy] = readdirSync(backupDir).filter((name) => name.endsWith('.db'));
    const restored = await runRelayCli(['backup', 'restore', path.join(backupDir, copy!)], { RELAY_DATA_DIR: dataDir, RELAY_LOG_LEVEL: 'warn' });
    expect(restored.code, restored.stderr).toBe(0);
    await relay.restart();
    const after = callers(2, 300);
    for (const caller of after) await postSigned(relay, missedCallDelivery('+16175550199', caller).body);
    // restart() asks for the same port; if it was taken meanwhile the console is pointed at the new one.
    if (relay.url !== firstUrl) await call('settings.update', { relayUrl: relay.url, deviceToken: token });

    // The console shows exactly the relay's log: the three from before the copy and the two after it.
    await vi.waitFor(async () => expect(await shownNumbers()).toEqual([...kept, ...after].sort()), { timeout: 20_000 });
    expect((await call('link.status', {})).appliedSeq).toBe(5);
    // It kept its copy through seq 3 and rebuilt from it: the restored relay streamed it only what follows.
    const openings = relay
      .output()
      .split('\n')
      .filter((line) => line.includes('"stream opened"'))
      .map((line) => (JSON.parse(line) as { after: number }).after);
    expect(openings).toContain(3);
    expect(Math.min(...openings)).toBe(3);
    // What it showed and the relay lost is in a file beside its database.
    const [aside] = readdirSync(consoleDir).filter((name) => name.startsWith('diverged-log-'));
    const lines = readFileSync(path.join(consoleDir, aside!), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { seq: number; event: { data: { externalNumber: string } } });
    expect(lines.map((line) => line.seq)).toEqual([4, 5]);
    expect(lines.map((line) => line.event.data.externalNumber).sort()).toEqual(lost);
    // The status bar's tooltip says where they are.
    expect((await call('link.status', {})).setAside).toEqual({ events: 2, file: path.join(consoleDir, aside!) });

    // Whoever runs the relay puts them back: `log import` of that file (the relay stopped) stores them
    // again under new seqs, and every console, this one included, then has all seven calls.
    const urlBefore = relay.url;
    await relay.kill();
    const imported = await runRelayCli(['log', 'import', path.join(consoleDir, aside!)], { RELAY_DATA_DIR: dataDir, RELAY_LOG_LEVEL: 'warn' });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/2 events imported, 0 already in the log/);
    await relay.restart();
    if (relay.url !== urlBefore) await call('settings.update', { relayUrl: relay.url, deviceToken: token });
    await vi.waitFor(async () => expect(await shownNumbers()).toEqual([...kept, ...lost, ...after].sort()), { timeout: 20_000 });
    expect((await call('link.status', {})).appliedSeq).toBe(7);
  } finally {
    await core.stop();
    await relay.stop();
  }
}, 90_000);

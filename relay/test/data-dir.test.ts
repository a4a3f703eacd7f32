import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRelayCli } from '../../tests/support/relay-process';

/** An unusable RELAY_DATA_DIR gets one clear line and exit code 2, never a stack trace or a hang. */
describe('an unusable relay data directory', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ringside-data-dir-'));

  it('a file where the directory should be is named as the problem', async () => {
    const file = join(scratch, 'not-a-dir');
    writeFileSync(file, 'x');
    for (const dataDir of [file, join(file, 'below')]) {
      const run = await runRelayCli(['device', 'list'], { RELAY_DATA_DIR: dataDir });
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toBe(`ringside relay: RELAY_DATA_DIR ${dataDir} cannot be used: ${file} is a file, not a directory`);
    }
  });

  it('a path that cannot be created says so instead of hanging', async () => {
    const run = await runRelayCli(['device', 'list'], { RELAY_DATA_DIR: '/proc/ringside-nope/data' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ringside relay: RELAY_DATA_DIR \/proc\/ringside-nope\/data cannot be created \(\/proc\/ringside-nope: E[A-Z]+\)\n$/);
  });

  it('the device commands say which data directory they used', async () => {
    const dataDir = join(scratch, 'fresh', 'relay');
    const run = await runRelayCli(['device', 'list'], { RELAY_DATA_DIR: dataDir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`relay data directory: ${dataDir} (RELAY_DATA_DIR)`);
  });
});

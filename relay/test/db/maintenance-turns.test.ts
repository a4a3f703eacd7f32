import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAINTENANCE_FILE, MaintenanceTurns, takeMaintenanceTurn } from '../../src/db/maintenance-turns';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ringside-turns-'));
  dirs.push(dir);
  return dir;
}

/** Another process, alive until killed: the serving relay, as the CLI sees it. */
function anotherProcess() {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return { pid: child.pid!, exited: new Promise((resolve) => child.once('exit', resolve)), kill: () => child.kill('SIGKILL') };
}

describe('maintenance turns', () => {
  it("an erasure's scrub asked for during a backup's copy starts only once the copy is done, and a failed turn does not hold up the next", async () => {
    const turns = new MaintenanceTurns();
    const order: string[] = [];
    let finishCopy!: () => void;
    const copy = turns.run(async () => {
      order.push('copy starts');
      await new Promise<void>((resolve) => (finishCopy = resolve));
      order.push('copy done');
      throw new Error('disk full');
    });
    const scrub = turns.run(async () => {
      order.push('scrub');
      return 'scrubbed';
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(['copy starts']);
    finishCopy();
    await expect(copy).rejects.toThrow('disk full');
    await expect(scrub).resolves.toBe('scrubbed');
    expect(order).toEqual(['copy starts', 'copy done', 'scrub']);
  });

  it("a `backup now` from the CLI waits while the serving relay holds the turn, and goes once the relay lets go", async () => {
    const dir = dataDir();
    const relay = anotherProcess();
    try {
      writeFileSync(path.join(dir, MAINTENANCE_FILE), `${relay.pid}\n`);
      const waitedFor: number[] = [];
      let taken = false;
      const turn = takeMaintenanceTurn(dir, (pid) => waitedFor.push(pid), 20).then((release) => {
        taken = true;
        return release;
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(taken).toBe(false);
      expect(waitedFor).toEqual([relay.pid]);
      rmSync(path.join(dir, MAINTENANCE_FILE));
      const release = await turn;
      expect(existsSync(path.join(dir, MAINTENANCE_FILE))).toBe(true);
      release();
      expect(existsSync(path.join(dir, MAINTENANCE_FILE))).toBe(false);
    } finally {
      relay.kill();
      await relay.exited;
    }
  });

  it('a turn left by a process that died is taken over at once', async () => {
    const dir = dataDir();
    const gone = anotherProcess();
    gone.kill();
    await gone.exited;
    writeFileSync(path.join(dir, MAINTENANCE_FILE), `${gone.pid}\n`);
    const waitedFor: number[] = [];
    const release = await takeMaintenanceTurn(dir, (pid) => waitedFor.push(pid), 20);
    expect(waitedFor).toEqual([]);
    release();
  });

  it("the relay's own turns hold the file while they run (what a CLI copy waits on) and let go after", async () => {
    const dir = dataDir();
    const turns = new MaintenanceTurns(dir);
    let finishScrub!: () => void;
    const scrub = turns.run(async () => {
      expect(existsSync(path.join(dir, MAINTENANCE_FILE))).toBe(true);
      await new Promise<void>((resolve) => (finishScrub = resolve));
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(existsSync(path.join(dir, MAINTENANCE_FILE))).toBe(true);
    finishScrub();
    await scrub;
    expect(existsSync(path.join(dir, MAINTENANCE_FILE))).toBe(false);
  });
});

import { rmSync } from 'node:fs';
import path from 'node:path';
import { holdPidFile, livePidIn } from '../log-import/data-dir-lock';

/**
 * One long piece of database maintenance at a time: a backup's copy holds a read snapshot of
 * relay.db for as long as it runs, and an erasure's scrub (privacy/database-scrub.ts) needs every
 * reader gone to truncate the WAL; run side by side, the scrub would give up. Each takes its turn:
 * in this process by a chain, and with other processes on the same data directory (a
 * `backup now` from the CLI beside a serving relay) by `maintenance.pid` (takeMaintenanceTurn).
 */
export class MaintenanceTurns {
  private chain: Promise<unknown> = Promise.resolve();

  /** `dataDir`: where the turn is also taken across processes; null for one process only (tests). */
  constructor(private readonly dataDir: string | null = null) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    const exclusive = async (): Promise<T> => {
      if (this.dataDir === null) return work();
      const release = await takeMaintenanceTurn(this.dataDir);
      try {
        return await work();
      } finally {
        release();
      }
    };
    const turn = this.chain.then(exclusive, exclusive);
    this.chain = turn.catch(() => undefined);
    return turn;
  }
}

export const MAINTENANCE_FILE = 'maintenance.pid';

/**
 * Waits until no other live process holds `maintenance.pid` in `dataDir`, then holds it (created
 * exclusively, so two never both think it theirs); the returned function lets go. A file left by
 * a process that died is taken over. `onWaiting` is told once whom it waits for.
 */
export async function takeMaintenanceTurn(dataDir: string, onWaiting?: (pid: number) => void, pollMs = 250): Promise<() => void> {
  const file = path.join(dataDir, MAINTENANCE_FILE);
  let told = false;
  for (;;) {
    try {
      return holdPidFile(dataDir, MAINTENANCE_FILE, { exclusive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = livePidIn(dataDir, MAINTENANCE_FILE);
    if (holder === null) {
      // Its holder died (or it is this process's own, left by a turn that never let go).
      rmSync(file, { force: true });
      continue;
    }
    if (!told) onWaiting?.(holder);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

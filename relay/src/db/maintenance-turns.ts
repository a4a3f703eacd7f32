/**
 * One long piece of database maintenance at a time: a backup's copy holds a read snapshot of
 * relay.db for as long as it runs, and an erasure's scrub (privacy/database-scrub.ts) needs every
 * reader gone to truncate the WAL; run side by side, the scrub would give up. Each takes its turn.
 */
export class MaintenanceTurns {
  private chain: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.chain.then(work, work);
    this.chain = turn.catch(() => undefined);
    return turn;
  }
}

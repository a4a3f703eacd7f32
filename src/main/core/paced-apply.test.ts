import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../projection/apply-event';
import { createPacedApply, nextSliceSize, type SharedTransaction } from './paced-apply';

const entries = (from: number, to: number): LogEntry[] => Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i, event: null }));
/** Counts what the slices asked of the database's transaction. */
function recordedTransaction(): SharedTransaction & { log: string[] } {
  const log: string[] = [];
  let open = false;
  return {
    log,
    begin: () => {
      if (!open) log.push('begin');
      open = true;
    },
    commit: () => {
      if (open) log.push('commit');
      open = false;
    },
  };
}
const turn = () => new Promise((resolve) => setImmediate(resolve));
async function settle(done: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !done(); i++) await turn();
}

describe('paced apply', () => {
  it('applies a burst in order, a slice per event-loop turn, and lets other work run between slices', async () => {
    const applied: number[][] = [];
    const heldWhenTimersRan: number[] = [];
    const busyApply = (slice: LogEntry[]) => {
      const until = performance.now() + 2;
      while (performance.now() < until);
      applied.push(slice.map((e) => e.seq));
    };
    const paced = createPacedApply({ transaction: recordedTransaction(), apply: busyApply, pause: () => {}, resume: () => {}, onError: () => {}, sliceBudgetMs: 2 });
    paced.accept(entries(1, 3_000));
    const ticker = setInterval(() => heldWhenTimersRan.push(paced.held()), 0);
    await settle(() => paced.held() === 0);
    clearInterval(ticker);
    expect(applied.flat()).toEqual(entries(1, 3_000).map((e) => e.seq));
    expect(applied.length).toBeGreaterThan(1);
    expect(applied[0]!.length).toBeLessThanOrEqual(500);
    // Timers (an API call, a heartbeat) ran while the burst was still being applied.
    expect(heldWhenTimersRan.some((held) => held > 0)).toBe(true);
  });

  it('skips entries it already holds (a replay overlap after a reconnect)', async () => {
    const applied: number[] = [];
    const paced = createPacedApply({ transaction: recordedTransaction(), apply: (slice) => applied.push(...slice.map((e) => e.seq)), pause: () => {}, resume: () => {}, onError: () => {} });
    paced.accept(entries(1, 10));
    paced.accept(entries(5, 12));
    await settle(() => paced.held() === 0);
    expect(applied).toEqual(entries(1, 12).map((e) => e.seq));
  });

  it('pauses the stream above the high-water mark and resumes it once the backlog is low', async () => {
    const calls: string[] = [];
    const paced = createPacedApply({ transaction: recordedTransaction(), apply: () => {}, pause: () => calls.push('pause'), resume: () => calls.push('resume'), onError: () => {}, highWater: 1_000, lowWater: 200 });
    paced.accept(entries(1, 999));
    expect(calls).toEqual([]);
    paced.accept(entries(1_000, 1_500));
    expect(calls).toEqual(['pause']);
    await settle(() => paced.held() === 0);
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('after a slice fails, applies nothing that comes after it until the link has started over', async () => {
    const applied: number[] = [];
    const errors: unknown[] = [];
    let fail = true;
    const paced = createPacedApply({
      transaction: recordedTransaction(),
      apply: (slice) => {
        if (fail) throw new Error('disk full');
        applied.push(...slice.map((e) => e.seq));
      },
      pause: () => {},
      resume: () => {},
      onError: (error) => errors.push(error),
    });
    paced.accept(entries(1, 10));
    await settle(() => errors.length > 0);
    paced.accept(entries(11, 20));
    await settle(() => paced.held() === 0);
    expect(applied).toEqual([]);
    fail = false;
    paced.reset();
    paced.accept(entries(1, 20));
    await settle(() => paced.held() === 0);
    expect(applied).toEqual(entries(1, 20).map((e) => e.seq));
  });

  it('each slice commits in its own turn, so no transaction is left open between turns', async () => {
    const transaction = recordedTransaction();
    let slices = 0;
    // A budget so small that every slice is the smallest: many slices.
    const paced = createPacedApply({ transaction, apply: () => void (slices += 1), pause: () => {}, resume: () => {}, onError: () => {}, sliceBudgetMs: 0.000_1 });
    paced.accept(entries(1, 5_000));
    await settle(() => paced.held() === 0);
    expect(slices).toBeGreaterThan(10);
    expect(transaction.log.filter((step) => step === 'commit')).toHaveLength(slices);
    expect(transaction.log.filter((step) => step === 'begin')).toHaveLength(slices);
    expect(transaction.log.at(-1)).toBe('commit');
  });

  it('stops a slice once its budget is spent, however many events it was sized for', async () => {
    const slices: number[] = [];
    let inSlice = 0;
    const transaction: SharedTransaction = { begin: () => void (inSlice = 0), commit: () => void slices.push(inSlice) };
    // The first slice is sized for 500; events cost 1 ms each, so 500 would take half a second.
    const slowApply = (part: LogEntry[]) => {
      const until = performance.now() + part.length;
      while (performance.now() < until);
      inSlice += part.length;
    };
    const paced = createPacedApply({ transaction, apply: slowApply, pause: () => {}, resume: () => {}, onError: () => {}, sliceBudgetMs: 20 });
    paced.accept(entries(1, 600));
    await settle(() => paced.held() === 0);
    expect(slices[0]).toBeLessThan(500);
    expect(slices.reduce((sum, n) => sum + n, 0)).toBe(600);
  });

  it('checkpoints the log between slices, in a turn of its own and outside any transaction', async () => {
    const log: string[] = [];
    let open = false;
    let sameTurnAsCommit = false;
    const transaction: SharedTransaction = {
      begin: () => {
        open = true;
        log.push('begin');
      },
      commit: () => {
        open = false;
        log.push('commit');
        sameTurnAsCommit = true;
        setImmediate(() => (sameTurnAsCommit = false));
      },
      checkpoint: () => log.push(open ? 'checkpoint inside a transaction' : sameTurnAsCommit ? 'checkpoint in the turn of a slice' : 'checkpoint'),
    };
    const paced = createPacedApply({ transaction, apply: () => {}, pause: () => {}, resume: () => {}, onError: () => {}, sliceBudgetMs: 0.000_1 });
    paced.accept(entries(1, 2_000));
    await settle(() => paced.held() === 0);
    await turn();
    const checkpoints = log.filter((step) => step.startsWith('checkpoint'));
    expect(checkpoints.length).toBeGreaterThan(0);
    expect(new Set(checkpoints)).toEqual(new Set(['checkpoint']));
    expect(checkpoints.length).toBeLessThan(log.filter((step) => step === 'commit').length);
  });

  it('sizes slices to the time budget, changing at most fourfold at once', () => {
    expect(nextSliceSize(500, 10, 30)).toBe(1_500);
    expect(nextSliceSize(500, 1, 30)).toBe(2_000);
    expect(nextSliceSize(2_000, 120, 30)).toBe(500);
    expect(nextSliceSize(2_000, 1_000, 30)).toBe(500);
    expect(nextSliceSize(60, 1_000, 30)).toBe(50);
    expect(nextSliceSize(19_000, 1, 30)).toBe(20_000);
  });
});

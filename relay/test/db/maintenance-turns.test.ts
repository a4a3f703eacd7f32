import { describe, expect, it } from 'vitest';
import { MaintenanceTurns } from '../../src/db/maintenance-turns';

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
});

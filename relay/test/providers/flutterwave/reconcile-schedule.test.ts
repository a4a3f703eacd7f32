import { describe, expect, it } from 'vitest';
import { linksToLookUp } from '../../../src/providers/flutterwave/reconcile-schedule';

const P = 15 * 60_000;
const link = (ageMs: number, now: number) => ({ id: `made ${ageMs / 60_000} min ago`, createdAtMs: now - ageMs });

describe('when a recent payment link is looked up by reference', () => {
  const now = 1_000 * P;
  it('at 1, 4, 24, 96 and 192 periods of age: five look-ups for a link never paid', () => {
    const made = now;
    let looked = 0;
    let previous: number | null = made - 1;
    for (let at = made; at <= made + 300 * P; at += P / 3) {
      looked += linksToLookUp([{ createdAtMs: made }], previous, at, P).length;
      previous = at;
    }
    expect(looked).toBe(5);
  });
  it('after a restart, every link inside the window once, and none older or younger than a period', () => {
    const links = [link(P / 2, now), link(P, now), link(50 * P, now), link(193 * P, now), link(194 * P, now)];
    expect(linksToLookUp(links, null, now, P).map((l) => l.id)).toEqual(['made 15 min ago', 'made 750 min ago', 'made 2895 min ago']);
  });
});

import { describe, expect, it } from 'vitest';
import { decideStreamStart, parseAfter } from '../../src/stream/stream-start';

describe('where a stream starts', () => {
  it('reads after= as a seq; absent or empty is 0', () => {
    expect(parseAfter(null)).toBe(0);
    expect(parseAfter('')).toBe(0);
    expect(parseAfter('42')).toBe(42);
    for (const bad of ['-1', '1.5', '1e3', '+1', ' 1', '9999999999999999', 'x']) expect(parseAfter(bad)).toBeNull();
  });

  it('starts at or below the head', () => {
    expect(decideStreamStart('0', 0)).toEqual({ ok: true, after: 0 });
    expect(decideStreamStart('7', 7)).toEqual({ ok: true, after: 7 });
    expect(decideStreamStart(null, 7)).toEqual({ ok: true, after: 0 });
  });

  it('refuses an after beyond the head with 409, naming the head, rather than skipping seqs', () => {
    const start = decideStreamStart('8', 7);
    expect(start).toEqual({ ok: false, status: 409, error: expect.stringContaining('head 7') });
    expect(decideStreamStart('1', 0)).toMatchObject({ ok: false, status: 409 });
  });

  it('refuses a malformed after with 400', () => {
    expect(decideStreamStart('-1', 7)).toMatchObject({ ok: false, status: 400 });
  });
});

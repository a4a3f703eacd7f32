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
    expect(start).toEqual({ ok: false, status: 409, error: expect.stringContaining('head 7'), validThrough: 7 });
    expect(decideStreamStart('1', 0)).toMatchObject({ ok: false, status: 409 });
  });

  it('refuses a malformed after with 400', () => {
    expect(decideStreamStart('-1', 7)).toMatchObject({ ok: false, status: 400 });
  });

  describe('after a restore from a backup (epochs)', () => {
    // The log began in epoch A; restored from a copy ending at seq 120 (epoch B), then from one ending at 90 (epoch C).
    const epochs = [
      { epoch: 'a'.repeat(32), startsAfterSeq: 0 },
      { epoch: 'b'.repeat(32), startsAfterSeq: 120 },
      { epoch: 'c'.repeat(32), startsAfterSeq: 90 },
    ];

    it('a console of the first epoch at seq 150 agrees with the log up to 90 only, even though the head is past 150 again', () => {
      expect(decideStreamStart('150', 400, 'a'.repeat(32), epochs)).toMatchObject({ ok: false, status: 409, validThrough: 90, error: expect.stringContaining('ending at seq 90') });
    });

    it('a console behind every restore resumes where it was', () => {
      expect(decideStreamStart('85', 400, 'a'.repeat(32), epochs)).toEqual({ ok: true, after: 85 });
      expect(decideStreamStart('300', 400, 'c'.repeat(32), epochs)).toEqual({ ok: true, after: 300 });
    });

    it('a console of an epoch between them is held to the restores after its own', () => {
      expect(decideStreamStart('100', 400, 'b'.repeat(32), epochs)).toMatchObject({ ok: false, validThrough: 90 });
    });

    it("a console of some other log's epoch agrees with nothing; one that names none is judged by the head alone", () => {
      expect(decideStreamStart('5', 400, 'd'.repeat(32), epochs)).toMatchObject({ ok: false, status: 409, validThrough: 0 });
      expect(decideStreamStart('150', 400, null, epochs)).toEqual({ ok: true, after: 150 });
      // Past the head with no epoch: its copy agrees at most up to the earliest restore's start.
      expect(decideStreamStart('450', 400, null, epochs)).toMatchObject({ ok: false, status: 409, validThrough: 90 });
    });
  });
});

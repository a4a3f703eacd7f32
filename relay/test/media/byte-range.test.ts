import { describe, expect, it } from 'vitest';
import { decideRange } from '../../src/media/byte-range';

describe('a Range header', () => {
  it('asks for one span, an open end or the last bytes', () => {
    expect(decideRange('bytes=0-99', 1000)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(decideRange('bytes=900-', 1000)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(decideRange('bytes=900-5000', 1000)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(decideRange('bytes=-100', 1000)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(decideRange('bytes=-5000', 1000)).toEqual({ kind: 'partial', start: 0, end: 999 });
  });

  it('past the end (or of an empty file) cannot be satisfied: 416', () => {
    expect(decideRange('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=1000-1001', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('is ignored (the whole file is served) when absent, malformed, backwards, several ranges or another unit', () => {
    for (const header of [undefined, 'bytes=5-1', 'bytes=0-1,5-9', 'items=0-1', 'bytes=', 'bytes=-', 'bytes=a-b']) {
      expect(decideRange(header, 1000), String(header)).toEqual({ kind: 'full' });
    }
  });
});

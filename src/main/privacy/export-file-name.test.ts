import { describe, expect, it } from 'vitest';
import { exportFileName, nextFreeName } from './export-file-name';

describe('the name of a customer export', () => {
  it('is the customer’s name in plain letters and the local day', () => {
    expect(exportFileName('María López', new Date(2026, 11, 2, 9, 30))).toBe('Maria-Lopez-2026-12-02.zip');
    expect(exportFileName('  O’Brien & Sons / Plumbing ', new Date(2026, 0, 5))).toBe('O-Brien-Sons-Plumbing-2026-01-05.zip');
    expect(exportFileName('李', new Date(2026, 0, 5))).toBe('customer-2026-01-05.zip');
  });

  it('does not overwrite an export made the same day', () => {
    const taken = new Set(['Maria-Lopez-2026-12-02.zip', 'Maria-Lopez-2026-12-02-2.zip']);
    expect(nextFreeName('Maria-Lopez-2026-12-02.zip', (name) => taken.has(name))).toBe('Maria-Lopez-2026-12-02-3.zip');
    expect(nextFreeName('Ann-2026-12-02.zip', (name) => taken.has(name))).toBe('Ann-2026-12-02.zip');
  });
});

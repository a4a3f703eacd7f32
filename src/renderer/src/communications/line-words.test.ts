import { describe, expect, it } from 'vitest';
import { lineLabel } from './line-words';

describe('a business line as the Communications page names it', () => {
  it('puts its name beside its number, or shows the number alone', () => {
    expect(lineLabel('+16175550100', 'Front desk')).toBe('Front desk · +1 617 555 0100');
    expect(lineLabel('+16175550100', null)).toBe('+1 617 555 0100');
  });
});

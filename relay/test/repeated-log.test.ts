import { describe, expect, it } from 'vitest';
import type { Logger } from '../src/logger';
import { RepeatedLog, repeatedWarnings } from '../src/repeated-log';

function recording(): { logger: Logger; lines: { message: string; fields?: Record<string, unknown> }[] } {
  const lines: { message: string; fields?: Record<string, unknown> }[] = [];
  const push = (message: string, fields?: Record<string, unknown>) => lines.push({ message, fields });
  return { logger: { debug: push, info: push, warn: push, error: push }, lines };
}

describe('repeated warnings', () => {
  it('writes the first line of a kind, then its count once per period', () => {
    let now = 0;
    const { logger, lines } = recording();
    const warnings = new RepeatedLog(logger, {}, { periodMs: 60_000, clock: () => now });
    for (let i = 0; i < 500; i++) warnings.warn('webhook rejected', { remote: `203.0.113.${i % 250}` }, 'bad_signature', { reason: 'bad_signature' });
    expect(lines).toEqual([{ message: 'webhook rejected', fields: { remote: '203.0.113.0' } }]);
    now = 60_000;
    warnings.flushDue();
    expect(lines[1]).toEqual({ message: 'webhook rejected (repeated)', fields: { reason: 'bad_signature', repeats: 499 } });
    now = 120_000;
    warnings.flushDue();
    // Nothing repeated in that period: no line, and the kind is forgotten, so the next one is written again.
    expect(lines).toHaveLength(2);
    warnings.warn('webhook rejected', { remote: '198.51.100.1' }, 'bad_signature');
    expect(lines).toHaveLength(3);
  });

  it('groups a Logger’s warnings by the named fields, not by the others', () => {
    const { logger, lines } = recording();
    const warnings = new RepeatedLog(logger, {});
    const bounded = repeatedWarnings(logger, warnings, ['provider', 'reason']);
    for (let i = 0; i < 100; i++) bounded.warn('webhook rejected', { provider: 'openphone', reason: 'bad_signature', remote: `10.0.0.${i}` });
    bounded.warn('webhook rejected', { provider: 'openphone', reason: 'stale_signature', remote: '10.0.0.1' });
    bounded.error('append failed', { provider: 'openphone' });
    expect(lines.map((line) => line.message)).toEqual(['webhook rejected', 'webhook rejected', 'append failed']);
    warnings.flush();
    expect(lines[3]).toEqual({ message: 'webhook rejected (repeated)', fields: { provider: 'openphone', reason: 'bad_signature', repeats: 99 } });
  });
});

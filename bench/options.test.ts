import { describe, expect, it } from 'vitest';
import { FULL_SIZES, parseBenchOptions, QUICK_SIZES } from './options';

describe('bench command line', () => {
  it('runs every benchmark at full size by default', () => {
    expect(parseBenchOptions([])).toEqual({ benchmarks: ['ring-to-card', 'relay-ingest', 'catch-up', 'billing', 'quickbooks-push', 'message-to-thread', 'media-capture', 'openphone-import', 'vapi-assistant-request', 'extraction-accuracy', 'hang-up-to-job', 'relay-backup'], quick: false, sizes: FULL_SIZES });
  });

  it('runs only the named benchmarks, in their usual order', () => {
    expect(parseBenchOptions(['--only', 'catch-up,ring-to-card']).benchmarks).toEqual(['ring-to-card', 'catch-up']);
    expect(parseBenchOptions(['--only=relay-ingest']).benchmarks).toEqual(['relay-ingest']);
    expect(parseBenchOptions(['--only', 'quickbooks-push,billing']).benchmarks).toEqual(['billing', 'quickbooks-push']);
    expect(parseBenchOptions(['--only', 'media-capture,message-to-thread']).benchmarks).toEqual(['message-to-thread', 'media-capture']);
  });

  it('shrinks every size for a quick smoke run', () => {
    const { quick, sizes } = parseBenchOptions(['--quick']);
    expect(quick).toBe(true);
    expect(sizes).toBe(QUICK_SIZES);
    expect(sizes.pastCalls).toBeLessThan(FULL_SIZES.pastCalls);
  });

  it('names what is wrong with a bad command line', () => {
    expect(() => parseBenchOptions(['--only', 'ring-to-cards'])).toThrow(/no benchmark named ring-to-cards/);
    expect(() => parseBenchOptions(['--only'])).toThrow(/--only needs/);
    expect(() => parseBenchOptions(['--fast'])).toThrow(/unknown option --fast/);
  });
});

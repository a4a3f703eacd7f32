import { describe, expect, it } from 'vitest';
import { atLeast, atMost, figure, reported } from './figures';
import { formatResultsTable } from './results-table';

describe('benchmark figures and their verdicts', () => {
  it('a latency meets an "at most" target up to and including it', () => {
    expect(figure('p99', 15, 'ms', atMost(15)).verdict).toBe('met');
    expect(figure('p99', 15.01, 'ms', atMost(15)).verdict).toBe('missed');
  });

  it('a rate meets an "at least" target from it upwards', () => {
    expect(figure('rate', 4000, 'webhooks/s', atLeast(4000)).verdict).toBe('met');
    expect(figure('rate', 3999, 'webhooks/s', atLeast(4000)).verdict).toBe('missed');
  });

  it('a figure without a target has no verdict', () => {
    expect(figure('p50', 3, 'ms')).toEqual({ metric: 'p50', value: 3, unit: 'ms' });
  });

  it('prints each figure beside its target and verdict, the benchmark named once', () => {
    const table = formatResultsTable([
      { name: 'ring to card', setup: '', notes: [], figures: [figure('p50', 2.345, 'ms'), figure('p99', 12.5, 'ms', atMost(15))] },
      { name: 'catch-up', setup: '', notes: [], figures: [figure('rate', 18250.4, 'events/s', atLeast(20000))] },
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^BENCHMARK\s+METRIC\s+VALUE\s+TARGET\s+VERDICT$/);
    expect(lines[2]).toMatch(/^ring to card\s+p50\s+2\.35 ms$/);
    expect(lines[3]).toMatch(/^\s+p99\s+12\.5 ms\s+≤ 15\.0 ms\s+met$/);
    expect(lines[4]).toMatch(/^catch-up\s+rate\s+18,250 events\/s\s+≥ 20,000 events\/s\s+missed$/);
  });

  it('a figure measured without a target reads "reported" where the target would be, with no verdict', () => {
    const table = formatResultsTable([{ name: 'media capture', setup: '', notes: [], figures: [reported('throughput', 84.25, 'MB/s')] }]);
    expect(table.split('\n')[2]).toMatch(/^media capture\s+throughput\s+84\.3 MB\/s\s+reported$/);
  });
});

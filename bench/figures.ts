/** What a benchmark reports: named figures, some with a target and a verdict. */

export interface Target {
  /** "at most" for latencies and memory, "at least" for rates. */
  comparison: 'at_most' | 'at_least';
  value: number;
}

export type Verdict = 'met' | 'missed';

export interface Figure {
  metric: string;
  value: number;
  unit: string;
  target?: Target;
  verdict?: Verdict;
  /** No target was set for it (the issue asks only that it be measured): the table says "reported". */
  reported?: true;
}

export interface BenchmarkResult {
  name: string;
  /** What was measured, e.g. "1,000 rings against 100,000 customers / 1,000,000 calls". */
  setup: string;
  figures: Figure[];
  /** Breakdowns, explanations and suggestions, printed under the table. */
  notes: string[];
  /** Machine-readable extras (breakdowns, raw summaries) for the JSON file. */
  details?: Record<string, unknown>;
}

export function judge(value: number, target: Target): Verdict {
  const met = target.comparison === 'at_most' ? value <= target.value : value >= target.value;
  return met ? 'met' : 'missed';
}

/** A figure with its verdict filled in when it has a target. */
export function figure(metric: string, value: number, unit: string, target?: Target): Figure {
  return target === undefined ? { metric, value, unit } : { metric, value, unit, target, verdict: judge(value, target) };
}

/** A figure asked for without a target: printed with "reported" where a target would be. */
export function reported(metric: string, value: number, unit: string): Figure {
  return { metric, value, unit, reported: true };
}

export const atMost = (value: number): Target => ({ comparison: 'at_most', value });
export const atLeast = (value: number): Target => ({ comparison: 'at_least', value });

import type { BenchmarkResult, Figure, Target } from './figures';

/** The printed table: one row per figure, its target beside it and the verdict. */
export function formatResultsTable(results: readonly BenchmarkResult[]): string {
  const rows: string[][] = [['BENCHMARK', 'METRIC', 'VALUE', 'TARGET', 'VERDICT']];
  for (const result of results) {
    result.figures.forEach((f, index) => {
      rows.push([index === 0 ? result.name : '', f.metric, formatValue(f), f.target ? formatTarget(f.target, f.unit) : f.reported ? 'reported' : '', f.verdict ?? '']);
    });
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]): string =>
    row
      .map((cell, column) => (column === 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}

export function formatNumber(value: number, unit: string): string {
  const digits = unit === 'ms' ? (value < 10 ? 2 : 1) : Number.isInteger(value) ? 0 : value < 100 ? 1 : 0;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function formatValue(f: Figure): string {
  return `${formatNumber(f.value, f.unit)} ${f.unit}`;
}

function formatTarget(target: Target, unit: string): string {
  return `${target.comparison === 'at_most' ? '≤' : '≥'} ${formatNumber(target.value, unit)} ${unit}`;
}

import { useId, useRef } from 'react';
import { lineLabel } from './line-words';

/**
 * Choose one of the business lines seen so far (or all), by name where the line has one.
 * The list only grows while the page is open, so filtering by a line does not make the
 * others disappear from it.
 */
export function LineSelect({
  seen,
  value,
  onChange,
}: {
  seen: readonly { number: string; name: string | null }[];
  value: string | undefined;
  onChange(line: string | undefined): void;
}) {
  const id = useId();
  const lines = useRef(new Map<string, string | null>());
  for (const line of seen) lines.current.set(line.number, line.name ?? lines.current.get(line.number) ?? null);
  if (value && !lines.current.has(value)) lines.current.set(value, null);
  return (
    <div className="comms-filter">
      <label htmlFor={id}>Line</label>
      <select id={id} className="input" value={value ?? ''} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">All lines</option>
        {[...lines.current].sort(([a], [b]) => a.localeCompare(b)).map(([number, name]) => (
          <option key={number} value={number}>
            {lineLabel(number, name)}
          </option>
        ))}
      </select>
    </div>
  );
}

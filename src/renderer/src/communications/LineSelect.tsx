import { useId, useRef } from 'react';
import { formatPhone } from '../../../shared/phone';

/**
 * Choose one of the business lines seen so far (or all). The list only grows while
 * the page is open, so filtering by a line does not make the others disappear from it.
 */
export function LineSelect({ seen, value, onChange }: { seen: readonly string[]; value: string | undefined; onChange(line: string | undefined): void }) {
  const id = useId();
  const lines = useRef(new Set<string>());
  for (const line of seen) lines.current.add(line);
  if (value) lines.current.add(value);
  return (
    <div className="comms-filter">
      <label htmlFor={id}>Line</label>
      <select id={id} className="input" value={value ?? ''} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">All lines</option>
        {[...lines.current].sort().map((line) => (
          <option key={line} value={line}>
            {formatPhone(line)}
          </option>
        ))}
      </select>
    </div>
  );
}

import { heat, hourLabel, weekdayNames } from './dashboard-words';

const CELL_W = 28;
const CELL_H = 22;
const LEFT = 88;
const TOP = 18;

/**
 * Calls per weekday × hour, drawn as SVG cells (attributes only, so the CSP allows it);
 * the darker, the busier, and every cell says its count to a screen reader and on hover.
 */
export function CallHeatmap({ cells, timeZone }: { cells: number[][]; timeZone: string }) {
  const max = Math.max(0, ...cells.flat());
  const width = LEFT + 24 * CELL_W;
  const height = TOP + 7 * CELL_H;
  return (
    <svg className="heatmap" viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`Calls by weekday and hour (${timeZone})`} data-testid="heatmap">
      {Array.from({ length: 24 }, (_, hour) =>
        hour % 3 === 0 ? (
          <text key={`h${hour}`} x={LEFT + hour * CELL_W + 2} y={TOP - 6} fontSize="11" fill="#5b6270">
            {hourLabel(hour)}
          </text>
        ) : null,
      )}
      {weekdayNames.map((name, day) => (
        <g key={name}>
          <text x={LEFT - 8} y={TOP + day * CELL_H + CELL_H / 2 + 4} fontSize="12" textAnchor="end" fill="#1d2330">
            {name}
          </text>
          {Array.from({ length: 24 }, (_, hour) => {
            const calls = cells[day]?.[hour] ?? 0;
            const shade = heat(calls, max);
            return (
              <rect
                key={hour}
                x={LEFT + hour * CELL_W}
                y={TOP + day * CELL_H}
                width={CELL_W - 2}
                height={CELL_H - 2}
                rx="3"
                fill={calls === 0 ? '#f1f3f6' : '#2f5bd3'}
                fillOpacity={calls === 0 ? 1 : 0.15 + 0.85 * shade}
                data-testid="heatmap-cell"
                data-weekday={day}
                data-hour={hour}
                data-calls={calls}
              >
                <title>{`${name} ${hourLabel(hour)}–${hourLabel((hour + 1) % 24)}: ${calls} ${calls === 1 ? 'call' : 'calls'}`}</title>
              </rect>
            );
          })}
        </g>
      ))}
    </svg>
  );
}

import type { BurndownPoint } from '@conway/plugin-campaigns-common';
import { burndownLabelIndexes } from './burndownLabels';

const WIDTH = 640;
const HEIGHT = 220;
// Right padding leaves room for half of the last day's label.
const PAD = { left: 40, right: 24, top: 12, bottom: 28 };
/** A day label (`MM-DD` at 11px, about 31 units wide) plus a gap. */
const LABEL_SPACING = 44;

/**
 * The burndown as an SVG line chart: services left per day (solid) against
 * the straight line to the deadline (dashed).
 */
export function BurndownChart(props: { points: BurndownPoint[] }) {
  const { points } = props;
  if (points.length === 0) return null;
  const max = Math.max(
    1,
    ...points.map(p => Math.max(p.remaining ?? 0, p.ideal)),
  );
  const x = (i: number) =>
    PAD.left +
    (points.length === 1
      ? 0
      : (i * (WIDTH - PAD.left - PAD.right)) / (points.length - 1));
  const y = (v: number) =>
    PAD.top + (1 - v / max) * (HEIGHT - PAD.top - PAD.bottom);
  const line = (values: Array<number | undefined>) =>
    values
      .map((v, i) =>
        v === undefined ? undefined : `${x(i).toFixed(1)},${y(v).toFixed(1)}`,
      )
      .filter(Boolean)
      .join(' ');
  const actual = points.map(p => p.remaining);
  const lastActual = [...actual].reverse().find(v => v !== undefined);
  const ticks = [0, Math.round(max / 2), max].filter(
    (v, i, all) => all.indexOf(v) === i,
  );
  const labelled = new Set(
    burndownLabelIndexes(
      points.length,
      WIDTH - PAD.left - PAD.right,
      LABEL_SPACING,
    ),
  );
  return (
    <svg
      role="img"
      aria-label={`Burndown: ${
        lastActual ?? points.length
      } services left, ideal ${points[points.length - 1].ideal} by ${
        points[points.length - 1].date
      }`}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      style={{ maxWidth: WIDTH }}
    >
      {ticks.map(t => (
        <g key={t}>
          <line
            x1={PAD.left}
            x2={WIDTH - PAD.right}
            y1={y(t)}
            y2={y(t)}
            stroke="#e0e0e0"
          />
          <text
            x={PAD.left - 6}
            y={y(t) + 4}
            fontSize="11"
            textAnchor="end"
            fill="#616161"
          >
            {t}
          </text>
        </g>
      ))}
      {points.map((p, i) =>
        labelled.has(i) ? (
          <text
            key={p.date}
            x={x(i)}
            y={HEIGHT - 8}
            fontSize="11"
            textAnchor="middle"
            fill="#616161"
          >
            {p.date.slice(5)}
          </text>
        ) : null,
      )}
      <polyline
        data-testid="burndown-ideal"
        points={line(points.map(p => p.ideal))}
        fill="none"
        stroke="#9e9e9e"
        strokeDasharray="6 4"
        strokeWidth={2}
      />
      <polyline
        data-testid="burndown-actual"
        points={line(actual)}
        fill="none"
        stroke="#1565c0"
        strokeWidth={3}
      />
      {actual.map((v, i) =>
        v === undefined ? null : (
          <circle key={i} cx={x(i)} cy={y(v)} r={3} fill="#1565c0" />
        ),
      )}
    </svg>
  );
}

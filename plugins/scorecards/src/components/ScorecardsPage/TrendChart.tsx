import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ScorecardDistribution, DailyTrendPoint } from '@conway/plugin-scorecards-common';
import { LEVEL_COLOURS, percent } from '../common';

const WIDTH = 560;
const HEIGHT = 180;
const PAD = { left: 40, right: 12, top: 10, bottom: 28 };

/** The first day's label starts at its point, the last one ends at it; a single day is centred. */
function anchorOf(dayCount: number, index: number): 'middle' | 'start' | 'end' {
  if (dayCount === 1) return 'middle';
  return index === 0 ? 'start' : 'end';
}

/**
 * Pass rate of evaluated checks per day, one line per scorecard: a plain SVG
 * so that it renders the same in the portal and in a screenshot.
 */
export function TrendChart(props: {
  trends: DailyTrendPoint[];
  scorecards: Array<Pick<ScorecardDistribution, 'id' | 'title'>>;
}) {
  const days = [...new Set(props.trends.map(t => t.day))].sort();
  if (days.length === 0) {
    return (
      <Typography color="textSecondary">
        No runs yet: the trend starts with the first evaluation.
      </Typography>
    );
  }
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const xOf = (day: string) =>
    PAD.left +
    (days.length === 1 ? innerW / 2 : (days.indexOf(day) / (days.length - 1)) * innerW);
  const yOf = (rate: number) => PAD.top + (1 - rate) * innerH;
  return (
    <Box>
      <svg
        width="100%"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label="Pass rate per day"
      >
        {[0, 0.5, 1].map(v => (
          <g key={v}>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={yOf(v)}
              y2={yOf(v)}
              stroke="#ccc"
              strokeDasharray="3 3"
            />
            <text x={PAD.left - 6} y={yOf(v) + 4} fontSize={11} textAnchor="end" fill="currentColor">
              {percent(v)}
            </text>
          </g>
        ))}
        {[days[0], days[days.length - 1]].map((day, i) => (
          <text
            key={`${day}${i}`}
            x={xOf(day)}
            y={HEIGHT - 8}
            fontSize={11}
            textAnchor={anchorOf(days.length, i)}
            fill="currentColor"
          >
            {day}
          </text>
        ))}
        {props.scorecards.map((scorecard, i) => {
          const points = props.trends
            .filter(t => t.scorecardId === scorecard.id && t.passRate !== null)
            .sort((a, b) => a.day.localeCompare(b.day));
          const colour = LEVEL_COLOURS[(i + 3) % LEVEL_COLOURS.length];
          return (
            <g key={scorecard.id}>
              <polyline
                fill="none"
                stroke={colour}
                strokeWidth={2}
                points={points.map(p => `${xOf(p.day)},${yOf(p.passRate!)}`).join(' ')}
              />
              {points.map(p => (
                <circle key={p.day} cx={xOf(p.day)} cy={yOf(p.passRate!)} r={4} fill={colour}>
                  <title>
                    {scorecard.title} on {p.day}: {percent(p.passRate)} of checks pass,{' '}
                    {p.serviceCount} services
                  </title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
        {props.scorecards.map((scorecard, i) => (
          <Typography key={scorecard.id} variant="body2">
            <span style={{ color: LEVEL_COLOURS[(i + 3) % LEVEL_COLOURS.length] }}>■</span>{' '}
            {scorecard.title}
          </Typography>
        ))}
      </Box>
    </Box>
  );
}

import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ScorecardDistribution } from '@conway/plugin-scorecards-common';
import { levelColour, levelTitle, NO_LEVEL, percent } from '../common';

/**
 * One scorecard's level distribution: a stacked bar (highest level first)
 * with a legend of counts, and the pass rate of evaluated checks.
 */
export function LevelDistribution(props: { scorecard: ScorecardDistribution }) {
  const { levels, levelCounts, serviceCount, passRate } = props.scorecard;
  const order = [...levels.map(l => l.id)].reverse().concat(NO_LEVEL);
  const segments = order
    .map(id => ({ id, count: levelCounts[id] ?? 0 }))
    .filter(s => s.count > 0);
  let x = 0;
  return (
    <Box>
      <svg
        width="100%"
        height={28}
        viewBox={`0 0 ${Math.max(serviceCount, 1)} 1`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Level distribution of ${serviceCount} services`}
      >
        {segments.map(s => {
          const rect = (
            <rect
              key={s.id}
              x={x}
              y={0}
              width={s.count}
              height={1}
              fill={levelColour(levels, s.id === NO_LEVEL ? null : s.id)}
            >
              <title>
                {levelTitle(levels, s.id)}: {s.count}
              </title>
            </rect>
          );
          x += s.count;
          return rect;
        })}
      </svg>
      <Box display="flex" flexWrap="wrap" mt={1} style={{ gap: 16 }}>
        {order.map(id => (
          <Box key={id} display="flex" alignItems="center" style={{ gap: 6 }}>
            <span
              style={{
                width: 12,
                height: 12,
                display: 'inline-block',
                backgroundColor: levelColour(levels, id === NO_LEVEL ? null : id),
              }}
            />
            <Typography variant="body2">
              {levelTitle(levels, id)}: <strong>{levelCounts[id] ?? 0}</strong>
            </Typography>
          </Box>
        ))}
      </Box>
      <Typography variant="body2" color="textSecondary">
        {serviceCount} services · {percent(passRate)} of evaluated checks pass
      </Typography>
    </Box>
  );
}

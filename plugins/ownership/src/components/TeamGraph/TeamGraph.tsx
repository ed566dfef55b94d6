import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import { TeamPair, TeamReport } from '../../api/types';
import { scoreBand, shortRef } from '../common';
import { layoutTeamGraph } from './layout';

const useStyles = makeStyles((theme: Theme) => ({
  svg: { display: 'block', margin: '0 auto', width: '100%', height: 'auto' },
  label: { fontSize: 12, fill: theme.palette.text.primary },
  legend: { display: 'flex', gap: theme.spacing(3), flexWrap: 'wrap' },
}));

/**
 * The teams and how they depend on each other: through APIs (solid) or
 * directly on another team's components and resources (dashed). Arrows point
 * from the consuming team; thicker means more edges.
 */
export function TeamGraph(props: { teams: TeamReport[]; pairs: TeamPair[] }) {
  const classes = useStyles();
  const theme = useTheme<Theme>();
  const layout = useMemo(
    () => layoutTeamGraph(props.teams, props.pairs),
    [props.teams, props.pairs],
  );
  const colors = {
    interface: theme.palette.primary.main,
    coupling: theme.palette.error.main,
  };
  const fills = {
    good: theme.palette.success.light,
    fair: theme.palette.warning.light,
    poor: theme.palette.error.light,
  };

  if (layout.nodes.length === 0) {
    return <Typography>No teams in the catalog.</Typography>;
  }
  return (
    <>
      <svg
        className={classes.svg}
        style={{ maxWidth: layout.width }}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-label="Team dependency graph"
      >
        <defs>
          {(['interface', 'coupling'] as const).map(kind => (
            <marker
              key={kind}
              id={`ownership-arrow-${kind}`}
              viewBox="0 0 10 10"
              refX="8"
              refY="5"
              markerWidth="6"
              markerHeight="6"
              orient="auto-start-reverse"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" fill={colors[kind]} />
            </marker>
          ))}
        </defs>
        {layout.edges.map(edge => (
          <path
            key={edge.id}
            data-testid={`edge-${edge.kind}`}
            d={edge.path}
            fill="none"
            stroke={colors[edge.kind]}
            strokeWidth={1.2 + Math.log2(edge.count) * 1.2}
            strokeDasharray={edge.kind === 'coupling' ? '6 4' : undefined}
            markerEnd={`url(#ownership-arrow-${edge.kind})`}
            opacity={0.8}
          >
            <title>
              {`${shortRef(edge.from)} → ${shortRef(edge.to)}: ${edge.count} ${
                edge.kind === 'interface'
                  ? 'dependencies through APIs'
                  : 'direct dependencies (coupling)'
              }`}
            </title>
          </path>
        ))}
        {layout.nodes.map(node => (
          <g key={node.ref} data-testid="team-node">
            <circle
              cx={node.x}
              cy={node.y}
              r={layout.nodeRadius}
              fill={fills[scoreBand(node.score)]}
              stroke={theme.palette.text.secondary}
            >
              <title>{`${node.ref}: score ${node.score.toFixed(1)}`}</title>
            </circle>
            <text
              x={node.labelX}
              y={node.labelY}
              textAnchor={node.anchor}
              className={classes.label}
            >
              {node.label}
            </text>
          </g>
        ))}
      </svg>
      <Box className={classes.legend} mt={1}>
        <Typography variant="caption">
          <svg width="32" height="8">
            <line
              x1="0"
              y1="4"
              x2="32"
              y2="4"
              stroke={colors.interface}
              strokeWidth="2"
            />
          </svg>{' '}
          through an API (interface)
        </Typography>
        <Typography variant="caption">
          <svg width="32" height="8">
            <line
              x1="0"
              y1="4"
              x2="32"
              y2="4"
              stroke={colors.coupling}
              strokeWidth="2"
              strokeDasharray="6 4"
            />
          </svg>{' '}
          direct dependency (coupling)
        </Typography>
        <Typography variant="caption">
          Node colour: team score (green ≥ 80, orange ≥ 60, red below)
        </Typography>
      </Box>
    </>
  );
}

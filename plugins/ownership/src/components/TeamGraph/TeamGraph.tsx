import { MouseEvent, useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import { TeamPair, TeamReport } from '../../api/types';
import { scoreBand } from '../common';
import { layoutTeamGraph } from './layout';

const useStyles = makeStyles((theme: Theme) => ({
  svg: { display: 'block', margin: '0 auto', width: '100%', height: 'auto' },
  label: {
    fontSize: 14,
    fill: theme.palette.text.primary,
    fontWeight: 500,
  },
  node: {
    cursor: 'pointer',
    '&:hover circle, &:focus circle': {
      strokeWidth: 3,
      stroke: theme.palette.primary.main,
    },
    '&:hover text, &:focus text': { textDecoration: 'underline' },
    outline: 'none',
  },
  count: { fontSize: 12, fontWeight: 700, fill: theme.palette.common.white },
  legend: { display: 'flex', gap: theme.spacing(3), flexWrap: 'wrap' },
}));

const KIND_TEXT = {
  interface: 'through APIs',
  coupling: 'direct dependencies (coupling)',
};

/**
 * The teams and how they depend on each other: through APIs (solid) or
 * directly on another team's components and resources (dashed). Arrows point
 * from the consuming team; the number on an edge is how many relations it
 * stands for. Teams are shown by display name (ref in the tooltip); clicking
 * one opens its page.
 */
export function TeamGraph(props: {
  teams: TeamReport[];
  pairs: TeamPair[];
  /** Fill the space (the full-screen dialog) instead of the layout's own size. */
  fill?: boolean;
}) {
  const classes = useStyles();
  const theme = useTheme<Theme>();
  const navigate = useNavigate();
  const entityLink = useEntityRefLink();
  const layout = useMemo(
    () => layoutTeamGraph(props.teams, props.pairs),
    [props.teams, props.pairs],
  );
  const names = useMemo(
    () => new Map(layout.nodes.map(n => [n.ref, n.label])),
    [layout],
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
        style={
          props.fill
            ? { maxWidth: '100%', maxHeight: 'calc(100vh - 160px)' }
            : { maxWidth: layout.width }
        }
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
            strokeWidth={1.5 + Math.log2(edge.count) * 1.2}
            strokeDasharray={edge.kind === 'coupling' ? '6 4' : undefined}
            markerEnd={`url(#ownership-arrow-${edge.kind})`}
            opacity={0.75}
          >
            <title>
              {`${names.get(edge.from)} → ${names.get(edge.to)}: ${
                edge.count
              } ${KIND_TEXT[edge.kind]}`}
            </title>
          </path>
        ))}
        {layout.edges.map(edge => (
          <g key={`count-${edge.id}`} data-testid="edge-count">
            <circle
              cx={edge.labelX}
              cy={edge.labelY}
              r={9}
              fill={colors[edge.kind]}
            />
            <text
              x={edge.labelX}
              y={edge.labelY + 4}
              textAnchor="middle"
              className={classes.count}
            >
              {edge.count}
            </text>
            <title>
              {`${names.get(edge.from)} → ${names.get(edge.to)}: ${
                edge.count
              } ${KIND_TEXT[edge.kind]}`}
            </title>
          </g>
        ))}
        {layout.nodes.map(node => {
          const href = entityLink(node.ref);
          return (
            <a
              key={node.ref}
              href={href}
              data-testid="team-node"
              className={classes.node}
              aria-label={node.label}
              onClick={(e: MouseEvent) => {
                if (e.metaKey || e.ctrlKey || e.shiftKey) return;
                e.preventDefault();
                navigate(href);
              }}
            >
              <title>{`${node.label} (${node.ref}), score ${
                node.score === null ? 'no data' : node.score.toFixed(1)
              }: open the team's page`}</title>
              <circle
                cx={node.x}
                cy={node.y}
                r={layout.nodeRadius}
                fill={
                  node.score === null
                    ? theme.palette.background.default
                    : fills[scoreBand(node.score)]
                }
                stroke={theme.palette.text.secondary}
              />
              <text
                x={node.labelX}
                y={node.labelY}
                textAnchor={node.anchor}
                className={classes.label}
              >
                {node.label}
              </text>
            </a>
          );
        })}
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
          Number on an edge: how many dependencies it stands for; arrows point
          from the team that depends
        </Typography>
        <Typography variant="caption">
          Node colour: team score (green ≥ 80, orange ≥ 60, red below). Click a
          team to open its page.
        </Typography>
      </Box>
    </>
  );
}

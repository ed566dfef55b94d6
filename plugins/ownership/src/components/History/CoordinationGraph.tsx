import { MouseEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import { CoordinationPair } from '../../api/types';
import { curve, placeOnCircle } from '../TeamGraph/layout';
import { HistoryEntity, plural, useHistoryName } from './historyNames';

/** More edges than this make the circle a tangle: the strongest are drawn, all are listed. */
export const MAX_DRAWN_PAIRS = 40;

const useStyles = makeStyles((theme: Theme) => ({
  svg: { display: 'block', margin: '0 auto', width: '100%', height: 'auto' },
  label: { fontSize: 14, fill: theme.palette.text.primary, fontWeight: 500 },
  node: {
    cursor: 'pointer',
    outline: 'none',
    '&:hover circle, &:focus circle': {
      strokeWidth: 3,
      stroke: theme.palette.primary.main,
    },
    '&:hover text, &:focus text': { textDecoration: 'underline' },
  },
  count: { fontSize: 12, fontWeight: 700, fill: theme.palette.common.white },
}));

export function layoutCoordination(
  pairs: CoordinationPair[],
  name: (ref: string) => string,
) {
  const drawn = pairs.slice(0, MAX_DRAWN_PAIRS);
  const refs = [...new Set(drawn.flatMap(p => [p.teamA, p.teamB]))].sort(
    (a, b) => name(a).localeCompare(name(b)),
  );
  const circle = placeOnCircle(refs.map(name));
  const nodes = refs.map((ref, i) => ({
    ref,
    label: name(ref),
    ...circle.positions[i],
  }));
  const at = new Map(nodes.map(n => [n.ref, n]));
  const edges = drawn.map(p => ({
    pair: p,
    ...curve(at.get(p.teamA)!, at.get(p.teamB)!, 18),
  }));
  return { ...circle, nodes, edges };
}

/**
 * Teams as nodes, an edge for every two teams that changed the same
 * components in the same ISO weeks, as thick as the weeks are many; red from
 * the weeks at which they need to coordinate. Below, every pair with its
 * components.
 */
export function CoordinationGraph(props: {
  pairs: CoordinationPair[];
  /** `coordinationMinWeeks` of the analysis. */
  minWeeks: number;
}) {
  const { pairs, minWeeks } = props;
  const classes = useStyles();
  const theme = useTheme<Theme>();
  const navigate = useNavigate();
  const entityLink = useEntityRefLink();
  const name = useHistoryName();
  const layout = layoutCoordination(pairs, name);
  if (pairs.length === 0) {
    return (
      <Typography variant="body2" data-testid="no-coordination">
        No two teams changed the same component in the same week.
      </Typography>
    );
  }
  const strong = pairs.filter(p => p.weeks >= minWeeks);
  const color = (p: CoordinationPair) =>
    p.weeks >= minWeeks
      ? theme.palette.error.main
      : theme.palette.text.secondary;
  const pairText = (p: CoordinationPair) =>
    `${name(p.teamA)} and ${name(p.teamB)}: ${plural(
      p.weeks,
      'week',
    )} together (${p.components
      .map(c => `${name(c.entityRef)} ${plural(c.weeks, 'week')}`)
      .join(', ')})`;
  return (
    <>
      <Typography variant="body2" paragraph data-testid="coordination-summary">
        {plural(pairs.length, 'pair')} of teams changed the same components in
        the same weeks; {strong.length} of them in {minWeeks} weeks or more,
        often enough to need coordination.
        {pairs.length > MAX_DRAWN_PAIRS &&
          ` The ${MAX_DRAWN_PAIRS} with the most weeks are drawn.`}
      </Typography>
      <svg
        className={classes.svg}
        style={{ maxWidth: layout.width }}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-label="Team coordination graph"
      >
        {layout.edges.map(({ pair, path, labelX, labelY }) => (
          <g
            key={`${pair.teamA}|${pair.teamB}`}
            data-testid="coordination-edge"
          >
            <path
              d={path}
              fill="none"
              stroke={color(pair)}
              strokeWidth={1 + Math.log2(1 + pair.weeks) * 1.5}
              opacity={0.7}
            />
            <circle cx={labelX} cy={labelY} r={10} fill={color(pair)} />
            <text
              x={labelX}
              y={labelY + 4}
              textAnchor="middle"
              className={classes.count}
            >
              {pair.weeks}
            </text>
            <title>{pairText(pair)}</title>
          </g>
        ))}
        {layout.nodes.map(node => {
          const href = entityLink(node.ref);
          return (
            <a
              key={node.ref}
              href={href}
              data-testid="coordination-team"
              className={classes.node}
              aria-label={node.label}
              onClick={(e: MouseEvent) => {
                if (e.metaKey || e.ctrlKey || e.shiftKey) return;
                e.preventDefault();
                navigate(href);
              }}
            >
              <title>{`${node.label}: open the team's page`}</title>
              <circle
                cx={node.x}
                cy={node.y}
                r={layout.nodeRadius}
                fill={theme.palette.background.default}
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
      <Typography variant="caption" color="textSecondary" component="div">
        Number on an edge: weeks in which both teams changed the same component
        (summed over components). Red: {minWeeks} weeks or more. Click a team to
        open its page.
      </Typography>
      <Box mt={1} component="ul" data-testid="coordination-pairs">
        {pairs.slice(0, 10).map(p => (
          <li key={`${p.teamA}|${p.teamB}`}>
            <Typography variant="body2" component="span">
              <HistoryEntity entityRef={p.teamA} /> and{' '}
              <HistoryEntity entityRef={p.teamB} />: {plural(p.weeks, 'week')}{' '}
              together in{' '}
              {p.components.map((c, i) => (
                <span key={c.entityRef}>
                  {i > 0 && ', '}
                  <HistoryEntity entityRef={c.entityRef} /> (
                  {plural(c.weeks, 'week')})
                </span>
              ))}
            </Typography>
          </li>
        ))}
        {pairs.length > 10 && (
          <li>
            <Typography variant="body2" color="textSecondary">
              and {plural(pairs.length - 10, 'more pair')}
            </Typography>
          </li>
        )}
      </Box>
    </>
  );
}

import { useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { TeamPair, TeamReport } from '../../api/types';
import { EntityName, refName } from '../common/names';
import { treeOrder } from '../common/treeOrder';

const useStyles = makeStyles((theme: Theme) => ({
  wrap: { overflowX: 'auto' },
  head: {
    verticalAlign: 'bottom',
    padding: theme.spacing(1, 0.5),
    '& > div': {
      writingMode: 'vertical-rl',
      transform: 'rotate(180deg)',
      whiteSpace: 'nowrap',
      maxHeight: 180,
    },
  },
  rowHead: { whiteSpace: 'nowrap' },
  cell: {
    textAlign: 'center',
    padding: theme.spacing(0.5),
    borderLeft: `1px solid ${theme.palette.divider}`,
    minWidth: 44,
  },
  self: { background: theme.palette.action.hover },
  interface: { color: theme.palette.primary.main, fontWeight: 700 },
  coupling: { color: theme.palette.error.main, fontWeight: 700 },
}));

/** Teams that depend on or are depended on by another team, in tree order. */
export function matrixTeams(
  teams: TeamReport[],
  pairs: TeamPair[],
): TeamReport[] {
  const involved = new Set(pairs.flatMap(p => [p.from, p.to]));
  return treeOrder(teams).filter(t => involved.has(t.ref));
}

/**
 * Teams × teams: a row per depending team, a column per team it depends on;
 * each cell has the number of dependencies through APIs and, in red, the
 * direct ones. Readable for any number of teams, unlike the graph.
 */
export function DependencyMatrix(props: {
  teams: TeamReport[];
  pairs: TeamPair[];
}) {
  const classes = useStyles();
  const teams = useMemo(
    () => matrixTeams(props.teams, props.pairs),
    [props.teams, props.pairs],
  );
  const byPair = useMemo(
    () => new Map(props.pairs.map(p => [`${p.from}→${p.to}`, p])),
    [props.pairs],
  );
  const label = (t: TeamReport) => t.title ?? t.name;
  const shown = new Set(teams.map(t => t.ref));
  const without = treeOrder(props.teams).filter(
    t => t.isTeam && !shown.has(t.ref),
  );

  if (teams.length === 0) {
    return <Typography>No team depends on another team.</Typography>;
  }
  return (
    <Box className={classes.wrap}>
      <Table size="small" aria-label="Team dependency matrix">
        <TableHead>
          <TableRow>
            <TableCell className={classes.head}>
              <Typography variant="caption" color="textSecondary">
                Team ↓ depends on →
              </Typography>
            </TableCell>
            {teams.map(t => (
              <TableCell
                key={t.ref}
                className={classes.head}
                data-testid="matrix-column"
              >
                <div>
                  <EntityName entityRef={t.ref} />
                </div>
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {teams.map(from => (
            <TableRow key={from.ref} hover>
              <TableCell component="th" scope="row" className={classes.rowHead}>
                <EntityName entityRef={from.ref} />
              </TableCell>
              {teams.map(to => {
                const pair = byPair.get(`${from.ref}→${to.ref}`);
                if (from.ref === to.ref) {
                  return (
                    <TableCell
                      key={to.ref}
                      className={`${classes.cell} ${classes.self}`}
                    />
                  );
                }
                if (!pair) {
                  return <TableCell key={to.ref} className={classes.cell} />;
                }
                const edges = pair.edges
                  .map(
                    e =>
                      `${refName(e.fromRef)} → ${refName(e.toRef)} (${
                        e.kind === 'interface' ? 'API' : 'direct'
                      })`,
                  )
                  .join('; ');
                return (
                  <Tooltip
                    key={to.ref}
                    title={`${label(from)} → ${label(to)}: ${edges}`}
                  >
                    <TableCell
                      className={classes.cell}
                      data-testid="matrix-cell"
                      aria-label={`${label(from)} depends on ${label(to)}: ${
                        pair.interfaceEdges
                      } through APIs, ${pair.couplingEdges} direct`}
                    >
                      {pair.interfaceEdges > 0 && (
                        <span className={classes.interface}>
                          {pair.interfaceEdges}
                        </span>
                      )}
                      {pair.interfaceEdges > 0 &&
                        pair.couplingEdges > 0 &&
                        ' · '}
                      {pair.couplingEdges > 0 && (
                        <span className={classes.coupling}>
                          {pair.couplingEdges}
                        </span>
                      )}
                    </TableCell>
                  </Tooltip>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Box mt={1}>
        <Typography variant="caption">
          <span className={classes.interface}>Blue</span>: dependencies through
          an API (interface). <span className={classes.coupling}>Red</span>:
          direct dependencies on another team's component or resource
          (coupling). Hover a cell for the entities.
        </Typography>
        {without.length > 0 && (
          <Typography variant="caption" component="div">
            Teams without dependencies between teams:{' '}
            {without.map(label).join(', ')}.
          </Typography>
        )}
      </Box>
    </Box>
  );
}

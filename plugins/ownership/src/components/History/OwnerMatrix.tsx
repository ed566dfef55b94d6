import { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import ButtonBase from '@material-ui/core/ButtonBase';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { ComponentHistoryReport } from '../../api/types';
import { HistoryEntity, share, useHistoryName } from './historyNames';

const useStyles = makeStyles((theme: Theme) => ({
  wrap: { overflowX: 'auto' },
  head: {
    verticalAlign: 'bottom',
    padding: theme.spacing(1, 0.5),
    '& > div': {
      writingMode: 'vertical-rl',
      transform: 'rotate(180deg)',
      whiteSpace: 'nowrap',
      maxHeight: 200,
    },
  },
  rowHead: { whiteSpace: 'nowrap' },
  cell: {
    textAlign: 'center',
    padding: 0,
    borderLeft: `1px solid ${theme.palette.divider}`,
    minWidth: 44,
  },
  button: { width: '100%', padding: theme.spacing(0.75), fontWeight: 700 },
  match: { background: theme.palette.success.light, color: '#000' },
  mismatch: { background: theme.palette.warning.light, color: '#000' },
  neutral: {},
  selected: { outline: `2px solid ${theme.palette.primary.main}` },
}));

/** Column of components no catalog team changed in the window. */
const NO_TEAM = '~no-team';
/** Row of components without a declared owner. */
const NO_OWNER = '~no-owner';

interface Cell {
  row: string;
  column: string;
  components: ComponentHistoryReport[];
}

/** Declared owner → actual main team → components; refs in first-seen order. */
export function ownerMatrix(components: ComponentHistoryReport[]) {
  const cells = new Map<string, Cell>();
  const rows = new Set<string>();
  const columns = new Set<string>();
  for (const c of components) {
    const row = c.declaredOwnerRef ?? NO_OWNER;
    const column = c.actualTeamRef ?? NO_TEAM;
    rows.add(row);
    columns.add(column);
    const key = `${row}\n${column}`;
    const cell = cells.get(key) ?? { row, column, components: [] };
    cell.components.push(c);
    cells.set(key, cell);
  }
  return { rows: [...rows], columns: [...columns], cells };
}

/**
 * Declared owner (rows) against the team that actually changes a component
 * most (columns), counting components. Off the diagonal the team doing the
 * work is not the one the catalog names; hovering a cell names its
 * components, clicking lists them with links and shares.
 */
export function OwnerMatrix(props: {
  components: ComponentHistoryReport[];
  windowText: string;
}) {
  const classes = useStyles();
  const name = useHistoryName();
  const [selected, setSelected] = useState<string>();
  const { rows, columns, cells } = useMemo(
    () => ownerMatrix(props.components),
    [props.components],
  );
  const label = (ref: string) => {
    if (ref === NO_OWNER) return 'no declared owner';
    if (ref === NO_TEAM) return 'no catalog team';
    return name(ref);
  };
  const byName = (a: string, b: string) =>
    // The special rows and columns go last.
    Number(a.startsWith('~')) - Number(b.startsWith('~')) ||
    label(a).localeCompare(label(b));
  const sortedRows = [...rows].sort(byName);
  // Columns: the declared owners' own columns first, so the diagonal reads top-left to bottom-right.
  const sortedColumns = [...columns].sort(
    (a, b) =>
      (sortedRows.indexOf(a) + 1 || 1e6) - (sortedRows.indexOf(b) + 1 || 1e6) ||
      byName(a, b),
  );
  const offDiagonal = props.components.filter(
    c => c.actualTeamRef && c.actualTeamRef !== c.declaredOwnerRef,
  ).length;
  const cell = selected ? cells.get(selected) : undefined;

  return (
    <>
      <Typography variant="body2" paragraph data-testid="owner-matrix-summary">
        {offDiagonal} of {props.components.length} mined components were changed
        most by a team other than their declared owner in the last{' '}
        {props.windowText}.
      </Typography>
      <Box className={classes.wrap}>
        <Table
          size="small"
          style={{ width: 'auto' }}
          aria-label="Declared owner against the team that changes it most"
        >
          <TableHead>
            <TableRow>
              <TableCell className={classes.head}>
                <Typography variant="caption">
                  declared owner ↓ / changed most by →
                </Typography>
              </TableCell>
              {sortedColumns.map(c => (
                <TableCell key={c} className={classes.head} title={c}>
                  <div>{label(c)}</div>
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {sortedRows.map(row => (
              <TableRow key={row}>
                <TableCell
                  component="th"
                  scope="row"
                  className={classes.rowHead}
                >
                  {row === NO_OWNER ? (
                    label(row)
                  ) : (
                    <HistoryEntity entityRef={row} />
                  )}
                </TableCell>
                {sortedColumns.map(column => {
                  const key = `${row}\n${column}`;
                  const here = cells.get(key);
                  if (!here) {
                    return <TableCell key={column} className={classes.cell} />;
                  }
                  let kind: 'match' | 'mismatch' | 'neutral' = 'mismatch';
                  if (row === column) kind = 'match';
                  else if (column === NO_TEAM) kind = 'neutral';
                  const names = here.components
                    .map(c => name(c.entityRef))
                    .join(', ');
                  return (
                    <TableCell
                      key={column}
                      className={`${classes.cell} ${classes[kind]} ${
                        selected === key ? classes.selected : ''
                      }`}
                      data-testid={`matrix-${kind}`}
                    >
                      <Tooltip title={names}>
                        <ButtonBase
                          className={classes.button}
                          aria-label={`${
                            here.components.length
                          } declared ${label(row)}, changed most by ${label(
                            column,
                          )}: ${names}`}
                          onClick={() =>
                            setSelected(selected === key ? undefined : key)
                          }
                        >
                          {here.components.length}
                        </ButtonBase>
                      </Tooltip>
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
      <Typography variant="caption" color="textSecondary" component="div">
        Green: the declared owner changes it most. Orange: another team (or a
        team under the declared one) does most of the work. No colour: no
        catalog team changed it in the window. Hover a number for the
        components, click it to list them.
      </Typography>
      {cell && (
        <Box mt={2} data-testid="matrix-cell-components">
          <Typography variant="subtitle2">
            Declared {label(cell.row)}, changed most by {label(cell.column)}
          </Typography>
          <ul style={{ margin: 0 }}>
            {cell.components.map(c => (
              <li key={c.entityRef}>
                <HistoryEntity entityRef={c.entityRef} />{' '}
                <Typography
                  variant="body2"
                  component="span"
                  color="textSecondary"
                >
                  {componentSharesText(c, label)}
                </Typography>
              </li>
            ))}
          </ul>
        </Box>
      )}
    </>
  );
}

/** `Payments 70 %, Checkout 20 %, 14 commits` — or why there is nothing to share. */
export function componentSharesText(
  c: ComponentHistoryReport,
  label: (ref: string) => string,
): string {
  if (c.commits === 0) return 'no changes in the window';
  const teams = c.teamShares
    .slice(0, 3)
    .map(
      t =>
        `${t.teamRef ? label(t.teamRef) : 'authors without a team'} ${share(
          t.share,
        )}`,
    );
  return `${teams.join(', ')}; ${c.commits} ${
    c.commits === 1 ? 'commit' : 'commits'
  }`;
}

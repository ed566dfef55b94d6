import {
  explainScore,
  ScoreCounts,
  ScoreScope,
} from '@conway/plugin-ownership-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';

const useStyles = makeStyles((theme: Theme) => ({
  formula: {
    fontFamily: 'monospace',
    fontSize: '0.85rem',
    background: theme.palette.background.default,
    padding: theme.spacing(0.5, 1),
    borderRadius: 4,
    display: 'inline-block',
  },
  noData: { fontStyle: 'italic' },
  cell: { verticalAlign: 'top' },
  number: { verticalAlign: 'top', whiteSpace: 'nowrap' },
  term: { verticalAlign: 'top', minWidth: 160 },
  head: { whiteSpace: 'nowrap' },
}));

function pct(value: number): string {
  return `${(Math.round(value * 1000) / 10).toFixed(1)} %`;
}

/**
 * An alignment score explained where it is shown: the formula with the
 * values filled in, then per term its value, the counts behind it, the
 * points it adds, "no data" where it has none, and what moves it.
 */
export function ScoreExplanation(props: {
  counts: ScoreCounts;
  scope: ScoreScope;
  /** Hide "what moves it" (e.g. where the page already says it once). */
  compact?: boolean;
}) {
  const classes = useStyles();
  const e = explainScore(props.counts, props.scope);
  return (
    <Box data-testid={`score-explanation-${props.scope}`}>
      <Typography variant="body2" component="div">
        Score = <span className={classes.formula}>{e.formula}</span>
      </Typography>
      <Table size="small" aria-label="Score terms">
        <TableHead>
          <TableRow>
            <TableCell className={classes.head}>Term (weight)</TableCell>
            <TableCell className={classes.head} align="right">
              Value
            </TableCell>
            <TableCell className={classes.head} align="right">
              Points
            </TableCell>
            <TableCell>
              Counted from{props.compact ? '' : ' · what moves it'}
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {e.terms.map(t => (
            <TableRow key={t.key}>
              <TableCell className={classes.term}>
                {t.label} ({Math.round(t.weight * 100)} %)
              </TableCell>
              <TableCell className={classes.number} align="right">
                {t.value === null ? 'no data' : pct(t.value)}
              </TableCell>
              <TableCell className={classes.number} align="right">
                {t.points.toFixed(1)} of {t.maxPoints.toFixed(0)}
              </TableCell>
              <TableCell className={classes.cell}>
                <Typography
                  variant="body2"
                  className={t.noData ? classes.noData : undefined}
                >
                  {t.noData ?? t.fraction}
                </Typography>
                {!props.compact && (
                  <Typography variant="caption" color="textSecondary">
                    {t.moves}
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

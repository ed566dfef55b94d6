import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme, useTheme } from '@material-ui/core/styles';
import { TeamShare } from '../../api/types';
import { HistoryEntity, share, useHistoryName } from './historyNames';

/** Distinguishable on light and dark themes alike. */
const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
];

const useStyles = makeStyles((theme: Theme) => ({
  bar: {
    display: 'flex',
    height: 14,
    borderRadius: 4,
    overflow: 'hidden',
    background: theme.palette.action.hover,
  },
  swatch: {
    display: 'inline-block',
    width: 10,
    height: 10,
    borderRadius: 2,
    marginRight: 4,
  },
}));

/** Changes without a catalog team: authors not in the catalog, or in no team. */
export const NO_TEAM_LABEL = 'people without a catalog team';

/** Each team's share of a component's changes as one stacked bar, with a legend. */
export function SharesBar(props: { shares: TeamShare[] }) {
  const classes = useStyles();
  const theme = useTheme<Theme>();
  const name = useHistoryName();
  const shares = props.shares.filter(s => s.share > 0);
  const color = (s: TeamShare, i: number) =>
    s.teamRef ? COLORS[i % COLORS.length] : theme.palette.grey[500];
  const label = (s: TeamShare) => (s.teamRef ? name(s.teamRef) : NO_TEAM_LABEL);
  return (
    <>
      <div
        className={classes.bar}
        role="img"
        aria-label={shares.map(s => `${label(s)} ${share(s.share)}`).join(', ')}
      >
        {shares.map((s, i) => (
          <Tooltip
            key={s.teamRef ?? '~'}
            title={`${label(s)}: ${share(s.share)} of the changes, ${
              s.commits
            } commits`}
          >
            <div
              style={{ width: `${s.share * 100}%`, background: color(s, i) }}
            />
          </Tooltip>
        ))}
      </div>
      <Box display="flex" flexWrap="wrap" mt={0.5} style={{ gap: 12 }}>
        {shares.map((s, i) => (
          <Typography
            key={s.teamRef ?? '~'}
            variant="caption"
            component="span"
            data-testid="team-share"
          >
            <span
              className={classes.swatch}
              style={{ background: color(s, i) }}
            />
            {s.teamRef ? (
              <HistoryEntity entityRef={s.teamRef} />
            ) : (
              NO_TEAM_LABEL
            )}{' '}
            {share(s.share)}
          </Typography>
        ))}
      </Box>
    </>
  );
}

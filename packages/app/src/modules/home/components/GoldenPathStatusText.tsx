import { Link } from '@backstage/ui';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { GoldenPathStatus } from '../lib/goldenPathStatus';
import { paths } from './paths';

const useStyles = makeStyles(theme => ({
  ok: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  behind: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
}));

/** The golden path a service was made from, linking to its page. */
export function GoldenPathCell(props: { status: GoldenPathStatus }) {
  const { status } = props;
  switch (status.kind) {
    case 'none':
      return (
        <Typography variant="body2" color="textSecondary">
          Not made from a golden path
        </Typography>
      );
    case 'unknown-path':
      return (
        <Typography variant="body2" color="textSecondary">
          {status.template} (not offered in this portal)
        </Typography>
      );
    default:
      return (
        <Link href={paths.goldenPath(status.goldenPath.name)}>
          {status.goldenPath.title}
        </Link>
      );
  }
}

/** The version a service is on and whether it is behind, in words and a chip. */
export function VersionCell(props: { status: GoldenPathStatus }) {
  const classes = useStyles();
  const { status } = props;
  switch (status.kind) {
    case 'none':
    case 'unknown-path':
      return <Typography variant="body2">–</Typography>;
    case 'unknown-version':
      return (
        <Typography variant="body2" color="textSecondary">
          No version recorded
        </Typography>
      );
    case 'up-to-date':
      return (
        <Typography variant="body2" component="span">
          {status.version}{' '}
          <Chip size="small" label="up to date" className={classes.ok} />
        </Typography>
      );
    case 'ahead':
      return (
        <Typography variant="body2" component="span">
          {status.version} (newer than the current{' '}
          {status.goldenPath.currentVersion})
        </Typography>
      );
    case 'behind':
    default:
      return (
        <Typography variant="body2" component="span">
          {status.version}{' '}
          <Chip
            size="small"
            className={classes.behind}
            label={`behind: ${status.goldenPath.currentVersion} available`}
            title={`Newer versions: ${status.newer.join(', ')}`}
          />
        </Typography>
      );
  }
}

import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';

/**
 * How bad a finding is, as the Conway backends rate it.
 *
 * @public
 */
export type Severity = 'error' | 'warning' | 'info';

const useStyles = makeStyles((theme: Theme) => ({
  error: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  warning: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  info: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
}));

/**
 * A finding's severity as a small chip in the theme's error, warning or info colour.
 *
 * @public
 */
export function SeverityChip(props: { severity: Severity }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={props.severity}
      className={classes[props.severity]}
    />
  );
}

import { makeStyles } from '@material-ui/core';
import { LogoIcon } from './LogoIcon';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: 10,
    height: 34,
  },
  name: {
    color: '#ffffff',
    fontSize: 26,
    fontWeight: 700,
    letterSpacing: '0.02em',
    lineHeight: 1,
  },
});

/** The mark and the platform's name, for the open sidebar. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <div className={classes.root}>
      <LogoIcon height={34} />
      <span className={classes.name}>Conway</span>
    </div>
  );
};

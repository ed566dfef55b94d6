import { ReactNode } from 'react';
import { ResponseError } from '@backstage/errors';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { ExportedFile } from '../../api/OwnershipApi';
import { FindingSeverity } from '../../api/types';

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
  good: { color: theme.palette.success.main, fontWeight: 500 },
  fair: { color: theme.palette.warning.dark, fontWeight: 500 },
  poor: { color: theme.palette.error.main, fontWeight: 500 },
}));

export function SeverityChip(props: { severity: FindingSeverity }) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={props.severity}
      className={classes[props.severity]}
    />
  );
}

/** Score bands used for colours everywhere: good ≥ 80, fair ≥ 60. */
export function scoreBand(score: number): 'good' | 'fair' | 'poor' {
  if (score >= 80) return 'good';
  return score >= 60 ? 'fair' : 'poor';
}

export function Score(props: { value: number | null | undefined }) {
  const classes = useStyles();
  if (props.value === null || props.value === undefined) {
    return <Typography component="span">–</Typography>;
  }
  return (
    <Typography
      component="span"
      variant="inherit"
      className={classes[scoreBand(props.value)]}
    >
      {props.value.toFixed(1)}
    </Typography>
  );
}

/** `component:default/x` → `component:x`, `group:default/team-a` → `team-a`. */
export function shortRef(ref: string): string {
  const match = /^([^:]+):([^/]+)\/(.+)$/.exec(ref);
  if (!match) return ref;
  const [, kind, namespace, name] = match;
  const ns = namespace === 'default' ? '' : `${namespace}/`;
  return kind === 'group' ? `${ns}${name}` : `${kind}:${ns}${name}`;
}

export function EntityLink(props: { entityRef: string; children?: ReactNode }) {
  return (
    <EntityRefLink
      entityRef={props.entityRef}
      title={shortRef(props.entityRef)}
    >
      {props.children}
    </EntityRefLink>
  );
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined
    ? '–'
    : `${Math.round(value * 1000) / 10} %`;
}

/** Saves a downloaded file through the browser. */
export function saveFile(file: ExportedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** The backend's own message for a failed request (e.g. the ref it rejected). */
export function errorMessage(error: Error): string {
  return error instanceof ResponseError && error.cause?.message
    ? error.cause.message
    : error.message;
}

import { ResponseError } from '@backstage/errors';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { ConsistencyFinding } from '../api/KubernetesConsistencyApi';

/** Refs in messages have no spaces; let them break anywhere rather than overflow the card. */
export const WRAP = { whiteSpace: 'normal', overflowWrap: 'anywhere' } as const;

const useStyles = makeStyles((theme: Theme) => ({
  error: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  warning: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
}));

export function SeverityChip(props: {
  severity: ConsistencyFinding['severity'];
}) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={props.severity}
      className={classes[props.severity]}
    />
  );
}

/** `component:default/x` → `component:x`, `group:default/team-a` → `team-a`. */
function shortRef(ref: string): string {
  const match = /^([^:]+):([^/]+)\/(.+)$/.exec(ref);
  if (!match) return ref;
  const [, kind, namespace, name] = match;
  const ns = namespace === 'default' ? '' : `${namespace}/`;
  return kind === 'group' ? `${ns}${name}` : `${kind}:${ns}${name}`;
}

export function EntityLink(props: { entityRef: string }) {
  return (
    <EntityRefLink
      entityRef={props.entityRef}
      title={shortRef(props.entityRef)}
    />
  );
}

/** The backend's own message for a failed request (e.g. the ref it rejected). */
export function errorMessage(error: Error): string {
  return error instanceof ResponseError && error.cause?.message
    ? error.cause.message
    : error.message;
}

export function isNotFound(error: Error | undefined): boolean {
  return (
    error !== undefined &&
    (error.name === 'NotFoundError' ||
      (error instanceof ResponseError && error.statusCode === 404))
  );
}

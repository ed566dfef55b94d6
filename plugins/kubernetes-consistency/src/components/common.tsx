import { ResponseError } from '@backstage/errors';
import { Fragment } from 'react';
import { Link } from '@backstage/core-components';
import {
  useEntityPresentation,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
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

/**
 * An entity as a person reads it: its display name (profile display name,
 * title or name) linking to its page, with the ref in the title attribute.
 */
export function EntityLink(props: { entityRef: string }) {
  const { entityRef } = props;
  const { primaryTitle } = useEntityPresentation(entityRef);
  const entityLink = useEntityRefLink();
  return (
    <Link to={entityLink(entityRef)} title={entityRef}>
      {primaryTitle || entityRef}
    </Link>
  );
}

const KINDS =
  'component|api|resource|system|domain|group|user|template|location';
/** Full refs as the backend writes them into messages: `component:default/x`. */
const REF = new RegExp(
  `\\b(?:${KINDS}):[a-z0-9][a-z0-9_.-]*/[a-zA-Z0-9][a-zA-Z0-9_.-]*`,
  'g',
);

/** A message with every full entity ref in it shown as {@link EntityLink}. */
export function TextWithNames(props: { text: string }) {
  const parts: JSX.Element[] = [];
  let last = 0;
  for (const match of props.text.matchAll(REF)) {
    // A ref at the end of a sentence: the full stop is not part of the name.
    const ref = match[0].replace(/\.+$/, '');
    const start = match.index!;
    if (start > last) {
      parts.push(
        <Fragment key={last}>{props.text.slice(last, start)}</Fragment>,
      );
    }
    parts.push(<EntityLink key={start} entityRef={ref} />);
    last = start + ref.length;
  }
  if (last < props.text.length) {
    parts.push(<Fragment key={last}>{props.text.slice(last)}</Fragment>);
  }
  return <>{parts}</>;
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

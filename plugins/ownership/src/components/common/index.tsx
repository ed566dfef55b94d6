import { ReactNode } from 'react';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { ExportedFile } from '../../api/OwnershipApi';

const useStyles = makeStyles((theme: Theme) => ({
  good: { color: theme.palette.success.main, fontWeight: 500 },
  fair: { color: theme.palette.warning.dark, fontWeight: 500 },
  poor: { color: theme.palette.error.main, fontWeight: 500 },
}));

/** Score bands used for colours everywhere: good ≥ 80, fair ≥ 60. */
export function scoreBand(score: number): 'good' | 'fair' | 'poor' {
  if (score >= 80) return 'good';
  return score >= 60 ? 'fair' : 'poor';
}

export function Score(props: { value: number | null | undefined }) {
  const classes = useStyles();
  if (props.value === null || props.value === undefined) {
    return (
      <Typography component="span" variant="inherit" color="textSecondary">
        no data
      </Typography>
    );
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

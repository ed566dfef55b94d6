import { ResponseError } from '@backstage/errors';
import Chip from '@material-ui/core/Chip';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { UpgradeOutcome } from '@conway/plugin-golden-paths-common';
import { formatDay } from '@conway/plugin-conway-react';

/** Annotation naming the golden path a component was made from. */
export const TEMPLATE_ANNOTATION = 'conway.dev/template';
/** Annotation with the golden-path version a component was made from or upgraded to. */
export const TEMPLATE_VERSION_ANNOTATION = 'conway.dev/template-version';

/** The backend's own message for a failed request (e.g. the ref it rejected). */
export function errorMessage(error: Error): string {
  return error instanceof ResponseError && error.cause?.message
    ? error.cause.message
    : error.message;
}

/** A failed request, titled with what was attempted, showing the backend's message. */
export function ApiErrorAlert(props: { title: string; error: Error }) {
  const status =
    props.error instanceof ResponseError
      ? ` (HTTP ${props.error.statusCode})`
      : '';
  return (
    <Alert severity="error" role="alert">
      <AlertTitle>
        {props.title}
        {status}
      </AlertTitle>
      {errorMessage(props.error)}
    </Alert>
  );
}

/** `component:default/x` → `x`; other namespaces and kinds stay visible. */
export function shortRef(ref: string): string {
  const match = /^([^:]+):([^/]+)\/(.+)$/.exec(ref);
  if (!match) return ref;
  const [, kind, namespace, name] = match;
  const ns = namespace === 'default' ? '' : `${namespace}/`;
  return ['component', 'group'].includes(kind.toLocaleLowerCase('en-US'))
    ? `${ns}${name}`
    : `${kind}:${ns}${name}`;
}

/**
 * The `upgrade-service` template's form with the component filled in: the way
 * to upgrade a GitHub-hosted service the backend cannot commit to itself.
 */
export function upgradeTemplateUrl(entityRef: string): string {
  const formData = encodeURIComponent(JSON.stringify({ component: entityRef }));
  return `/create/templates/default/upgrade-service?formData=${formData}`;
}

/** `2026-11-22T10:00:00Z` → the reader's local day, as every Conway page writes it. */
export const formatDate = formatDay;

const STATUS_COLOURS: Record<
  UpgradeOutcome['status'],
  'primary' | 'secondary' | 'default'
> = {
  upgraded: 'primary',
  'up-to-date': 'default',
  'dry-run': 'default',
  conflicts: 'secondary',
  failed: 'secondary',
};

const STATUS_LABELS: Record<UpgradeOutcome['status'], string> = {
  upgraded: 'upgraded',
  'up-to-date': 'already up to date',
  'dry-run': 'dry run',
  conflicts: 'conflicts',
  failed: 'failed',
};

/** What became of one upgrade. */
export function OutcomeStatusChip(props: { outcome: UpgradeOutcome }) {
  const { outcome } = props;
  // A dry run that would conflict or fail says so rather than "dry run".
  let status = outcome.status;
  if (status === 'dry-run' && outcome.error) status = 'failed';
  else if (status === 'dry-run' && outcome.conflicts.length > 0)
    status = 'conflicts';
  return (
    <Chip
      size="small"
      label={STATUS_LABELS[status]}
      color={STATUS_COLOURS[status]}
      variant={status === 'upgraded' ? 'default' : 'outlined'}
    />
  );
}

import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import { canApply, type TeamProgress } from '@conway/plugin-campaigns-common';
import { EntityName } from '@conway/plugin-conway-react';
import { StateChip } from './StateChip';
import { formatDate } from './common';

type Service = TeamProgress['services'][number];

/** What the state carries, in words: the branch, the pull request, the files, the error, the reason. */
function ServiceDetails(props: { service: Service; tracked: boolean }) {
  const { service, tracked } = props;
  if (tracked && service.state === 'not-started') {
    return (
      <Typography variant="body2">
        Tracked: the owners make the change; done when the check passes at the
        next scorecard evaluation.
      </Typography>
    );
  }
  if (tracked && service.state === 'merged') {
    return (
      <Typography variant="body2">
        The check passes
        {service.doneAt ? ` since ${formatDate(service.doneAt)}` : ''}.
      </Typography>
    );
  }
  switch (service.state) {
    case 'branch-open':
      return (
        <Typography variant="body2">
          Branch <code>{service.branch}</code> in{' '}
          {service.repository?.replace(/^local:/, '')}: merge it into the
          default branch.
        </Typography>
      );
    case 'pr-open':
    case 'merged':
      return service.pullRequest ? (
        <Typography variant="body2">
          <Link to={service.pullRequest.url}>
            Pull request #{service.pullRequest.number}
          </Link>
          {service.state === 'merged' ? ' merged' : ''}
        </Typography>
      ) : (
        <Typography variant="body2">
          {service.state === 'merged'
            ? `On ${service.toVersion ?? 'the target'}${
                service.branch ? `, ${service.branch} merged` : ''
              }`
            : ''}
        </Typography>
      );
    case 'conflicted':
      return (
        <Typography variant="body2">
          Conflicts in {(service.conflicts ?? []).map(c => c.path).join(', ')}.
          Run <code>conway upgrade --to {service.toVersion} --commit</code> in
          the repository and resolve them.
        </Typography>
      );
    case 'failed':
      return (
        <Typography variant="body2" color="error">
          {service.error}
        </Typography>
      );
    case 'exempted':
      return service.exemption ? (
        <Typography variant="body2">
          “{service.exemption.reason}”, by{' '}
          <EntityName entityRef={service.exemption.by} /> on{' '}
          {formatDate(service.exemption.at)}
        </Typography>
      ) : null;
    default:
      return <Typography variant="body2">Prepared on the next run.</Typography>;
  }
}

/** One service of a team: name, state, what to do, and the exempt button for its owners. */
export function ServiceRow(props: {
  service: Service;
  /** The campaign only tracks (a check no upgrade fixes): no branch, no versions. */
  tracked?: boolean;
  canExempt: boolean;
  onExempt: () => void;
}) {
  const tracked = props.tracked ?? false;
  const { service } = props;
  return (
    <Box
      display="flex"
      alignItems="center"
      py={1}
      borderBottom="1px solid rgba(0,0,0,0.08)"
      style={{ gap: 16 }}
    >
      <Box width={220} flexShrink={0}>
        <EntityName entityRef={service.entityRef} />
        {service.fromVersion && service.toVersion && (
          <Typography variant="caption" display="block" color="textSecondary">
            {service.fromVersion} → {service.toVersion}
          </Typography>
        )}
      </Box>
      <Box
        width={220}
        flexShrink={0}
        display="flex"
        style={{ gap: 4 }}
        flexWrap="wrap"
      >
        <StateChip state={service.state} tracked={tracked} />
        {service.overdue && <StateChip state="overdue" />}
      </Box>
      <Box flexGrow={1} minWidth={0} style={{ overflowWrap: 'anywhere' }}>
        <ServiceDetails service={service} tracked={tracked} />
      </Box>
      {props.canExempt && canApply(service.state, 'exempted') && (
        <Button size="small" variant="outlined" onClick={props.onExempt}>
          Exempt
        </Button>
      )}
    </Box>
  );
}

import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { FleetUpgradeResponse } from '@conway/plugin-golden-paths-common';
import { goldenPathsApiRef } from '../../api/GoldenPathsApi';
import { OutcomeStatusChip, shortRef } from '../common';
import { DryRunCommitDialog } from './DryRunCommitDialog';
import { quantity } from '@conway/plugin-conway-react';

/** Counts by what happened (or would happen) to each service. */
function summary(response: FleetUpgradeResponse): string {
  const counts = new Map<string, number>();
  for (const outcome of response.outcomes) {
    let status: string = outcome.status;
    if (outcome.error) status = 'failed';
    else if (outcome.conflicts.length > 0) status = 'with conflicts';
    else if (status === 'dry-run') status = 'clean';
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const parts = [...counts].map(([status, n]) => `${n} ${status}`);
  return `${quantity(response.outcomes.length, 'service')}: ${
    parts.join(', ') || 'none'
  }`;
}

/** One row per service: versions, status, changes, conflicts, where it went. */
function OutcomesTable(props: { response: FleetUpgradeResponse }) {
  return (
    <Table size="small" aria-label="Upgrade outcomes">
      <TableHead>
        <TableRow>
          {[
            'Service',
            'Versions',
            'Status',
            'Changed files',
            'Conflicts',
            'Result',
          ].map(title => (
            <TableCell key={title} style={{ whiteSpace: 'nowrap' }}>
              {title}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.response.outcomes.map(outcome => (
          <TableRow key={outcome.entityRef}>
            <TableCell>{shortRef(outcome.entityRef)}</TableCell>
            <TableCell>
              {outcome.fromVersion} → {outcome.toVersion}
            </TableCell>
            <TableCell>
              <OutcomeStatusChip outcome={outcome} />
            </TableCell>
            <TableCell>{outcome.changes.length}</TableCell>
            <TableCell>
              {outcome.conflicts.length === 0
                ? 'none'
                : outcome.conflicts.map(c => (
                    <div key={c.path}>
                      <code>{c.path}</code> ({c.kind})
                    </div>
                  ))}
            </TableCell>
            <TableCell>
              {outcome.error && (
                <Typography color="error" variant="body2">
                  {outcome.error}
                </Typography>
              )}
              {outcome.branch && (
                <div>
                  <code>{outcome.branch}</code>
                </div>
              )}
              {outcome.commit && (
                <div>
                  <code>{outcome.commit.slice(0, 12)}</code>
                </div>
              )}
              {outcome.pullRequestUrl && (
                <Link
                  href={outcome.pullRequestUrl}
                  target="_blank"
                  rel="noopener"
                >
                  pull request
                </Link>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Upgrades every service of a golden path that is behind: a dry run of the
 * whole fleet first, then the upgrade with each service's outcome.
 */
export function FleetUpgradeDialog(props: {
  /** The golden path's name, e.g. `typescript-service`: what the API is called with. */
  template: string;
  /** Its title, e.g. "TypeScript service (Fastify)": what people read, as in the page heading. */
  title: string;
  targetVersion: string;
  behindCount: number;
  onClose: (committed: boolean) => void;
}) {
  const { template, title, targetVersion, behindCount, onClose } = props;
  const api = useApi(goldenPathsApiRef);
  // The fleet endpoint upgrades every service that is behind; there is no
  // point in running it when the dry run says none of them can be upgraded.
  const upgradable = (plan: FleetUpgradeResponse) =>
    plan.outcomes.filter(o => o.status === 'dry-run' && !o.error).length;
  return (
    <DryRunCommitDialog<FleetUpgradeResponse>
      titleId="golden-path-fleet-upgrade-title"
      title={`Upgrade every service of ${title} that is behind to ${targetVersion}`}
      maxWidth="lg"
      run={dryRun =>
        api.upgradeFleet(template, { targetVersion, ...(dryRun && { dryRun }) })
      }
      runKey={`${template}@${targetVersion}`}
      planning={`Computing the upgrade of ${quantity(
        behindCount,
        'service',
      )} (dry run)…`}
      renderPlan={plan => (
        <>
          <Box mb={2}>
            <Typography>
              Dry run to {plan.toVersion}: {summary(plan)}. Nothing has been
              committed yet.
            </Typography>
          </Box>
          <OutcomesTable response={plan} />
        </>
      )}
      renderResult={result => (
        <>
          <Box mb={2}>
            <Typography>
              Upgraded to {result.toVersion}: {summary(result)} (
              {(result.durationMs / 1000).toFixed(1)} s).
            </Typography>
          </Box>
          <OutcomesTable response={result} />
        </>
      )}
      failureTitle={during =>
        during === 'dry run'
          ? 'The dry run of the fleet upgrade failed'
          : 'The fleet upgrade failed'
      }
      commitLabel={plan =>
        plan.outcomes.length === 1
          ? 'Upgrade the service'
          : `Upgrade all ${plan.outcomes.length} services`
      }
      canCommit={plan => upgradable(plan) > 0}
      onClose={onClose}
    />
  );
}

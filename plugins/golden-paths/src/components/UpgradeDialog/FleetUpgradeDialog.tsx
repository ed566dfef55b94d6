import { useEffect, useState } from 'react';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { FleetUpgradeResponse } from '@conway/plugin-golden-paths-common';
import { goldenPathsApiRef } from '../../api/GoldenPathsApi';
import { ApiErrorAlert, OutcomeStatusChip, shortRef } from '../common';

type Step =
  | { step: 'planning' }
  | { step: 'planned'; plan: FleetUpgradeResponse }
  | { step: 'committing'; plan: FleetUpgradeResponse }
  | { step: 'committed'; result: FleetUpgradeResponse }
  | { step: 'failed'; error: Error; during: 'dry run' | 'upgrade' };

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
  return `${response.outcomes.length} service(s): ${
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
  template: string;
  targetVersion: string;
  behindCount: number;
  onClose: (committed: boolean) => void;
}) {
  const { template, targetVersion, behindCount, onClose } = props;
  const api = useApi(goldenPathsApiRef);
  const [state, setState] = useState<Step>({ step: 'planning' });

  useEffect(() => {
    let cancelled = false;
    api.upgradeFleet(template, { targetVersion, dryRun: true }).then(
      plan => !cancelled && setState({ step: 'planned', plan }),
      error =>
        !cancelled && setState({ step: 'failed', error, during: 'dry run' }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, template, targetVersion]);

  const commit = async (plan: FleetUpgradeResponse) => {
    setState({ step: 'committing', plan });
    try {
      const result = await api.upgradeFleet(template, { targetVersion });
      setState({ step: 'committed', result });
    } catch (error) {
      setState({ step: 'failed', error: error as Error, during: 'upgrade' });
    }
  };

  const busy = state.step === 'planning' || state.step === 'committing';
  const attempted =
    state.step === 'committed' ||
    (state.step === 'failed' && state.during === 'upgrade');
  // The fleet endpoint upgrades every service that is behind; there is no
  // point in running it when the dry run says none of them can be upgraded.
  const upgradable = (plan: FleetUpgradeResponse) =>
    plan.outcomes.filter(o => o.status === 'dry-run' && !o.error).length;

  let body;
  switch (state.step) {
    case 'planning':
      body = (
        <>
          <Typography>
            Computing the upgrade of {behindCount} service(s) (dry run)…
          </Typography>
          <Progress />
        </>
      );
      break;
    case 'planned':
    case 'committing':
      body = (
        <>
          <Box mb={2}>
            <Typography>
              Dry run to {state.plan.toVersion}: {summary(state.plan)}. Nothing
              has been committed yet.
            </Typography>
          </Box>
          <OutcomesTable response={state.plan} />
          {state.step === 'committing' && <Progress />}
        </>
      );
      break;
    case 'committed':
      body = (
        <>
          <Box mb={2}>
            <Typography>
              Upgraded to {state.result.toVersion}: {summary(state.result)} (
              {(state.result.durationMs / 1000).toFixed(1)} s).
            </Typography>
          </Box>
          <OutcomesTable response={state.result} />
        </>
      );
      break;
    default:
      body = (
        <ApiErrorAlert
          title={
            state.during === 'dry run'
              ? 'The dry run of the fleet upgrade failed'
              : 'The fleet upgrade failed'
          }
          error={state.error}
        />
      );
  }

  return (
    <Dialog
      open
      onClose={() => !busy && onClose(attempted)}
      maxWidth="lg"
      fullWidth
      aria-labelledby="golden-path-fleet-upgrade-title"
    >
      <DialogTitle id="golden-path-fleet-upgrade-title">
        Upgrade every service of {template} that is behind to {targetVersion}
      </DialogTitle>
      <DialogContent dividers>{body}</DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(attempted)} disabled={busy}>
          {state.step === 'committed' ? 'Close' : 'Cancel'}
        </Button>
        {(state.step === 'planned' || state.step === 'committing') && (
          <Button
            color="primary"
            variant="contained"
            disabled={busy || upgradable(state.plan) === 0}
            onClick={() => commit(state.plan)}
          >
            Upgrade all {state.plan.outcomes.length} service(s)
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

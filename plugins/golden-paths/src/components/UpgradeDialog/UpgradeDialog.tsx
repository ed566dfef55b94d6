import { useEffect, useState } from 'react';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  GoldenPathService,
  UpgradeOutcome,
} from '@conway/plugin-golden-paths-common';
import { goldenPathsApiRef } from '../../api/GoldenPathsApi';
import { ApiErrorAlert, OutcomeStatusChip, shortRef } from '../common';
import { OutcomeDetails } from './OutcomeDetails';

type Step =
  | { step: 'planning' }
  | { step: 'planned'; plan: UpgradeOutcome }
  | { step: 'committing'; plan: UpgradeOutcome }
  | { step: 'committed'; result: UpgradeOutcome }
  | { step: 'failed'; error: Error; during: 'dry run' | 'upgrade' };

/** A plan the team can commit: it computed and there is something to do. */
function committable(plan: UpgradeOutcome): boolean {
  return plan.status === 'dry-run' && !plan.error;
}

/**
 * Upgrades one service: opens with a dry run (changes and conflicts, nothing
 * committed), then commits on a new branch when asked and shows where.
 */
export function UpgradeDialog(props: {
  service: GoldenPathService;
  /** The version to upgrade to (the golden path's current version). */
  targetVersion: string;
  /** `committed` is true when the service's repository changed. */
  onClose: (committed: boolean) => void;
}) {
  const { service, targetVersion, onClose } = props;
  const api = useApi(goldenPathsApiRef);
  const [state, setState] = useState<Step>({ step: 'planning' });

  useEffect(() => {
    let cancelled = false;
    api
      .upgradeService({
        entityRef: service.entityRef,
        targetVersion,
        dryRun: true,
      })
      .then(
        plan => !cancelled && setState({ step: 'planned', plan }),
        error =>
          !cancelled && setState({ step: 'failed', error, during: 'dry run' }),
      );
    return () => {
      cancelled = true;
    };
  }, [api, service.entityRef, targetVersion]);

  const commit = async (plan: UpgradeOutcome) => {
    setState({ step: 'committing', plan });
    try {
      const result = await api.upgradeService({
        entityRef: service.entityRef,
        targetVersion,
      });
      setState({ step: 'committed', result });
    } catch (error) {
      setState({ step: 'failed', error: error as Error, during: 'upgrade' });
    }
  };

  const busy = state.step === 'planning' || state.step === 'committing';
  // After a commit attempt the page reloads whatever the outcome: a failed
  // request may still have left a branch behind.
  const attempted =
    state.step === 'committed' ||
    (state.step === 'failed' && state.during === 'upgrade');

  let body;
  switch (state.step) {
    case 'planning':
      body = (
        <>
          <Typography>Computing the upgrade (dry run)…</Typography>
          <Progress />
        </>
      );
      break;
    case 'planned':
    case 'committing':
      body = (
        <>
          <Box mb={2} display="flex" alignItems="center" style={{ gap: 8 }}>
            <Typography>
              Dry run: {state.plan.fromVersion} → {state.plan.toVersion}.
              Nothing has been committed yet.
            </Typography>
            <OutcomeStatusChip outcome={state.plan} />
          </Box>
          <OutcomeDetails outcome={state.plan} />
          {state.step === 'committing' && <Progress />}
        </>
      );
      break;
    case 'committed':
      body = (
        <>
          <Box mb={2} display="flex" alignItems="center" style={{ gap: 8 }}>
            <Typography>
              {state.result.fromVersion} → {state.result.toVersion}
            </Typography>
            <OutcomeStatusChip outcome={state.result} />
          </Box>
          {(state.result.status === 'upgraded' ||
            state.result.status === 'conflicts') && (
            <Box mb={2}>
              <Alert severity="success">
                Upgrade committed on a new branch; the team's edits are kept.
              </Alert>
            </Box>
          )}
          <OutcomeDetails outcome={state.result} />
        </>
      );
      break;
    default:
      body = (
        <ApiErrorAlert
          title={
            state.during === 'dry run'
              ? 'The dry run failed'
              : 'The upgrade failed'
          }
          error={state.error}
        />
      );
  }

  return (
    <Dialog
      open
      onClose={() => !busy && onClose(attempted)}
      maxWidth="md"
      fullWidth
      aria-labelledby="golden-path-upgrade-title"
    >
      <DialogTitle id="golden-path-upgrade-title">
        Upgrade {shortRef(service.entityRef)} from {service.version} to{' '}
        {targetVersion}
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
            disabled={busy || !committable(state.plan)}
            onClick={() => commit(state.plan)}
          >
            {state.plan.conflicts.length > 0
              ? 'Commit upgrade with conflicts'
              : 'Commit upgrade'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
